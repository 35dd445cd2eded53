"""Mermaid in mini-racer: verdicts, messages, line mapping checked against the real parser,
click calls recorded from Mermaid's own grammars, and the time limit."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sitecheck.errors import CheckError
from sitecheck.mermaid import (
    MermaidPool,
    _comment_spans,
    clean_message,
    error_position,
    map_position,
    preprocess,
)

FLOW_ERROR = "B -->> C"
# Mermaid's grammar sees these lines only after it has stripped what comes before them.
PREFIXES = {
    "nothing": [],
    "blank lines": ["", "", ""],
    "comment": ["%% a comment"],
    "indented comment and blanks before it": ["", "  ", "   %% indented"],
    "directive": ['%%{init: {"theme": "dark"}}%%'],
    "directive over lines": ["%%{init: {", '  "theme": "dark"', "}}%%"],
    "front matter": ["---", "title: A diagram", "config:", "  theme: forest", "---"],
    "everything": ["---", "title: T", "---", "", "%%{init: {}}%%", "%% c", "", ""],
}
MIDDLES = {
    "nothing": [],
    "comment": ["%% a comment"],
    "blank lines then a comment": ["", "", "  %% comment"],
    "blank lines": ["", ""],
    "directive": ["%%{init: {}}%%"],
    "directive over lines": ["%%{init: {", '  "theme": "dark"', "}}%%"],
    "a lone %%": ["%%"],
}


def _diagram(prefix: list[str], middle: list[str]) -> tuple[str, int]:
    lines = [*prefix, "graph TD", "    A --> B", *middle, "    " + FLOW_ERROR, "    C --> D"]
    return "\n".join(lines), lines.index("    " + FLOW_ERROR)


CASES = [(p, m) for p in PREFIXES for m in MIDDLES]


def test_line_mapping_matches_the_real_parser(parse) -> None:
    """For every mix of front matter, directives, comments and blank lines before and inside a
    diagram, Mermaid's line number maps back to the line that holds the error."""
    diagrams = [_diagram(PREFIXES[p], MIDDLES[m]) for p, m in CASES]
    results = parse([text for text, _ in diagrams])
    for (prefix, middle), (text, expected), result in zip(CASES, diagrams, results, strict=True):
        assert not result.ok, (prefix, middle)
        line, column = error_position(result.error)
        assert line is not None
        mapped = map_position(text, line, column)
        assert mapped == (expected, None), (prefix, middle, result.error)


def test_langium_errors_map_line_and_column(parse) -> None:
    source = (
        '---\ntitle: x\n---\n%% c\npie title Pets\n    %% c\n    "Dogs" : 386\n    "Cats" : many'
    )
    (result,) = parse([source])
    assert not result.ok
    assert result.error.startswith("Parsing failed:")
    line, column = error_position(result.error)
    assert (line, column) == (3, 14)
    k, col = map_position(source, line, column)
    assert (k, source.split("\n")[k][col:]) == (7, "many")


def test_unknown_type_belongs_to_the_type_line(parse) -> None:
    source = "%% comment\n\nflowchrt LR\n    A --> B"
    (result,) = parse([source])
    assert result.error.startswith("No diagram type detected")
    assert error_position(result.error) == (None, None)
    assert map_position(source, None, None) == (2, None)
    assert map_position("%% only a comment\n", None, None) is None


def test_messages_are_one_line_without_excerpt() -> None:
    jison = (
        "Parse error on line 3:\ngraph TDA-->BB-->>C\n-----------------^\n"
        "Expecting 'AMP', 'COLON', got 'TAGEND'"
    )
    assert clean_message(jison) == "Parse error: Expecting 'AMP', 'COLON', got 'TAGEND'"
    langium = (
        "Parsing failed: Lexer error on line 3, column 11: unexpected character: ->x<- at "
        "offset: 39, skipped 1 characters. Parse error on line 3, column 12: Expecting token "
        "of type 'NUMBER_PIE' but found `\n`."
    )
    assert clean_message(langium) == (
        "Parsing failed: Lexer error: unexpected character: ->x<- at offset: 39, skipped 1 "
        "characters. Parse error: Expecting token of type 'NUMBER_PIE' but found `\\n`."
    )
    assert error_position(langium) == (3, 11)
    assert clean_message("No diagram type detected for text: a\nb\nc") == (
        "No diagram type detected for text: a"
    )


