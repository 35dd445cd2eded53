"""Read Mermaid diagrams back out of built pages, for the site tests."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

CLICK = re.compile(r'^\s*click\s+(\S+)\s+href\s+"([^"]+)"', re.MULTILINE)
PLANNED = re.compile(r"^\s*class\s+([\w,]+)\s+planned\s*$", re.MULTILINE)


def diagrams(page: BeautifulSoup) -> list[str]:
    """The source of every Mermaid block on a built page, in page order."""
    return [pre.get_text() for pre in page.select("pre.mermaid")]


def clicks(diagram: str) -> dict[str, str]:
    """Each clickable node of a diagram, with its href."""
    return dict(CLICK.findall(diagram))


def planned(diagram: str) -> set[str]:
    """The nodes a diagram marks as planned topics."""
    return {node for group in PLANNED.findall(diagram) for node in group.split(",")}
