"""Dark mode: the palette toggle redraws the diagrams dark, and node text stays readable.

Contrast is WCAG 2.x's, between a node's label colour and its shape's fill as
painted (the fill is translucent, so it is composited over the page behind it).
"""

from __future__ import annotations

import re

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

MIN_CONTRAST = 4.5  # WCAG AA for normal text

_NUMBERS = re.compile(r"[-+]?\d*\.?\d+(?:e[-+]?\d+)?%?", re.IGNORECASE)


def parse_colour(css: str | None) -> tuple[float, float, float, float]:
    """A computed CSS colour as (r, g, b, alpha): channels 0-255, alpha 0-1."""
    if not css or css in {"none", "transparent"}:
        return (0.0, 0.0, 0.0, 0.0)
    if not css.startswith(("rgb(", "rgba(", "color(srgb ")):
        raise ValueError(f"cannot read the computed colour {css!r}")
    values = [float(n.rstrip("%")) for n in _NUMBERS.findall(css)]
    scale = 255.0 if css.startswith("color(") else 1.0
    r, g, b = (v * scale for v in values[:3])
    return (r, g, b, values[3] if len(values) > 3 else 1.0)


def over(top: tuple[float, ...], bottom: tuple[float, ...]) -> tuple[float, float, float, float]:
    """`top` painted over the opaque `bottom`."""
    a = top[3]
    r, g, b = (top[i] * a + bottom[i] * (1 - a) for i in range(3))
    return (r, g, b, 1.0)


def luminance(colour: tuple[float, ...]) -> float:
    def linear(c: float) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def painted(block: dict, node: dict) -> tuple[tuple, tuple]:
    """(text, fill) of a node as the student sees them."""
    page = (255.0, 255.0, 255.0, 1.0)  # the canvas, under every layer
    for layer in reversed(block["backdrop"]):
        page = over(parse_colour(layer), page)
    r, g, b, a = parse_colour(node["fill"])
    fill = over((r, g, b, a * node["fillOpacity"]), page)
    return over(parse_colour(node["fg"]), fill), fill


def unreadable(snapshot: dict) -> list[str]:
    """Nodes whose label contrast is under MIN_CONTRAST, in every diagram of a page."""
    found = []
    for number, block in enumerate(snapshot["blocks"], 1):
        for node in block["nodes"]:
            text, fill = painted(block, node)
            ratio = contrast(text, fill)
            if ratio < MIN_CONTRAST:
                found.append(f"diagram {number} {node['id']} ({node['label']}): {ratio:.2f}:1")
    return found


def test_contrast_maths_matches_wcag():
    black, white = (0, 0, 0, 1), (255, 255, 255, 1)
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast((118, 118, 118, 1), white) == pytest.approx(4.54, abs=0.01)
    assert over((0, 0, 0, 0.5), white)[:3] == (127.5, 127.5, 127.5)
    assert parse_colour("rgba(255, 170, 0, 0.1)") == (255, 170, 0, 0.1)


@pytest.fixture(scope="module")
def dark_tab(atlas):
    """A tab of its own (the palette choice is stored), switched to dark by clicking."""
    tab = atlas.fresh_tab("root", ab.DESKTOP)
    tab.open("deep-learning/")
    light = tab.snapshot()
    ab.switch_to_dark(tab.page)
    return tab, light, tab.snapshot()


def test_palette_toggle_redraws_the_deep_learning_map_dark(dark_tab):
    tab, light, dark = dark_tab
    assert light["scheme"] == "default"
    assert dark["scheme"] == "slate"
    for snapshot in (light, dark):
        # The seed's six nodes and Training at scale.
        assert len(snapshot["blocks"][0]["nodes"]) == 7, "the map lost nodes"
    before = [painted(light["blocks"][0], n)[1] for n in light["blocks"][0]["nodes"]]
    after = [painted(dark["blocks"][0], n)[1] for n in dark["blocks"][0]["nodes"]]
    assert all(luminance(fill) > 0.5 for fill in before), "light-mode nodes are not light"
    assert all(luminance(fill) < 0.1 for fill in after), "dark-mode nodes are not dark"
    assert tab.page_errors == []
    assert tab.console_errors == []
    assert tab.foreign() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_deep_learning_map_text_is_readable(dark_tab, scheme):
    _, light, dark = dark_tab
    snapshot = light if scheme == "light" else dark
    map_only = {**snapshot, "blocks": snapshot["blocks"][:1]}
    found = unreadable(map_only)
    assert not found, f"{scheme} mode, under {MIN_CONTRAST}:1:\n" + "\n".join(found)


def test_dark_mode_survives_a_reload(dark_tab):
    tab, _, _ = dark_tab
    tab.open("deep-learning/")
    snapshot = tab.snapshot()
    assert snapshot["scheme"] == "slate"
    assert all(block["svg"] and not block["error"] for block in snapshot["blocks"])
    found = unreadable(snapshot)
    assert not found, f"dark mode after a reload, under {MIN_CONTRAST}:1:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_text_is_readable_on_every_page(atlas, dark_tab, page_url, scheme):
    if scheme == "light":
        snapshot = atlas.visit("root", page_url).snapshot
    elif ab.diagram_count(page_url) == 0:
        return  # no diagram to read
    else:
        tab = dark_tab[0]
        tab.open(page_url)
        snapshot = tab.snapshot()
        assert snapshot["scheme"] == "slate"
    found = unreadable(snapshot)
    assert not found, f"{page_url or 'map'} in {scheme} mode, under {MIN_CONTRAST}:1:\n" + (
        "\n".join(found)
    )
