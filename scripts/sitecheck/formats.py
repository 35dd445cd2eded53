"""One formatter per output format: text, json and github."""

from __future__ import annotations

import json
from collections.abc import Callable

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


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
