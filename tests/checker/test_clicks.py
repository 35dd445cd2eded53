"""Placing Mermaid's recorded click calls on their statements' lines."""

from __future__ import annotations

import pytest
from sitecheck.clicks import Click, click_statements, is_script_url, locate_clicks

DIAGRAM = """graph TD
    A --> B
    click A href "a/" "tip"
    CLICK B call show()
    click A,B "both/"
    click A href "again/"
"""


def test_statements_are_found_with_their_ids() -> None:
    assert [(s[0], s[1], s[2]) for s in click_statements(DIAGRAM)] == [
        (2, "click", "A"), (3, "click", "B"), (4, "click", "A,B"), (5, "click", "A")
    ]


def test_calls_are_placed_on_their_lines() -> None:
    calls = (("link", "A", "a/"), ("callback", "B", "show"), ("link", "A,B", "both/"),
             ("link", "A", "again/"))
    assert locate_clicks(DIAGRAM, calls) == [
        Click("link", "A", "a/", 2),
        Click("callback", "B", "show", 3),
        Click("link", "A,B", "both/", 4),
        Click("link", "A", "again/", 5),
    ]


def test_a_call_without_a_statement_has_no_line() -> None:
    assert locate_clicks("graph TD\n A", (("link", "Z", "z/"),)) == [Click("link", "Z", "z/", None)]


@pytest.mark.parametrize(
    ("url", "script"),
    [("javascript:alert(1)", True), ("  JaVaScRiPt:void(0)", True), ("java\tscript:x", True),
     ("java\u200bscript:x", True), ("vbscript:x", True), ("data:text/html,x", True),
     ("https://example.com", False), ("topics/", False), ("javascript.md", False)],
)
def test_script_urls(url: str, script: bool) -> None:
    assert is_script_url(url) is script
