"""The Map of AI and the area maps: linked nodes open their pages, planned ones are not links.

Clicks are made under /atlas/, the stricter base: a click target that only
works at the root of a host (`/deep-learning/`) fails there.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Route

pytestmark = pytest.mark.browser

# The root of the Map of AI is the subject itself, not an area with a page.
UNLINKED_ON_PURPOSE = {"": {"AI"}}

DEEP_DIVES = {
    "NN": "neural-networks/",
    "CNN": "cnns/",
    "RNN": "rnns-lstms/",
    "TF": "transformers/",
    "GEN": "diffusion-gans/",
    "GNN": "graph-neural-networks/",
}


def test_linked_nodes_open_their_pages(atlas, map_url):
    """Click every linked node: the page it asks for is there (200) at the expected URL.

    The last click lands for real. The ones before it reach the server too,
    but the browser is then handed a 204 No Content, which keeps the map in
    place for the next click instead of reloading it each time (each page's
    own rendering is checked by test_pages).
    """
    tab = atlas.tab("atlas", "desktop")
    tab.open(map_url)
    page = tab.page
    map_address = page.url
    blocks = tab.snapshot()["blocks"]
    clicks = [(b, k, a) for b, block in enumerate(blocks) for k, a in enumerate(block["anchors"])]
    assert clicks, f"{map_address}: no diagram on this map has a linked node"

    answered: dict[str, int] = {}

    def ask_server_then_stay(route: Route) -> None:
        if not (route.request.is_navigation_request() and route.request.frame == page.main_frame):
            route.fallback()
            return
        answered[route.request.url] = route.fetch(max_redirects=0).status
        route.fulfill(status=204)

    problems = []
    page.route("**/*", ask_server_then_stay)
    try:
        for b, k, anchor in clicks[:-1]:
            link = page.locator(".atlas-diagram").nth(b).locator("a").nth(k)
            with page.expect_response(lambda r: r.request.is_navigation_request()) as response:
                link.click()
            url = response.value.url
            expected = urljoin(map_address, anchor["href"])
            if url != expected or answered.get(url) != 200:
                problems.append(
                    f"{anchor['node']} → {anchor['href']}: {url} answered {answered.get(url)}"
                )
            if page.url != map_address:
                # Chromium now and then commits a navigation the 204 should have stopped
                # (seen with Material's own drawing too): back to the map for the next click.
                page.unroute("**/*", ask_server_then_stay)
                page.goto(map_address)
                page.route("**/*", ask_server_then_stay)
    finally:
        page.unroute("**/*", ask_server_then_stay)

    b, k, anchor = clicks[-1]
    expected = urljoin(map_address, anchor["href"])
    with page.expect_response(lambda r: r.request.is_navigation_request()) as landing:
        page.locator(".atlas-diagram").nth(b).locator("a").nth(k).click()
    page.wait_for_url(lambda url: url != map_address, wait_until="commit")
    url, status = page.url, landing.value.status
    if url != expected or status != 200:
        problems.append(f"{anchor['node']} → {anchor['href']}: {url} answered {status}")

    assert all(url.startswith(tab.server.url) for url in answered), "a node leaves the site"
    assert not problems, f"{map_address}: nodes that open no page:\n" + "\n".join(problems)
    assert tab.page_errors == []
    assert tab.foreign() == []


def test_planned_nodes_are_not_links(atlas, map_url):
    visit = atlas.visit("root", map_url)
    planned = [n for block in visit.snapshot["blocks"] for n in block["nodes"] if n["planned"]]
    links = [n["id"] for n in planned if n["href"] or n["linkInside"]]
    assert links == [], f"{visit.url}: planned nodes that are links"


def test_every_map_node_is_a_link_or_planned(atlas, map_url):
    """A solid box that opens nothing is a dead end for a student."""
    visit = atlas.visit("root", map_url)
    assert visit.snapshot["blocks"], f"{visit.url} has no map"
    area_map = visit.snapshot["blocks"][0]
    allowed = UNLINKED_ON_PURPOSE.get(map_url, set())
    dead = [
        f"{n['id']} ({n['label']})"
        for n in area_map["nodes"]
        if not n["href"] and not n["planned"] and n["id"] not in allowed
    ]
    assert area_map["nodes"], f"{visit.url}: the map has no nodes"
    assert dead == [], f"{visit.url}: nodes neither linked nor marked planned"


def test_deep_learning_map_links_all_six_deep_dives(atlas):
    visit = atlas.visit("root", "deep-learning/")
    nodes = {n["id"]: n["href"] for n in visit.snapshot["blocks"][0]["nodes"]}
    assert {node: nodes.get(node) for node in DEEP_DIVES} == DEEP_DIVES
