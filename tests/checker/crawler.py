"""A small crawler of a built site, independent of the checker: it reads the HTML files that
`mkdocs build` wrote and lists every defect a reader would meet in the pages' content.

Defects: an href/src/srcset that names no file of the built site (a folder means its
index.html), a #fragment that is no id of its page, a Mermaid click target that does either,
and a reference left in the text as literal `[text][label]`. Only the content region counts
(`<main>`, or Material's `<article>`): the theme's own chrome is not the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LITERAL_REF = re.compile(r"\[[^\[\]]+\]\[[^\[\]^]*\]")
CLICK = re.compile(r"^\s*click\s+\S+\s+(?:href\s+)?\"([^\"]+)\"", re.MULTILINE)
BASE = "http://site.test/"


@dataclass(frozen=True, order=True)
class Defect:
    page: str  # the built file, relative to the site folder
    kind: str  # "missing", "anchor", "literal-ref"
    value: str  # the URL as built, or the literal text


def _content(soup: BeautifulSoup):
    return soup.find("article") or soup.find("main") or soup


def _ids(soup: BeautifulSoup) -> set[str]:
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return ids


def crawl(site: Path) -> list[Defect]:
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    soups = {rel: BeautifulSoup(p.read_text("utf-8"), "html.parser") for rel, p in pages.items()}
    ids = {rel: _ids(soup) for rel, soup in soups.items()}
    defects: list[Defect] = []

    def judge(page: str, url: str) -> None:
        absolute = urljoin(BASE + page, url)
        if not absolute.startswith(BASE):
            return  # another host, mailto:, …
        parts = urlsplit(absolute)
        path = unquote(parts.path[1:])
        if path == "" or path.endswith("/"):
            path += "index.html"
        target = site / path
        if not target.is_file():
            defects.append(Defect(page, "missing", url))
        elif parts.fragment and path in ids and unquote(parts.fragment) not in ids[path]:
            defects.append(Defect(page, "anchor", url))

    for page, soup in soups.items():
        content = _content(soup)
        for tag in content.find_all(True):
            classes = tag.get("class") or []
            if "mermaid" in classes:
                for url in CLICK.findall(tag.get_text()):
                    judge(page, url)
                continue
            for attr in ("href", "src"):
                if tag.get(attr):
                    judge(page, tag[attr].strip())
            if tag.get("srcset"):
                for item in tag["srcset"].split(","):
                    if item.strip():
                        judge(page, item.split()[0])
        for text in content.find_all(string=True):
            if text.find_parent(["code", "pre", "script", "style"]) is None:
                for m in LITERAL_REF.finditer(str(text)):
                    defects.append(Defect(page, "literal-ref", m.group(0)))
    return sorted(defects)


def diagrams(site: Path) -> int:
    """Mermaid blocks in the pages' content, whatever fence made them."""
    count = 0
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        count += len(_content(soup).find_all(class_="mermaid"))
    return count
