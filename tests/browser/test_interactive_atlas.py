"""The interactive atlas as a student uses it: previews, progress, you are here, what next.

Each behaviour is tried at desk width with a mouse and the keyboard, and at phone width with
touch, at the root and under /atlas/. Progress lives in localStorage, so every test starts in
a fresh context (an empty profile) and nothing is sent to any host while it is used.
"""

from __future__ import annotations

import atlas_browser as ab
import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AREA_MAPS = ["", "deep-learning/", "machine-learning/", "nlp-llms/", "generative-ai/",
             "computer-vision/"]
SMALLEST_LABEL = 11.0

# Each node of the map on screen: its box and its label size as drawn (CSS px).
MAP_NODES = """
() => {
  const figure = document.querySelector(".atlas-map");
  const svg = [...figure.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().width);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("g.node")].map((g) => {
    const box = g.getBoundingClientRect();
    const label = g.querySelector(".nodeLabel") || g;
    return {
      id: g.id, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
      px: parseFloat(getComputedStyle(label).fontSize) * scale,
    };
  });
}
"""


def fresh(atlas, viewport: dict) -> tuple:
    context = ab.new_context(atlas.browser, viewport, count_errors=True)
    page = context.new_page()
    sent: list[str] = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
    return context, page, sent


def base_url(atlas, base: str) -> str:
    return atlas.servers[base].url


def foreign(atlas, base: str, sent: list[str]) -> list[str]:
    server = atlas.servers[base]
    return [r for r in sent if not server.is_local(r.split(" ", 1)[1]) or
            not r.startswith("GET ")]


def node(page: Page, label: str):
    return page.locator(".atlas-map svg:visible g.node", has_text=label).first


# --- previews -------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["root", "atlas"])
def test_hovering_a_node_previews_its_page_and_escape_closes_it(atlas, base):
    context, page, sent = fresh(atlas, ab.DESKTOP)
    try:
        page.goto(base_url(atlas, base) + "deep-learning/")
        node(page, "CNNs").hover()
        preview = page.locator(".atlas-preview")
        preview.wait_for()
        text = preview.inner_text()
        assert "Convolutional neural networks (CNNs)" in text
        assert "intermediate" in text
        assert "filters" in text.lower()
        link = preview.locator("a")
        assert link.get_attribute("href") == "cnns/"
        assert page.url.endswith("/deep-learning/"), "a preview must not leave the map"
        page.keyboard.press("Escape")
        assert preview.count() == 0
        requests_before = len(sent)
        node(page, "Transformers").hover()
        page.locator(".atlas-preview").wait_for()
        assert len(sent) == requests_before, "a preview fetched something"
        assert page.evaluate("window.__atlasErrors") == 0
    finally:
        context.close()


def test_focusing_a_node_with_the_keyboard_previews_it(atlas):
    context, page, _ = fresh(atlas, ab.DESKTOP)
    try:
        page.goto(base_url(atlas, "root") + "deep-learning/")
        page.locator(".atlas-map svg:visible a").first.focus()
        preview = page.locator(".atlas-preview")
        preview.wait_for()
        assert "Neural networks" in preview.inner_text()
        described = page.locator(".atlas-map svg:visible a").first.get_attribute(
            "aria-describedby")
        assert described == page.locator(".atlas-preview").get_attribute("id")
    finally:
        context.close()


@pytest.mark.parametrize("base", ["root", "atlas"])
def test_on_touch_the_first_tap_previews_and_the_preview_link_opens(atlas, base):
    context, page, _ = fresh(atlas, ab.PHONE)
    try:
        page.goto(base_url(atlas, base) + "deep-learning/")
        start = page.url
        node(page, "Transformers").tap()
        preview = page.locator(".atlas-preview")
        preview.wait_for()
        assert page.url == start, "the first tap must not leave the map"
        assert "Transformers" in preview.inner_text()
        # A tap elsewhere closes it.
        page.locator("h1").tap()
        assert preview.count() == 0
        node(page, "Transformers").tap()
        with page.expect_navigation():
            page.locator(".atlas-preview a").tap()
        assert page.url == start + "transformers/"
    finally:
        context.close()


