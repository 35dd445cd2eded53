"""What the maps tell a student, worked out from what authors already write.

Pure functions, no MkDocs and no I/O, so each is tested on its own (tests/site/test_map_data.py):
a page's front matter (title, summary, level, prerequisites), a map's Mermaid parse (its nodes
and click links, from hooks/drawing.py), and the learning paths' numbered lists become:

- each node's preview: the target page's title, summary and level, or "planned";
- a text version of a map (a nested list) and its accessible description;
- the learning paths as ordered steps, checked against the prerequisites;
- a deep-dive's one "next step": the path's next step, or else the prerequisite graph's.

hooks/maps.py puts all of it into the pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

DEEP_DIVE = "deep-dive"
LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class PageFacts:
    src: str  # docs-relative source path: "deep-learning/cnns.md"
    url: str  # site-relative URL: "deep-learning/cnns/"
    title: str
    summary: str = ""
    level: str = ""
    kind: str = ""  # front matter `type`: "deep-dive", or "" for area and other pages
    prerequisites: tuple[str, ...] = ()

    @property
    def topic(self) -> str:
        """The page's key in a student's progress: its source path without `.md`."""
        return self.src.removesuffix(".md")


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    href: str | None  # as the author wrote it, relative to the map's page
    planned: bool
    page: PageFacts | None  # the page the node opens, when it opens one


@dataclass(frozen=True)
class Step:
    page: PageFacts
    line: int  # 1-based line of the list item in the learning paths' Markdown


@dataclass
class LearningPath:
    id: str  # the heading's anchor
    name: str
    steps: list[Step] = field(default_factory=list)


def site_url(page_url: str, href: str) -> str:
    """Where a relative link on the page at `page_url` leads, as a site-relative URL."""
    joined = urljoin("http://site.invalid/" + page_url, href)
    parts = urlsplit(joined)
    return parts.path.lstrip("/")


def relative_url(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url`, both site-relative URLs ("" is home)."""
    start = posixpath.dirname("/" + from_url) if not from_url.endswith("/") else "/" + from_url
    rel = posixpath.relpath("/" + to_url, start.rstrip("/") or "/")
    if rel == ".":
        return "./"
    is_folder = to_url == "" or to_url.endswith("/")
    return rel + "/" if is_folder and not rel.endswith("/") else rel


def nodes(graph: dict, page_url: str, pages_by_url: dict[str, PageFacts]) -> list[Node]:
    """The nodes of a map, each with the page it opens (resolved from the map's own page)."""
    found = []
    for n in graph.get("nodes", []):
        href = n.get("link")
        target = pages_by_url.get(site_url(page_url, href)) if href else None
        found.append(Node(id=n["id"], label=n["label"] or n["id"], href=href,
                          planned="planned" in n.get("classes", []), page=target))
    return found


def preview(node: Node) -> dict:
    """What a student sees on hovering, focusing or tapping a node."""
    if node.page is not None:
        return {"id": node.id, "label": node.label, "title": node.page.title,
                "summary": node.page.summary, "level": node.page.level,
                "kind": node.page.kind or "area", "topic": node.page.topic}
    if node.planned:
        return {"id": node.id, "label": node.label, "planned": True}
    return {"id": node.id, "label": node.label}


def _children(graph: dict) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {n["id"]: [] for n in graph.get("nodes", [])}
    for start, end in graph.get("edges", []):
        if end not in children.setdefault(start, []):
            children[start].append(end)
    return children


def _roots(graph: dict) -> list[str]:
    targets = {end for _, end in graph.get("edges", [])}
    ids = [n["id"] for n in graph.get("nodes", [])]
    return [i for i in ids if i not in targets] or ids[:1]


def _describe(node: Node) -> list[str]:
    if node.page is not None:
        return [f"opens {node.page.title}"]
    if node.planned:
        return ["planned, no page yet"]
    return [f"leads to {node.href}"] if node.href else []


def description(graph: dict, found: list[Node], nouns: tuple[str, str] = ("topic", "topics")
                ) -> str:
    """A diagram in one paragraph: its nodes, where each leads, and what each comes after."""
    by_id = {n.id: n for n in found}
    parents: dict[str, list[str]] = {}
    for start, end in graph.get("edges", []):
        parents.setdefault(end, []).append(by_id[start].label if start in by_id else start)
    parts = []
    for node in found:
        details = _describe(node)
        if node.id in parents:
            details.append(f"after {', '.join(parents[node.id])}")
        parts.append(f"{node.label} ({', '.join(details)})" if details else node.label)
    count = len(found)
    return f"{count} {nouns[count != 1]}: " + "; ".join(parts) + "."


