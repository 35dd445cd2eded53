"""Read docs/glossary.md into terms: each with its line, anchor and whole definition.

Pure: text in, terms out, no MkDocs. hooks/glossary.py turns them into tooltips,
term links, `<dt>` ids and the A-Z index.

The glossary is a Python-Markdown `def_list`, read the way that extension reads it:

- blocks are separated by blank lines; the terms of an entry are the lines of a block
  before its first `:   ` line (or, for a loose entry, the paragraph just before a block
  that starts with `:`);
- a definition runs on over the lines after its `:` line: every following line of the
  block when the first one is not indented (lazy continuation), else the lines indented
  by four spaces; later blocks indented by four spaces add paragraphs to it;
- a second `:` line after a definition is another definition of the same terms.

A definition is kept whole, as one line of plain text, for its tooltip. Terms are
compared without regard to case (`Attention` is a spelling of `attention`); one written
twice is a duplicate, reported with both lines. Anchors are the toc's own: `slugify`
of the term's text, made unique with `_1`, `_2`, … in page order, unless the term line
ends in an attr_list `{ #id }`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique
from mkdocs.utils.meta import YAML_RE

Slugify = Callable[[str, str], str]

COLON = re.compile(r"^ {0,3}: {1,3}(?P<text>.*)$")  # def_list's DefListProcessor.RE
NO_INDENT = re.compile(r"^ {0,3}[^ :]")  # def_list's NO_INDENT_RE: a lazy continuation
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
HEADING = re.compile(r"^#{1,6}(?:\s|$)")
NOT_A_PARAGRAPH = re.compile(r"^(?: {4}| {0,3}(?:[-*+] |\d+[.)] |>|<|\*\[|\[[^\]]+\]:))")
ATTR_LIST = re.compile(r"\s*\{:?(?P<attrs>[^}\n]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
TAG = re.compile(r"<[^>]*>")

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER = "#"  # the index's group for terms that do not start with a letter A-Z


@dataclass(frozen=True)
class Term:
    name: str  # the term as plain text, as a reader sees it
    line: int  # 1-based line of docs/glossary.md, front matter counted
    anchor: str  # id of its <dt>
    tooltip: str  # the whole definition as one line of plain text


@dataclass(frozen=True)
class Duplicate:
    name: str
    line: int
    first_line: int

    def message(self, path: str) -> str:
        return (f"{path}:{self.line}: glossary term '{self.name}' is defined twice "
                f"(first at line {self.first_line})")


@dataclass
class _Entry:
    terms: list[tuple[int, str]]  # (line, term line as written)
    definitions: list[list[str]]  # Markdown lines of each definition (each <dd>)


# --- reading the definition list --------------------------------------------------


def _blocks(text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line, lines) of each blank-line-separated block, front matter and code left out."""
    front = YAML_RE.match(text)
    offset = front.group(0).count("\n") if front else 0
    lines = text[front.end() if front else 0 :].expandtabs(4).split("\n")
    block: list[str] = []
    start = 0
    fence = ""
    for number, line in enumerate(lines, start=offset + 1):
        if fence:  # inside a fenced code block, nothing is a term
            if line.strip().startswith(fence):
                fence = ""
            continue
        opening = FENCE.match(line)
        if opening or not line.strip() or HEADING.match(line):
            if block:
                yield start, block
            block = []
            if opening:
                fence = opening["fence"]
                yield number, []  # code ends any paragraph or entry before it
            elif HEADING.match(line):
                yield number, []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def _detab(lines: list[str]) -> tuple[list[str], list[str]]:
    """Python-Markdown's BlockProcessor.detab: the lines indented by four, and the rest."""
    taken = []
    for line in lines:
        if line.startswith("    "):
            taken.append(line[4:])
        elif not line.strip():
            taken.append("")
        else:
            break
    return taken, lines[len(taken) :]


