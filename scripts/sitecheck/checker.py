"""The check: run MkDocs' own pipeline (sitecheck.pipeline), then judge what it rendered —
every href, src and srcset, every id, every Mermaid block and every reference left as literal
text — and report each defect at the source line that made it (sitecheck.locate).

What is broken is decided by the rendered HTML and the built site's files; how it is worded
(and its hint) by the source construct, so that messages say what the author wrote; how severe
it is by the site's `validation:` settings, read from the levels MkDocs itself logs at.
"""

from __future__ import annotations

import logging
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import external as ext
from .clicks import is_script_url, locate_clicks
from .config import NavEntry, nav_entries
from .errors import CheckError
from .findings import ERROR, WARNING, Finding, finding
from .hints import closest, closest_path
from .locate import PageLocator, Place, Source, build_locator, snippet_config
from .markdown_scan import Fence, Link, ScanOptions, decode
from .mermaid import (
    DEFAULT_TIMEOUT,
    MermaidPool,
    ParseResult,
    clean_message,
    error_position,
    map_position,
    no_mermaid_message,
    start_pool,
)
from .mermaid_cache import MermaidCache
from .pipeline import Record, first_line
from .rendered import Rendered, read_html
from .resolve import (
    CASE,
    EXCLUDED,
    FOUND,
    OUTSIDE,
    PATH_CUTOFF,
    SiteIndex,
    relative_source,
    relative_url,
    resolve_source,
    resolve_url,
    split_target,
)

ANCHOR_CUTOFF = 0.7
GENERATED = " (the link is generated: it is not written in the page's source)"
Where = tuple[str, int, int]  # path relative to the config folder, line, column

_DOC_LINK = re.compile(
    r"^Doc file '(?P<page>.+?)' contains (?P<kind>a link|an absolute link|an unrecognized "
    r"relative link) '(?P<url>.*?)'(?P<rest>.*)$", re.DOTALL)
_DID_YOU_MEAN = re.compile(r" Did you mean '(?P<hint>.*?)'\?$")
_OMITTED = "The following pages exist in the docs directory, but are not included in the"
_NAV_NOT_FOUND = re.compile(r"^A reference to '(?P<target>.*)' is included in the 'nav'")
_NAV_ABSOLUTE = re.compile(r"^An absolute path to '(?P<target>.*)' is included in the 'nav'")
_AUTOREF = re.compile(r"(?:^|: )(?P<page>[^:]+?): (?:from .*?: \(.*?\) )?Could not find "
                      r"cross-reference target '(?P<ref>.*)'$")
_QUOTED = re.compile(r"'([^'\s][^']{2,80})'")
#: Records that the check itself causes or reports better, never the site's own warnings.
_QUIET = ("Encoding error reading file", "Error reading page", "The following pages are being")


@dataclass
class Options:
    config: str = "mkdocs.yml"
    external: bool = False
    mermaid: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    jobs: int | None = None
    cache: str | None = None
    cache_ttl: float = ext.DEFAULT_TTL
    external_timeout: float = ext.DEFAULT_TIMEOUT
    #: the Mermaid verdict cache; None: `.cache/check_site/` next to the config; "" turns it off
    mermaid_cache: str | None = None


@dataclass
class Report:
    findings: list[Finding]
    files: int = 0
    links: int = 0
    diagrams: int = 0
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def _severity(level: int) -> str | None:
    """What a MkDocs log level means for `mkdocs build --strict`: a WARNING fails it."""
    if level >= logging.WARNING:
        return ERROR
    if level >= logging.INFO:
        return WARNING
    return None


@dataclass
class _Page:
    src_uri: str
    url: str
    locator: PageLocator
    rendered: Rendered


@dataclass
class _Diagram:
    src_uri: str
    where: Where
    fence: Fence
    text: str


