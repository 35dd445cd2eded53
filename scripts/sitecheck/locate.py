"""Where a rendered link, diagram or literal reference stands in the source, so that a finding
names the file and line the author can fix.

The Markdown scanner reads the page as plugins left it (after on_page_markdown) and every file
that pymdownx.snippets brings in; a line map takes the page's lines back to its file on disk
(front matter, lines a hook inserted or a macro rewrote). A construct that exists only in
generated output is placed at the line that generated it when that can be found, else at the
page's first line, marked as generated.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .markdown_scan import Fence, Link, PageScan, ScanOptions, ref_label, scan_markdown

SNIPPET_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<escape>;*)-{1,}8<-{1,}[ \t]+(?P<q>['\"])"
                          r"(?P<path>.*?)(?P=q)[ \t]*$")
SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*$")
MAX_INCLUDE_DEPTH = 4


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    column: int
    link: Link | None = None
    generated: bool = False


@dataclass
class Source:
    """One scanned text: the page (lines mapped to its file) or an included file."""

    path: str  # relative to the config folder
    scan: PageScan
    lines: list[str]
    line_map: list[int | None] | None = None  # scanned line (0-based) -> file line (1-based)
    exact: list[bool] | None = None

    def place(self, line: int, column: int, link: Link | None = None) -> Place:
        if self.line_map is None:
            return Place(self.path, line, column, link)
        k = line - 1
        mapped = self.line_map[k] if 0 <= k < len(self.line_map) else None
        if mapped is None:
            return Place(self.path, 1, 1, link, generated=True)
        exact = self.exact[k] if self.exact else True
        return Place(self.path, mapped, column if exact else 1, link)


def _link_place(source: Source, link: Link) -> Place:
    place = source.place(link.line, link.column, link)
    if link.label and link.def_line:  # a reference link stands at its definition,
        defined = source.place(link.def_line, link.def_column or 1, link)
        if not defined.generated or place.generated:  # unless a hook wrote it
            place = defined
    return place


Source.link_place = _link_place  # type: ignore[attr-defined]


def line_map(source: str, markdown: str) -> tuple[list[int | None], list[bool]]:
    """For each line of `markdown` (a page after MkDocs and its plugins read it), the line of
    `source` it comes from, and whether it is that line unchanged."""
    md_lines = markdown.split("\n")
    if source.endswith(markdown):
        offset = source[: len(source) - len(markdown)].count("\n")
        return [offset + k + 1 for k in range(len(md_lines))], [True] * len(md_lines)
    src_lines = source.split("\n")
    mapping: list[int | None] = [None] * len(md_lines)
    exact = [False] * len(md_lines)
    matcher = difflib.SequenceMatcher(None, src_lines, md_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for d in range(j2 - j1):
                mapping[j1 + d] = i1 + d + 1
                exact[j1 + d] = True
        elif op == "replace":  # a macro or hook rewrote these lines: the lines it rewrote
            for d in range(j2 - j1):
                mapping[j1 + d] = i1 + min(d, i2 - i1 - 1) + 1
    return mapping, exact


@dataclass
class SnippetConfig:
    base_paths: list[Path]
    auto_append: list[str]
    enabled: bool

    def find(self, name: str, relative_to: Path | None) -> Path | None:
        name = name.split(":", 1)[0] if not os.path.isabs(name) else name
        name = re.sub(r":[-\d,:]*$", "", name)
        for base in self.base_paths:
            candidate = base / name if not base.is_file() else base
            if base.is_file() and base.name != Path(name).name:
                continue
            if candidate.is_file():
                return candidate
        return None


def snippet_config(extensions: Iterable[object], configs: dict, root: Path) -> SnippetConfig:
    names = {e for e in extensions if isinstance(e, str)}
    if "pymdownx.snippets" not in names:
        return SnippetConfig([], [], False)
    cfg = configs.get("pymdownx.snippets") or {}
    bases = cfg.get("base_path", ["."])
    if isinstance(bases, str):
        bases = [bases]
    # snippets resolves base_path against the working folder; MkDocs runs from the site's
    return SnippetConfig(
        [(root / b).resolve() if not os.path.isabs(b) else Path(b) for b in bases],
        list(cfg.get("auto_append") or []),
        True,
    )


def included_files(lines: list[str], snippets: SnippetConfig) -> list[tuple[int, str]]:
    """`--8<--` includes of a text: (0-based line of the include, name)."""
    found: list[tuple[int, str]] = []
    block = False
    for k, line in enumerate(lines):
        if "8<" not in line and not block:
            continue
        if SNIPPET_BLOCK.match(line):
            block = not block
            continue
        if block:
            name = line.strip()
            if name and not name.startswith(";"):
                found.append((k, name))
            continue
        m = SNIPPET_LINE.match(line)
        if m and not m.group("escape"):
            found.append((k, m.group("path")))
    return found


@dataclass
class PageLocator:
    """Every scanned source of one page: the page first, then the files it includes."""

    page_path: str
    sources: list[Source]
    by_key: dict[object, deque[Place]] = field(default_factory=lambda: defaultdict(deque))
    last: dict[object, Place] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)

    @property
    def page(self) -> Source:
        return self.sources[0]

    def index_links(self, keys_of: Callable[[Source, Link], Iterable[object]]) -> None:
        for source in self.sources:
            for link in source.scan.links:
                place = source.link_place(link)
                for key in dict.fromkeys(keys_of(source, link)):
                    self.by_key[key].append(place)

    def link(self, keys: Iterable[object]) -> Place | None:
        """The source of a rendered URL: the next unused source link with one of its `keys`;
        None when no source writes it (then `generated` places it, if it needs a place)."""
        keys = list(keys)
        for key in keys:
            queue = self.by_key.get(key)
            while queue:
                place = queue.popleft()
                if id(place) in self.used:
                    continue
                self.used.add(id(place))
                self.last[key] = place
                return place
        for key in keys:  # the same source link may reach the page more than once
            if key in self.last:
                return self.last[key]
        return None

    def generated(self, *needles: str) -> Place:
        """A construct not written in any source: the line that holds its text, else the line
        a macro or hook rewrote, else the page's first line."""
        for needle in needles:
            if not needle or len(needle) < 3:
                continue
            for source in self.sources:
                for k, line in enumerate(source.lines):
                    col = line.find(needle)
                    if col >= 0:
                        return Place(source.path, k + 1, col + 1, generated=True)
        page = self.page
        if page.exact is not None:
            for k, exact in enumerate(page.exact):
                mapped = page.line_map[k] if page.line_map else None
                if not exact and mapped is not None:
                    return Place(page.path, mapped, 1, generated=True)
        return Place(page.path, 1, 1, generated=True)

    def undefined_ref(self, label: str, used: dict[str, int]) -> Place:
        """The use of `[text][label]` whose label is not defined, in order of appearance."""
        wanted = ref_label(label)
        seen = 0
        for source in self.sources:
            for ref in source.scan.undefined_refs:
                if ref.label == wanted:
                    if seen == used.get(wanted, 0):
                        used[wanted] = seen + 1
                        return source.place(ref.line, ref.column)
                    seen += 1
        return self.generated(f"][{label}]", f"[{label}]")

    def fences(self) -> list[tuple[Source, Fence]]:
        return [(s, f) for s in self.sources for f in s.scan.fences]

    def defined_labels(self) -> set[str]:
        return {label for s in self.sources for label in s.scan.ref_defs}


