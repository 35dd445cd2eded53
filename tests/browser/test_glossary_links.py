"""The glossary in Chromium, under /atlas/: its A-Z letters on a phone, and a term link on a
deep-dive that shows its definition and opens its entry."""

from __future__ import annotations

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

# Where the page's :target stands against the viewport and the sticky header.
TARGET = """
() => {
  const t = document.querySelector(":target");
  if (!t) return null;
  const box = t.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return {tag: t.tagName.toLowerCase(), id: t.id, text: t.textContent.trim(),
          top: box.top, bottom: box.bottom, headerBottom: header.bottom,
          viewport: window.innerHeight};
}
"""


def assert_in_view_below_header(target: dict | None, anchor: str) -> None:
    assert target is not None, f"no :target after following #{anchor}"
    assert (target["tag"], target["id"]) == ("dt", anchor)
    assert target["top"] >= target["headerBottom"] - 1, target
    assert target["bottom"] <= target["viewport"], target


def test_index_letters_lead_to_their_terms_on_a_phone(atlas):
    tab = atlas.fresh_tab("atlas", ab.PHONE)
    assert tab.open("glossary/") == 200
    page = tab.page
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"the glossary scrolls sideways at 375 px: {width}"
    letters = page.locator("article nav.atlas-az a")
    hrefs = letters.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert len(hrefs) >= 15
    boxes = page.locator("article nav.atlas-az li > *").evaluate_all(
        "items => items.map((e) => e.getBoundingClientRect())"
        ".map((box) => [box.width, box.height, box.right])"
    )
    assert len(boxes) == 26
    assert all(w >= 24 and h >= 24 and right <= 375 for w, h, right in boxes), boxes
    for href in hrefs:
        page.locator(f'article nav.atlas-az a[href="{href}"]').click()
        page.wait_for_function("hash => location.hash === hash", arg=href)
        assert_in_view_below_header(page.evaluate(TARGET), href[1:])
    assert tab.page_errors == []
    assert tab.foreign() == []


def test_a_term_link_on_a_deep_dive_shows_its_definition_and_opens_its_entry(atlas):
    tab = atlas.fresh_tab("atlas", ab.DESKTOP)
    assert tab.open("deep-learning/neural-networks/") == 200
    page = tab.page
    term = page.locator("article a.atlas-term").first
    text, href, title = term.evaluate(
        "a => [a.textContent, a.getAttribute('href'), a.getAttribute('title')]"
    )
    assert href.startswith("../../glossary/#")
    assert title
    # Keyboard focus shows Material's tooltip, which the link is described by, with the
    # whole definition.
    term.focus()
    page.wait_for_function(
        """([link, title]) => {
             const tip = document.getElementById(link.getAttribute("aria-describedby"));
             return tip !== null && tip.className.includes("--active")
               && tip.textContent.trim() === title;
           }""",
        arg=[term.element_handle(), title],
    )
    term.click()
    anchor = href.split("#")[1]
    page.wait_for_url(tab.server.url + "glossary/#" + anchor)
    target = page.evaluate(TARGET)
    assert_in_view_below_header(target, anchor)
    assert text.lower().startswith(target["text"].lower()), (text, target["text"])
    assert tab.page_errors == []
    assert tab.foreign() == []


def test_index_letters_and_term_links_work_without_javascript(atlas):
    context = atlas.browser.new_context(viewport=ab.PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        server = atlas.servers["atlas"]
        page.goto(server.url + "deep-learning/cnns/")
        term = page.locator("article a.atlas-term").first
        href = term.get_attribute("href")
        term.click()
        page.wait_for_url(server.url + "glossary/" + href[href.index("#"):])
        assert_in_view_below_header(page.evaluate(TARGET), href.split("#")[1])
        last = page.locator("article nav.atlas-az a").last
        anchor = last.get_attribute("href")[1:]
        last.click()
        page.wait_for_function("hash => location.hash === hash", arg="#" + anchor)
        assert_in_view_below_header(page.evaluate(TARGET), anchor)
    finally:
        context.close()
