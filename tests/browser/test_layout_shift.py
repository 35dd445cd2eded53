"""Nothing moves once it is on screen: the layout of the first paint is the layout of the
loaded page (Lighthouse's CLS 0 in scripts/bench_site.py).

A shift needs a first paint that comes early, which a fast machine may not give, so these
tests compare the two states a slow load passes through instead of hoping to catch one:
the page as parsed, before Material's script runs (JavaScript off), against the page once
it has run; and a page in a window taller than itself against the same page overflowing.
"""

from __future__ import annotations

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

# Lighthouse's desktop screen, where both shifts were measured, and the tests' own.
SCREENS = {"lighthouse": {"width": 1350, "height": 940}, "desktop": ab.DESKTOP}
# The pages of the site's budget.
BUDGET_PAGES = ["", "deep-learning/", "deep-learning/transformers/", "glossary/",
                "learning-paths/"]

# Where each entry of the two sidebars sits, relative to its sidebar.
SIDEBARS = """
() => [...document.querySelectorAll('.md-sidebar')].filter((s) => s.offsetParent).map((s) => {
  const top = s.querySelector('.md-nav').getBoundingClientRect();
  return [...s.querySelectorAll('.md-nav__link')].filter((a) => a.offsetParent).map((a) => {
    const box = a.getBoundingClientRect();
    return `${a.textContent.trim().slice(0, 40)}: ${Math.round(box.left - top.left)},`
      + `${Math.round(box.top - top.top)} ${Math.round(box.width)}x${Math.round(box.height)}`;
  });
})
"""
# Whether the page scrolls, and where the centred grid starts.
PLACE = """
() => [document.documentElement.scrollHeight > innerHeight,
       document.querySelector('.md-header__inner').getBoundingClientRect().left]
"""


def layout(atlas, url: str, screen: dict, scripts: bool, probe: str):
    context = atlas.browser.new_context(viewport=screen, java_script_enabled=scripts)
    try:
        page = context.new_page()
        page.goto(atlas.servers["root"].url + url, wait_until="load")
        if scripts:  # Material sizes the sidebars in its first frames
            page.wait_for_function("() => document.querySelector('.md-sidebar[style]')")
            page.wait_for_timeout(300)
        return page.evaluate(probe)
    finally:
        context.close()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("url", BUDGET_PAGES, ids=[u.rstrip("/") or "map" for u in BUDGET_PAGES])
def test_the_sidebars_keep_their_layout_when_material_sizes_them(atlas, url, screen):
    # Before Material sets a sidebar's height, a long table of contents overflows its box and
    # takes a scrollbar; when the scrollbar went, an entry unwrapped and the ones below moved.
    parsed = layout(atlas, url, SCREENS[screen], False, SIDEBARS)
    loaded = layout(atlas, url, SCREENS[screen], True, SIDEBARS)
    assert any(parsed), "no sidebar on screen: the test is moot"
    assert loaded == parsed


@pytest.mark.parametrize("screen", SCREENS)
def test_the_page_does_not_move_when_it_becomes_tall_enough_to_scroll(atlas, screen):
    # The first paint often comes before the page is taller than the screen; the centred
    # grid moved by half a scrollbar when the rest arrived.
    # One page in a window taller than all of it, and in the screen it overflows.
    tall = {**SCREENS[screen], "height": 12000}
    whole = layout(atlas, "learning-paths/", tall, False, PLACE)
    cut = layout(atlas, "learning-paths/", SCREENS[screen], False, PLACE)
    assert whole[0] is False, "the tall window does not hold the whole page"
    assert cut[0] is True, "the page fits the screen: the test is moot"
    assert cut[1] == whole[1]
