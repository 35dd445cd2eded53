"""Long pages lay out their blocks below the first screen only as they come near it
(`content-visibility: auto` in atlas.css). A jump to a heading must still land the heading
under the header, and without scripting nothing is deferred at all."""

from __future__ import annotations

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

LONG_PAGE = "deep-learning/transformers/"
# Where the heading's top is after the jump, relative to where scroll-margin puts it; and
# whether the page could not scroll any further (the last headings of a page stop short).
WHERE = """
(id) => {
  const h = document.getElementById(id);
  const margin = parseFloat(getComputedStyle(h).scrollMarginTop) || 0;
  const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
  return { off: Math.round(h.getBoundingClientRect().top - margin), atEnd };
}
"""
DEFERRED = """
() => [...document.querySelectorAll('.md-content__inner > *')]
  .filter((el) => getComputedStyle(el).contentVisibility === 'auto').length
"""


def landing(tab, url: str, heading: str) -> dict:
    """Jump to a heading; the heading's place once the page is still for 300 ms."""
    tab.page.goto(f"{tab.server.url}{url}#{heading}")
    last, still = None, 0
    for _ in range(40):
        tab.page.wait_for_timeout(50)
        now = tab.page.evaluate(WHERE, heading)
        still = still + 1 if now == last else 0
        if still >= 6:
            break
        last = now
    return now


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_jump_to_any_heading_of_a_long_page_lands_under_the_header(atlas, width):
    tab = atlas.fresh_tab("atlas", ab.PHONE if width == "phone" else ab.DESKTOP)
    tab.open(LONG_PAGE)
    assert tab.page.evaluate(DEFERRED) > 20, "the long page defers nothing: the test is moot"
    headings = tab.page.evaluate(
        "() => [...document.querySelectorAll('.md-content h2[id], .md-content h3[id]')]"
        ".map((h) => h.id)")
    assert len(headings) >= 10
    wrong = []
    for heading in headings:
        place = landing(tab, LONG_PAGE, heading)
        if abs(place["off"]) > 2 and not (place["off"] > 0 and place["atEnd"]):
            wrong.append(f"#{heading}: {place['off']} px off")
    assert wrong == []


def test_a_heading_opened_from_another_page_lands_under_the_header(atlas):
    tab = atlas.fresh_tab("atlas", ab.PHONE)
    tab.open("deep-learning/")
    heading = "where-it-is-used-today"  # after a long worked example: the hardest case
    place = landing(tab, LONG_PAGE, heading)
    assert abs(place["off"]) <= 2, place


def test_without_scripting_no_block_is_deferred(atlas, site):
    context = atlas.browser.new_context(viewport=ab.PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(atlas.servers["atlas"].url + LONG_PAGE)
        assert page.evaluate(DEFERRED) == 0
    finally:
        context.close()


def test_pages_that_are_not_deep_dives_defer_nothing(atlas):
    # a block not laid out has no innerText yet; the maps and paths pages are read whole
    tab = atlas.fresh_tab("atlas", ab.PHONE)
    for url in ("", "deep-learning/", "learning-paths/", "glossary/"):
        tab.open(url)
        assert tab.page.evaluate(DEFERRED) == 0, url


def test_print_gets_the_whole_deep_dive(atlas):
    tab = atlas.fresh_tab("atlas", ab.DESKTOP)
    tab.open(LONG_PAGE)
    assert tab.page.evaluate(DEFERRED) > 20
    tab.page.emulate_media(media="print")
    assert tab.page.evaluate(DEFERRED) == 0
