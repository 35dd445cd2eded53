"""Draw every Mermaid diagram at build time, as inline SVG in the page's own HTML.

A diagram changes only when its author edits it, so it is drawn once, by the pinned
`mermaid.min.js` in Debian's Chromium (hooks/drawing.py), and students get the finished
picture in the first paint: no 1 MB script, no raw source while it loads, and links that work
with JavaScript off.

The drawing happens in `on_post_page`, after the theme: the site checker runs MkDocs' pipeline
only up to the page content, and must still see each diagram's source there.

Without a browser (a fresh laptop with only Python, Node and make), diagrams fall back to
being drawn in the student's browser: the build says so in one line, ships the pinned Mermaid,
and Material draws each `<pre class="mermaid">` block with it. Where the site is deployed from
(`make build`, sets ATLAS_PRERENDER=required, and CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "scripts"))

import drawing
import map_data
from sitecheck.mermaid import clean_message, error_position, map_position

log = logging.getLogger("mkdocs.hooks.diagrams")

SCRIPT_URI = "assets/vendor/mermaid/mermaid.min.js"

_state: dict = {"prerender": False, "fences": {}}


def _required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("ATLAS_PRERENDER") == "required"


def on_config(config):
    root = Path(config.config_file_path).parent
    why = drawing.why_no_browser()
    if why and _required():
        raise PluginError(f"diagrams must be drawn at build time here, but {why}")
    if why:
        log.info("Diagrams are drawn in the browser, not at build time: %s", why)
    if drawing.current is not None:
        drawing.current.close()
    drawing.current = drawing.Drawer(root) if why is None else None
    _state.update(prerender=why is None, fences={}, script=root / drawing.MERMAID / "dist" /
                  "mermaid.min.js")
    return config


def on_files(files, config):
    if not _state["prerender"]:
        # The fallback ships the pinned build; a prerendered site carries no diagram runtime.
        stale = files.get_file_from_path(SCRIPT_URI)
        if stale is not None:  # a copy left in docs/ by an older build
            files.remove(stale)
        files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(_state["script"])))
    return files


def on_page_markdown(markdown, page, config, files):
    _state["fences"][page.file.src_uri] = fence_lines(page.file.content_string)
    return markdown


def fence_lines(source: str) -> dict[str, int]:
    """Each Mermaid fence's body (dedented), with the 1-based line its body starts on."""
    starts: dict[str, int] = {}
    for m in drawing.FENCE.finditer(source):
        body = "\n".join(
            line[len(m["indent"]) :] if line.startswith(m["indent"]) else line.lstrip()
            for line in m["body"].split("\n")
        ).strip("\n")
        starts.setdefault(body, source.count("\n", 0, m.start("body")) + 1)
    return starts


def blocks(output: str) -> list[tuple[re.Match, str]]:
    """Every diagram still to be drawn in a page, with its source."""
    return [(m, html.unescape(m["source"]).strip("\n")) for m in drawing.BLOCK.finditer(output)]


def report(page, text: str, error: str) -> None:
    """Mermaid's refusal as a warning at the diagram's file and line (fails --strict)."""
    start = _state["fences"].get(page.file.src_uri, {}).get(text)
    line: int | str = "?"
    if start is not None:
        mapped = map_position(text, *error_position(error))
        line = start + (mapped[0] if mapped else 0)
    log.warning("docs/%s:%s: Mermaid cannot draw this diagram: %s",
                page.file.src_uri, line, clean_message(error))


def on_page_content(html, page, config, files):
    # A diagram's source is syntax, not text to search: Material's search skips what has
    # data-search-exclude. The drawing's labels are the page's own words elsewhere.
    return html.replace('<pre class="mermaid"><code>', drawing.UNINDEXED)


def on_post_page(output, page, config):
    found = blocks(output)
    if not found:
        return output
    if not _state["prerender"]:
        src = get_relative_url(SCRIPT_URI, page.url)
        # Deferred: Mermaid never holds up the text, and Material finds it on DOMContentLoaded.
        return output.replace("</head>", f'<script defer src="{src}"></script>\n</head>', 1)
    drawn = drawing.current.draw([text for _, text in found])
    seen: dict[str, int] = {}
    parts, end = [], 0
    for (m, text), result in zip(found, drawn, strict=True):
        parts.append(output[end : m.start()])
        end = m.end()
        if result.error is not None:
            report(page, text, result.error)
            parts.append(m.group(0))
            continue
        # The same diagram twice on one page would repeat its ids (markers, styles).
        count = seen[result.id] = seen.get(result.id, 0) + 1
        svg = result.svg if count == 1 else result.svg.replace(result.id, f"{result.id}-{count}")
        parts.append(f'<div class="atlas-diagram">{_accessible(svg, result.graph)}</div>')
    parts.append(output[end:])
    return "".join(parts)


def _accessible(svg: str, graph: dict | None) -> str:
    """A name and a description that list the diagram's boxes, for screen readers.

    Mermaid writes an author's `accTitle`/`accDescr` as the SVG's own <title>/<desc>; where
    the author gave none, the parse supplies them.
    """
    if graph is None or not graph.get("nodes"):
        return svg
    found = map_data.nodes(graph, "", {})
    attrs = ""
    if not graph.get("title"):
        attrs += ' aria-label="Diagram"'
    desc = ""
    if not graph.get("description"):
        said = html.escape(map_data.description(graph, found, ("box", "boxes")))
        desc = f"<desc>{said}</desc>"
    head_end = svg.index(">") + 1
    return svg[: head_end - 1] + attrs + ">" + desc + svg[head_end:]


def on_post_build(config):
    if drawing.current is not None:
        drawing.current.close()


def on_build_error(error):
    on_post_build(None)