class _Run:
    def __init__(self, built: Any, root: Path) -> None:
        self.built = built
        self.config = built.config
        self.root = root
        self.docs_dir = Path(self.config.docs_dir)
        files = built.files
        self.index = site_index(self.config, files)
        self.abs_paths = {f.src_uri: f.abs_src_path for f in files}
        self.pages: dict[str, _Page] = {}
        self.findings: dict[tuple[str, int, int, str], Finding] = {}
        self.externals: list[tuple[str, Where]] = []
        self.links = 0
        self.to_docs = _relative_to_docs(self.config)

    # -- findings --------------------------------------------------------------------------

    def page_path(self, src_uri: str) -> str:
        abs_path = self.abs_paths.get(src_uri)
        path = Path(abs_path) if abs_path else self.docs_dir / src_uri
        return Path(posixpath.relpath(path.as_posix(), self.root.as_posix())).as_posix()

    def add(self, where: Where, rule: str, message: str, hint: str | None = None,
            severity: str | None = None) -> None:
        """One finding per place and rule: a second verdict on it can only make it worse."""
        new = finding(*where, rule, message, hint, severity)
        key = (new.path, new.line, new.column, rule)
        old = self.findings.get(key)
        if old is None:
            self.findings[key] = new
        elif old.severity != ERROR and new.severity == ERROR:
            self.findings[key] = finding(*where, rule, old.message, old.hint or hint, ERROR)

    @staticmethod
    def where(place: Place) -> Where:
        return (place.path, place.line, place.column)

    # -- anchors ---------------------------------------------------------------------------

    def anchors_of(self, src_uri: str) -> set[str] | None:
        page = self.pages.get(src_uri)
        return page.rendered.ids if page is not None else None

    def anchor_problem(
        self, src_uri: str, target_uri: str, fragment: str | None, written: str, click: bool
    ) -> tuple[str, str | None] | None:
        if not fragment:
            return None
        anchors = self.anchors_of(target_uri)
        if anchors is None or fragment in anchors or unquote(fragment) in anchors:
            return None
        base = written.split("#", 1)[0]
        near = closest(fragment, anchors, cutoff=ANCHOR_CUTOFF)
        if target_uri == src_uri and not base:
            message = f"there is no anchor '#{fragment}' on this page"
        else:
            message = f"'{target_uri}' has no anchor '#{fragment}'"
        if click:
            message = f"click target '{written}': {message}"
        return message, (f"{base}#{near}" if near else None)

    # -- the built page's URLs: what the browser gets ---------------------------------------

    def url_problem(
        self, src_uri: str, written: str, kind: str
    ) -> tuple[str, str, str | None] | None:
        """(rule, message, hint) when the URL `written` on page `src_uri` is broken in the built
        site. `kind`: 'html-a', 'html-img' or 'click'."""
        target = split_target(written)
        click = kind == "click"
        noun = "click target" if click else ("image" if kind == "html-img" else "link")
        if target.kind in ("empty", "scheme", "external"):
            return None
        anchor_rule = "click-anchor" if click else "anchor-missing"
        if target.kind == "fragment":
            problem = self.anchor_problem(src_uri, src_uri, target.fragment, written, click)
            return (anchor_rule, *problem) if problem else None
        missing = "click-missing" if click else (
            "image-missing" if kind == "html-img" else "link-missing")
        if target.kind == "absolute":
            # it works at the server's root (the absolute-link warning says why not elsewhere)
            stripped = target.path.lstrip("/")
            url = posixpath.normpath(stripped) if stripped else ""
            url = "" if url == "." else url + ("/" if target.path.endswith("/") and url else "")
            if self.index.lookup_dest(url).status == FOUND:
                return None
            return (missing, f"{noun} '{written}' is not a page or file of the built site",
                    self.absolute_hint(src_uri, target.path, False))
        page_url = self.index.url_of(src_uri)
        url = resolve_url(page_url, target.path)
        if url is None:
            return (missing if click else "link-outside-docs",
                    f"{noun} '{written}' leads outside the site", None)
        found = self.index.lookup_dest(url)
        suffix = f"#{target.fragment}" if target.fragment else ""
        if found.status == FOUND:
            page = self.index.page_for_dest(found.uri)
            if page is not None and self.index.is_page(page):
                problem = self.anchor_problem(src_uri, page, target.fragment, written, click)
                return (anchor_rule, *problem) if problem else None
            return None
        if found.status == CASE and found.suggestion is not None:
            right = relative_url(self.index.url_for_dest(found.suggestion), page_url) + suffix
            return (missing if click else "link-case",
                    f"{noun} '{written}' does not match the case of the built file "
                    f"'{found.suggestion}'", right)
        hint = self.url_hint(src_uri, target.path, url)
        return (missing, f"{noun} '{written}' is not a page or file of the built site "
                f"(it resolves to '/{url}')", hint + suffix if hint else None)

    def url_hint(self, src_uri: str, path: str, url: str) -> str | None:
        page_url = self.index.url_of(src_uri)
        source = resolve_source(src_uri, path)
        if self.index.lookup_source(source).status == FOUND:  # a .md path written as a URL
            return relative_url(self.index.url_of(source), page_url)
        if not url.endswith("/") and self.index.lookup_dest(url + "/").status == FOUND:
            return path + "/"
        urls = {
            relative_url(self.index.url_of(uri), page_url)
            for uri in self.index.src
            if self.index.is_page(uri) and self.index.lookup_source(uri).status == FOUND
        }
        return closest_path(path, urls, cutoff=PATH_CUTOFF)

    # -- Markdown links: how the author wrote them, for the message ---------------------------

    def markdown_problem(self, src_uri: str, link: Link) -> tuple[str, str, str | None] | None:
        """(rule, message, hint) for a Markdown link, judged as the source file it names."""
        target = split_target(link.target)
        what = "image" if link.kind == "image" else "link"
        if target.kind in ("empty", "scheme", "external"):
            return None
        if target.kind == "fragment":
            problem = self.anchor_problem(src_uri, src_uri, target.fragment, link.target, False)
            return ("anchor-missing", *problem) if problem else None
        if target.kind == "absolute" and not self.to_docs:
            return None
        uri = resolve_source(src_uri, target.path, self.to_docs)
        found = self.index.lookup_source(uri)
        if found.status == FOUND:
            if self.index.is_page(uri):
                problem = self.anchor_problem(src_uri, uri, target.fragment, link.target, False)
                return ("anchor-missing", *problem) if problem else None
            return None
        suffix = f"#{target.fragment}" if target.fragment else ""
        missing = "image-missing" if what == "image" else "link-missing"
        if found.status == OUTSIDE:
            return ("link-outside-docs", f"{what} '{link.target}' leads outside the docs folder",
                    None)
        if found.status == CASE and found.suggestion is not None:
            return ("link-case",
                    f"{what} '{link.target}' does not match the case of '{found.suggestion}'",
                    relative_source(found.suggestion, src_uri) + suffix)
        if found.status == EXCLUDED:
            return (missing, f"{what} target '{uri}' is excluded from the site", None)
        guess = self.index.guess_source(uri)
        hint = relative_source(guess, src_uri) + suffix if guess else None
        message = (f"image '{link.target}' is not a file of the site" if what == "image"
                   else f"link target '{link.target}' is not a file of the site")
        return (missing, message, hint)

    def absolute_hint(self, src_uri: str, path: str, markdown: bool) -> str | None:
        """The relative form that works in both tools: a `.md` path in Markdown, else a URL."""
        stripped = path.lstrip("/")
        url = posixpath.normpath(stripped) if stripped else ""
        url = "" if url == "." else url + ("/" if path.endswith("/") and url else "")
        if markdown and url and self.index.lookup_source(url).status == FOUND:
            return relative_source(url, src_uri)
        found = self.index.lookup_dest(url)
        if found.status != FOUND:
            return None
        if markdown:
            page = self.index.page_for_dest(found.uri)
            if page is not None and not page.startswith("\0"):
                return relative_source(page, src_uri)
        return relative_url(self.index.url_for_dest(found.uri), self.index.url_of(src_uri))

    # -- one page --------------------------------------------------------------------------

    def judge_page(self, page: _Page) -> None:
        src_uri = page.src_uri
        locator = page.locator
        for rendered_url in page.rendered.urls:
            value = rendered_url.value
            self.links += 1
            target = split_target(value)
            found = locator.link([url_key(page.url, value)])
            image = rendered_url.tag in ("img", "source", "video", "audio", "picture")
            kind = "html-img" if image and rendered_url.attr != "href" else "html-a"
            problem = None
            if target.kind not in ("external", "absolute"):
                problem = self.url_problem(src_uri, value, kind)
                if problem is None:
                    continue  # most URLs: nothing to report, no need to place them
            place = found or locator.generated(value, rendered_url.text)
            where = self.where(place)
            if target.kind == "external":
                self.externals.append((target.path, where))
                continue
            if target.kind == "absolute":
                problem = self.url_problem(src_uri, value, kind)
            link = place.link
            markdown = link is not None and link.kind in ("link", "image")
            if target.kind == "absolute":
                hint = self.absolute_hint(src_uri, target.path, markdown)
                what = ("image" if kind == "html-img" else "link")
                self.add(where, "absolute-link",
                         f"absolute {what} '{link.target if markdown else value}' breaks when the "
                         "site is served under a sub-path", hint)
            if problem is None:
                continue
            if markdown:  # broken in the built page: worded as the author wrote it
                problem = self.markdown_problem(src_uri, link) or problem
            rule, message, hint = problem
            if target.kind == "absolute":
                hint = self.absolute_hint(src_uri, target.path, markdown)
            if place.generated:
                message += GENERATED
            self.add(where, rule, message, hint)
        used: dict[str, int] = {}
        defined = locator.defined_labels()
        for ref in page.rendered.literal_refs:
            self.links += 1
            label = ref.label or ref.text
            place = locator.undefined_ref(label, used)
            message = f"reference '[{' '.join(label.split()).lower()}]' is not defined"
            if place.generated:
                message += " (it is generated: not written in the page's source)"
            self.add(self.where(place), "link-missing", message,
                     closest(" ".join(label.split()).lower(), defined))

    # -- MkDocs' own verdicts ----------------------------------------------------------------

    def record(self, record: Record, nav_places: dict[str, NavEntry], nav_path: str) -> None:
        severity = _severity(record.level)
        if severity is None or record.message.startswith(_QUIET):
            return
        text = " ".join(record.message.split())
        m = _DOC_LINK.match(record.message)
        if m and m.group("page") in self.pages:
            self.doc_link_record(m, severity)
            return
        if record.message.startswith(_OMITTED):
            for line in record.message.split("\n")[1:]:
                uri = line.strip().removeprefix("- ").strip()
                if uri:
                    self.add((self.page_path(uri), 1, 1), "not-in-nav",
                             f"page '{uri}' is not in the nav", severity=severity)
            return
        nm = _NAV_NOT_FOUND.match(text) or _NAV_ABSOLUTE.match(text)
        if nm:
            entry = nav_places.get(nm.group("target"))
            where = (entry.path, entry.line, entry.column) if entry else (nav_path, 1, 1)
            if nm.re is _NAV_ABSOLUTE:
                self.add(where, "absolute-link",
                         f"nav entry '{nm.group('target')}' is an absolute link, which breaks "
                         "when the site is served under a sub-path", severity=severity)
            return  # a nav entry that names no file: nav() words it, always an error
        am = _AUTOREF.search(text)
        if am and am.group("page").replace("\\", "/") in self.pages:
            page = self.pages[am.group("page").replace("\\", "/")]
            place = page.locator.undefined_ref(am.group("ref"), {})
            self.add(self.where(place), "link-missing",
                     f"reference '[{am.group('ref').lower()}]' is not defined", None, severity)
            return
        if severity != ERROR:
            return  # other INFO lines are the build's chatter, not verdicts
        text = first_line(record.message)
        if record.page in self.pages:
            # the line that holds what the message quotes, if any: `'no_such_macro' is undefined`
            quoted = [q for q in _QUOTED.findall(text) if q != record.page]
            place = self.pages[record.page].locator.generated(*quoted)
            where = (place.path, place.line, place.column)
        else:
            where = (nav_path, 1, 1)
        what = "error" if record.level >= logging.ERROR else "warning"
        self.add(where, "build-warning",
                 f"mkdocs build --strict fails on this {what}: {text}", None, ERROR)

    def doc_link_record(self, m: re.Match[str], severity: str) -> None:
        src_uri, url, kind, rest = m.group("page"), m.group("url"), m.group("kind"), m.group("rest")
        page = self.pages[src_uri]
        hint_m = _DID_YOU_MEAN.search(rest)
        place = self.place_of_written(page, url)
        where = self.where(place)
        link = place.link
        if kind == "an absolute link":
            path = split_target(url).path
            self.add(where, "absolute-link",
                     f"absolute {'image' if link and link.kind == 'image' else 'link'} '{url}' "
                     "breaks when the site is served under a sub-path",
                     self.absolute_hint(src_uri, path, True), severity)
            return
        rule = "anchor-missing" if "anchor" in rest else "link-missing"
        worded = self.markdown_problem(src_uri, link) if link is not None else None
        if worded is not None:
            self.add(where, worded[0], worded[1], worded[2], severity)
            return
        if kind == "an unrecognized relative link":
            message = f"link target '{url}' is not a file of the site"
        else:
            message = f"link '{url}'{_DID_YOU_MEAN.sub('', rest).rstrip('.')}"
        if rule == "link-missing" and link is not None and link.kind == "image":
            rule = "image-missing"
        self.add(where, rule, message, hint_m.group("hint") if hint_m else None, severity)

    @staticmethod
    def place_of_written(page: _Page, url: str) -> Place:
        for source in page.locator.sources:
            for link in source.scan.links:
                if link.target == url and link.kind in ("link", "image"):
                    return source.link_place(link)
        return page.locator.generated(url)

    # -- diagrams --------------------------------------------------------------------------

    def diagram(self, d: _Diagram, result: ParseResult) -> None:
        fence = d.fence
        path = d.where[0]
        lines = fence.text.split("\n")

        def column_of(k: int) -> int:
            text = lines[k] if 0 <= k < len(lines) else ""
            return fence.indent + len(text) - len(text.lstrip()) + 1

        if result.timed_out:
            self.add((path, fence.line, fence.indent + 1), "mermaid-timeout",
                     f"diagram skipped: {result.error}")
            return
        if not result.ok:
            line, column = error_position(result.error or "")
            mapped = map_position(fence.text, line, column)
            message = clean_message(result.error or "")
            if mapped is None:  # Mermaid read nothing: the fence itself is at fault
                self.add((path, fence.line, fence.indent + 1), "mermaid-syntax", message)
            else:
                k, col = mapped
                at = fence.indent + col + 1 if col is not None else column_of(k)
                self.add((path, fence.first_line + k, at), "mermaid-syntax", message)
            return
        for click in locate_clicks(fence.text, result.calls):
            k = click.line if click.line is not None else 0
            where = (path, fence.first_line + k, column_of(k))
            self.links += 1
            if click.kind == "callback":
                self.add(where, "click-callback",
                         f"click on '{click.node}' calls the JavaScript function "
                         f"'{click.target}', which does not run on this site "
                         "(Mermaid's securityLevel is 'strict')")
            elif click.target is not None and is_script_url(click.target):
                self.add(where, "click-javascript",
                         f"click on '{click.node}' links to a javascript: URL, "
                         "which Mermaid strips")
            elif click.target is not None:
                written = click.target.strip()
                target = split_target(written)
                if target.kind == "external":
                    self.externals.append((target.path, where))
                    continue
                if target.kind == "absolute":
                    self.add(where, "absolute-link",
                             f"absolute click target '{written}' breaks when the site is "
                             "served under a sub-path",
                             self.absolute_hint(d.src_uri, target.path, False))
                problem = self.url_problem(d.src_uri, written, "click")
                if problem is not None:
                    self.add(where, *problem)

    # -- the nav ---------------------------------------------------------------------------

    def nav(self, entries: list[NavEntry] | None) -> None:
        if entries is None or not self.config.nav:
            return
        for entry in entries:
            target = split_target(entry.target)
            if target.kind in ("external", "scheme", "empty", "fragment", "absolute"):
                continue
            where = (entry.path, entry.line, entry.column)
            uri = posixpath.normpath(target.path)
            found = self.index.lookup_source(uri)
            if found.status == FOUND:
                continue
            hint = None
            if found.status == CASE:
                message = (f"nav entry '{entry.target}' does not match the case of "
                           f"'{found.suggestion}'")
                hint = found.suggestion
            elif found.status == EXCLUDED:
                message = f"nav entry '{entry.target}' is excluded from the built site"
            else:
                message = f"nav entry '{entry.target}' is not a file in the docs folder"
                hint = self.index.guess_source(uri)
            self.add(where, "nav-missing", message, hint)

    def external_links(self, options: Options) -> None:
        if not self.externals:
            return
        with ext.ExternalChecker(
            cache_path=options.cache, ttl=options.cache_ttl, timeout=options.external_timeout
        ) as checker:
            results = checker.check_all(ext.strip_fragment(u) for u, _ in self.externals)
        for url, where in self.externals:
            result = results[ext.strip_fragment(url)]
            if result.status == ext.BROKEN:
                self.add(where, "external-broken",
                         f"external link '{url}' is broken: {result.detail}")
            elif result.status == ext.RATE_LIMITED:
                self.add(where, "external-rate-limited",
                         f"external link '{url}' could not be checked: {result.detail}")


