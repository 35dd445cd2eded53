"""Each deep-dive holds what shared/spec/CONTENT.md asks of one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
DEEP_DIVES = [
    "neural-networks",
    "cnns",
    "rnns-lstms",
    "transformers",
    "diffusion-gans",
    "graph-neural-networks",
    "training-at-scale",
]
SECTIONS = [
    "The idea in plain words",
    "How it works",
    "The maths that matters",
    "A worked example",
    "Where it is used today",
    "What it is bad at",
    "Common mistakes",
    "Milestones",
    "Check yourself",
    "Further reading",
    "Prerequisites and next steps",
]
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2\s*$", re.MULTILINE | re.DOTALL)


def source(name: str) -> tuple[str, dict]:
    return get_data((ROOT / "docs/deep-learning" / f"{name}.md").read_text("utf-8"))


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_front_matter_is_complete(name):
    _, meta = source(name)
    assert isinstance(meta.get("title"), str)
    assert meta["title"]
    assert isinstance(meta.get("summary"), str)
    assert "\n" not in meta["summary"].strip()
    assert meta.get("level") in {"beginner", "intermediate", "advanced"}
    prerequisites = meta.get("prerequisites")
    assert isinstance(prerequisites, list)
    for path in prerequisites:
        assert (ROOT / "docs" / path).is_file(), path


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_is_a_real_page_of_900_words_or_more(name):
    markdown, _ = source(name)
    prose = FENCE.sub("", markdown)
    prose = re.sub(r"\$\$.*?\$\$", "", prose, flags=re.DOTALL)
    assert len(re.findall(r"[A-Za-z][A-Za-z'-]*", prose)) >= 900


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_has_every_section_in_order(build, name):
    page = build.page(f"deep-learning/{name}")
    found = [h.get_text().replace("¶", "").strip() for h in page.select("article h2")]
    assert [h for h in found if h in SECTIONS] == SECTIONS


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_has_a_mechanism_diagram_and_rendered_maths(build, name):
    page = build.page(f"deep-learning/{name}")
    build.require_drawn()
    how = page.find(id="how-it-works")
    diagram = how.find_next("div", class_="atlas-diagram")
    assert diagram is not None
    assert len(diagram.select("svg .flowchart-link")) >= 3
    assert page.select(".arithmatex .katex"), "no maths typeset by KaTeX"


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_check_yourself_has_three_to_five_collapsible_answers(build, name):
    page = build.page(f"deep-learning/{name}")
    heading = page.find(id="check-yourself")
    questions = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        if sibling.name == "details":
            questions.append(sibling)
    assert 3 <= len(questions) <= 5
    for question in questions:
        assert question.find("summary").get_text(strip=True)
        answer = question.get_text(" ", strip=True)
        assert len(answer) > len(question.find("summary").get_text(strip=True)) + 20


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_milestones_carry_years(build, name):
    page = build.page(f"deep-learning/{name}")
    table = page.find(id="milestones").find_next("table")
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20[0-2]\d)\b", table.get_text())]
    assert len(years) >= 3
    assert all(1940 <= y <= 2026 for y in years)


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_shows_level_and_prerequisite_links(build, name):
    _, meta = source(name)
    facts = build.page(f"deep-learning/{name}").select_one(".atlas-facts")
    assert meta["level"].capitalize() in facts.get_text()
    links = facts.find_all("a")
    assert len(links) == len(meta["prerequisites"])
    for link in links:
        assert build.resolves(f"deep-learning/{name}", link["href"])


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_every_link_in_next_steps_resolves(build, name):
    page_url = f"deep-learning/{name}"
    heading = build.page(page_url).find(id="prerequisites-and-next-steps")
    links = [a for a in heading.find_all_next("a") if a.find_parent("article")]
    internal = [a["href"] for a in links if not a["href"].startswith(("http", "#"))]
    assert internal
    for href in internal:
        assert build.resolves(page_url, href), href
