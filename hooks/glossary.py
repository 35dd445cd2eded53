"""The glossary: anchors and an A-Z index on its page, term links with tooltips everywhere else.

docs/glossary.md is the one place a term is defined, as a definition list (read by
hooks/glossary_terms.py). An author writes only that list; at build time:

- every `<dt>` gets a stable id, the toc's own slug of the term (`#attention`,
  `#loss-function`; `_1` on a repeat; an attr_list `{ #id }` on the term line wins),
  so any page can link to `glossary.md#attention`;
- an A-Z row of letters goes under the page title, each letter a link to its first
  term, letters without terms shown but not linked (plain HTML: no JavaScript needed);
- a term defined twice is a WARNING, `docs/glossary.md:LINE: glossary term 'X' is
  defined twice (first at line N)`, so `mkdocs build --strict` fails.

On every other page each definition, whole however many lines it is written over,
becomes a Markdown abbreviation of the term's spellings. The first use of a term on a
page then becomes a link to its entry, `<a class="atlas-term" title="definition">`,
which Material's `content.tooltips` shows on hover and on keyboard focus (and the
browser shows without JavaScript). The link is relative to the page, so the site works
under a sub-path. Where the term already sits in a link, a `<summary>` or a tab label,
it stays an `<abbr>` tooltip: a link there would nest in a link or steal the click.
Later uses and uses in headings are plain text: a page underlined at every "layer" and
"token" is harder to read, and an underline in a heading looks like a link.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import glossary_terms

log = logging.getLogger("mkdocs.hooks.glossary")

GLOSSARY = "glossary.md"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Where a link cannot go: inside another link, or on what a click already does.
INTERACTIVE = {"a", "summary", "label", "button"}


class _Build:
    """What one build knows about the glossary, and which page is being rendered."""

    def __init__(self) -> None:
        self.terms: list[glossary_terms.Term] = []
        self.by_spelling: dict[str, glossary_terms.Term] = {}
        self.spellings: re.Pattern[str] | None = None
        self.glossary_url: str | None = None
        self.page = None
        self.slugify = (toc_slugify, "-")


_build = _Build()


def _where(file, config) -> str:
    """The file's path as an author finds it: relative to mkdocs.yml (`docs/glossary.md`)."""
    if file.abs_src_path is None or not config.config_file_path:  # made by a plugin
        return file.src_uri
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    return Path(os.path.relpath(file.abs_src_path, root)).as_posix()


def _slugify(config):
    toc = config.mdx_configs.get("toc", {})
    return toc.get("slugify", toc_slugify), toc.get("separator", "-")


# --- events ----------------------------------------------------------------------


def on_config(config):
    config.markdown_extensions.append(_GlossaryExtension())
    return config


def on_files(files, config):
    global _build
    _build = _Build()
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is None:
        return files
    slugify, separator = _build.slugify = _slugify(config)
    terms, duplicates = glossary_terms.read(glossary.content_string, slugify, separator)
    for duplicate in duplicates:
        log.warning(duplicate.message(_where(glossary, config)))
    _build.terms = terms
    _build.glossary_url = glossary.url
    for term in terms:
        for form in glossary_terms.spellings(term.name):
            _build.by_spelling.setdefault(form, term)
    if _build.by_spelling:
        forms = sorted(_build.by_spelling, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, forms))
        _build.spellings = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return files


def on_page_markdown(markdown, page, config, files):
    _build.page = page
    if page.file.src_uri == GLOSSARY or _build.spellings is None:
        return markdown
    # Only the terms the page has: abbr adds a pattern per definition, and a block of all of
    # them made every page's render several times slower.
    used = dict.fromkeys(_build.spellings.findall(markdown))
    if not used:
        return markdown
    definitions = "\n".join(f"*[{form}]: {_build.by_spelling[form].tooltip}" for form in used)
    return f"{markdown}\n\n{definitions}\n"


def on_page_content(html, page, config, files):
    _build.page = None
    return html