def site_index(config: Any, files: Any) -> SiteIndex:
    """The built site's files by source path and by built path."""
    entries = [(f.src_uri, f.dest_uri, f.url, f.is_documentation_page(),
                f.inclusion.is_excluded()) for f in files]
    known = {f.dest_uri for f in files}
    templates = [*(getattr(config.theme, "static_templates", ()) or ()),
                 *(config.extra_templates or ())]
    for template in templates:
        if template not in known:  # 404.html, sitemap.xml: written by the theme
            entries.append((f"\0{template}", template, template, False, False))
    return SiteIndex(entries, bool(config.use_directory_urls))


def _relative_to_docs(config: Any) -> bool:
    try:
        from mkdocs.structure.pages import _AbsoluteLinksValidationValue as _Abs

        return config.validation.links.absolute_links is _Abs.RELATIVE_TO_DOCS
    except (ImportError, AttributeError):  # pragma: no cover - other MkDocs versions
        return False


def url_key(page_url: str, written: str) -> object:
    """A URL as the browser resolves it on a page built at `page_url`, to compare URLs."""
    target = split_target(written)
    if target.kind == "relative":
        return ("url", resolve_url(page_url, target.path), target.fragment or "")
    if target.kind == "fragment":
        return ("url", "#", target.fragment or "")
    return ("raw", written.strip())


