"""hooks/map_data.py: the data the build writes for maps, previews, progress and paths."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("atlas_map_data", ROOT / "hooks/map_data.py")
md = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = md
spec.loader.exec_module(md)

NN = md.PageFacts("deep-learning/neural-networks.md", "deep-learning/neural-networks/",
                  "Neural networks", "Layers of units.", "beginner", "deep-dive")
CNN = md.PageFacts("deep-learning/cnns.md", "deep-learning/cnns/", "CNNs", "Filters.",
                   "intermediate", "deep-dive", ("deep-learning/neural-networks.md",))
TF = md.PageFacts("deep-learning/transformers.md", "deep-learning/transformers/",
                  "Transformers", "Attention.", "intermediate", "deep-dive",
                  ("deep-learning/neural-networks.md",))
AREA = md.PageFacts("deep-learning/index.md", "deep-learning/", "Deep Learning", "Many layers.")
PAGES = [AREA, NN, CNN, TF]
BY_URL = {p.url: p for p in PAGES}
BY_SRC = {p.src: p for p in PAGES}
GRAPH = {
    "direction": "TB", "title": "", "description": "",
    "nodes": [
        {"id": "NN", "label": "Neural Networks", "link": "neural-networks/", "classes": []},
        {"id": "CNN", "label": "CNNs vision", "link": "cnns/", "classes": []},
        {"id": "TF", "label": "Transformers", "link": "transformers/", "classes": []},
        {"id": "GNN", "label": "Graph NNs", "link": None, "classes": ["planned"]},
    ],
    "edges": [["NN", "CNN"], ["NN", "TF"], ["CNN", "TF"], ["NN", "GNN"]],
}


@pytest.mark.parametrize(("page", "href", "expected"), [
    ("deep-learning/", "cnns/", "deep-learning/cnns/"),
    ("", "machine-learning/", "machine-learning/"),
    ("deep-learning/cnns/", "../transformers/", "deep-learning/transformers/"),
    ("deep-learning/cnns/", "../../glossary/#attention", "glossary/"),
])
def test_links_resolve_against_the_page_that_holds_them(page, href, expected):
    assert md.site_url(page, href) == expected


@pytest.mark.parametrize(("start", "target", "expected"), [
    ("deep-learning/cnns/", "deep-learning/transformers/", "../transformers/"),
    ("deep-learning/cnns/", "deep-learning/", "../"),
    ("", "deep-learning/", "deep-learning/"),
    ("learning-paths/", "", "../"),
    ("deep-learning/", "deep-learning/", "./"),
])
def test_relative_urls_work_under_any_sub_path(start, target, expected):
    assert md.relative_url(start, target) == expected
    assert md.site_url(start, expected) == target


def test_previews_carry_the_target_pages_front_matter_or_say_planned():
    found = md.nodes(GRAPH, "deep-learning/", BY_URL)
    previews = {n.id: md.preview(n) for n in found}
    assert previews["CNN"] == {"id": "CNN", "label": "CNNs vision", "title": "CNNs",
                               "summary": "Filters.", "level": "intermediate",
                               "kind": "deep-dive", "topic": "deep-learning/cnns"}
    assert previews["GNN"] == {"id": "GNN", "label": "Graph NNs", "planned": True}


def test_progress_keys_are_source_paths_without_md():
    assert CNN.topic == "deep-learning/cnns"
    assert AREA.topic == "deep-learning/index"


def test_text_version_lists_every_node_once_and_every_edge():
    found = md.nodes(GRAPH, "deep-learning/", BY_URL)
    text = md.text_version(GRAPH, found, "deep-learning/", "m-text")
    assert text.startswith('<ul id="m-text"><li data-topic="deep-learning/neural-networks">')
    # A node that opens a page is listed by the page's title.
    for title in ("Neural networks", "CNNs", "Transformers"):
        assert text.count(f">{title}</a>") == 1
    assert "Graph NNs (planned)" in text
    # CNN -> TF is the edge the nesting cannot show: it is said in words.
    assert "(also leads to Transformers)" in text
    assert 'href="cnns/"' in text


def test_text_version_links_work_from_another_page():
    found = md.nodes(GRAPH, "deep-learning/", BY_URL)
    text = md.text_version(GRAPH, found, "deep-learning/cnns/", "m-text")
    assert 'href="../transformers/"' in text
    assert 'href="./"' in text


def test_description_names_each_node_where_it_leads_and_what_it_follows():
    found = md.nodes(GRAPH, "deep-learning/", BY_URL)
    said = md.description(GRAPH, found)
    assert said.startswith("4 topics: Neural Networks (opens Neural networks);")
    assert "Transformers (opens Transformers, after Neural Networks, CNNs vision)" in said
    assert "Graph NNs (planned, no page yet, after Neural Networks)" in said


@pytest.mark.parametrize(("text", "expected"), [
    ("flowchart TB\n A --> B", "flowchart LR\n A --> B"),
    ("graph LR\n A --> B", "graph TB\n A --> B"),
    ("%% a comment\nflowchart TD\n A", "%% a comment\nflowchart LR\n A"),
    ("sequenceDiagram\n A->>B: hi", None),
])
def test_a_map_can_be_turned_for_a_phone(text, expected):
    assert md.turned(text) == expected


def test_label_size_after_shrinking_to_fit():
    assert md.label_size(300, 328) == 16
    assert md.label_size(656, 328) == 8
    assert md.label_size(477, 328) == pytest.approx(11.0, abs=0.01)


PATHS = """\
# Learning paths