def test_a_planned_nodes_preview_says_it_is_planned(atlas):
    context, page, _ = fresh(atlas, ab.DESKTOP)
    try:
        page.goto(base_url(atlas, "root") + "nlp-llms/")
        planned = page.locator(".atlas-map svg:visible g.node.planned").first
        planned.focus()
        preview = page.locator(".atlas-preview")
        preview.wait_for()
        assert "planned" in preview.inner_text().lower()
        assert preview.locator("a").count() == 0
        assert planned.get_attribute("aria-label").endswith(", planned")
    finally:
        context.close()


# --- progress -------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "viewport"), [("root", ab.DESKTOP), ("atlas", ab.PHONE)],
                         ids=["desktop", "phone"])
def test_marking_done_survives_a_reload_shows_on_maps_and_resets(atlas, base, viewport):
    context, page, sent = fresh(atlas, viewport)
    url = base_url(atlas, base)
    try:
        page.goto(url + "deep-learning/cnns/")
        button = page.get_by_role("button", name="Mark as done")
        assert button.get_attribute("aria-pressed") == "false"
        loaded = len(sent)
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert len(sent) == loaded, "marking done sent a request"
        page.reload()
        assert page.get_by_role("button", name="Mark as done").get_attribute(
            "aria-pressed") == "true"

        page.goto(url + "deep-learning/")
        assert page.locator(".atlas-progress").inner_text().startswith("1 of 7 topics done")
        done = page.locator(".atlas-map svg:visible g.node.atlas-done")
        assert done.count() == 1
        assert done.locator(".atlas-done-mark").text_content() == "✓"
        link = page.locator(".atlas-map svg:visible a:has(g.node.atlas-done)")
        assert link.get_attribute("aria-label") == "CNNs vision, done"

        page.goto(url + "learning-paths/")
        core = page.locator('ol.atlas-path[data-path="deep-learning-core"]')
        cnn_step = core.locator('li[data-topic="deep-learning/cnns"] .atlas-step')
        assert "done" in cnn_step.inner_text()
        assert "Step" in cnn_step.inner_text()
        next_line = core.locator("xpath=following-sibling::p[1]")
        assert next_line.inner_text().startswith("Next:")
        assert "CNNs" not in next_line.inner_text()

        page.get_by_role("button", name="Reset progress").first.click()
        page.goto(url + "deep-learning/")
        assert page.locator(".atlas-progress").inner_text().startswith("0 of 7 topics done")
        assert page.locator(".atlas-map svg:visible g.node.atlas-done").count() == 0
        assert foreign(atlas, base, sent) == []
    finally:
        context.close()


def test_a_learning_path_shows_each_step_and_the_first_not_done(atlas):
    context, page, _ = fresh(atlas, ab.DESKTOP)
    url = base_url(atlas, "atlas")
    try:
        page.goto(url + "learning-paths/")
        core = page.locator('ol.atlas-path[data-path="machine-learning-core"]')
        steps = core.locator(":scope > li[data-topic] > .atlas-step")
        total = steps.count()
        assert total >= 5
        assert steps.first.inner_text().strip() == f"Step 1 of {total}"
        first = core.locator(":scope > li[data-topic] a").first
        next_line = core.locator("xpath=following-sibling::p[1]")
        assert next_line.locator("a").inner_text() == first.inner_text()
        # Done with step 1: the path's next step moves on.
        with page.expect_navigation():
            first.click()
        page.get_by_role("button", name="Mark as done").click()
        page.goto(url + "learning-paths/")
        second = core.locator(":scope > li[data-topic] a").nth(1)
        assert next_line.locator("a").inner_text() == second.inner_text()
    finally:
        context.close()


# --- you are here, and what next ----------------------------------------------------


@pytest.mark.parametrize("base", ["root", "atlas"])
def test_a_deep_dive_shows_its_area_map_with_itself_marked(atlas, base):
    context, page, _ = fresh(atlas, ab.PHONE if base == "atlas" else ab.DESKTOP)
    try:
        page.goto(base_url(atlas, base) + "deep-learning/transformers/")
        here = page.locator(".atlas-here svg:visible a[aria-current=page]")
        assert here.count() == 1
        assert "Transformers" in here.text_content()
        # Its other nodes lead to their pages from here.
        link = page.locator(".atlas-here svg:visible a", has_text="CNNs").first
        assert link.get_attribute("xlink:href") == "../cnns/"
        crumbs = page.locator(".md-path")
        assert "Deep Learning" in crumbs.inner_text()
    finally:
        context.close()


