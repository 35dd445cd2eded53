"""Mermaid diagrams as their authors wrote them, for the site and browser tests.

Built pages hold drawn SVG, not sources, so the sources are read from the Markdown: a page at
site URL `deep-learning/` is docs/deep-learning/index.md (or docs/deep-learning.md).
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[ \t]*mermaid[^\n]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=mark)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
CLICK = re.compile(r'^\s*click\s+(\S+)\s+href\s+"([^"]+)"', re.MULTILINE)
PLANNED = re.compile(r"^\s*class\s+([\w,]+)\s+planned\s*$", re.MULTILINE)


def markdown_file(url: str) -> Path:
    """The Markdown source of the page built at a site URL."""
    folder = DOCS / url.strip("/")
    return folder / "index.md" if (folder / "index.md").is_file() else folder.with_suffix(".md")


def markdown_diagrams(url: str) -> list[str]:
    """The source of every Mermaid fence of the page at `url`, in page order."""
    return [m["body"] for m in FENCE.finditer(markdown_file(url).read_text("utf-8"))]


def clicks(diagram: str) -> dict[str, str]:
    """Each clickable node of a diagram, with its href."""
    return dict(CLICK.findall(diagram))


def planned(diagram: str) -> set[str]:
    """The nodes a diagram marks as planned topics."""
    return {node for group in PLANNED.findall(diagram) for node in group.split(",")}