def test_comment_removal_equals_mermaids_regex() -> None:
    """The linear replay of /^\\s*%%(?!{)[^\\n]+\\n?/gm removes exactly what the regex does."""
    pattern = re.compile(r"^\s*%%(?!\{)[^\n]+\n?", re.MULTILINE)
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(" \n%%{a") for _ in range(rng.randint(0, 24)))
        spans = _comment_spans(text)
        kept = "".join(text[a:b] for a, b in _gaps(spans, len(text)))
        assert kept == pattern.sub("", text), repr(text)


def _gaps(spans: list[tuple[int, int]], n: int):
    pos = 0
    for a, b in spans:
        yield pos, a
        pos = b
    yield pos, n


def test_preprocess_keeps_offsets() -> None:
    text = "---\nt: x\n---\n%%{init: {}}%%\n%% c\n\ngraph TD\n  A-->B"
    processed, origin = preprocess(text)
    assert processed == "graph TD\n  A-->B"
    assert text[origin[0] : origin[0] + 8] == "graph TD"
    assert len(origin) == len(processed) + 1


def test_clicks_come_from_mermaids_grammars(parse) -> None:
    flow = (
        'graph TD\nA-->B\nB-->C\nclick A href "x/"\nclick B call show()\n'
        'click C "http://Ex.com/Y" "tip"\nclick A,B "javascript:alert(1)"'
    )
    klass = (
        'classDiagram\nclass Foo\nclass Bar\nclick Foo href "x/"\nlink Bar "y/"\n'
        'callback Bar "fn"'
    )
    gantt = (
        'gantt\ntitle t\nsection s\nTask :t1, 2024-01-01, 3d\nclick t1 href "../"\n'
        "click t1 call cb()"
    )
    results = parse([flow, klass, gantt])
    assert [r.ok for r in results] == [True, True, True]
    assert results[0].calls == (
        ("link", "A", "x/"),
        ("callback", "B", "show"),
        ("link", "C", "http://Ex.com/Y"),
        ("link", "A,B", "javascript:alert(1)"),
    )
    assert results[1].calls == (("link", "Foo", "x/"), ("link", "Bar", "y/"),
                                ("callback", "Bar", "fn"))
    assert results[2].calls == (("link", "t1", "../"), ("callback", "t1", "cb"))
    assert results[0].diagram_type == "flowchart-v2"


def test_a_diagram_that_stalls_is_cut_off_and_the_rest_still_checked(mermaid_js: Path) -> None:
    # Mermaid's comment regex backtracks over runs of whitespace-only lines: quadratic.
    staller = "graph TD\n  A --> B\n" + " \n" * 20000 + "  B --> C"
    good = "graph TD\n  A --> B"
    bad = "graph TD\n  A -->> B"
    with MermaidPool(mermaid_js, timeout=1.5, max_workers=1) as pool:
        for text in (good, staller, bad, good):
            pool.submit(text)
        results = pool.finish()
        starts = pool.starts
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].timed_out
    assert results[1].error == "the Mermaid parser did not finish within 1.5 s"
    assert not results[2].timed_out
    assert results[2].error.startswith("Parse error on line 2:")
    assert starts >= 3  # the batch's process was killed, then the staller's own


def test_a_file_that_is_not_mermaid_cannot_run(tmp_path: Path) -> None:
    fake = tmp_path / "fake.js"
    fake.write_text("var notMermaid = 1;\n")
    with MermaidPool(fake, timeout=5, max_workers=1) as pool:
        pool.submit("graph TD\n A")
        message = r"cannot run Mermaid from .*fake\.js: .*mermaid\.parse"
        with pytest.raises(CheckError, match=message):
            pool.finish()
