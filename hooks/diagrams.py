"""Draw every Mermaid diagram at build time, as inline SVG in the page's own HTML.

A diagram changes only when its author edits it, so it is drawn once, by the pinned
`mermaid.min.js` in Debian's Chromium (driven by Playwright), and students get the finished
picture in the first paint: no 1 MB script, no raw source while it loads, and links that work
with JavaScript off. One browser serves a whole build, launched only when a diagram is not in
the cache (hooks/render_cache.py), and closed when the build ends.

The drawing happens in `on_post_page`, after the theme: the site checker runs MkDocs' pipeline
only up to the page content, and must still see each diagram's source there.

Without a browser (a fresh laptop with only Python, Node and make), diagrams fall back to
being drawn in the student's browser: the build says so in one line, ships the pinned Mermaid,
and Material draws each `<pre class="mermaid">` block with it. Where the site is deployed from
(`make build`, sets ATLAS_PRERENDER=required, and CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "scripts"))

import atlas_browser
from render_cache import RenderCache
from sitecheck.mermaid import clean_message, error_position, map_position

log = logging.getLogger("mkdocs.hooks.diagrams")

MERMAID = Path("node_modules/mermaid")
SCRIPT_URI = "assets/vendor/mermaid/mermaid.min.js"
DRAW_JS = Path(__file__).with_name("draw_diagrams.js")
# The settings every diagram is drawn with; they are part of each cache key.
SETTINGS = {
    "mermaid": {
        "startOnLoad": False,
        "securityLevel": "strict",
        "theme": "default",
        # Arial's metrics (Liberation Sans on Debian): the same widths as the fonts most
        # students' browsers show the labels in, so no label outgrows its box.
        "fontFamily": "Arial, Helvetica, sans-serif",
    },
    "minWidthShare": 0.7,
}
BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.DOTALL)
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?mermaid\b[^\n]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=mark)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)

_state: dict = {}


def _required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("ATLAS_PRERENDER") == "required"


def _why_no_browser() -> str | None:
    if os.environ.get("ATLAS_PRERENDER") == "off":
        return "ATLAS_PRERENDER=off"
    missing = atlas_browser.chromium_missing()
    if missing:
        return missing
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (run `make setup`)"
    return None


def on_config(config):
    root = Path(config.config_file_path).parent
    package = json.loads((root / MERMAID / "package.json").read_text("utf-8"))
    why = _why_no_browser()
    if why and _required():
        raise PluginError(f"diagrams must be drawn at build time here, but {why}")
    if why:
        log.info("Diagrams are drawn in the browser, not at build time: %s", why)
    _state.clear()
    _state.update(
        root=root,
        prerender=why is None,
        script=root / MERMAID / "dist" / "mermaid.min.js",
        cache=RenderCache(root, "mermaid", package["version"], SETTINGS),
        browser=None,
        fences={},
    )
    return config


def on_files(files, config):
    if not _state["prerender"]:
        # The fallback ships the pinned build; a prerendered site carries no diagram runtime.
        files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(_state["script"])))
    return files


def on_page_markdown(markdown, page, config, files):
    # Where each diagram's body starts in its source file, for error messages.
    source = page.file.content_string
    starts = {}
    for m in FENCE.finditer(source):
        body = "\n".join(
            line[len(m["indent"]) :] if line.startswith(m["indent"]) else line.lstrip()
            for line in m["body"].split("\n")
        ).strip("\n")
        starts.setdefault(body, source.count("\n", 0, m.start("body")) + 1)
    _state["fences"][page.file.src_uri] = starts
    return markdown


def on_post_page(output, page, config):
    blocks = list(BLOCK.finditer(output))
    if not blocks:
        return output
    if not _state["prerender"]:
        src = get_relative_url(SCRIPT_URI, page.url)
        # Deferred: Mermaid never holds up the text, and Material finds it on DOMContentLoaded.
        return output.replace("</head>", f'<script defer src="{src}"></script>\n</head>', 1)
    sources = [html.unescape(m["source"]).strip("\n") for m in blocks]
    drawn = _draw(sources)
    seen: dict[str, int] = {}
    parts, end = [], 0
    for m, text, result in zip(blocks, sources, drawn, strict=True):
        parts.append(output[end : m.start()])
        end = m.end()
        if "error" in result:
            _report(page, text, result["error"])
            parts.append(m.group(0))
            continue
        svg, key = result["svg"], result["id"]
        # The same diagram twice on one page would repeat its ids (markers, styles).
        count = seen[key] = seen.get(key, 0) + 1
        if count > 1:
            svg = svg.replace(key, f"{key}-{count}")
        parts.append(f'<div class="atlas-diagram">{svg}</div>')
    parts.append(output[end:])
    return "".join(parts)


def _report(page, text: str, error: str) -> None:
    start = _state["fences"].get(page.file.src_uri, {}).get(text)
    line = "?"
    if start is not None:
        mapped = map_position(text, *error_position(error))
        line = start + (mapped[0] if mapped else 0)
    log.warning(
        "docs/%s:%s: Mermaid cannot draw this diagram: %s",
        page.file.src_uri, line, clean_message(error),
    )


def _draw(sources: list[str]) -> list[dict]:
    """Each source as {"svg", "id"} from the cache or a fresh drawing, or as {"error"}."""
    cache: RenderCache = _state["cache"]
    results: dict[str, dict] = {}
    for text in sources:
        key = cache.key(text)
        svg = cache.get(key)
        if svg is not None:
            results[text] = {"svg": svg, "id": f"d{key[:12]}"}
    missing = [text for text in dict.fromkeys(sources) if text not in results]
    if missing:
        items = [{"id": f"d{cache.key(text)[:12]}", "text": text} for text in missing]
        drawn = _page().evaluate("([items, settings]) => atlasDraw(items, settings)",
                                 [items, SETTINGS])
        for item, got in zip(items, drawn, strict=True):
            if "svg" in got:
                cache.put(cache.key(item["text"]), got["svg"])
                got = {"svg": got["svg"], "id": item["id"]}
            results[item["text"]] = got
    return [results[text] for text in sources]


def _page():
    browser = _state["browser"]
    if browser is None:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        profile = Path(tempfile.mkdtemp(prefix="atlas-diagrams-"))
        chromium = atlas_browser.launch_chromium(playwright, profile)
        page = chromium.new_page()
        page.set_content("<!doctype html><html><head></head><body></body></html>")
        page.add_script_tag(path=str(_state["script"]))
        page.add_script_tag(content=DRAW_JS.read_text("utf-8"))
        browser = _state["browser"] = {
            "playwright": playwright, "chromium": chromium, "page": page, "profile": profile,
        }
    return browser["page"]


def _close() -> None:
    browser = _state.get("browser")
    if browser:
        _state["browser"] = None
        browser["chromium"].close()
        browser["playwright"].stop()
        shutil.rmtree(browser["profile"], ignore_errors=True)


def on_post_build(config):
    _close()


def on_build_error(error):
    _close()
