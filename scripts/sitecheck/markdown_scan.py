"""One read of a Markdown page: its links, images, raw HTML href/src, reference definitions,
headings, ids and diagram fences, each with its 1-based line and column.

Pure functions only. The block structure follows Python-Markdown, which MkDocs uses: a tab is
four columns, admonitions, content tabs, details, list items, footnotes and definitions hold
their content four columns in, and text four columns further in after a blank line is an
indented code block. Code blocks, code spans and HTML comments are skipped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

TAB = 4

YAML_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
FENCE_OPEN = re.compile(r"^(?P<ws>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]")
TAB_BLOCK = re.compile(r"^===\+?!?[ \t]")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)(?:[ \t]+|$)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]?")
DEFINITION = re.compile(r"^:[ \t]+")
BLOCKQUOTE = re.compile(r"^(?:>[ ]?)+")
ATX_HEADING = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
HR = re.compile(r"^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
REF_DEF = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\[\]^][^\[\]]*)\]:[ \t]*(?:<(?P<angle>[^>\n]*)>|(?P<url>\S+))"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
INLINE_MATH = re.compile(
    r"(?<![\\$])\$\$.+?\$\$|(?<![\\$])\$(?=\S)[^$\n]+?(?<![\s\\])\$", re.DOTALL
)
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+)>", re.IGNORECASE)
HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)\s*/?>", re.DOTALL)
HTML_ATTR = re.compile(
    r"([A-Za-z_:][-\w:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?", re.DOTALL
)
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
BARE_URL = re.compile(r"(?<![\w/(<\[\"'=])(https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?])")
LINK_TAGS_WITH_URLS = ("href", "src")


@dataclass(frozen=True)
class Link:
    """A link, image or raw HTML href/src. For a reference-style link, `target` comes from the
    definition at `def_line`:`def_column`; `line`:`column` is where the link is used."""

    kind: str  # "link", "image", "html" (raw href/src), "autolink"
    target: str
    line: int
    column: int
    label: str | None = None
    def_line: int | None = None
    def_column: int | None = None
    tag: str | None = None


@dataclass(frozen=True)
class RefDef:
    label: str
    target: str
    line: int
    column: int


@dataclass(frozen=True)
class UndefinedRef:
    label: str
    line: int
    column: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # inline Markdown as written, attr_list braces included
    line: int


@dataclass(frozen=True)
class Fence:
    """A fenced code block. `text` is its content with the fence's indentation removed, as
    SuperFences hands it on; content line k (0-based) is Markdown line `first_line + k`."""

    lang: str
    line: int
    first_line: int
    indent: int
    text: str


@dataclass
class PageScan:
    links: list[Link] = field(default_factory=list)
    undefined_refs: list[UndefinedRef] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # every id a link can target
    element_ids: list[str] = field(default_factory=list)  # of those, ids toc sees (attr_list…)
    fences: list[Fence] = field(default_factory=list)
    ref_defs: dict[str, RefDef] = field(default_factory=dict)


@dataclass(frozen=True)
class ScanOptions:
    attr_list: bool = True
    footnotes: bool = True
    arithmatex: bool = False
    magiclink: bool = False


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def indent_width(line: str) -> int:
    """Columns of leading whitespace, a tab reaching the next multiple of four."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB - width % TAB
        else:
            break
    return width


def strip_columns(line: str, columns: int) -> tuple[str, int]:
    """`line` without up to `columns` columns of leading whitespace, and the characters removed."""
    width = 0
    i = 0
    while i < len(line) and width < columns and line[i] in " \t":
        width += 1 if line[i] == " " else TAB - width % TAB
        i += 1
    return line[i:], i


def ref_label(text: str) -> str:
    return " ".join(text.split()).lower()


def fence_lang(info: str) -> str:
    """The language of a fence's info string: `mermaid`, `{.mermaid}`, `.mermaid title="x"`."""
    info = info.strip().lstrip("{").strip()
    first = info.split(None, 1)[0] if info else ""
    return first.lstrip(".").rstrip("}").lower()


def _mask(text: str, start: int, end: int) -> str:
    piece = "".join("\n" if ch == "\n" else " " for ch in text[start:end])
    return text[:start] + piece + text[end:]


def _mask_all(text: str, pattern: re.Pattern[str]) -> str:
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: "".join("\n" if ch == "\n" else " " for ch in m.group(0)), text)


