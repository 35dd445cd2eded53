"""Anchors of a page as the built page will have them.

The toc extension gives every heading the id `unique(slugify(name, separator))`, where `name` is
the heading's rendered text with tags stripped and whitespace collapsed, `slugify` and
`separator` are the site's, and `unique()` (markdown's own) appends `_1`, `_2` … to repeats and
to ids already on the page; a heading with an attr_list `{ #id }` keeps that id. A heading of
plain words is its own name. Any other heading is rendered by Python-Markdown with the site's
own extensions, so that code, emphasis, emoji, entities and links come out exactly as in the
build; those are rendered many at a time (`prepare`), since a conversion costs the same for one
heading as for hundreds. Raw HTML `id=`/`<a name=>`, attr_list ids on other blocks and footnote
ids come from the scanner.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from markdown.extensions import toc as md_toc

from .markdown_scan import Heading, PageScan

# Characters that no inline extension touches: a heading made only of these needs no rendering.
_PLAIN = re.compile(r"[\w \t,.?!/()'\"%;&-]*")
_ENTITY = re.compile(r"&#?\w+;")
_SMART = re.compile(r"--|\.\.\.|['\"]|\(c\)|\(r\)|\(tm\)|\+/-|=/=|\d/\d|<-|->", re.IGNORECASE)
_SMART_EXTENSIONS = {"smarty", "pymdownx.smartsymbols", "markdown.extensions.smarty"}
_EXPLICIT_ID = re.compile(r"\{:?[^{}]*#[^{}\s]+[^{}]*\}\s*$")
_BATCH = 400


def _unique(slug: str, used: set[str], counters: dict[str, int]) -> str:
    try:
        return md_toc.unique(slug, used, counters)  # type: ignore[call-arg]
    except TypeError:  # pragma: no cover - markdown < 3.10 has no counters
        return md_toc.unique(slug, used)


class Anchors:
    """Computes each page's anchor set from its scan, the way the site's toc extension does."""

    def __init__(
        self, extensions: Iterable[Any] = (), extension_configs: dict[str, Any] | None = None
    ) -> None:
        self.extensions = list(extensions)
        self.extension_configs = dict(extension_configs or {})
        toc = self.extension_configs.get("toc") or self.extension_configs.get(
            "markdown.extensions.toc") or {}
        self.slugify: Callable[[str, str], str] = toc.get("slugify") or md_toc.slugify
        self.separator: str = toc.get("separator", "-")
        names = {e.replace("markdown.extensions.", "") for e in self.extensions
                 if isinstance(e, str)}
        self.smart = bool(names & _SMART_EXTENSIONS)
        self.attr_list = "attr_list" in names
        self._md: Any = None
        self._rendered: dict[str, tuple[str, str]] = {}  # heading text -> (name, id)

    def is_plain(self, text: str) -> bool:
        if "_" in text or not _PLAIN.fullmatch(text):
            return False
        if "&" in text and _ENTITY.search(text):
            return False
        return not (self.smart and _SMART.search(text))

    def _markdown(self) -> Any:
        if self._md is None:
            import markdown

            extensions = list(self.extensions)
            configs = dict(self.extension_configs)
            key = "toc" if "toc" in configs or "toc" in extensions else "markdown.extensions.toc"
            if "toc" not in extensions and "markdown.extensions.toc" not in extensions:
                extensions.append("toc")
            # every heading in toc_tokens, whose names toc computes as it does for the ids
            configs[key] = {**(configs.get(key) or {}), "toc_depth": "1-6", "baselevel": 1}
            self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        return self._md

    def _render(self, texts: list[str], suffix: str = "") -> list[tuple[str, str]] | None:
        """(name, id) of each heading text, as toc computes them, rendered in one conversion;
        None if the output does not hold one heading per text."""
        md = self._markdown()
        md.reset()
        md.convert("\n\n".join(f"## {t}" for t in texts) + suffix)
        found: list[tuple[str, str]] = []

        def walk(tokens: list[dict[str, Any]]) -> None:
            for token in tokens:
                found.append((token["name"], token["id"]))
                walk(token.get("children") or [])

        walk(getattr(md, "toc_tokens", []))
        return found if len(found) == len(texts) else None

    def prepare(self, headings: Iterable[Heading]) -> None:
        """Render every heading that needs it, many per conversion."""
        todo = list(dict.fromkeys(
            h.text for h in headings
            if "[" not in h.text and h.text not in self._rendered and not self.is_plain(h.text)
        ))
        for start in range(0, len(todo), _BATCH):
            chunk = todo[start : start + _BATCH]
            rendered = self._render(chunk)
            if rendered is None:  # something in a heading broke out of it: one at a time
                rendered = [(self._render([t]) or [(t, "")])[0] for t in chunk]
            self._rendered.update(zip(chunk, rendered, strict=True))

    def heading_ids(self, headings: list[Heading], scan: PageScan | None = None) -> list[str]:
        """The ids the toc extension gives these headings, in order."""
        self.prepare(headings)
        local: dict[str, tuple[str, str]] = {}
        with_refs = [h.text for h in headings if "[" in h.text and not self.is_plain(h.text)]
        if with_refs:  # reference links and footnotes need the page's definitions
            suffix = ""
            if scan is not None:
                defs = [f"[{d.label}]: {d.target or '#'}" for d in scan.ref_defs.values()]
                defs += [f"[^{i[3:]}]: -" for i in scan.ids if i.startswith("fn:")]
                suffix = "\n\n" + "\n".join(defs) if defs else ""
            texts = list(dict.fromkeys(with_refs))
            rendered = self._render(texts, suffix) or [
                (self._render([t], suffix) or [(t, "")])[0] for t in texts
            ]
            local = dict(zip(texts, rendered, strict=True))
        plan: list[tuple[str | None, str]] = []  # (explicit id, name)
        for h in headings:
            if self.is_plain(h.text):
                plan.append((None, " ".join(h.text.split())))
                continue
            name, rendered_id = local.get(h.text) or self._rendered[h.text]
            explicit = self.attr_list and _EXPLICIT_ID.search(h.text)
            plan.append((rendered_id if explicit else None, name))
        used = {explicit for explicit, _ in plan if explicit}
        if scan is not None:
            used |= set(scan.element_ids)
        counters: dict[str, int] = {}
        ids = []
        for explicit, name in plan:
            if explicit:
                ids.append(explicit)
            else:
                slug = self.slugify(html.unescape(name), self.separator)
                ids.append(_unique(slug, used, counters))
        return ids

    def page_anchors(self, scan: PageScan) -> set[str]:
        return set(self.heading_ids(scan.headings, scan)) | set(scan.ids)
