"""A formula wider than a phone scrolls in its own box, and a shadow on the side it goes on
past tells the student there is more (atlas.css). Judged from the pixels Chromium paints."""

from __future__ import annotations

import struct
import zlib

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

PAGE = "machine-learning/classical-models/"  # its first display runs past a phone's width
BOX = """
(e) => { const b = e.getBoundingClientRect();
  return { left: b.left, right: b.right, top: b.top, wide: e.scrollWidth > e.clientWidth + 1 }; }
"""


def pixel(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour Chromium paints at one point of the viewport."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1}, scale="css")
    chunks, at = {}, 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks[kind] = chunks.get(kind, b"") + png[at + 8:at + 8 + size]
        at += 12 + size
    # One pixel: every PNG filter leaves its bytes as they are (there are no neighbours).
    return tuple(zlib.decompress(chunks[b"IDAT"])[1:4])


def edges(page, formula) -> tuple[bool, bool]:
    """Whether the left and the right edge of the box are shaded, above the formula's glyphs."""
    box = formula.evaluate(BOX)
    y = box["top"] + 3  # in the display's top margin, inside the box: no glyph is there
    background = pixel(page, (box["left"] + box["right"]) / 2, y)
    return (pixel(page, box["left"] + 1, y) != background,
            pixel(page, box["right"] - 2, y) != background)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wide_formula_is_shaded_on_the_side_it_continues(atlas, scheme):
    context = atlas.browser.new_context(viewport=ab.PHONE, is_mobile=True, has_touch=True,
                                        color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(atlas.servers["atlas"].url + PAGE)
        displays = page.locator("div.arithmatex")
        wide = displays.nth(0)
        wide.scroll_into_view_if_needed()
        assert wide.evaluate(BOX)["wide"], "the formula fits a phone: the test is moot"
        assert edges(page, wide) == (False, True)
        wide.evaluate("(e) => { e.scrollLeft = (e.scrollWidth - e.clientWidth) / 2; }")
        assert edges(page, wide) == (True, True)
        wide.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
        assert edges(page, wide) == (True, False)

        for index in range(displays.count()):
            fits = displays.nth(index)
            fits.scroll_into_view_if_needed()
            if not fits.evaluate(BOX)["wide"]:
                break
        else:
            pytest.fail("every formula on the page is wider than a phone")
        assert edges(page, fits) == (False, False)
    finally:
        context.close()
