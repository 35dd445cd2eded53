"""One read of a page's rendered HTML (what MkDocs and its plugins made of the Markdown): every
href, src and srcset, every id, every Mermaid block whatever fence made it, and every reference
that Python-Markdown left unresolved as literal `[text][label]`.

Python-Markdown escapes `<` in code and text, so a regex over tags is exact here: raw HTML
that authors wrote comes through as written, and comments are skipped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>", re.DOTALL)
ATTR = re.compile(
    r"([A-Za-z_:@][-\w:.@]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?", re.DOTALL
)
#: Elements whose text is not Markdown's: a literal `[a][b]` inside them was meant.
VERBATIM = re.compile(r"<(pre|code|script|style|textarea|kbd)\b[^>]*>.*?</\1\s*>",
                      re.DOTALL | re.IGNORECASE)
#: `[text][label]` or `[text][]` left as text: the label is not defined. Tags may stand inside
#: the text (`[*a*][x]` renders `[<em>a</em>][x]`), not inside the label.
LITERAL_REF = re.compile(r"(?<!\\)\[((?:[^\[\]<]|<[^>]*>)+)\]\[([^\[\]<>^]*)\]")
URL_ATTRS = ("href", "src", "srcset")
#: Script and style bodies: text in them that looks like a tag is code, not markup.
CODE_BODY = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Url:
    tag: str
    attr: str
    value: str
    offset: int
    text: str = ""  # the element's text, for an <a>


@dataclass(frozen=True)
class Diagram:
    text: str
    offset: int


@dataclass(frozen=True)
class LiteralRef:
    text: str
    label: str
    offset: int


@dataclass
class Rendered:
    urls: list[Url] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    diagrams: list[Diagram] = field(default_factory=list)
    literal_refs: list[LiteralRef] = field(default_factory=list)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _attrs(text: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in ATTR.finditer(text or ""):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            value = m.group(4) if m.group(4) is not None else ""
        found.setdefault(m.group(1).lower(), html.unescape(value))
    return found


def _strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _block_end(text: str, tag: str, start: int) -> int:
    """Where the element opened just before `start` closes (nesting counted), or len(text)."""
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for m in pattern.finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return len(text)


def _diagram_text(inner: str) -> str:
    """A Mermaid block's text as Mermaid gets it: the markup of its <code> wrapper dropped and
    character references decoded, as the loaders read it."""
    inner = re.sub(r"^\s*<code\b[^>]*>", "", inner)
    inner = re.sub(r"</code>\s*$", "", inner)
    return html.unescape(inner)


def read_html(content: str, language_mermaid: bool = False) -> Rendered:
    """`language_mermaid`: `<code class="language-mermaid">` is a diagram too (mermaid2 turns
    plain fenced code into diagrams after the page is rendered)."""
    out = Rendered()
    text = COMMENT.sub(_blank, content) if "<!--" in content else content
    if "<script" in text or "<style" in text or "<SCRIPT" in text:
        text = CODE_BODY.sub(lambda m: m.group(1) + " " * len(m.group(3)) + m.group(4), text)
    skip_until = -1
    for m in TAG.finditer(text):
        if m.start() < skip_until:
            continue
        tag = m.group(1).lower()
        raw = m.group(2)
        if not raw:
            continue
        attrs = _attrs(raw)
        if "id" in attrs:
            out.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            out.ids.add(attrs["name"])
        classes = attrs.get("class", "").split()
        if "mermaid" in classes or (language_mermaid and "language-mermaid" in classes):
            end = _block_end(text, tag, m.end())
            out.diagrams.append(Diagram(_diagram_text(content[m.end() : end]), m.start()))
            skip_until = end
            continue
        for name in URL_ATTRS:
            value = attrs.get(name)
            if value is None:
                continue
            label = ""
            if tag == "a":
                close = text.find("</a>", m.end())
                label = _strip_tags(text[m.end() : close]).strip() if close >= 0 else ""
            if name == "srcset":
                for item in value.split(","):
                    url = item.strip().split(None, 1)[0] if item.strip() else ""
                    if url:
                        out.urls.append(Url(tag, name, url, m.start()))
            else:
                out.urls.append(Url(tag, name, value.strip(), m.start(), label))
    if "][" in text:
        prose = VERBATIM.sub(_blank, text)
        for m in LITERAL_REF.finditer(prose):
            out.literal_refs.append(LiteralRef(_strip_tags(m.group(1)), m.group(2), m.start()))
    return out