# --- the Markdown side -------------------------------------------------------------


class _GlossaryExtension(Extension):
    def extendMarkdown(self, md):
        # After attr_list (8), so an explicit id stays; before toc and MkDocs' anchor
        # list (5), so headings avoid the terms' ids and links to them validate.
        md.treeprocessors.register(_EntryAnchors(md), "atlas_glossary_anchors", 6)
        # After abbr (7) has marked the terms, and after MkDocs' relpath (0), which
        # would take a ready-made relative URL for an unknown page.
        md.treeprocessors.register(_TermLinks(md), "atlas_glossary_links", -1)


def _text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _EntryAnchors(Treeprocessor):
    """On the glossary page: an id on every `<dt>`, and the A-Z index under the title."""

    def run(self, root):
        page = _build.page
        if page is None or page.file.src_uri != GLOSSARY:
            return None
        by_key = {glossary_terms.key(t.name): t for t in _build.terms}
        used = {e.get("id") for e in root.iter() if e.get("id")}
        taken: set[str] = set()
        for dt in root.iter("dt"):
            if dt.get("id"):
                continue
            term = by_key.get(glossary_terms.key(_text(dt)))
            if term is not None and term.anchor not in taken:
                anchor = term.anchor
            else:  # a repeat, or a term the reader did not see: still linkable
                slugify, separator = _build.slugify
                anchor = unique(slugify(_text(dt), separator) or "term", used | taken)
            dt.set("id", anchor)
            taken.add(anchor)
        if _build.terms:
            title = next((i for i, e in enumerate(root) if e.tag == "h1"), -1)
            root.insert(title + 1, _index(glossary_terms.index(_build.terms)))
        return None


def _index(row: list[tuple[str, str | None]]) -> etree.Element:
    # Out of the search index: a row of single letters is nothing to find.
    nav = etree.Element("nav", {"class": "atlas-az", "aria-label": "Glossary terms A to Z",
                                "data-search-exclude": ""})
    letters = etree.SubElement(nav, "ul")
    for letter, anchor in row:
        item = etree.SubElement(letters, "li")
        if anchor is None:
            etree.SubElement(item, "span", {"class": "atlas-az__none",
                                            "aria-label": f"{letter}: no terms"}).text = letter
        else:
            etree.SubElement(item, "a", {"href": f"#{anchor}"}).text = letter
    return nav


class _TermLinks(Treeprocessor):
    """On other pages: the first use of each term links to its entry; the rest are text."""

    def run(self, root):
        page = _build.page
        if page is None or page.file.src_uri == GLOSSARY or _build.glossary_url is None:
            return None
        glossary = get_relative_url(_build.glossary_url, page.url)
        seen: set[str] = set()
        unwrap: list[tuple[etree.Element, etree.Element]] = []
        for parent, abbr, around in _abbreviations(root):
            term = _build.by_spelling.get(abbr.text or "")
            if term is None or abbr.get("title") != term.tooltip:
                continue  # the page's own abbreviation
            if around & HEADINGS or term.anchor in seen:
                unwrap.append((parent, abbr))
                continue
            seen.add(term.anchor)
            if not around & INTERACTIVE:
                abbr.tag = "a"
                abbr.set("href", f"{glossary}#{term.anchor}")
                abbr.set("class", "atlas-term")
        for parent, abbr in unwrap:
            _unwrap(parent, abbr)
        return None


def _abbreviations(root: etree.Element):
    """(parent, abbr, tags around it) for every `<abbr>`, in reading order."""
    stack = [(root, iter(root), frozenset())]
    while stack:
        parent, children, around = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
        elif child.tag == "abbr":
            yield parent, child, around
        else:
            stack.append((child, iter(child), around | {child.tag}))


def _unwrap(parent: etree.Element, element: etree.Element) -> None:
    """Replace an element by its text, keeping what follows it."""
    text = (element.text or "") + (element.tail or "")
    index = list(parent).index(element)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    parent.remove(element)