def _closing_bracket(text: str, start: int) -> int:
    """Index of the `]` matching the `[` at `start`, or -1."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _inline_destination(text: str, start: int) -> tuple[str, int] | None:
    """Parse `(dest "title")` starting at the `(` at `start`: the destination and end index."""
    n = len(text)
    i = start + 1
    while i < n and text[i] in " \t\n":
        i += 1
    if i < n and text[i] == "<":
        close = text.find(">", i + 1)
        if close < 0 or "\n" in text[i:close]:
            return None
        dest = text[i + 1 : close]
        i = close + 1
    else:
        depth = 0
        j = i
        while j < n:
            ch = text[j]
            if ch == "\\" and j + 1 < n:
                j += 2
                continue
            if ch in " \t\n":
                break
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        dest = text[i:j]
        i = j
    while i < n and text[i] in " \t\n":
        i += 1
    if i < n and text[i] in "\"'(":
        closer = ")" if text[i] == "(" else text[i]
        end = text.find(closer, i + 1)
        if end < 0:
            return None
        i = end + 1
        while i < n and text[i] in " \t\n":
            i += 1
    if i < n and text[i] == ")":
        return dest, i + 1
    return None


class _Paragraph:
    """Lines of one block of inline text, joined, with a map from offsets back to lines."""

    __slots__ = ("columns", "length", "lines", "parts", "starts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.lines: list[int] = []
        self.columns: list[int] = []
        self.length = 0

    def add(self, text: str, line: int, column: int) -> None:
        if self.parts:
            self.length += 1  # the joining newline
        self.starts.append(self.length)
        self.parts.append(text)
        self.lines.append(line)
        self.columns.append(column)
        self.length += len(text)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def position(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[k], self.columns[k] + offset - self.starts[k]


class _Scanner:
    def __init__(self, text: str, options: ScanOptions) -> None:
        self.options = options
        self.lines = normalize_newlines(text).split("\n")
        self.result = PageScan()
        self.paragraphs: list[_Paragraph] = []
        self.ref_uses: list[tuple[str, int, int, str, bool]] = []  # label, line, col, kind, full

    # -- block level -------------------------------------------------------------------------

    def run(self) -> PageScan:
        lines = self.lines
        start = 0
        if lines and lines[0].startswith("---"):
            m = YAML_FRONT_MATTER.match("\n".join(lines[:200]) + "\n")
            if m:
                start = m.group(0).count("\n")
        containers: list[int] = []
        paragraph = _Paragraph()
        prev_blank = True
        prev_code = False
        skip_next = False
        # an open fence: (char, marker, indent, line, lang, body)
        fence: tuple[str, str, int, int, str, list[str]] | None = None
        in_comment = False
        n = len(lines)
        for i in range(start, n):
            raw = lines[i]
            if skip_next:
                skip_next = False
                continue
            if fence is not None:
                char, marker, indent, open_line, lang, body = fence
                solid = raw.strip()
                if solid[:1] == char and solid.startswith(marker) and not solid.strip(char):
                    self._fence(lang, open_line, indent, body)
                    fence = None
                    prev_blank = False
                    prev_code = False
                else:
                    body.append(strip_columns(raw, indent)[0] if indent else raw)
                continue
            if in_comment:
                if "-->" in raw:
                    in_comment = False
                continue
            text = raw.lstrip(" \t")
            if not text or text.isspace():
                if paragraph:
                    self.paragraphs.append(paragraph)
                    paragraph = _Paragraph()
                prev_blank = True
                continue
            cut = len(raw) - len(text)
            indent = indent_width(raw) if "\t" in raw[:cut] else cut
            lazy = bool(paragraph) and not prev_blank
            while containers and indent < containers[-1]:
                if lazy and not self._starts_block(text):
                    break
                containers.pop()
            base = containers[-1] if containers else 0
            rel = indent - base
            if rel >= TAB and (prev_code or (prev_blank and not lazy)):
                prev_code = True
                prev_blank = False
                continue  # indented code block
            prev_code = False
            lineno = i + 1
            column = cut + 1
            first = text[0]
            if first in "`~" and rel < TAB:
                fm = FENCE_OPEN.match(raw)
                if fm and not (fm.group("fence")[0] == "`" and "`" in fm.group("info")):
                    if paragraph:
                        self.paragraphs.append(paragraph)
                        paragraph = _Paragraph()
                    marker = fm.group("fence")
                    fence = (marker[0], marker, indent, lineno, fence_lang(fm.group("info")), [])
                    prev_blank = False
                    continue
            elif first == "<":
                if text.startswith("<!--") and "-->" not in text:
                    if paragraph:
                        self.paragraphs.append(paragraph)
                        paragraph = _Paragraph()
                    in_comment = True
                    continue
            elif (first in "!?" and ADMONITION.match(text)) or (
                first == "=" and TAB_BLOCK.match(text)
            ):
                if paragraph:
                    self.paragraphs.append(paragraph)
                    paragraph = _Paragraph()
                containers.append(indent + TAB)
                prev_blank = False
                continue
            elif first in "-*+:0123456789":
                opener = LIST_ITEM.match(text) or DEFINITION.match(text)
                if opener and not HR.match(text):
                    if paragraph:
                        self.paragraphs.append(paragraph)
                    paragraph = _Paragraph()
                    containers.append(indent + TAB)
                    rest = text[opener.end() :]
                    if rest.strip():
                        paragraph.add(rest, lineno, column + opener.end())
                    prev_blank = False
                    continue
            elif first == "[":
                fm2 = FOOTNOTE_DEF.match(text)
                if fm2:
                    if paragraph:
                        self.paragraphs.append(paragraph)
                    paragraph = _Paragraph()
                    containers.append(indent + TAB)
                    if self.options.footnotes:
                        ids = (f"fn:{fm2.group(1)}", f"fnref:{fm2.group(1)}")
                        self.result.ids.extend(ids)
                        self.result.element_ids.extend(ids)
                    rest = text[fm2.end() :]
                    if rest.strip():
                        paragraph.add(rest, lineno, column + fm2.end())
                    prev_blank = False
                    continue
                rd = REF_DEF.match(text) if rel < TAB else None
                if rd:
                    label = ref_label(rd.group("label"))
                    angle = rd.group("angle") is not None
                    target = rd.group("angle") if angle else rd.group("url")
                    tcol = column + rd.start("angle" if angle else "url")
                    self.result.ref_defs.setdefault(label, RefDef(label, target, lineno, tcol))
                    prev_blank = False
                    continue
            elif first == ">":
                bq = BLOCKQUOTE.match(text)
                text = text[bq.end() :]
                column += bq.end()
            if text[:1] == "#":
                hm = ATX_HEADING.match(text)
                if hm:
                    if paragraph:
                        self.paragraphs.append(paragraph)
                        paragraph = _Paragraph()
                    self._heading(len(hm.group(1)), hm.group(2), lineno, column + hm.start(2))
                    prev_blank = False
                    continue
            if not paragraph and i + 1 < n:
                following = lines[i + 1].lstrip(" ")
                if following[:1] in ("=", "-") and not HR.match(text):
                    um = SETEXT_UNDERLINE.match(strip_columns(lines[i + 1], base)[0])
                    if um and indent_width(lines[i + 1]) >= base:
                        self._heading(1 if um.group(1)[0] == "=" else 2, text, lineno, column)
                        skip_next = True
                        prev_blank = False
                        continue
            paragraph.add(text, lineno, column)
            prev_blank = False
        if paragraph:
            self.paragraphs.append(paragraph)
        self._inline_all()
        return self.result

    @staticmethod
    def _starts_block(text: str) -> bool:
        return bool(
            LIST_ITEM.match(text)
            or ADMONITION.match(text)
            or TAB_BLOCK.match(text)
            or text.startswith(("#", "```", "~~~", ">"))
        )

    def _fence(self, lang: str, line: int, indent: int, body: list[str]) -> None:
        self.result.fences.append(Fence(lang, line, line + 1, indent, "\n".join(body)))

    def _heading(self, level: int, text: str, line: int, column: int) -> None:
        column += len(text) - len(text.lstrip())
        text = text.strip()
        self.result.headings.append(Heading(level, text, line))
        para = _Paragraph()
        para.add(text, line, column)
        self.paragraphs.append(para)

    # -- inline level ------------------------------------------------------------------------

    def _inline_all(self) -> None:
        for para in self.paragraphs:
            self._inline(para)
        defs = self.result.ref_defs
        for label, line, column, kind, full in self.ref_uses:
            d = defs.get(label)
            if d is not None:
                self.result.links.append(
                    Link(kind, d.target, line, column, label, d.line, d.column)
                )
            elif full:
                self.result.undefined_refs.append(UndefinedRef(label, line, column))

    def _inline(self, para: _Paragraph) -> None:
        text = "\n".join(para.parts)
        links = self.result.links
        if "`" in text:
            text = _mask_all(text, CODE_SPAN)
        if "<!--" in text:
            text = _mask_all(text, HTML_COMMENT)
        if self.options.arithmatex and "$" in text:
            text = _mask_all(text, INLINE_MATH)
        if "<" in text:
            for m in AUTOLINK.finditer(text):
                line, col = para.position(m.start(1))
                links.append(Link("autolink", m.group(1), line, col))
            text = _mask_all(text, AUTOLINK)
            for m in HTML_TAG.finditer(text):
                self._tag(para, m)
        if self.options.attr_list and "{" in text:
            for m in ATTR_LIST.finditer(text):
                for token in m.group(1).split():
                    if token.startswith("#") and len(token) > 1:
                        self.result.ids.append(token[1:])
                        self.result.element_ids.append(token[1:])
        if self.options.magiclink and "://" in text:
            for m in BARE_URL.finditer(text):
                line, col = para.position(m.start(1))
                links.append(Link("autolink", m.group(1), line, col))
        if "[" in text:
            self._brackets(para, text)

    def _tag(self, para: _Paragraph, m: re.Match[str]) -> None:
        tag = m.group(1).lower()
        attrs = m.group(2)
        if not attrs:
            return
        base = m.start(2)
        for am in HTML_ATTR.finditer(attrs):
            name = am.group(1).lower()
            if am.lastindex is None or am.lastindex < 2:
                continue
            k = 2 if am.group(2) is not None else 3 if am.group(3) is not None else 4
            value = am.group(k)
            if name in LINK_TAGS_WITH_URLS:
                line, col = para.position(base + am.start(k))
                self.result.links.append(Link("html", value, line, col, tag=tag))
            elif name == "id" or (name == "name" and tag == "a"):
                self.result.ids.append(value)

    def _brackets(self, para: _Paragraph, text: str) -> None:
        links = self.result.links
        skip_from, skip_to = -1, -1  # the label or destination part of the last link found
        i = text.find("[")
        while i >= 0:
            backslashes = 0
            j = i - 1
            while j >= 0 and text[j] == "\\":
                backslashes += 1
                j -= 1
            if backslashes % 2 == 0 and not skip_from <= i < skip_to:
                zone = self._bracket_at(para, text, i, links)
                if zone is not None:
                    skip_from, skip_to = zone
            i = text.find("[", i + 1)

    def _bracket_at(
        self, para: _Paragraph, text: str, i: int, links: list[Link]
    ) -> tuple[int, int] | None:
        """Record the link starting at `i`, if any, and return the span of its label or
        destination, where no other link can start."""
        close = _closing_bracket(text, i)
        if close < 0:
            return None
        inner = text[i + 1 : close]
        if inner.startswith("^"):
            return None  # a footnote reference
        image = i > 0 and text[i - 1] == "!"
        kind = "image" if image else "link"
        at = i - 1 if image else i
        nxt = text[close + 1 : close + 2]
        if nxt == "(":
            parsed = _inline_destination(text, close + 1)
            if parsed is None:
                return None
            line, col = para.position(at)
            links.append(Link(kind, parsed[0], line, col))
            return close + 1, parsed[1]
        line, col = para.position(at)
        if nxt == "[":
            end = _closing_bracket(text, close + 1)
            if end < 0:
                return None
            label = text[close + 2 : end]
            if "[" in label:
                return None
            if label.startswith("^"):  # `[text][^1]`: text in brackets, then a footnote
                return close + 1, end + 1
            full = bool(label.strip())
            self.ref_uses.append((ref_label(label if full else inner), line, col, kind, full))
            return close + 1, end + 1
        if inner.strip() and "[" not in inner and text[close + 1 : close + 2] != ":":
            self.ref_uses.append((ref_label(inner), line, col, kind, False))
        return None


def scan_markdown(text: str, options: ScanOptions | None = None) -> PageScan:
    """Everything the checker needs from one page, found in one pass over its text."""
    return _Scanner(text, options or ScanOptions()).run()


def decode(data: bytes) -> tuple[str, tuple[int, int, str] | None]:
    """Text of a file, and where its first invalid UTF-8 byte is (line, column, message)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        # utf-8-sig counts its offsets after the byte-order mark
        data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        offset = exc.start
        line = data.count(b"\n", 0, offset) + 1
        start = data.rfind(b"\n", 0, offset) + 1
        column = len(data[start:offset].decode("utf-8", errors="replace")) + 1  # characters
        message = (f"byte 0x{data[offset]:02x} is not valid UTF-8 ({exc.reason}); "
                   "save the file as UTF-8")
        return data.decode("utf-8-sig", errors="replace"), (line, column, message)