## Deep Learning core

1. [Neural networks](deep-learning/neural-networks.md): first.
2. [CNNs](deep-learning/cnns.md): second.
3. Choose [CNNs](deep-learning/cnns.md) or [Transformers](deep-learning/transformers.md).
4. [Transformers](deep-learning/transformers.md): third.

## Backwards

1. [Transformers](deep-learning/transformers.md): too early.
2. [Neural networks](deep-learning/neural-networks.md): its prerequisite.

```text
1. [CNNs](deep-learning/cnns.md) in a code block is no step
```
"""


def test_learning_paths_are_the_numbered_links_under_each_heading():
    paths = md.learning_paths(PATHS, "learning-paths.md", BY_SRC, slugify)
    assert [(p.id, p.name) for p in paths] == [("deep-learning-core", "Deep Learning core"),
                                              ("backwards", "Backwards")]
    assert [(s.page.title, s.line) for s in paths[0].steps] == [
        ("Neural networks", 5), ("CNNs", 6), ("Transformers", 8)]
    assert len(paths[1].steps) == 2


def test_a_step_before_its_prerequisite_is_reported_at_its_line():
    paths = md.learning_paths(PATHS, "learning-paths.md", BY_SRC, slugify)
    assert md.path_order_problems(paths) == [(
        12, "learning path 'Backwards' puts 'Transformers' before its prerequisite "
            "'Neural networks' (line 13)")]


def test_the_next_step_follows_the_path_or_else_the_prerequisite_graph():
    paths = md.learning_paths(PATHS, "learning-paths.md", BY_SRC, slugify)
    positions = md.path_positions(CNN, paths)
    assert positions == {"deep-learning-core": {"name": "Deep Learning core", "step": 2,
                                                "of": 3, "next": TF}}
    assert md.next_by_graph(NN, PAGES) is CNN
    assert md.next_by_graph(TF, PAGES) is None


def test_a_mechanism_diagram_is_described_box_by_box():
    graph = {"nodes": [{"id": "A", "label": "Input", "link": None, "classes": []},
                       {"id": "B", "label": "Conv", "link": None, "classes": []}],
             "edges": [["A", "B"]]}
    found = md.nodes(graph, "", {})
    assert md.description(graph, found, ("box", "boxes")) == "2 boxes: Input; Conv (after Input)."