def test_next_step_follows_the_path_the_student_came_from_and_the_footer_agrees(atlas):
    context, page, _ = fresh(atlas, ab.DESKTOP)
    url = base_url(atlas, "atlas")
    try:
        page.goto(url + "deep-learning/transformers/")
        default = page.locator(".atlas-next").inner_text()
        footer = page.locator(".md-footer__link--next")
        assert footer.count() == 1
        footer_title = footer.locator(".md-ellipsis").inner_text().strip()
        assert footer_title in default, "the footer's Next contradicts the page's"

        page.goto(url + "learning-paths/")
        track = page.locator('ol.atlas-path[data-path="track-language-models"]')
        with page.expect_navigation():
            track.locator("a", has_text="Transformers").first.click()
        box = page.locator(".atlas-next").inner_text()
        assert "Language models" in box
        following = track_next_title(page, url)
        assert following in box
        assert page.locator(".md-footer__link--next .md-ellipsis").inner_text().strip() == \
            following
    finally:
        context.close()


def track_next_title(page: Page, url: str) -> str:
    """The step after Transformers in the Language models track, read from the paths page."""
    other = page.context.new_page()
    try:
        other.goto(url + "learning-paths/")
        items = other.locator('ol.atlas-path[data-path="track-language-models"] > li')
        titles = [items.nth(i).locator("a").first.inner_text() for i in range(items.count())]
    finally:
        other.close()
    at = next(i for i, t in enumerate(titles) if "Transformers" in t)
    return titles[at + 1]


# --- maps that fit --------------------------------------------------------------------


@pytest.mark.parametrize("url", AREA_MAPS, ids=[u.strip("/") or "map" for u in AREA_MAPS])
def test_every_node_of_an_area_map_is_on_a_phone_screen_and_readable(atlas, url):
    context, page, _ = fresh(atlas, ab.PHONE)
    try:
        page.goto(base_url(atlas, "atlas") + url)
        nodes = page.evaluate(MAP_NODES)
        width = page.evaluate("document.documentElement.clientWidth")
    finally:
        context.close()
    assert nodes
    off = [n["id"] for n in nodes if n["left"] < 0 or n["right"] > width]
    assert off == [], f"{url}: nodes off a {width} px screen"
    small = [(n["id"], round(n["px"], 1)) for n in nodes if n["px"] < SMALLEST_LABEL]
    assert small == [], f"{url}: labels under {SMALLEST_LABEL} px"


@pytest.mark.parametrize("url", AREA_MAPS, ids=[u.strip("/") or "map" for u in AREA_MAPS])
def test_desk_maps_keep_full_size_labels(atlas, url):
    context, page, _ = fresh(atlas, ab.DESKTOP)
    try:
        page.goto(base_url(atlas, "root") + url)
        sizes = [n["px"] for n in page.evaluate(MAP_NODES)]
    finally:
        context.close()
    assert min(sizes) >= 15.5, f"{url}: map labels drawn at {min(sizes):.1f} px"


def test_a_map_has_a_text_version_that_lists_its_nodes(atlas):
    context, page, _ = fresh(atlas, ab.PHONE)
    try:
        page.goto(base_url(atlas, "atlas") + "deep-learning/")
        toggle = page.locator(".atlas-map .atlas-text-version summary")
        assert toggle.inner_text().strip() == "Text version"
        items = page.locator(".atlas-text-version li")
        assert not items.first.is_visible()
        toggle.tap()
        assert items.first.is_visible()
        assert items.count() == page.locator(".atlas-map svg:visible g.node").count()
        svg = page.locator(".atlas-map svg:visible")
        described = svg.get_attribute("aria-describedby")
        assert page.locator(f"#{described}").count() == 1
        assert svg.get_attribute("aria-label")
    finally:
        context.close()
