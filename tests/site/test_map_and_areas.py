"""The map of AI, the area pages, the learning paths and the glossary."""

from __future__ import annotations

import re

import pytest
from diagram_text import clicks, markdown_diagrams, planned

AREAS = ["machine-learning", "nlp-llms", "generative-ai", "computer-vision"]
NODE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*(?:\(\[|\[\[|\[\(|\(\(|\[|\(|\{\{|\{|>)", re.MULTILINE)
# Where each area page must reach a deep-dive we already have.
OVERLAPS = {
    "computer-vision": "../deep-learning/cnns/",
    "nlp-llms": "../deep-learning/transformers/",
    "generative-ai": "../deep-learning/diffusion-gans/",
}


def first_map(build, url: str) -> str:
    found = markdown_diagrams(url)
    assert found, f"{url or 'index'} has no map"
    return found[0]


def nodes(diagram: str) -> set[str]:
    return {n for n in NODE.findall(diagram) if n not in {"click", "class", "classDef", "style"}}


@pytest.mark.parametrize("url", ["", *AREAS])
def test_every_map_node_is_linked_or_planned(build, url):
    assert build.returncode == 0, build.log
    diagram = first_map(build, url)
    links = clicks(diagram)
    dashed = planned(diagram)
    assert links, "a map with no links"
    assert not set(links) & dashed, "a planned node must not be a link"
    for node, href in links.items():
        assert not href.startswith(("/", "javascript:")), href
        assert build.resolves(url, href), f"{node} -> {href}"
    unlinked = nodes(diagram) - set(links) - dashed
    # The map's hub ("Artificial Intelligence") is the map itself.
    assert unlinked <= ({"AI"} if url == "" else set()), unlinked


def test_map_links_every_core_area(build):
    links = clicks(first_map(build, ""))
    assert {href.rstrip("/") for href in links.values()} >= {"deep-learning", *AREAS}


@pytest.mark.parametrize(("area", "href"), OVERLAPS.items())
def test_area_map_reaches_the_shared_deep_dive(build, area, href):
    assert href in clicks(first_map(build, area)).values()


@pytest.mark.parametrize("area", AREAS)
def test_area_page_has_cards_related_areas_and_a_start(build, area):
    page = build.page(area)
    assert page.select_one("article p.atlas-lead") is not None
    assert page.select("article .grid.cards > ul > li")
    related = page.find(id="related-areas")
    assert related is not None
    links = [a["href"] for a in related.find_next(["p", "ul"]).find_all("a")]
    assert len(links) >= 3
    assert all(build.resolves(area, href) for href in links)
    assert page.find(id="where-to-start") is not None


def test_learning_paths_follow_the_prerequisites(build):
    page = build.page("learning-paths")
    steps = [a["href"] for a in page.select("article ol a")]
    deep_dives = [h for h in steps if re.search(r"deep-learning/[a-z]", h)]
    assert deep_dives
    first = {h: i for i, h in reversed(list(enumerate(deep_dives)))}
    # Neural networks come before everything that builds on them.
    assert min(first, key=first.get).rstrip("/").endswith("neural-networks")


def test_glossary_terms_show_their_definition_on_hover(build):
    terms = build.page("glossary").select("article dl dt")
    assert len(terms) >= 30
    page = build.page("deep-learning/neural-networks")
    hovers = {a.get_text(): a.get("title") for a in page.select("article a.atlas-term")}
    assert any(t.lower().startswith("backpropagation") for t in hovers), sorted(hovers)
    assert all(hovers.values())
