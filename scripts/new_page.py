#!/usr/bin/env python3
"""Scaffold a deep-dive: `make new-page AREA=nlp-llms SLUG=tokenization TITLE="Tokenization"`.

Writes docs/AREA/SLUG.md with the page contract's front matter and every section as a heading,
each with TODO markers that the checker reports until they are filled. Then, in place:
- mkdocs.yml: the page goes into nav after the area's last page (an area that is one nav line
  becomes a section holding its index page and the new page);
- docs/AREA/index.md: the area map's planned node with this title loses its `planned` class and
  gets a click to the page; the "Planned." card with this title links to the page.

It refuses to overwrite a page. Every other line of both files is left byte for byte as it was.
Exit codes: 0 done, 2 could not (one line on stderr says why).
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROG = "new_page"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*mermaid\b")
# a node with its label: ID[label], ID([label]), ID((label)), ID{label} and the other shapes
_NODE = re.compile(
    r"\b([A-Za-z_][\w-]*)\s*(\(\[|\[\[|\[\(|\(\(|\[|\(|\{\{|\{|>)"
    r"(.*?)(\]\)|\]\]|\)\]|\)\)|\]|\)|\}\}|\})"
)
_CLASS = re.compile(r"^(\s*)class\s+([\w,\s-]+?)\s+planned\s*;?\s*$")
_CLICK = re.compile(r"^\s*click\s")
_CARD = re.compile(r"^(-\s+.*?\*\*)([^*\[\]]+)(\*\*.*)$")
_NAV_ITEM = re.compile(r"^(\s*)-\s+(?:(.+?):\s+)?([^\s:]+\.md)\s*$")
_NAV_SECTION = re.compile(r"^(\s*)-\s+(.+?):\s*$")


class ScaffoldError(Exception):
    """The page cannot be made: the message is shown on one line."""


@dataclass
class Edit:
    """Lines of one file before and after, and what the change means to an author."""

    path: Path
    lines: list[str]
    notes: list[str]


def _norm(label: str) -> str:
    label = re.sub(r"<br\s*/?>", " ", label)
    label = re.sub(r"[\"'`*_]", "", label)
    return " ".join(label.replace("&", "and").split()).casefold()


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar on one line, quoted only when plain YAML would misread it."""
    if re.match(r"^[\w(][^:#]*$", text) and not text.endswith(" ") and text.lower() not in (
        "yes", "no", "true", "false", "null", "on", "off"
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


# -- the page ------------------------------------------------------------------------------

def page_text(title: str) -> str:
    q = "\n".join
    question = q([
        '??? question "TODO: a question that checks one idea of this page"',
        "",
        "    TODO: its answer, in two or three sentences.",
        "",
    ])
    return q([
        "---",
        "type: deep-dive",
        f"title: {yaml_scalar(title)}",
        'summary: "TODO: one line on what this is, for the area card and search"',
        "level: intermediate  # TODO: beginner, intermediate or advanced",
        "# TODO: pages this one builds on, relative to docs/ (not to this page), such as",
        "# deep-learning/neural-networks.md; [] for none",
        "prerequisites: []",
        "---",
        "",
        f"# {title}",
        "",
        "TODO: the lead paragraph: what this is and why a student should care, in two or three",
        "sentences.",
        "",
        "## The idea in plain words",
        "",
        "TODO: the idea without maths, with an everyday comparison.",
        "",
        "## How it works",
        "",
        "TODO: the mechanism step by step; the diagram below shows it.",
        "",
        "```mermaid",
        "flowchart LR",
        '    IN["TODO: the input"] --> STEP["TODO: what happens to it"]',
        '    STEP --> OUT["TODO: the output"]',
        "```",
        "",
        "## The maths that matters",
        "",
        "TODO: the one or two formulas that carry the idea, each symbol explained, as $x$ inline",
        "or $$...$$ on its own lines.",
        "",
        "## A worked example",
        "",
        "TODO: one small example worked through with real numbers.",
        "",
        "## Where it is used today",
        "",
        "TODO: real uses, each one checked.",
        "",
        "## What it is bad at",
        "",
        "TODO: limits and failure modes.",
        "",
        "## Common mistakes",
        "",
        "TODO: the mistakes students and practitioners make, and how to avoid them.",
        "",
        "## Milestones and further reading",
        "",
        "TODO: milestones with their years (check every year and name), then two to four",
        "readings with links.",
        "",
        "## Check yourself",
        "",
        question,
        question,
        question,
        "## Prerequisites and next steps",
        "",
        "TODO: links to the pages this one builds on and to where to go next; links are",
        "relative to this page, such as [Neural networks](../deep-learning/neural-networks.md).",
        "",
    ])


# -- nav in mkdocs.yml ---------------------------------------------------------------------

def add_to_nav(config: Path, area: str, slug: str, title: str) -> Edit:
    lines = config.read_text("utf-8").split("\n")
    start = next((k for k, ln in enumerate(lines) if re.match(r"^nav:\s*$", ln)), None)
    rel = config.name
    if start is None:
        return Edit(config, lines, [f"{rel}: no nav, so MkDocs lists the page by itself"])
    end = next((k for k in range(start + 1, len(lines))
                if lines[k] and not lines[k][0].isspace() and not lines[k].startswith("#")),
               len(lines))
    prefix = f"{area}/"
    entry = f"{yaml_scalar(title)}: {area}/{slug}.md"
    last = None
    for k in range(start + 1, end):
        m = _NAV_ITEM.match(lines[k])
        if m and m.group(3).startswith(prefix):
            last = k
    if last is None:
        raise ScaffoldError(f"{rel}: the nav has no page under {prefix}; add the area first")
    m = _NAV_ITEM.match(lines[last])
    assert m is not None
    indent, name, path = m.group(1), m.group(2), m.group(3)
    if name is not None and path == f"{area}/index.md" and not _in_section(lines, start, last):
        # the area is one nav line: it becomes a section of its index page and the new page
        child = indent + " " * 4
        lines[last:last + 1] = [f"{indent}- {name}:", f"{child}- {path}", f"{child}- {entry}"]
        return Edit(config, lines, [f"{rel}:{last + 1}: '{name}' is now a nav section: "
                                    f"{path}, then {area}/{slug}.md"])
    lines.insert(last + 1, f"{indent}- {entry}")
    return Edit(config, lines, [f"{rel}:{last + 2}: added to nav after {path}"])


def _in_section(lines: list[str], start: int, k: int) -> bool:
    """True when nav line k sits inside a `- Name:` section (it is indented under one)."""
    indent = len(lines[k]) - len(lines[k].lstrip())
    for j in range(k - 1, start, -1):
        m = _NAV_SECTION.match(lines[j])
        if m and len(m.group(1)) < indent:
            return True
        if lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) < indent:
            return False
    return False


