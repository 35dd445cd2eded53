"""The three output formats."""

from __future__ import annotations

import json

from sitecheck.checker import Report
from sitecheck.findings import Finding, finding
from sitecheck.formats import FORMATS, github_line, summary_line, text_line


def _report() -> Report:
    return Report(
        findings=[
            finding("docs/a.md", 3, 5, "link-missing",
                    "link target 'x.md' is not a file of the site", "y.md"),
            finding("mkdocs.yml", 7, 9, "not-in-nav", "page 'b.md' is not in the nav"),
        ],
        files=12, links=40, diagrams=1, seconds=0.4123,
    )


def test_text() -> None:
    assert FORMATS["text"](_report()) == (
        "docs/a.md:3:5: error link-missing: link target 'x.md' is not a file of the site "
        "(did you mean 'y.md'?)\n"
        "mkdocs.yml:7:9: warning not-in-nav: page 'b.md' is not in the nav\n"
        "1 error, 1 warning in 12 files (40 links, 1 diagram) in 0.41 s\n"
    )


def test_summary_plurals() -> None:
    assert summary_line(Report([], files=1, links=1, diagrams=0, seconds=0)) == (
        "0 errors, 0 warnings in 1 file (1 link, 0 diagrams) in 0.00 s"
    )


def test_json_shape() -> None:
    data = json.loads(FORMATS["json"](_report()))
    assert list(data) == ["findings", "summary"]
    assert data["findings"][0] == {
        "path": "docs/a.md", "line": 3, "column": 5, "severity": "error",
        "rule": "link-missing", "message": "link target 'x.md' is not a file of the site",
        "hint": "y.md",
    }
    assert data["findings"][1]["hint"] is None
    assert data["summary"] == {"files": 12, "links": 40, "diagrams": 1, "errors": 1,
                               "warnings": 1, "seconds": 0.412}


def test_github_annotations_escape_their_fields() -> None:
    f = Finding("docs/a,b.md", 2, 1, "mermaid-syntax", "100% wrong:\nsee here", None)
    assert github_line(f) == (
        "::error file=docs/a%2Cb.md,line=2,col=1,title=mermaid-syntax::100%25 wrong:%0Asee here"
    )
    lines = FORMATS["github"](_report()).splitlines()
    assert lines[0] == (
        "::error file=docs/a.md,line=3,col=5,title=link-missing::link target 'x.md' is not a "
        "file of the site (did you mean 'y.md'?)"
    )
    assert lines[1].startswith("::warning file=mkdocs.yml,line=7,col=9,title=not-in-nav::")
    assert lines[2] == "1 error, 1 warning in 12 files (40 links, 1 diagram) in 0.41 s"


def test_text_line_without_hint() -> None:
    f = Finding("docs/a.md", 1, 1, "file-encoding", "not valid UTF-8")
    assert text_line(f) == "docs/a.md:1:1: error file-encoding: not valid UTF-8"
