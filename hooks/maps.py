"""The interactive atlas: maps that preview, remember, fit a phone, and read as text.

All of it comes from what authors already write: front matter (`title`, `summary`, `level`,
`prerequisites`, `type: deep-dive`), the maps' `click` lines and the learning paths' numbered
lists (hooks/map_data.py works it out). Here it goes into the built pages:

- A map (the first diagram of the home page and of each area page) is drawn twice where one
  drawing cannot serve both: as written for a desk, and turned (TB ↔ LR) for a phone, chosen by
  a media query. Each node's preview data, a text version and an accessible description go
  with it. A map that fits no phone gets pan and zoom (docs/javascripts/atlas.js).
- A deep-dive gets "Mark as done", a small map of its area with the page marked
  `aria-current="page"`, and one "next step": the next step of the learning path the student
  came from, or else the first page that builds on it (the footer's "Next" agrees).
- An area page says how many of its topics are done; the learning paths show each step.
- A learning path that puts a page before one of its prerequisites fails the build.

Progress lives in the student's own browser (localStorage) and is sent nowhere.
It runs in `on_post_page` before hooks/diagrams.py, which draws whatever diagrams are left.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from pathlib import Path

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent))

import drawing
import map_data as md

log = logging.getLogger("mkdocs.hooks.maps")

LEARNING_PATHS = "learning-paths.md"
# Space for a map, measured in Chromium: the content column at 1280 px, and a 375 px phone's
# width less 6 px each side (stylesheets/maps.css lets a map use the whole screen).
DESK_SPACE, PHONE_SPACE = 688, 363
SMALLEST_LABEL = 11.0
MAP_PAGE = re.compile(r"^(?:[^/]+/)?index\.md$")

_site: dict = {}


def on_nav(nav, config, files):
    pages = []
    for file in files.documentation_pages():
        meta = get_data(file.content_string)[1]
        prerequisites = meta.get("prerequisites") or []
        pages.append(md.PageFacts(
            src=file.src_uri, url="" if file.url == "./" else file.url,
            title=str(meta.get("title") or file.name),
            summary=str(meta.get("summary") or ""), level=str(meta.get("level") or ""),
            kind=str(meta.get("type") or ""),
            prerequisites=tuple(p for p in prerequisites if isinstance(p, str)),
        ))
    order = {page.file.src_uri: i for i, page in enumerate(nav.pages)}
    pages.sort(key=lambda p: order.get(p.src, len(order)))
    by_src = {p.src: p for p in pages}
    toc = config.mdx_configs.get("toc", {})
    slugify = toc.get("slugify", default_slugify)
    paths: list[md.LearningPath] = []
    source = files.get_file_from_path(LEARNING_PATHS)
    if source is not None:
        paths = md.learning_paths(source.content_string, LEARNING_PATHS, by_src, slugify)
        for line, problem in md.path_order_problems(paths):
            log.warning("docs/%s:%d: %s", LEARNING_PATHS, line, problem)
    _site.clear()
    _site.update(pages=pages, by_src=by_src, by_url={p.url: p for p in pages}, paths=paths,
                 files=files)
    return nav


def _next(page: md.PageFacts) -> md.PageFacts | None:
    return md.next_by_graph(page, _site["pages"])


def on_page_context(context, page, config, nav):
    facts = _site["by_src"].get(page.file.src_uri)
    if facts is not None and facts.kind == md.DEEP_DIVE:
        following = _next(facts)
        if following is not None:
            # The footer's "Next" gives the same answer as the page's own next step.
            target = next((p for p in nav.pages if p.file.src_uri == following.src), None)
            if target is not None:
                page.next_page = target
    return context


def on_post_page(output, page, config):
    facts = _site.get("by_src", {}).get(page.file.src_uri)
    if facts is None:
        return output
    if drawing.current is not None and MAP_PAGE.match(page.file.src_uri):
        output = _area_map(output, facts)
    if facts.kind == md.DEEP_DIVE:
        output = _deep_dive(output, facts)
    if page.file.src_uri == LEARNING_PATHS:
        output = _learning_paths(output, facts)
    return output


# --- maps -------------------------------------------------------------------------------


def _map_markup(text: str, on_page: md.PageFacts, from_page: md.PageFacts, key: str,
                here: md.PageFacts | None = None) -> tuple[str, list[md.Node]] | None:
    """A map drawn for a desk and, where that differs, for a phone, with its data and text.

    `on_page` is the page the map's links were written for; `from_page` the page it is shown
    on (the same, or a deep-dive showing its area's map); `here` the node to mark as current.
    """
    candidates = _candidates(text)
    if not candidates or candidates[0].graph is None:
        return None
    graph = candidates[0].graph
    found = md.nodes(graph, on_page.url, _site["by_url"])
    desk, phone = _choose(candidates)
    if here is not None:  # a small map, beside a deep-dive's title: the compact drawing only
        desk = phone
    pan = md.label_size(phone.natural_width, PHONE_SPACE) < SMALLEST_LABEL
    list_id = f"{key}-text"
    title = on_page.title or ""
    label = graph.get("title") or (title if title.startswith("Map of") else f"Map of {title}")
    svgs = []
    for drawing_, role in ((desk, "desk"), (phone, "phone")):
        if role == "phone" and phone is desk:
            break
        svg = _retarget(drawing_.svg, on_page, from_page)
        svg = re.sub(r"min-width: [\d.]+px;\s*", "", svg, count=1)
        if pan:  # drawn at full size, to scroll and zoom (javascripts/atlas.js)
            svg = svg.replace('style="max-width: ', 'style="--atlas-natural: ', 1)
        classes = "atlas-map__drawing" + ("" if phone is desk else f" atlas-map__drawing--{role}")
        svg = _add_classes(svg, classes)
        attrs = f' aria-label="{html.escape(label)}" aria-describedby="{list_id}"'
        svg = svg.replace("<svg ", f"<svg{attrs} ", 1)
        if here is not None:
            svg = _mark_here(svg, found, here)
        svgs.append(svg)
    data = {"nodes": {n.id: md.preview(n) for n in found},
            "urls": {n.id: md.relative_url(from_page.url, n.page.url) for n in found if n.page}}
    intro = f"<p>{html.escape(graph['description'])}</p>" if graph.get("description") else ""
    text_version = md.text_version(graph, found, from_page.url, list_id)
    markup = (
        f'<figure class="atlas-map{" atlas-map--pan" if pan else ""}" id="{key}">'
        f'<div class="atlas-diagram atlas-map__view">{"".join(svgs)}</div>'
        f'<details class="atlas-text-version"><summary>Text version</summary>'
        f"{intro}{text_version}</details>"
        f'<script type="application/json" class="atlas-map__data">'
        f"{_json(data)}</script></figure>"
    )
    return markup, found


def _add_classes(svg: str, classes: str) -> str:
    """Our classes beside Mermaid's own on the root <svg>: a second class attribute is invalid
    HTML, and the browser would keep only the first."""
    tag = svg[: svg.index(">") + 1]
    if ' class="' in tag:
        new = tag.replace(' class="', f' class="{classes} ', 1)
    else:
        new = tag.replace("<svg ", f'<svg class="{classes}" ', 1)
    return new + svg[len(tag):]


# Mermaid's own spacing, and a compact one for narrow screens.
COMPACT = '%%{init: {"flowchart": {"rankSpacing": 16, "nodeSpacing": 8, "padding": 8, ' \
          '"diagramPadding": 2}}}%%\n'


def _candidates(text: str) -> list[drawing.Drawing]:
    """The map as written, turned (TB ↔ LR), and both again with compact spacing."""
    alternative = md.turned(text)
    variants = [text] + ([alternative] if alternative else [])
    variants += [COMPACT + v for v in variants]
    return [d for d in drawing.current.draw(variants) if d.svg is not None]


def _choose(candidates: list[drawing.Drawing]) -> tuple[drawing.Drawing, drawing.Drawing]:
    """The drawing for a desk and the one for a phone (often the same).

    A desk takes the first drawing, in the order of `_candidates`, that fits its column at
    full size; a phone the one whose labels come out largest once shrunk to fit.
    """
    fitting = [d for d in candidates if d.natural_width <= DESK_SPACE]
    desk = fitting[0] if fitting else max(
        candidates, key=lambda d: md.label_size(d.natural_width, DESK_SPACE))
    phone = max(candidates, key=lambda d: (md.label_size(d.natural_width, PHONE_SPACE),
                                           d is desk))
    if md.label_size(desk.natural_width, PHONE_SPACE) >= md.label_size(phone.natural_width,
                                                                       PHONE_SPACE):
        phone = desk
    return desk, phone


def _json(data: object) -> str:
    # Inside <script>, "</" would end the element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _retarget(svg: str, on_page: md.PageFacts, from_page: md.PageFacts) -> str:
    """The map's links, written for `on_page`, made to work from `from_page`."""
    if on_page.url == from_page.url:
        return svg

    def move(m: re.Match) -> str:
        target = md.site_url(on_page.url, html.unescape(m["href"]))
        return f'xlink:href="{html.escape(md.relative_url(from_page.url, target))}"'

    return re.sub(r'xlink:href="(?P<href>[^"]*)"', move, svg)


def _mark_here(svg: str, found: list[md.Node], here: md.PageFacts) -> str:
    current = [n.id for n in found if n.page is not None and n.page.src == here.src]
    for node_id in current:
        pattern = re.compile(r'<a (?P<attrs>[^>]*)>(?P<g><g class="node (?P<cls>[^"]*)" '
                             r'id="[^"]*-flowchart-' + re.escape(node_id) + r'-\d+")')
        svg = pattern.sub(lambda m: (f'<a aria-current="page" {m["attrs"]}>'
                                     + m["g"].replace(f'class="node {m["cls"]}"',
                                                      f'class="node {m["cls"]} atlas-here"')),
                          svg, count=1)
    return svg


def _area_map(output: str, facts: md.PageFacts) -> str:
    m = drawing.BLOCK.search(output)
    if m is None:
        return output
    text = html.unescape(m["source"]).strip("\n")
    made = _map_markup(text, facts, facts, key="atlas-map")
    if made is None:
        return output  # hooks/diagrams.py reports why it cannot be drawn
    markup, found = made
    topics = sorted({n.page.topic for n in found
                     if n.page is not None and n.page.kind == md.DEEP_DIVE})
    if topics and facts.src != "index.md":
        # Written whole at build time, shown once the script has counted: nothing moves.
        markup += (f'<p class="atlas-progress atlas-js-only" '
                   f'data-topics="{html.escape(_json(topics))}">0 of {len(topics)} topics done '
                   '<button type="button" class="atlas-reset-button" data-atlas-reset>'
                   "Reset progress</button></p>")
    return output[: m.start()] + markup + output[m.end() :]


# --- deep-dives -------------------------------------------------------------------------


def _area_of(facts: md.PageFacts) -> md.PageFacts | None:
    folder = facts.src.rsplit("/", 1)[0] if "/" in facts.src else ""
    return _site["by_src"].get(f"{folder}/index.md" if folder else "index.md")


def _area_map_source(area: md.PageFacts) -> str | None:
    file = _site["files"].get_file_from_path(area.src)
    m = drawing.FENCE.search(file.content_string) if file is not None else None
    return m["body"].strip("\n") if m else None


def _deep_dive(output: str, facts: md.PageFacts) -> str:
    topic = html.escape(facts.topic)
    button = ('<button type="button" class="atlas-done-toggle atlas-js-only md-button" '
              f'data-topic="{topic}" aria-pressed="false">Mark as done</button>')
    here = ""
    area = _area_of(facts)
    if area is not None and drawing.current is not None:
        source = _area_map_source(area)
        made = _map_markup(source, area, facts, key="atlas-here", here=facts) if source else None
        if made is not None:
            here = (f'<details class="atlas-here" open><summary>Where this sits in&nbsp;'
                    f'<a href="{html.escape(md.relative_url(facts.url, area.url))}">'
                    f"{html.escape(area.title)}</a></summary>{made[0]}</details>")
    output = output.replace("</aside>", f"{button}</aside>", 1)
    if here:
        # After the title and the lead paragraph: what the page is first, then where it sits.
        title = output.find("</h1>")
        lead = output.find("</p>", title) if title >= 0 else -1
        if lead >= 0:
            output = output[: lead + 4] + here + output[lead + 4 :]
    # A deep-dive is long: atlas.css lays out its blocks below the first screen lazily.
    output = output.replace('<article class="md-content__inner md-typeset">',
                            '<article class="md-content__inner md-typeset atlas-deep-dive">', 1)
    return output.replace("</article>", _next_step(facts) + "</article>", 1)


def _next_step(facts: md.PageFacts) -> str:
    following = _next(facts)
    paths = {
        path_id: {
            "name": p["name"], "step": p["step"], "of": p["of"],
            "next": ({"url": md.relative_url(facts.url, p["next"].url),
                      "title": p["next"].title} if p["next"] else None),
        }
        for path_id, p in md.path_positions(facts, _site["paths"]).items()
    }
    if following is not None:
        link = (f'<a href="{html.escape(md.relative_url(facts.url, following.url))}">'
                f"{html.escape(following.title)}</a>")
        default = f'<p class="atlas-next__default"><strong>Next:</strong> {link}</p>'
    else:
        default = ('<p class="atlas-next__default"><strong>Next:</strong> pick a path on the '
                   f'<a href="{html.escape(md.relative_url(facts.url, "learning-paths/"))}">'
                   "learning paths</a> page.</p>")
    topic = html.escape(facts.topic)
    return (f'<nav class="atlas-next" aria-label="Next step" data-topic="{topic}">{default}'
            f'<script type="application/json" class="atlas-next__paths">'
            f"{_json(paths)}</script></nav>")


# --- learning paths ---------------------------------------------------------------------


def _learning_paths(output: str, facts: md.PageFacts) -> str:
    by_id = {p.id: p for p in _site["paths"]}
    pieces = re.split(r'(<h2 id="[^"]+"[^>]*>.*?</h2>)', output, flags=re.S)
    current: md.LearningPath | None = None
    for i, piece in enumerate(pieces):
        heading = re.match(r'<h2 id="([^"]+)"', piece)
        if heading:
            current = by_id.get(heading.group(1))
            continue
        if current is None:
            continue
        pieces[i] = re.sub(r"<ol>(.*?)</ol>", lambda m, p=current: _path_list(m, p, facts),
                           piece, count=1, flags=re.S)
    reset = ('<p class="atlas-reset atlas-js-only"><button type="button" class="md-button" '
             'data-atlas-reset>Reset progress</button> Your progress is kept in this browser '
             "only and is sent nowhere.</p>")
    return "".join(pieces).replace("</article>", reset + "</article>", 1)


def _path_list(m: re.Match, path: md.LearningPath, facts: md.PageFacts) -> str:
    steps = iter(path.steps)
    step = next(steps, None)

    def item(li: re.Match) -> str:
        nonlocal step
        body = li.group(1)
        hrefs = re.findall(r'<a href="([^"#]*)', body)
        internal = [h for h in hrefs if not re.match(r"^[a-z]+:", h)]
        if step is not None and len(internal) == 1 and md.site_url(
            facts.url, internal[0]
        ) == step.page.url:
            page, step = step.page, next(steps, None)
            if page.kind != md.DEEP_DIVE:  # only deep-dives are marked done
                return li.group(0)
            return f'<li data-topic="{html.escape(page.topic)}">{body}</li>'
        return li.group(0)

    items = re.sub(r"<li>(.*?)</li>", item, m.group(1), flags=re.S)
    # With nothing done yet, the first step is next: written at build time, so the line is
    # there without the script and does not appear late, pushing the page down.
    first = next((s.page for s in path.steps if s.page.kind == md.DEEP_DIVE), None)
    line = ""
    if first is not None:
        href = html.escape(md.relative_url(facts.url, first.url))
        line = f'<strong>Next:</strong> <a href="{href}">{html.escape(first.title)}</a>'
    return (f'<ol class="atlas-path" data-path="{html.escape(path.id)}">{items}</ol>'
            f'<p class="atlas-path__next">{line}</p>')