def text_version(graph: dict, found: list[Node], page_url: str, list_id: str) -> str:
    """The map as a nested list: each node under the first node it comes after.

    A node reached from more than one place is listed once, under its first parent, and the
    others say "also leads to" it, so the list holds every edge but repeats no node.
    """
    by_id = {n.id: n for n in found}
    children = _children(graph)
    placed: set[str] = set()

    def item(node_id: str) -> str:
        placed.add(node_id)
        node = by_id.get(node_id) or Node(node_id, node_id, None, False, None)
        if node.page is not None:
            href = relative_url(page_url, node.page.url)
            topic = f' data-topic="{html.escape(node.page.topic)}"'
            head = f'<a href="{html.escape(href)}">{html.escape(node.page.title)}</a>'
            if node.page.summary:
                head += f": {html.escape(node.page.summary)}"
        else:
            topic = ""
            state = " (planned)" if node.planned else ""
            head = f"{html.escape(node.label)}{state}"
        below, also = [], []
        for child in children.get(node_id, []):
            if child in placed:
                also.append(by_id[child].label if child in by_id else child)
            else:
                below.append(item(child))
        if also:
            head += f' <span class="atlas-text-version__also">(also leads to ' \
                    f'{html.escape(", ".join(also))})</span>'
        nested = f"<ul>{''.join(below)}</ul>" if below else ""
        return f"<li{topic}>{head}{nested}</li>"

    items = [item(root) for root in _roots(graph) if root not in placed]
    items += [item(n.id) for n in found if n.id not in placed]
    return f'<ul id="{list_id}">{"".join(items)}</ul>'


def turned(text: str) -> str | None:
    """The same flowchart in the other direction (TB ↔ LR), or None when it has none."""
    m = re.match(r"(\s*(?:%%[^\n]*\n\s*)*)(flowchart|graph)\s+(TB|TD|BT|LR|RL)\b", text)
    if m is None:
        return None
    flip = {"TB": "LR", "TD": "LR", "BT": "RL", "LR": "TB", "RL": "BT"}[m.group(3)]
    return text[: m.start(3)] + flip + text[m.end(3) :]


def label_size(width: float, space: float, font: float = 16.0) -> float:
    """The size labels drawn at `font` px come out at, once a drawing `width` px wide is shrunk
    to fit `space` px (drawings are never enlarged)."""
    return font if width <= space else font * space / width


LIST_ITEM = re.compile(r"^\s*\d+[.)]\s+(?P<text>.*)$")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(?P<marks>#{2})\s+(?P<name>.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")


def learning_paths(markdown: str, page_src: str, pages_by_src: dict[str, PageFacts],
                   slugify) -> list[LearningPath]:
    """The numbered lists under each `##` heading, as paths of steps.

    A list item whose text holds exactly one link to a page of the site is a step; an item
    with several links ("choose one of …") is a choice, not a step.
    """
    paths: list[LearningPath] = []
    current: LearningPath | None = None
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        heading = HEADING.match(line)
        if heading:
            name = heading["name"].strip()
            current = LearningPath(id=slugify(name, "-"), name=name)
            paths.append(current)
            continue
        item = LIST_ITEM.match(line)
        if item is None or current is None:
            continue
        targets = [m["target"].split("#")[0] for m in LINK.finditer(item["text"])]
        pages = [t for t in targets if not re.match(r"^[a-z]+:", t)]
        if len(pages) != 1:
            continue
        src = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), pages[0]))
        if src in pages_by_src:
            current.steps.append(Step(pages_by_src[src], number))
    return [p for p in paths if p.steps]


def path_order_problems(paths: list[LearningPath]) -> list[tuple[int, str]]:
    """Every step that comes before one of its own prerequisites in the same path."""
    problems = []
    for path in paths:
        order = {step.page.src: i for i, step in enumerate(path.steps)}
        for i, step in enumerate(path.steps):
            for prerequisite in step.page.prerequisites:
                if order.get(prerequisite, -1) > i:
                    later = path.steps[order[prerequisite]]
                    problems.append((step.line, (
                        f"learning path '{path.name}' puts '{step.page.title}' before its "
                        f"prerequisite '{later.page.title}' (line {later.line})")))
    return problems


def next_by_graph(page: PageFacts, pages: list[PageFacts]) -> PageFacts | None:
    """The first page, in nav order, that lists `page` among its prerequisites."""
    for other in pages:
        if page.src in other.prerequisites:
            return other
    return None


def path_positions(page: PageFacts, paths: list[LearningPath]) -> dict[str, dict]:
    """For each path that has `page` as a step: its name, the step number and the next step."""
    found = {}
    for path in paths:
        srcs = [step.page.src for step in path.steps]
        if page.src not in srcs:
            continue
        i = srcs.index(page.src)
        following = path.steps[i + 1].page if i + 1 < len(path.steps) else None
        found[path.id] = {"name": path.name, "step": i + 1, "of": len(srcs),
                          "next": following}
    return found