# -- the area page -------------------------------------------------------------------------

def _click_target(area_page: str, page: str) -> str:
    """The URL from the page holding the map to the new page, as the built site has them
    (use_directory_urls: docs/a/index.md is at a/, docs/a/b.md at a/b/; both are folders, so a
    click from a non-index page climbs one level more than its Markdown link would)."""

    def url(src: str) -> str:
        stem = src[: -len(".md")]
        if posixpath.basename(stem) in ("index", "README"):
            stem = posixpath.dirname(stem)
        return stem + "/" if stem else ""

    return posixpath.relpath(url(page) or ".", url(area_page) or ".") + "/"


def link_area_page(index: Path, docs: Path, area: str, slug: str, title: str) -> Edit:
    lines = index.read_text("utf-8").split("\n")
    rel = index.relative_to(docs.parent).as_posix()
    notes: list[str] = []
    wanted = _norm(title)
    # the area map: the first Mermaid fence
    fence_start = next((k for k, ln in enumerate(lines) if _FENCE.match(ln)), None)
    if fence_start is None:
        notes.append(f"{rel}: no area map (a Mermaid fence) to link the page from")
    else:
        fence_end = next((k for k in range(fence_start + 1, len(lines))
                          if lines[k].strip().startswith(("```", "~~~"))), len(lines))
        node = None
        for k in range(fence_start + 1, fence_end):
            for m in _NODE.finditer(lines[k]):
                if _norm(m.group(3)) == wanted:
                    node = m.group(1)
                    break
            if node:
                break
        planned_line = None
        if node:
            for k in range(fence_start + 1, fence_end):
                m = _CLASS.match(lines[k])
                if m and node in [n.strip() for n in m.group(2).split(",")]:
                    planned_line = k
        if node is None or planned_line is None:
            notes.append(f"{rel}: no planned node labelled '{title}' in the area map; "
                         "link one with a click line yourself")
        else:
            m = _CLASS.match(lines[planned_line])
            assert m is not None
            rest = [n.strip() for n in m.group(2).split(",") if n.strip() != node]
            target = _click_target(f"{area}/index.md", f"{area}/{slug}.md")
            clicks = [k for k in range(fence_start + 1, fence_end) if _CLICK.match(lines[k])]
            if clicks:
                at = clicks[-1] + 1
                last = lines[clicks[-1]]
                indent = last[: len(last) - len(last.lstrip())]
            else:
                defs = [k for k in range(fence_start + 1, fence_end)
                        if lines[k].lstrip().startswith(("classDef", "class "))]
                at = defs[0] if defs else fence_end
                body = lines[fence_start + 2] if fence_start + 2 < fence_end else ""
                indent = body[: len(body) - len(body.lstrip())]
            tooltip = f"Open the {title} deep-dive".replace('"', "#quot;")
            click = f'{indent}click {node} href "{target}" "{tooltip}"'
            if rest:
                lines[planned_line] = f"{m.group(1)}class {','.join(rest)} planned"
            else:
                del lines[planned_line]
                if planned_line < at:
                    at -= 1
            lines.insert(at, click)
            notes.append(f"{rel}:{at + 1}: node {node} now opens {target}")
    # the card: a bold title equal to the page's, followed by a "Planned." description
    for k, line in enumerate(lines):
        m = _CARD.match(line)
        if not m or _norm(m.group(2)) != wanted:
            continue
        planned = next((j for j in range(k + 1, min(k + 8, len(lines)))
                        if lines[j].lstrip().startswith("Planned.")), None)
        if planned is None:
            continue
        lines[k] = f"{m.group(1)}[{m.group(2)}]({slug}.md){m.group(3)}"
        text = lines[planned]
        lead = text[: len(text) - len(text.lstrip())]
        lines[planned] = lead + text.lstrip()[len("Planned."):].lstrip()
        notes.append(f"{rel}:{k + 1}: the card '{m.group(2)}' now links to {slug}.md")
        break
    else:
        notes.append(f"{rel}: no 'Planned.' card titled '{title}' to link")
    return Edit(index, lines, notes)


