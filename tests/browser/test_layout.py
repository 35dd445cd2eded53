"""Layout as students see it: nothing runs off a phone, diagrams stay readable and tappable.

The /atlas/ visits are at phone width (375 px) and the root visits at desktop
width (1280 px); see conftest.py.
"""

from __future__ import annotations

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

# Mermaid shrinks a diagram to fit its column. Below this size (CSS px) its
# labels are too small to read without zooming.
MIN_TEXT_PX = 10
# WCAG 2.2, 2.5.8 Target Size (Minimum): 24 x 24 CSS px.
MIN_TARGET_PX = 24


def test_page_never_scrolls_sideways_on_a_phone(atlas, page_url):
    visit = atlas.visit("atlas", page_url)
    snap = visit.snapshot
    assert snap["clientWidth"] <= ab.PHONE["width"], "the visit was not at phone width"
    assert snap["scrollWidth"] <= snap["clientWidth"], (
        f"{visit.url} is {snap['scrollWidth']} px wide on a {snap['clientWidth']} px screen"
    )
    # Material hides sideways overflow on <html>, so wider content is cut off
    # rather than scrolled: nothing may stick out unless a box of its own
    # scrolls (or clips) it.
    assert not snap["overhang"], f"{visit.url}: content sticks out of the screen:\n" + "\n".join(
        snap["overhang"]
    )


def test_wide_diagrams_scroll_or_scale_inside_their_own_box(atlas, page_url):
    visit = atlas.visit("atlas", page_url)
    width = visit.snapshot["clientWidth"]
    problems = []
    for number, block in enumerate(visit.snapshot["blocks"], 1):
        if block["left"] < -1 or block["right"] > width + 1:
            problems.append(f"diagram {number}'s box runs off the screen")
        fits = block["svgWidth"] <= block["width"] + 1
        scrolls = block["overflowX"] in {"auto", "scroll"}
        if not (fits or scrolls):
            problems.append(
                f"diagram {number} is {block['svgWidth']:.0f} px wide in a "
                f"{block['width']} px box that does not scroll"
            )
    assert not problems, f"{visit.url}:\n" + "\n".join(problems)


@pytest.mark.parametrize("base", ["root", "atlas"], ids=["desktop", "phone"])
def test_diagram_text_is_big_enough_to_read(atlas, base, page_url):
    visit = atlas.visit(base, page_url)
    small = []
    for number, block in enumerate(visit.snapshot["blocks"], 1):
        if not block["viewBoxWidth"]:
            continue  # never drawn: test_pages reports it
        text_px = block["fontPx"] * block["svgWidth"] / block["viewBoxWidth"]
        if text_px < MIN_TEXT_PX:
            small.append(
                f"diagram {number}: {block['viewBoxWidth']:.0f} px wide, shrunk to "
                f"{block['svgWidth']:.0f} px, so its text is {text_px:.1f} px"
            )
    assert not small, f"{visit.url}: text under {MIN_TEXT_PX} px:\n" + "\n".join(small)


def test_map_nodes_are_big_enough_to_tap_on_a_phone(atlas, map_url):
    visit = atlas.visit("atlas", map_url)
    small = [
        f"{anchor['node']}: {anchor['width']:.1f} x {anchor['height']:.1f} px"
        for block in visit.snapshot["blocks"]
        for anchor in block["anchors"]
        if min(anchor["width"], anchor["height"]) < MIN_TARGET_PX
    ]
    assert not small, (
        f"{visit.url}: linked nodes under {MIN_TARGET_PX} x {MIN_TARGET_PX} px:\n"
        + "\n".join(small)
    )
