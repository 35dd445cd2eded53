"""Show a glossary term's definition on hover, on every page that uses it.

docs/glossary.md is the one place a term is defined: a definition list of
`Term` lines each followed by a `:   definition` line. Each definition becomes
a Markdown abbreviation appended to every other page, which Material's
`content.tooltips` shows as a tooltip. Code, maths and diagrams are stashed by
their extensions before abbreviations apply, so they are left alone.

Only a term's first use on a page keeps its tooltip, and none in headings: a
page underlined at every "layer" and "token" is harder to read, and an
underline in a heading looks like a link.
"""

from __future__ import annotations

import re

GLOSSARY = "glossary.md"
ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<text>.*?)</abbr>', re.DOTALL)
HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*>.*?</h(?P=level)>", re.DOTALL)
ENTRY = re.compile(r"^(?P<term>[^\s:*#<>|-][^\n]*)\n:\s+(?P<definition>\S[^\n]*)$", re.MULTILINE)

_abbreviations = ""


def terms(markdown: str) -> dict[str, str]:
    """Terms of a glossary page, each with its definition, in page order."""
    return {m["term"].strip(): m["definition"].strip() for m in ENTRY.finditer(markdown)}


def spellings(term: str) -> list[str]:
    """The forms a term takes in running text: as written, capitalised, plural."""
    forms = [term]
    if term[0].islower():
        forms.append(term[0].upper() + term[1:])
    if term.islower() and not term.endswith("s") and " " not in term:
        forms += [term + "s", term[0].upper() + term[1:] + "s"]
    return forms


def first_uses_only(html: str) -> str:
    """Unwrap glossary tooltips in headings and after each term's first use."""
    html = HEADING.sub(lambda heading: ABBR.sub(r"\g<text>", heading.group(0)), html)
    seen: set[str] = set()

    def keep_first(abbr: re.Match) -> str:
        # Every spelling of a term carries the same definition.
        if abbr["title"] in seen:
            return abbr["text"]
        seen.add(abbr["title"])
        return abbr.group(0)

    return ABBR.sub(keep_first, html)


def on_files(files, config):
    global _abbreviations
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is None:
        _abbreviations = ""
        return files
    lines = [
        f"*[{form}]: {definition}"
        for term, definition in terms(glossary.content_string).items()
        for form in spellings(term)
    ]
    _abbreviations = "\n".join(lines)
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == GLOSSARY or not _abbreviations:
        return markdown
    return f"{markdown}\n\n{_abbreviations}\n"


def on_page_content(html, page, config, files):
    return first_uses_only(html)
