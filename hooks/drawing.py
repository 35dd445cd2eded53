"""Draw Mermaid diagrams with the pinned `mermaid.min.js` in Debian's Chromium.

Shared by the diagram hooks (hooks/diagrams.py draws every fence, hooks/maps.py adds what a
map needs), so one browser serves a whole build. It is launched only when a diagram is not
in the cache (hooks/render_cache.py), and closed when the build ends.

A drawing is the SVG, ready for the page's light DOM (see draw_diagrams.js), and for a
flowchart Mermaid's own parse of it: nodes with their labels, links, tooltips and classes, and
edges.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from render_cache import RenderCache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import atlas_browser

DRAW_JS = Path(__file__).with_name("draw_diagrams.js")
# A Mermaid block as pymdownx.superfences writes it into a page, still to be drawn.
BLOCK = re.compile(
    r'<pre class="mermaid"(?: data-search-exclude)?><code>(?P<source>.*?)</code></pre>', re.DOTALL
)
#: What a fence becomes before the search plugin indexes the page (diagrams.on_page_content).
UNINDEXED = '<pre class="mermaid" data-search-exclude><code>'

# A Mermaid fence in a page's Markdown source.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?mermaid\b[^\n]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=mark)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
MERMAID = Path("node_modules/mermaid")
# The settings every diagram is drawn with; they are part of each cache key.
SETTINGS = {
    "mermaid": {
        "startOnLoad": False,
        "securityLevel": "strict",
        "theme": "default",
        # Arial's metrics (Liberation Sans on Debian): the same widths as the fonts most
        # students' browsers show the labels in, so no label outgrows its box.
        "fontFamily": "Arial, Helvetica, sans-serif",
        # Rounded outlines go through rough.js, whose seed 0 means "pick at random": a cold
        # build then wrote different SVG for the same diagram. Any other seed draws the same.
        "handDrawnSeed": 1,
    },
    "minWidthShare": 0.7,
}


@dataclass(frozen=True)
class Drawing:
    svg: str | None = None
    graph: dict | None = None
    error: str | None = None
    id: str = ""

    @property
    def natural_width(self) -> float:
        """The width Mermaid drew it at, in CSS pixels."""
        marker = 'style="max-width: '
        at = (self.svg or "").find(marker)
        if at < 0:
            return 0.0
        return float(self.svg[at + len(marker) :].split("px", 1)[0])


def why_no_browser() -> str | None:
    """Why diagrams cannot be drawn at build time, in one line, or None when they can."""
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


class Drawer:
    def __init__(self, root: Path) -> None:
        package = json.loads((root / MERMAID / "package.json").read_text("utf-8"))
        self.script = root / MERMAID / "dist" / "mermaid.min.js"
        # keyed by our finishing script too: a change to it redraws every diagram
        finishing = hashlib.sha256(DRAW_JS.read_bytes()).hexdigest()
        self.cache = RenderCache(root, "mermaid", package["version"],
                                 {**SETTINGS, "finish": finishing})
        self._browser: dict | None = None

    def draw(self, sources: list[str]) -> list[Drawing]:
        """Each source drawn, from the cache where it can be, in one browser call for the rest."""
        found: dict[str, Drawing] = {}
        for text in sources:
            entry = self.cache.get(self.cache.key(text))
            if entry is not None:
                found[text] = Drawing(**json.loads(entry), id=self._id(text))
        missing = [text for text in dict.fromkeys(sources) if text not in found]
        if missing:
            items = [{"id": self._id(text), "text": text} for text in missing]
            drawn = self._page().evaluate("([items, settings]) => atlasDraw(items, settings)",
                                          [items, SETTINGS])
            for item, got in zip(items, drawn, strict=True):
                if "svg" in got:
                    self.cache.put(self.cache.key(item["text"]), json.dumps(got))
                    found[item["text"]] = Drawing(**got, id=item["id"])
                else:
                    found[item["text"]] = Drawing(error=got["error"], id=item["id"])
        return [found[text] for text in sources]

    def _id(self, text: str) -> str:
        return f"d{self.cache.key(text)[:12]}"

    def _page(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            profile = Path(tempfile.mkdtemp(prefix="atlas-diagrams-"))
            chromium = atlas_browser.launch_chromium(playwright, profile)
            page = chromium.new_page()
            page.set_content("<!doctype html><html><head></head><body></body></html>")
            page.add_script_tag(path=str(self.script))
            page.add_script_tag(content=DRAW_JS.read_text("utf-8"))
            self._browser = {"playwright": playwright, "chromium": chromium, "page": page,
                             "profile": profile}
        return self._browser["page"]

    def close(self) -> None:
        browser, self._browser = self._browser, None
        if browser:
            browser["chromium"].close()
            browser["playwright"].stop()
            shutil.rmtree(browser["profile"], ignore_errors=True)


# The one drawer of a build; hooks/diagrams.py sets it up in on_config.
current: Drawer | None = None