def link_keys(index: SiteIndex, to_docs: bool, src_uri: str, page_url: str,
              link: Link) -> list[object]:
    """What the rendered URL of a source link is, resolved against the page to compare:
    a Markdown link to a file of the site as MkDocs rewrites it, any other as written."""
    if link.kind in ("link", "image"):
        target = split_target(link.target)
        if target.kind == "relative" or (target.kind == "absolute" and to_docs):
            uri = resolve_source(src_uri, target.path, to_docs)
            if index.lookup_source(uri).status == FOUND:
                rewritten = relative_url(index.url_of(uri), page_url)
                if target.fragment is not None:
                    rewritten += f"#{target.fragment}"
                return [url_key(page_url, rewritten)]
    return [url_key(page_url, link.target)]


def _scan_options(config: Any) -> ScanOptions:
    names = {n.replace("markdown.extensions.", "") for n in config.markdown_extensions
             if isinstance(n, str)}
    return ScanOptions(
        attr_list="attr_list" in names or "pymdownx.extra" in names or "extra" in names,
        footnotes="footnotes" in names or "pymdownx.extra" in names or "extra" in names,
        arithmatex="pymdownx.arithmatex" in names,
        magiclink="pymdownx.magiclink" in names,
    )


def diagram_fences(configs: dict[str, Any]) -> frozenset[str]:
    """Fence names whose blocks are probably diagrams, to start Mermaid on them while pages
    render; the rendered HTML decides in the end."""
    names = {"mermaid"}
    for fence in (configs.get("pymdownx.superfences") or {}).get("custom_fences") or []:
        if isinstance(fence, dict) and fence.get("name") and (
            "mermaid" in str(fence.get("class", "")) or "mermaid" in str(fence.get("format", ""))
        ):
            names.add(str(fence["name"]))
    return frozenset(names)


