"""What the dev-server panel shows: the findings grouped by file, each with the source line it
names, a caret under its column, and, inside a diagram, which diagram of the page it is in."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .findings import Finding
from .formats import summary_line, text_line

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*\.?([\w-]*)")


def diagram_spans(text: str, names: Collection[str]) -> list[tuple[int, int]]:
    """(first, last) 1-based lines of each diagram fence of a page, in page order."""
    spans: list[tuple[int, int]] = []
    open_fence: tuple[str, int, int, bool] | None = None  # char, length, first line, diagram?
    for number, line in enumerate(text.split("\n"), start=1):
        if open_fence is None:
            m = _FENCE.match(line)
            if m:
                open_fence = (m.group(2)[0], len(m.group(2)), number, m.group(3) in names)
            continue
        char, size, first, diagram = open_fence
        stripped = line.strip()
        if stripped and set(stripped) == {char} and len(stripped) >= size:
            if diagram:
                spans.append((first, number))
            open_fence = None
    return spans


def _entry(f: Finding, lines: list[str], spans: list[tuple[int, int]]) -> dict[str, Any]:
    excerpt = lines[f.line - 1].expandtabs(4) if 0 < f.line <= len(lines) else ""
    prefix = lines[f.line - 1][: f.column - 1].expandtabs(4) if 0 < f.line <= len(lines) else ""
    diagram = next((k for k, (a, b) in enumerate(spans) if a <= f.line <= b), None)
    return {
        "line": f.line,
        "column": f.column,
        "severity": f.severity,
        "rule": f.rule,
        "message": f.message,
        "hint": f.hint,
        "text": text_line(f),
        "excerpt": excerpt,
        "caret": " " * len(prefix) + "^",
        "diagram": diagram,
    }


def panel_data(
    report: Any, sources: Mapping[str, str], diagram_fences: Iterable[str] = ("mermaid",)
) -> dict[str, Any]:
    """The JSON the panel reads: `files` maps a path (relative to the config folder) to its
    findings in line order; `summary` is the checker's closing line."""
    names = frozenset(diagram_fences)
    files: dict[str, list[dict[str, Any]]] = {}
    cache: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}
    for f in report.findings:
        if f.path not in cache:
            text = sources.get(f.path, "")
            cache[f.path] = (text.split("\n"), diagram_spans(text, names))
        files.setdefault(f.path, []).append(_entry(f, *cache[f.path]))
    return {
        "summary": summary_line(report),
        "errors": report.errors,
        "warnings": report.warnings,
        "files": files,
    }
