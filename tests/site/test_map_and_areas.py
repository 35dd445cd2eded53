"""The map of AI, the area pages, the learning paths and the glossary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diagram_text import clicks, markdown_diagrams, planned
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
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


def label_of(diagram: str, node: str) -> str:
    m = re.search(rf'(?<![\w-]){re.escape(node)}\s*[\[({{>]+"?([^\]\)}}"<]+)', diagram)
    return m.group(1).strip() if m else ""


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
    """Differential: each built path's steps against each page's own front matter."""
    page = build.page("learning-paths")
    paths = page.select("article ol.atlas-path")
    assert len(paths) >= 4
    for path in paths:
        steps = [li["data-topic"] + ".md" for li in path.select(":scope > li[data-topic]")]
        assert steps, path.get("data-path")
        for i, step in enumerate(steps):
            _, meta = get_data((ROOT / "docs" / step).read_text("utf-8"))
            later = [p for p in meta["prerequisites"] if p in steps[i + 1 :]]
            assert later == [], f"{path['data-path']}: {step} comes before {later}"


@pytest.mark.parametrize("area", ["deep-learning", *AREAS])
def test_every_key_topic_card_links_a_page_or_is_planned_on_the_map(build, area):
    page = build.page(area)
    diagram = first_map(build, area)
    targets = {build.site.joinpath(area, href).resolve() for href in clicks(diagram).values()}
    for card in page.select("article .grid.cards > ul > li"):
        link = card.select_one("a:not(.atlas-term)")  # a glossary term's link is not the card's
        if link is not None:
            assert build.resolves(area, link["href"]), link["href"]
            where = build.site.joinpath(area, link["href"].split("#")[0]).resolve()
            assert where in targets, f"{area}: card {link['href']} is not on the map"
        else:
            name = card.find("strong").get_text(" ", strip=True)
            assert "planned" in card.get_text().lower(), f"{area}: {name}: no link, not planned"
            planned_labels = [label_of(diagram, n).lower() for n in planned(diagram)]
            first_word = name.split()[0].lower()
            assert any(label.startswith(first_word) for label in planned_labels), (
                f"{area}: {name} is not planned on the map")


def test_glossary_terms_show_their_definition_on_hover(build):
    terms = build.page("glossary").select("article dl dt")
    assert len(terms) >= 30
    page = build.page("deep-learning/neural-networks")
    hovers = {a.get_text(): a.get("title") for a in page.select("article a.atlas-term")}
    assert any(t.lower().startswith("backpropagation") for t in hovers), sorted(hovers)
    assert all(hovers.values())


def test_every_map_is_named_for_its_page_once(build):
    # A screen reader announces the drawing by this name: "Map of Deep Learning", and the
    # map of AI as "Map of AI", not "Map of Map of AI".
    names = {}
    for page in sorted(build.site.rglob("*.html")):
        for tag in re.findall(r'<svg[^>]*class="atlas-map__drawing[^>]*', page.read_text("utf-8")):
            label = re.search(r'aria-label="([^"]*)"', tag).group(1)
            names.setdefault(str(page.relative_to(build.site)), set()).add(label)
    assert names, "no map drawing found"
    doubled = {page: labels for page, labels in names.items()
               if any(label.count("Map of") > 1 for label in labels)}
    assert doubled == {}
    assert names["index.html"] == {"Map of AI"}
    assert names["deep-learning/index.html"] == {"Map of Deep Learning"}