_FENCE_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<lang>[\w-]+)[^\n]*\n"
    r"(?P<body>.*?)\n(?P=indent)(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)


def _likely_diagrams(config: Any, files: Any, names: frozenset[str]) -> list[str]:
    """Diagram texts as the site's fences will render them, guessed from the sources before
    any page is rendered, so that Mermaid parses while MkDocs renders. A wrong guess costs a
    parse: the rendered text is what is judged."""
    from mkdocs.structure.files import InclusionLevel

    newline = set()  # mermaid2's fence formats add a newline after the text
    for fence in (config.mdx_configs.get("pymdownx.superfences") or {}).get("custom_fences") or []:
        fmt = getattr(fence.get("format"), "__name__", "") if isinstance(fence, dict) else ""
        if fmt.startswith("fence_mermaid"):
            newline.add(str(fence.get("name")))
    texts = []
    for f in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if not f.abs_src_path:
            continue
        try:
            text = Path(f.abs_src_path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "```" not in text and "~~~" not in text:
            continue
        for m in _FENCE_BLOCK.finditer(text.replace("\r\n", "\n")):
            lang = m.group("lang").lower()
            if lang not in names:
                continue
            cut = len(m.group("indent"))
            body = "\n".join(line[cut:] for line in m.group("body").split("\n"))
            texts.append(body + "\n" if lang in newline else body)
    return texts


def _source_text(page: Any) -> tuple[str, tuple[int, int, str] | None]:
    abs_path = page.file.abs_src_path
    if not abs_path:
        return page.markdown or "", None
    try:
        data = Path(abs_path).read_bytes()
    except OSError:
        return page.markdown or "", None
    return decode(data)


def _match_fence(locator: PageLocator, text: str, used: set[int],
                 fences: frozenset[str]) -> tuple[Source, Fence] | None:
    """The source fence of a rendered diagram: the one with its text, else the next fence
    of a diagram-making name (a macro or hook changed the text)."""
    candidates = locator.fences()
    want = text.strip("\n")
    for k, (source, fence) in enumerate(candidates):
        if k not in used and fence.text.strip("\n") == want:
            used.add(k)
            return source, fence
    named = [(k, sf) for k, sf in enumerate(candidates) if sf[1].lang in fences and k not in used]
    if named:
        k, sf = named[0]
        used.add(k)
        return sf
    return None


def _reader(config: Any, files: Any, root: Path):
    """What the judge needs of one rendered page: where its constructs stand in the source,
    what its HTML holds, and where its text is not UTF-8. Runs where the page was rendered."""
    scan_options = _scan_options(config)
    snippets = snippet_config(config.markdown_extensions, dict(config.mdx_configs), root)
    language_mermaid = "mermaid2" in config.plugins
    docs_dir = Path(config.docs_dir)
    index = site_index(config, files)
    to_docs = _relative_to_docs(config)

    def read(page: Any) -> tuple[PageLocator, Rendered, tuple[int, int, str] | None]:
        text, problem = _source_text(page)
        page_file = Path(page.file.abs_src_path or (docs_dir / page.file.src_uri))
        locator = build_locator(root, page_file, text, page.markdown or "", scan_options,
                                snippets)
        rendered = read_html(page.content or "", language_mermaid)
        rendered.ids |= set(page.present_anchor_ids or ())
        uri, url = page.file.src_uri, page.file.url
        locator.index_links(lambda source, link: link_keys(index, to_docs, uri, url, link))
        return locator, rendered, problem

    return read


def reader(root: Path):
    """The `digest` that `pipeline.load` and `pipeline.adopt` take, for the site at `root`."""
    return lambda config, files: _reader(config, files, root)


def check(
    options: Options, pool: MermaidPool | None = None, started: float | None = None,
    built: Any = None,
) -> Report:
    """Run the whole check. Raises CheckError when it cannot run.

    `pool` is one from `start_pool` (the command line starts it before it imports this
    module); `check` closes it. `started` is when the run began. `built` is what a real build
    rendered (`pipeline.adopt`, from the plugin); without it, the pipeline is run here."""
    from .pipeline import load

    started = time.perf_counter() if started is None else started
    config_path = Path(options.config)
    if not config_path.exists():
        raise CheckError(f"config file '{options.config}' not found")
    if not config_path.is_file():
        raise CheckError(f"config file '{options.config}' is not a file")
    root = config_path.resolve().parent
    from .config import compose_yaml

    tree = compose_yaml(config_path)  # a clear message, with line and column, for broken YAML
    if pool is None:
        pool = start_pool(config_path, options.mermaid, options.timeout, options.jobs)
    stats: dict[str, Any] = {}
    try:
        cache = MermaidCache.open(root, pool, options.mermaid_cache)
        results: dict[str, ParseResult | int] = {}

        def submit(text: str) -> None:
            if text in results or pool is None:
                return
            cached = cache.get(text) if cache is not None else None
            results[text] = cached if cached is not None else pool.submit(text)

        def early(config: Any, files: Any) -> None:
            if pool is None:
                return
            for text in _likely_diagrams(config, files, diagram_fences(dict(config.mdx_configs))):
                submit(text)
            pool.pump()

        t0 = time.perf_counter()
        if built is None:
            built = load(config_path, options.jobs, on_page=(pool.pump if pool else None),
                         digest=reader(root), before_render=early)
        stats["pipeline_seconds"] = time.perf_counter() - t0
        stats["render_workers"] = built.workers
        stats["serial_reason"] = built.serial_reason
        t1 = time.perf_counter()
        config = built.config
        run = _Run(built, root)
        fence_names = diagram_fences(dict(config.mdx_configs))
        diagrams: list[_Diagram] = []
        for page in built.pages:
            src_uri = page.file.src_uri
            locator, rendered, problem = built.digests[src_uri]
            run.pages[src_uri] = _Page(src_uri, page.file.url, locator, rendered)
            if problem is not None:
                line, column, message = problem
                run.add((run.page_path(src_uri), line, column), "file-encoding", message)
            used: set[int] = set()
            for block in rendered.diagrams:
                hit = _match_fence(locator, block.text, used, fence_names)
                if hit is None:
                    place = locator.generated(block.text.strip().split("\n", 1)[0])
                    fence = Fence("mermaid", place.line, place.line, 0, block.text)
                    where = (place.path, place.line, 1)
                else:
                    source, fence = hit
                    mapped = source.place(fence.line, fence.indent + 1)
                    shift = mapped.line - fence.line
                    fence = Fence(fence.lang, mapped.line, fence.first_line + shift,
                                  fence.indent, block.text)
                    where = (mapped.path, mapped.line, fence.indent + 1)
                diagrams.append(_Diagram(src_uri, where, fence, block.text))
                if pool is None and cache is None:
                    raise CheckError(no_mermaid_message(root))
                submit(block.text)
            if pool is not None:
                pool.pump()
        if diagrams and pool is None:
            raise CheckError(no_mermaid_message(root))
        for page in run.pages.values():
            run.judge_page(page)
            if pool is not None:
                pool.pump()
        nav_path = Path(posixpath.relpath(config_path.resolve().as_posix(),
                                          root.as_posix())).as_posix()
        entries = nav_entries(config_path, root, tree) if config.nav else None
        nav_places = {e.target: e for e in entries or ()}
        run.nav(entries)
        for record in built.records:
            run.record(record, nav_places, nav_path)
        stats["judge_seconds"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        if diagrams:
            judged = {d.text for d in diagrams}
            stats["mermaid_guessed_unused"] = sum(1 for t in results if t not in judged)
            pending = [t for t, r in results.items() if isinstance(r, int)]
            finished = pool.finish() if pool is not None and pending else []
            for text in pending:
                result = finished[results[text]]  # type: ignore[index]
                results[text] = result
                if cache is not None:
                    cache.put(text, result)
            stats["mermaid_cached"] = len(results) - len(pending)
            stats["mermaid_parsed"] = len(pending)
            for d in diagrams:
                run.diagram(d, results[d.text])  # type: ignore[arg-type]
        if cache is not None:
            cache.close()
        stats["mermaid_wait_seconds"] = time.perf_counter() - t2
        if options.external:
            run.external_links(options)
    finally:
        if pool is not None:
            pool.close()
    findings = sorted(
        run.findings.values(), key=lambda f: (f.path, f.line, f.column, f.rule, f.message)
    )
    return Report(
        findings=findings,
        files=len(run.pages),
        links=run.links,
        diagrams=len(diagrams),
        seconds=time.perf_counter() - started,
        stats=stats,
    )
