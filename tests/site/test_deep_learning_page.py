"""Every element of the seed page (shared/spec) is on the built Deep Learning page."""

from __future__ import annotations

import pytest
from diagram_text import clicks, markdown_diagrams

PAGE = "deep-learning"

# The seed's area map: node id -> label, exactly as the seed writes them.
MAP_NODES = {
    "NN": "([Neural Networks])",
    "CNN": "[CNNs<br/>vision]",
    "RNN": "[RNNs / LSTMs<br/>sequences]",
    "TF": "[Transformers<br/>attention]",
    "GEN": "[Diffusion & GANs<br/>generation]",
    "GNN": "[Graph NNs<br/>graphs]",
}
ATTENTION_EDGES = [
    "IN[/Token sequence/] --> Q[Query]",
    "IN --> K[Key]",
    "IN --> V[Value]",
    "Q --> ATT{{Attention<br/>who attends to whom}}",
    "K --> ATT",
    "V --> ATT",
    "ATT --> OUT[/Context-aware representation/]",
]
HEADINGS = [
    "Deep Learning",
    "Key topics",
    "Why depth works: representation learning",
    "The transformer, briefly",
    "Scaling laws",
    "Related areas",
    "Learn this properly",
]


@pytest.fixture(scope="module")
def page(build):
    assert build.returncode == 0, build.log
    return build.page(PAGE)


def heading_text(tag) -> str:
    return tag.get_text().replace("¶", "").strip()


def test_seed_headings_are_present_in_order(page):
    found = [heading_text(h) for h in page.select("article h1, article h2")]
    assert [h for h in found if h in HEADINGS] == HEADINGS


def test_tagline_leads_the_page(page):
    lead = page.select_one("article p.atlas-lead")
    assert lead is not None
    assert lead.get_text(" ", strip=True).startswith("Machine learning with many-layered neural")


def test_area_map_keeps_seed_node_ids_and_labels(page):
    area_map = markdown_diagrams(PAGE)[0]
    assert area_map.lstrip().startswith("flowchart TB")
    for node, label in MAP_NODES.items():
        assert f"{node}{label}" in area_map, f"{node}{label} missing from the area map"


def test_every_area_map_node_clicks_to_an_existing_deep_dive(build, page):
    links = clicks(markdown_diagrams(PAGE)[0])
    # The seed's six nodes, and Training at scale, which the seed's map left out.
    assert set(links) == {*MAP_NODES, "SCALE"}
    assert links["SCALE"] == "training-at-scale/"
    for node, href in links.items():
        assert not href.startswith(("/", "javascript:")), href
        assert build.resolves(PAGE, href), f"{node} -> {href} does not reach a built page"
        assert (build.site / PAGE / href / "index.html").read_text("utf-8").count("atlas-facts")


def test_transformer_section_carries_the_attention_diagram(build, page):
    attention = [d for d in markdown_diagrams(PAGE) if "ATT{{Attention" in d]
    assert len(attention) == 1
    assert attention[0].lstrip().startswith("flowchart LR")
    for edge in ATTENTION_EDGES:
        assert edge in attention[0]
    section = page.find(id="the-transformer-briefly")
    build.require_drawn()
    following = section.find_next("div", class_="atlas-diagram")
    assert "Attention" in following.svg.get_text()


def test_seven_key_topic_cards_each_lead_to_a_deep_dive(build, page):
    cards = page.select("article .grid.cards > ul > li")
    assert len(cards) == 7
    for card in cards:
        link = card.find("a")
        assert link is not None, card.get_text()
        assert build.resolves(PAGE, link["href"]), link["href"]
        facts = build.page(f"{PAGE}/{link['href']}").select_one(".atlas-facts")
        assert facts is not None, f"{link['href']} is not a deep-dive"


def test_four_related_area_links_resolve(build, page):
    heading = page.find(id="related-areas")
    links = heading.find_next("p").find_all("a")
    names = [a.get_text(strip=True) for a in links]
    assert names == [
        "Machine Learning",
        "NLP & Large Language Models",
        "Generative AI",
        "Computer Vision",
    ]
    for a in links:
        assert build.resolves(PAGE, a["href"]), a["href"]


def test_learn_this_properly_leads_to_the_learning_paths(build, page):
    heading = page.find(id="learn-this-properly")
    button = heading.find_next("a", class_="md-button")
    assert build.resolves(PAGE, button["href"])
    assert button["href"].rstrip("/").endswith("learning-paths")
