"""`make screenshots`: PNGs of key pages, as students see them, into build/screenshots/.

The Map of AI, the Deep Learning page and the glossary in light and in
dark, and one deep-dive (Transformers), each at desktop (1280x800) and phone
(375x812) width, full page; then the interactive atlas in use, at the size it
is used: a node's preview, progress marks on a map and a learning path, a
phone map, and a map's text version. The site is served from site/ (after `make build`) by the
same server and Chromium launch as the browser tests (scripts/atlas_browser.py),
and the pages are exactly what students get: no test scripts are injected.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import atlas_browser as ab
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

OUT = ab.ROOT / "build" / "screenshots"

# (file name, site URL, dark?). Dark comes last: the palette choice is
# stored for the whole site, so every page after it would be dark too.
SHOTS = [
    ("map", "", False),
    ("deep-learning-light", "deep-learning/", False),
    ("transformers", "deep-learning/transformers/", False),
    ("glossary-light", "glossary/", False),
    ("deep-learning-dark", "deep-learning/", True),
    ("glossary-dark", "glossary/", True),
]
WIDTHS = {"desktop": ab.DESKTOP, "phone": ab.PHONE}


def _preview(page) -> None:
    page.locator(".atlas-map svg:visible g.node", has_text="Transformers").first.hover()
    page.locator(".atlas-preview").wait_for()


def _progress(page) -> None:
    # Two topics marked done, as a student would: on their own pages.
    for url in ("deep-learning/neural-networks/", "deep-learning/cnns/"):
        page.goto(page.url.split("deep-learning/")[0] + url)
        page.get_by_role("button", name="Mark as done").click()
    page.goto(page.url.split("deep-learning/")[0] + "deep-learning/")


def _progress_on_a_path(page) -> None:
    _progress(page)
    page.goto(page.url.split("deep-learning/")[0] + "learning-paths/")


def _text_version(page) -> None:
    page.locator(".atlas-map .atlas-text-version summary").click()


# (file name, site URL, viewport, what to do first, what to photograph)
IN_USE = [
    ("preview-desktop", "deep-learning/", ab.DESKTOP, _preview, ".atlas-map"),
    ("progress-map-desktop", "deep-learning/", ab.DESKTOP, _progress, ".atlas-map"),
    ("progress-path-desktop", "deep-learning/", ab.DESKTOP, _progress_on_a_path,
     'ol.atlas-path[data-path="deep-learning-core"]'),
    ("ml-map-phone", "machine-learning/", ab.PHONE, None, ".atlas-map"),
    ("text-version-phone", "deep-learning/", ab.PHONE, _text_version, ".atlas-map"),
    ("here-map-phone", "deep-learning/transformers/", ab.PHONE, None, ".atlas-here"),
]


FULL_PAGE = ".atlas-deep-dive > * { content-visibility: visible !important; }"


def main() -> int:
    for problem in (ab.chromium_missing(), ab.site_missing()):
        if problem:
            print(f"screenshots: {problem}", file=sys.stderr)
            return 2
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    written = []
    failures: list[str] = []
    with (
        ab.SiteServer(ab.SITE, ab.SUB_PATH) as server,
        tempfile.TemporaryDirectory(prefix="atlas-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        browser = ab.launch_chromium(playwright, Path(profile))
        try:
            for width, viewport in WIDTHS.items():
                context = ab.new_context(browser, viewport, count_errors=False)
                page = context.new_page()
                for name, url, dark in SHOTS:
                    page.goto(server.url + url)
                    try:
                        ab.wait_for_diagrams(page, ab.diagram_count(url))
                    except PlaywrightError:  # photograph it anyway: that is what students see
                        failures.append(f"{server.url + url}: diagrams never finished drawing")
                    if dark:
                        ab.switch_to_dark(page)
                        # Park the pointer in the right margin, away from the
                        # toggle's tooltip and from any link's hover style.
                        page.mouse.move(viewport["width"] - 2, viewport["height"] // 2)
                    page.evaluate("document.fonts.ready.then(() => true)")
                    # A full-page shot paints only what is near the screen, and a deep-dive
                    # lays out its lower blocks lazily (atlas.css): lay them all out first.
                    page.add_style_tag(content=FULL_PAGE)
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                context.close()
            for name, url, viewport, action, target in IN_USE:
                context = ab.new_context(browser, viewport, count_errors=False)
                page = context.new_page()
                page.goto(server.url + url)
                if action is not None:
                    action(page)
                path = OUT / f"{name}.png"
                page.locator(target).first.screenshot(path=path)
                written.append(path)
                context.close()
        finally:
            browser.close()
    for target in written:
        print(f"wrote {target.relative_to(ab.ROOT)}")
    print(f"{len(written)} screenshots in {time.monotonic() - started:.1f}s")
    for failure in failures:
        print(f"screenshots: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