def build_locator(
    root: Path,
    page_file: Path,
    source_text: str,
    markdown: str,
    options: ScanOptions,
    snippets: SnippetConfig,
) -> PageLocator:
    rel = _rel(page_file, root)
    source_text = source_text.replace("\r\n", "\n").replace("\r", "\n")
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    mapping, exact = line_map(source_text, markdown)
    scan = scan_markdown(markdown, options)
    src_lines = source_text.split("\n")
    sources = [Source(rel, scan, src_lines, mapping, exact)]
    if snippets.enabled:
        md_lines = markdown.split("\n")
        seen: set[Path] = set()
        names = [name for _, name in included_files(md_lines, snippets)]
        names += snippets.auto_append
        queue = [(n, 1) for n in names]
        while queue:
            name, depth = queue.pop(0)
            found = snippets.find(name, None)
            if found is None or found in seen or depth > MAX_INCLUDE_DEPTH:
                continue
            seen.add(found)
            try:
                text = found.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            lines = text.split("\n")
            sources.append(Source(_rel(found, root), scan_markdown(text, options), lines))
            queue += [(n, depth + 1) for _, n in included_files(lines, snippets)]
    _share_definitions(sources)
    return PageLocator(rel, sources)


def _share_definitions(sources: list[Source]) -> None:
    """Snippets (auto_append above all) define references that the page uses: a use that one
    source leaves undefined is a link when another source defines it."""
    if len(sources) < 2:
        return
    defs = {}
    for s in sources:
        for label, d in s.scan.ref_defs.items():
            defs.setdefault(label, (s, d))
    for s in sources:
        keep = []
        for ref in s.scan.undefined_refs:
            hit = defs.get(ref.label)
            if hit is None:
                keep.append(ref)
                continue
            _, d = hit
            s.scan.links.append(Link("link", d.target, ref.line, ref.column, ref.label))
        s.scan.undefined_refs[:] = keep


def _rel(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
