"""Keyboard: Tab reaches every link in the Deep Learning map, and Enter opens one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 200  # far more stops than the header, the navigation and the page before the map


def test_tab_reaches_every_link_in_the_deep_learning_map(atlas):
    tab = atlas.tab("root", "desktop")
    tab.open("deep-learning/")
    page = tab.page
    expected = {a["href"] for a in tab.snapshot()["blocks"][0]["anchors"]}
    assert expected, "the Deep Learning map has no links"

    reached: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = tab.focused()
        in_map = focused is not None and focused["inSvg"] and focused["block"] == 0
        if in_map and focused["tag"] == "a":
            reached.append(focused["href"])
        elif reached:
            break  # focus has moved on past the map
    assert reached, f"{MAX_TABS} presses of Tab never reached the map"
    assert set(reached) == expected, f"Tab reached {reached}"

    # Focus is now past the map: Shift+Tab steps back onto its last link.
    page.keyboard.press("Shift+Tab")
    last = tab.focused()
    assert last is not None
    assert last["inSvg"]
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None
    assert navigation.value.status == 200
    assert page.url == tab.server.url + "deep-learning/" + last["href"]
    assert tab.page_errors == []
    assert tab.foreign() == []
