"""Every deep-dive holds what the page contract asks of one (shared/spec/CONTENT.md).

Deep-dives are found by their front matter (`type: deep-dive`), not from a list, so a new
page is held to the contract the moment it declares itself one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SECTIONS = [
    "The idea in plain words",
    "How it works",
    "The maths that matters",
    "A worked example",
    "Where it is used today",
    "What it is bad at",
    "Common mistakes",
    "Milestones and further reading",
    "Check yourself",
    "Prerequisites and next steps",
]
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2\s*$", re.MULTILINE | re.DOTALL)
WORDS = (2000, 2800)


def deep_dives() -> list[str]:
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        _, meta = get_data(path.read_text("utf-8"))
        if meta.get("type") == "deep-dive":
            found.append(path.relative_to(DOCS).with_suffix("").as_posix())
    return found


DEEP_DIVES = deep_dives()


def source(name: str) -> tuple[str, dict]:
    return get_data((DOCS / f"{name}.md").read_text("utf-8"))


def test_every_area_has_its_deep_dives():
    areas = {name.split("/")[0] for name in DEEP_DIVES}
    assert {"deep-learning", "machine-learning"} <= areas
    assert sum(name.startswith("machine-learning/") for name in DEEP_DIVES) == 5
    assert sum(name.startswith("deep-learning/") for name in DEEP_DIVES) == 7


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_front_matter_is_complete(name):
    _, meta = source(name)
    assert set(meta) == {"type", "title", "summary", "level", "prerequisites"}
    assert isinstance(meta["title"], str)
    assert meta["title"]
    assert isinstance(meta["summary"], str)
    assert "\n" not in meta["summary"].strip()
    assert meta["level"] in {"beginner", "intermediate", "advanced"}
    assert isinstance(meta["prerequisites"], list)
    for path in meta["prerequisites"]:
        assert (DOCS / path).is_file(), path


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_is_readable_length(name):
    markdown, _ = source(name)
    prose = FENCE.sub("", markdown)
    prose = re.sub(r"\$\$.*?\$\$", "", prose, flags=re.DOTALL)
    words = len(re.findall(r"[A-Za-z][A-Za-z'-]*", prose))
    assert WORDS[0] <= words <= WORDS[1], f"{name}: {words} words"


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_has_every_section_in_order(build, name):
    page = build.page(name)
    found = [h.get_text().replace("¶", "").strip() for h in page.select("article h2")]
    assert [h for h in found if h in SECTIONS] == SECTIONS


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_has_a_mechanism_diagram_and_rendered_maths(build, name):
    page = build.page(name)
    build.require_drawn()
    how = page.find(id="how-it-works")
    diagram = how.find_next("div", class_="atlas-diagram")
    assert diagram is not None
    assert diagram.find_parent(class_="atlas-here") is None
    assert len(diagram.select("svg .flowchart-link")) >= 3
    assert page.select(".arithmatex .katex"), "no maths typeset by KaTeX"


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_has_a_worked_example_with_code_that_reproduces_it(name):
    markdown, _ = source(name)
    section = markdown.split("\n## A worked example", 1)[1].split("\n## ", 1)[0]
    # tests/site/test_code_examples.py runs it against its Output block.
    assert "```python" in section, f"{name}: no Python block to rerun"
    assert '```text title="Output"' in section


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_check_yourself_has_three_to_five_collapsible_answers(build, name):
    page = build.page(name)
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
def test_milestones_carry_years_and_readings_name_their_authors(build, name):
    page = build.page(name)
    heading = page.find(id="milestones-and-further-reading")
    text = " ".join(s.get_text(" ") for s in heading.find_next_siblings()
                    if s.name in {"ul", "ol", "p", "table"} and
                    s.find_previous("h2") is heading)
    years = [int(y) for y in re.findall(r"\b(1[789]\d\d|20[0-2]\d)\b", text)]
    assert len(years) >= 5
    assert all(1700 <= y <= 2026 for y in years)
    assert len(re.findall(r"\b[A-Z][a-z]+(?: et al\.| &| and)", text)) >= 3


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_shows_level_and_links_its_prerequisites(build, name):
    _, meta = source(name)
    page = build.page(name)
    facts = page.select_one(".atlas-facts")
    assert meta["level"].capitalize() in facts.get_text()
    links = facts.find_all("a")
    assert len(links) == len(meta["prerequisites"])
    for link in links:
        assert build.resolves(name, link["href"])
    # The closing section links each prerequisite too.
    heading = page.find(id="prerequisites-and-next-steps")
    hrefs = [a["href"] for a in heading.find_all_next("a") if a.find_parent("article")]
    for prerequisite in meta["prerequisites"]:
        target = prerequisite.removesuffix(".md").removesuffix("index")
        assert any(build.resolves(name, h) and (build.site / name / h).resolve() ==
                   (build.site / target).resolve() for h in hrefs), prerequisite


@pytest.mark.parametrize("name", DEEP_DIVES)
def test_every_link_in_next_steps_resolves(build, name):
    heading = build.page(name).find(id="prerequisites-and-next-steps")
    links = [a for a in heading.find_all_next("a") if a.find_parent("article")]
    internal = [a["href"] for a in links if not a["href"].startswith(("http", "#"))]
    assert internal
    for href in internal:
        assert build.resolves(name, href), href
