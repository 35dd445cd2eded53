"""The deep-dive page contract (sitecheck/contract.py) on page texts: each breach is one finding
at the line of the bad key, the missing section, the TODO marker or the title."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from sitecheck.contract import check_page, declares_deep_dive, schema
from sitecheck.ignores import Settings
from sitecheck.run import contract_findings

PAGES = {"index.md", "deep-learning/neural-networks.md", "deep-learning/cnns.md"}
SECTIONS = schema()["x-atlas-sections"]
PROSE = ("Plain words about one idea make up this sentence, and it is ten words long. " * 15)


def page(front: str | None = None, sections: list[str] | None = None, questions: int = 3,
         words: str = PROSE, diagram: bool = True) -> str:
    front = front if front is not None else (
        "type: deep-dive\ntitle: Attention\nsummary: How a model weighs its inputs.\n"
        "level: intermediate\nprerequisites:\n  - deep-learning/neural-networks.md\n")
    out = ["---", front.rstrip("\n"), "---", "", "# Attention", "", "A lead paragraph.", ""]
    for name in sections if sections is not None else SECTIONS:
        out += [f"## {name}", "", words, ""]
        if name == "How it works" and diagram:
            out += ["```mermaid", "flowchart LR", "  A --> B", "```", ""]
        if name == "Check yourself":
            for k in range(questions):
                out += [f'??? question "Question {k}?"', "", "    An answer.", ""]
    return "\n".join(out)


def found(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.rule) for f in check_page("docs/x/p.md", text, PAGES, "x/p.md")]


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle) + 1


def test_a_page_that_keeps_the_contract_has_no_findings():
    assert found(page()) == []


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(schema())
    assert schema()["required"] == ["type", "title", "summary", "level", "prerequisites"]


def test_only_a_page_that_says_deep_dive_is_held_to_it():
    assert declares_deep_dive(page())
    assert not declares_deep_dive("---\ntitle: Glossary\n---\n\n# Glossary\n")
    assert not declares_deep_dive("# No front matter\n")
    sources = {"docs/a.md": page(words="Short."), "docs/b.md": "# Short\n\nA hundred words.\n",
               "docs/deep-learning/neural-networks.md": "# Neural networks\n"}
    rules = {(f.path, f.rule) for f in contract_findings(sources, Settings())}
    assert rules == {("docs/a.md", "contract-words")}


@pytest.mark.parametrize(("old", "new", "line", "column"), [
    ("level: intermediate", "level: expert", 5, 1),
    ("title: Attention", "title: ''", 3, 1),
    ("summary: How a model weighs its inputs.", "summary: |\n  Two\n  lines", 4, 1),
    ("  - deep-learning/neural-networks.md", "  - /deep-learning/neural-networks.md", 7, 5),
])
def test_a_bad_key_is_reported_at_its_line(old, new, line, column):
    text = page().replace(old, new)
    assert found(text) == [(line, column, "contract-front-matter")]


def test_a_missing_key_is_reported_at_the_front_matter():
    text = page().replace("summary: How a model weighs its inputs.\n", "")
    findings = check_page("docs/x/p.md", text, PAGES, "x/p.md")
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (1, "contract-front-matter", "front matter: 'summary' is a required property")]


def test_a_prerequisite_must_be_a_page_relative_to_docs():
    text = page().replace("  - deep-learning/neural-networks.md", "  - ../deep-learning/cnns.md")
    (f,) = check_page("docs/deep-learning/p.md", text, PAGES, "deep-learning/p.md")
    assert (f.line, f.column, f.rule) == (7, 5, "contract-prerequisite")
    assert f.hint is None or f.hint == "deep-learning/cnns.md"
    text = page().replace("  - deep-learning/neural-networks.md", "  - cnns.md")
    (f,) = check_page("docs/deep-learning/p.md", text, PAGES, "deep-learning/p.md")
    assert f.hint == "deep-learning/cnns.md"  # written relative to the page, as in a link
    assert "relative to docs/" in f.message


def test_a_missing_section_is_reported_where_it_belongs():
    text = page(sections=[s for s in SECTIONS if s != "Common mistakes"])
    assert found(text) == [
        (line_of(text, "## Milestones and further reading"), 1, "contract-section")]


def test_sections_out_of_order_and_unknown_ones():
    order = list(SECTIONS)
    order[0], order[1] = order[1], order[0]
    text = page(sections=order)
    assert found(text) == [(line_of(text, "## The idea in plain words"), 1, "contract-section")]
    text = page(sections=[*SECTIONS[:3], "Milestones", *SECTIONS[3:]])
    findings = check_page("docs/x/p.md", text, PAGES, "x/p.md")
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "## Milestones"),
                                                     "contract-section")]
    assert findings[0].hint == "## Milestones and further reading"


def test_how_it_works_needs_a_diagram():
    text = page(diagram=False)
    assert found(text) == [(line_of(text, "## How it works"), 1, "contract-diagram")]


@pytest.mark.parametrize("count", [2, 6])
def test_check_yourself_has_three_to_five_questions(count):
    text = page(questions=count)
    assert found(text) == [(line_of(text, "## Check yourself"), 1, "contract-questions")]


@pytest.mark.parametrize(("words", "ok"), [(PROSE, True), ("Too few words here.", False),
                                            (PROSE * 2, False)])
def test_the_word_count(words, ok):
    text = page(words=words)
    assert found(text) == ([] if ok else [(line_of(text, "# Attention"), 1, "contract-words")])


def test_code_and_maths_are_not_prose():
    text = page(words="Short.").replace(
        "A lead paragraph.", "A lead paragraph.\n\n```python\n" + "x = 1\n" * 3000 + "```\n\n$$\n"
        + "a + b " * 3000 + "\n$$")
    assert [r for _, _, r in found(text)] == ["contract-words"]


def test_each_todo_marker_is_reported_at_its_line_and_column():
    text = page().replace("A lead paragraph.", "A lead paragraph. TODO: say more.")
    assert found(text) == [(line_of(text, "A lead paragraph. TODO: say more."), 19,
                            "contract-todo")]


def test_no_front_matter_and_broken_yaml():
    assert found("# Attention\n\nText.\n") == [(1, 1, "contract-front-matter")]
    text = page(front="type: deep-dive\ntitle: [unclosed\n")
    (line, _, rule), *_ = found(text)
    assert rule == "contract-front-matter"
    assert 2 <= line <= 4  # inside the front matter, where YAML gave up