def _entries(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    previous: str | None = None  # "entry", "paragraph" or None (anything else)
    paragraph: list[tuple[int, str]] = []
    pending = list(_blocks(text))
    while pending:
        start, block = pending.pop(0)
        if not block:
            previous = None
            continue
        colon = next((i for i, line in enumerate(block) if COLON.match(line)), None)
        if colon is None:
            if previous == "entry" and block[0].startswith("    "):
                # def_list's DefListIndentProcessor: another paragraph of the definition
                entries[-1].definitions[-1] += ["", *_detab(block)[0]]
            elif NOT_A_PARAGRAPH.match(block[0]):
                previous = None
            else:
                previous = "paragraph"
                paragraph = [(start + i, line) for i, line in enumerate(block)]
            continue
        terms = [(start + i, line.strip()) for i, line in enumerate(block[:colon]) if line.strip()]
        rest = block[colon + 1 :]
        if rest and NO_INDENT.match(rest[0]):
            more, remainder = rest, []
        else:
            more, remainder = _detab(rest)
        definition = [COLON.match(block[colon])["text"], *more]
        if terms:
            entries.append(_Entry(terms, [definition]))
        elif previous == "entry":
            entries[-1].definitions.append(definition)
        elif previous == "paragraph":  # a loose entry: the paragraph above holds the terms
            entries.append(_Entry([(n, line.strip()) for n, line in paragraph], [definition]))
        else:  # a paragraph that starts with a colon
            previous = "paragraph"
            paragraph = [(start + i, line) for i, line in enumerate(block)]
            continue
        previous = "entry"
        if remainder:
            pending.insert(0, (start + colon + 1 + len(more), remainder))
    return entries


# --- plain text, anchors, spellings, letters ----------------------------------------

_markdown = markdown.Markdown()


def plain_text(source: str) -> str:
    """Markdown as the text a reader sees, on one line: `**big** O` is `big O`."""
    rendered = _markdown.reset().convert(source)
    return " ".join(html.unescape(TAG.sub("", rendered)).split())


def _split_attrs(line: str) -> tuple[str, str | None]:
    """A term line without its trailing attr_list, and the id that list gives, if any."""
    attrs = ATTR_LIST.search(line)
    if not attrs:
        return line, None
    explicit = ATTR_ID.search(attrs["attrs"])
    return line[: attrs.start()], explicit["id"] if explicit else None


def key(name: str) -> str:
    """What makes two terms the same term: their text, whatever the case and spacing."""
    return " ".join(name.casefold().split())


def read(text: str, slugify: Slugify = toc_slugify, separator: str = "-",
         ) -> tuple[list[Term], list[Duplicate]]:
    """The terms of a glossary page in page order, and every term written a second time.

    Each term of an entry shares its definition; a duplicate keeps its first definition.
    """
    terms: list[Term] = []
    duplicates: list[Duplicate] = []
    first: dict[str, int] = {}
    used: set[str] = set()
    for entry in _entries(text):
        tooltip = " ".join(plain_text("\n".join(d)) for d in entry.definitions)
        for line, written in entry.terms:
            source, explicit = _split_attrs(written)
            name = plain_text(source)
            if not name:  # nothing a page could spell, so nothing to link
                continue
            anchor = explicit or unique(slugify(name, separator) or "term", used)
            used.add(anchor)
            if key(name) in first:
                duplicates.append(Duplicate(name, line, first[key(name)]))
                continue
            first[key(name)] = line
            terms.append(Term(name, line, anchor, tooltip))
    return terms, duplicates


def spellings(term: str) -> list[str]:
    """The forms a term takes in running text: as written, capitalised, plural."""
    forms = [term]
    if term[0].islower():
        forms.append(term[0].upper() + term[1:])
    if term.islower() and not term.endswith("s") and " " not in term:
        forms += [term + "s", term[0].upper() + term[1:] + "s"]
    return forms


def letter(name: str) -> str:
    """The index letter a term is filed under: `Élan` under E, `3D` under `#`."""
    first = unicodedata.normalize("NFKD", name.lstrip())[:1].upper()
    return first if first in LETTERS else OTHER


def index(terms: Iterable[Term]) -> list[tuple[str, str | None]]:
    """The A-Z row: each letter with the anchor of its first term in page order, or None.

    `#` leads the row only when some term does not start with a letter.
    """
    first: dict[str, str] = {}
    for term in terms:
        first.setdefault(letter(term.name), term.anchor)
    row = [OTHER] if OTHER in first else []
    return [(c, first.get(c)) for c in row + list(LETTERS)]
