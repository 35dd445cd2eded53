"""One formatter per output format: text, json, github, sarif, junit and markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .checker import Report
from .findings import Finding


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: Report) -> str:
    return (
        f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')} "
        f"in {_plural(report.files, 'file')} "
        f"({_plural(report.links, 'link')}, {_plural(report.diagrams, 'diagram')}) "
        f"in {report.seconds:.2f} s"
    )


def text_line(f: Finding) -> str:
    hint = f" (did you mean '{f.hint}'?)" if f.hint else ""
    return f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule}: {f.message}{hint}"


def format_text(report: Report) -> str:
    return "\n".join([*(text_line(f) for f in report.findings), summary_line(report)]) + "\n"


def format_json(report: Report) -> str:
    data = {
        "findings": [f.to_dict() for f in report.findings],
        "summary": {
            "files": report.files,
            "links": report.links,
            "diagrams": report.diagrams,
            "errors": report.errors,
            "warnings": report.warnings,
            "seconds": round(report.seconds, 3),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    hint = f" (did you mean '{f.hint}'?)" if f.hint else ""
    return (
        f"::{f.severity} file={_escape_property(f.path)},line={f.line},col={f.column},"
        f"title={_escape_property(f.rule)}::{_escape_data(f.message + hint)}"
    )


def format_github(report: Report) -> str:
    return "\n".join([*(github_line(f) for f in report.findings), summary_line(report)]) + "\n"


def _message(f: Finding) -> str:
    return f.message + (f" (did you mean '{f.hint}'?)" if f.hint else "")


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0, for GitHub code scanning: one run, a rule per rule that fired."""
    rule_ids = sorted({f.rule for f in report.findings})
    index = {rule: k for k, rule in enumerate(rule_ids)}
    severity = {f.rule: f.severity for f in report.findings}
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": _message(f)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                },
            }],
        }
        for f in report.findings
    ]
    rules = [
        {
            "id": rule,
            "name": rule,
            "shortDescription": {"text": rule.replace("-", " ")},
            "defaultConfiguration": {
                "level": "error" if severity[rule] == "error" else "warning",
            },
        }
        for rule in rule_ids
    ]
    data = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "check-site", "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_junit(report: Report) -> str:
    """JUnit XML: one test case per finding (an error fails, a warning passes with its text),
    or one passing case for a clean site, so that CI always shows the check ran."""
    cases = []
    for f in report.findings:
        name = quoteattr(f"{f.path}:{f.line}:{f.column} {f.rule}")
        text = xml_escape(text_line(f))
        if f.severity == "error":
            body = (f"<failure type={quoteattr(f.rule)} message={quoteattr(_message(f))}>"
                    f"{text}</failure>")
        else:
            body = f"<system-out>{text}</system-out>"
        cases.append(f'    <testcase classname={quoteattr(f.path)} name={name}>{body}</testcase>')
    if not report.findings:
        cases.append('    <testcase classname="check-site" name="site is clean"/>')
    tests = max(1, len(report.findings))
    counts = (f'tests="{tests}" failures="{report.errors}" errors="0" skipped="0" '
              f'time="{report.seconds:.3f}"')
    props = "".join(
        f'      <property name="{k}" value="{v}"/>\n'
        for k, v in (("files", report.files), ("links", report.links),
                     ("diagrams", report.diagrams), ("warnings", report.warnings))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="check-site" {counts}>\n'
        f'  <testsuite name="check-site" {counts}>\n'
        f"    <properties>\n{props}    </properties>\n"
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def format_markdown(report: Report) -> str:
    """A Markdown summary, for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a PR comment."""
    verdict = "failed" if report.errors else "passed"
    lines = [f"### Site check {verdict}", "", summary_line(report), ""]
    if report.findings:
        lines += ["| Where | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{_cell(f.path)}:{f.line}:{f.column}` | {f.severity} | `{f.rule}` "
            f"| {_cell(_message(f))} |"
            for f in report.findings
        ]
        lines.append("")
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
    "markdown": format_markdown,
}
