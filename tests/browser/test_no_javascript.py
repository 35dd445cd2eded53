"""With JavaScript off, every page still shows its diagrams and maths, and map links work.

Diagrams and formulas are drawn at build time (hooks/diagrams.py, hooks/maths.py), so a
student whose script never arrives, or who turns scripts off, gets the same picture.
"""

from __future__ import annotations

from urllib.parse import urljoin

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

VISIBLE = """
() => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 20 && box.height > 20 && getComputedStyle(el).visibility === "visible";
  };
  const text = document.querySelector("article").innerText;
  return {
    // A map may hold a desk and a phone drawing, of which one is on screen.
    diagrams: [...document.querySelectorAll(".atlas-diagram")].map((box) => {
      const svg = [...box.querySelectorAll(":scope > svg")].find(shown);
      return {
        shown: svg !== undefined,
        links: svg ? [...svg.querySelectorAll("a")].map((a) => a.getAttribute("xlink:href")) : [],
      };
    }),
    sources: [...document.querySelectorAll("pre.mermaid")].length,
    rawSource: /\\bflowchart (TB|LR|TD|BT|RL)\\b|\\bclick \\w+ href\\b/.test(text),
    rawTex: /\\\\\\(|\\\\\\[|\\\\frac|\\\\top\\b/.test(text),
    formulas: document.querySelectorAll(".arithmatex").length,
    typeset: document.querySelectorAll(".arithmatex .katex").length,
  };
}
"""


@pytest.fixture(scope="module")
def no_js(atlas):
    context = atlas.browser.new_context(viewport=ab.PHONE, java_script_enabled=False)
    yield context
    context.close()


def test_every_page_shows_its_diagrams_and_maths_without_javascript(atlas, no_js, page_url):
    server = atlas.servers["atlas"]
    page = no_js.new_page()
    try:
        response = page.goto(server.url + page_url)
        assert response.status == 200
        seen = page.evaluate(VISIBLE)
    finally:
        page.close()
    assert len(seen["diagrams"]) == ab.diagram_count(page_url)
    assert all(d["shown"] for d in seen["diagrams"]), f"{page_url}: a diagram is not visible"
    assert seen["sources"] == 0
    assert not seen["rawSource"], f"{page_url}: raw diagram source shows"
    assert not seen["rawTex"], f"{page_url}: raw TeX shows"
    assert seen["typeset"] == seen["formulas"]


def test_map_links_answer_200_without_javascript(atlas, no_js, map_url):
    server = atlas.servers["atlas"]
    page = no_js.new_page()
    try:
        page.goto(server.url + map_url)
        hrefs = [h for d in page.evaluate(VISIBLE)["diagrams"] for h in d["links"]]
        assert hrefs, f"{map_url}: no linked node"
        base = page.url
        bad = []
        for href in hrefs:
            assert href, "a link with no target"
            assert not href.startswith(("/", "javascript:")), href
            status = page.request.get(urljoin(base, href), max_redirects=0).status
            if status != 200:
                bad.append(f"{href}: {status}")
        # A real click on the first link, with no script to help it.
        with page.expect_navigation():
            page.locator(".atlas-diagram a:visible").first.click()
        assert page.url == urljoin(base, hrefs[0])
    finally:
        page.close()
    assert bad == []