# -- the command ---------------------------------------------------------------------------

def scaffold(config: Path, area: str, slug: str, title: str) -> list[str]:
    """Make the page and the edits; the lines to tell the author. Raises ScaffoldError."""
    if not area or not re.match(r"^[a-z0-9][a-z0-9-]*$", area):
        raise ScaffoldError(f"AREA must be an area folder under docs/, such as nlp-llms "
                            f"(got {area!r})")
    if not SLUG.match(slug):
        raise ScaffoldError(f"SLUG must be lower-case words joined by hyphens, such as "
                            f"attention-heads (got {slug!r})")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('TITLE must be the page title, such as TITLE="Tokenization"')
    if not config.is_file():
        raise ScaffoldError(f"config file '{config}' not found")
    docs = config.parent / "docs"
    index = docs / area / "index.md"
    if not index.is_file():
        areas = sorted(p.parent.name for p in docs.glob("*/index.md"))
        raise ScaffoldError(f"docs/{area}/index.md not found; areas: {', '.join(areas)}")
    page = docs / area / f"{slug}.md"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(config.parent)} already exists; "
                            "new_page never overwrites a page")
    edits = [add_to_nav(config, area, slug, title), link_area_page(index, docs, area, slug, title)]
    page.write_text(page_text(title), "utf-8")
    for edit in edits:
        edit.path.write_text("\n".join(edit.lines), "utf-8")
    notes = [f"wrote {page.relative_to(config.parent)}"]
    for edit in edits:
        notes.extend(edit.notes)
    notes.append("next: fill every TODO (make check lists them), then see it with make serve")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("--area", required=True, help="area folder under docs/, e.g. nlp-llms")
    parser.add_argument("--slug", required=True, help="file name without .md, e.g. tokenization")
    parser.add_argument("--title", required=True, help='page title, e.g. "Tokenization"')
    parser.add_argument("--config", default="mkdocs.yml", help="the site's config file")
    args = parser.parse_args(argv)
    try:
        notes = scaffold(Path(args.config), args.area, args.slug, args.title)
    except (ScaffoldError, OSError, UnicodeDecodeError) as exc:
        print(f"{PROG}: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
