"""The check: load the site, read each page once, and judge every link, anchor, nav entry,
image, diagram and click target as the built site will have them."""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import external as ext
from .anchors import Anchors
from .clicks import is_script_url, locate_clicks
from .config import Site, SiteFile, load_site
from .errors import CheckError
from .findings import ERROR, WARNING, Finding, finding
from .hints import closest, closest_path
from .markdown_scan import Fence, Link, PageScan, ScanOptions, decode, scan_markdown
from .mermaid import (
    DEFAULT_TIMEOUT,
    MermaidPool,
    ParseResult,
    clean_message,
    error_position,
    map_position,
    start_pool,
)
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
NO_MERMAID = (
    "node_modules/mermaid/dist/mermaid.min.js not found: run `npm ci` or pass --mermaid PATH"
)
Where = tuple[int, int]


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


@dataclass
class Report:
    findings: list[Finding]
    files: int = 0
    links: int = 0
    diagrams: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


@dataclass
class _Diagram:
    src_uri: str
    fence: Fence
    index: int


@dataclass
class _Run:
    site: Site
    index: SiteIndex
    anchors: Anchors
    scans: dict[str, PageScan] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    externals: list[tuple[str, str, int, int]] = field(default_factory=list)
    anchor_sets: dict[str, set[str]] = field(default_factory=dict)
    links: int = 0

    def add(self, src_uri: str, where: Where, rule: str, message: str, hint: str | None = None):
        self.findings.append(finding(self.site.page_path(src_uri), *where, rule, message, hint))

    # -- anchors ---------------------------------------------------------------------------

    def anchors_of(self, src_uri: str) -> set[str] | None:
        if src_uri not in self.scans:
            return None
        cached = self.anchor_sets.get(src_uri)
        if cached is None:
            cached = self.anchor_sets[src_uri] = self.anchors.page_anchors(self.scans[src_uri])
        return cached

    def check_anchor(
        self, src_uri: str, target_uri: str, fragment: str | None, written: str, where: Where,
        rule: str,
    ) -> None:
        """`fragment` must be an anchor of the page `target_uri`."""
        if not fragment:
            return
        anchors = self.anchors_of(target_uri)
        if anchors is None or fragment in anchors:
            return
        base = written.split("#", 1)[0]
        near = closest(fragment, anchors, cutoff=ANCHOR_CUTOFF)
        if target_uri == src_uri and not base:
            message = f"there is no anchor '#{fragment}' on this page"
        else:
            message = f"'{target_uri}' has no anchor '#{fragment}'"
        if rule == "click-anchor":
            message = f"click target '{written}': {message}"
        self.add(src_uri, where, rule, message, f"{base}#{near}" if near else None)

    # -- Markdown links and images: source files, rewritten by MkDocs ------------------------

    def markdown_link(self, src_uri: str, link: Link) -> None:
        self.links += 1
        target = split_target(link.target)
        where = (link.def_line, link.def_column) if link.label else (link.line, link.column)
        what = "image" if link.kind == "image" else "link"
        to_docs = self.site.absolute_links_relative_to_docs
        if target.kind == "external":
            self.externals.append((target.path, src_uri, *where))
            return
        if target.kind in ("empty", "scheme"):
            return
        if target.kind == "fragment":
            self.check_anchor(src_uri, src_uri, target.fragment, link.target, where,
                              "anchor-missing")
            return
        if target.kind == "absolute" and not to_docs:
            self.absolute(src_uri, link.target, target.path, where, what)
            return
        uri = resolve_source(src_uri, target.path, to_docs)
        found = self.index.lookup_source(uri)
        if found.status == FOUND:
            if self.index.is_page(uri):
                self.check_anchor(src_uri, uri, target.fragment, link.target, where,
                                  "anchor-missing")
            return
        suffix = f"#{target.fragment}" if target.fragment else ""
        missing = "image-missing" if what == "image" else "link-missing"
        if found.status == OUTSIDE:
            self.add(src_uri, where, "link-outside-docs",
                     f"{what} '{link.target}' leads outside the docs folder")
        elif found.status == CASE and found.suggestion is not None:
            self.add(src_uri, where, "link-case",
                     f"{what} '{link.target}' does not match the case of '{found.suggestion}'",
                     relative_source(found.suggestion, src_uri) + suffix)
        elif found.status == EXCLUDED:
            self.add(src_uri, where, missing, f"{what} target '{uri}' is excluded from the site")
        else:
            guess = self.index.guess_source(uri)
            hint = relative_source(guess, src_uri) + suffix if guess else None
            message = (f"image '{link.target}' is not a file of the site" if what == "image"
                       else f"link target '{link.target}' is not a file of the site")
            self.add(src_uri, where, missing, message, hint)

    def absolute(self, src_uri: str, written: str, path: str, where: Where, what: str) -> None:
        """An absolute link to the site's own pages breaks when served under a sub-path."""
        stripped = path.lstrip("/")
        url = posixpath.normpath(stripped) if stripped else ""
        url = "" if url == "." else url + ("/" if path.endswith("/") and url else "")
        hint = None
        if what in ("link", "image") and self.index.lookup_source(url).status == FOUND:
            hint = relative_source(url, src_uri)
        else:
            found = self.index.lookup_dest(url)
            if found.status == FOUND:
                hint = relative_url(self.index.url_for_dest(found.uri), self.index.url_of(src_uri))
        self.add(src_uri, where, "absolute-link",
                 f"absolute {what} '{written}' breaks when the site is served under a sub-path",
                 hint)

    # -- URLs the browser resolves: raw HTML href/src and click targets ----------------------

    def url_link(self, src_uri: str, written: str, where: Where, kind: str) -> None:
        """`kind`: 'html-a' (an href), 'html-img' (a src) or 'click'."""
        self.links += 1
        target = split_target(written)
        click = kind == "click"
        noun = "click target" if click else ("image" if kind == "html-img" else "link")
        if target.kind == "external":
            self.externals.append((target.path, src_uri, *where))
            return
        if target.kind in ("empty", "scheme"):
            return
        anchor_rule = "click-anchor" if click else "anchor-missing"
        if target.kind == "fragment":
            self.check_anchor(src_uri, src_uri, target.fragment, written, where, anchor_rule)
            return
        if target.kind == "absolute":
            self.absolute(src_uri, written, target.path, where, noun)
            return
        page_url = self.index.url_of(src_uri)
        missing = "click-missing" if click else (
            "image-missing" if kind == "html-img" else "link-missing")
        url = resolve_url(page_url, target.path)
        if url is None:
            self.add(src_uri, where, missing if click else "link-outside-docs",
                     f"{noun} '{written}' leads outside the site")
            return
        found = self.index.lookup_dest(url)
        suffix = f"#{target.fragment}" if target.fragment else ""
        if found.status == FOUND:
            page = self.index.page_for_dest(found.uri)
            if page is not None and self.index.is_page(page):
                self.check_anchor(src_uri, page, target.fragment, written, where, anchor_rule)
            return
        if found.status == CASE and found.suggestion is not None:
            right = relative_url(self.index.url_for_dest(found.suggestion), page_url) + suffix
            self.add(src_uri, where, missing if click else "link-case",
                     f"{noun} '{written}' does not match the case of the built file "
                     f"'{found.suggestion}'", right)
            return
        hint = self.url_hint(src_uri, target.path, url)
        self.add(src_uri, where, missing,
                 f"{noun} '{written}' is not a page or file of the built site "
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
            if self.index.lookup_source(uri).status == FOUND
        }
        return closest_path(path, urls, cutoff=PATH_CUTOFF)

    # -- pages and diagrams ----------------------------------------------------------------

    def page(self, src_uri: str, scan: PageScan) -> None:
        for link in scan.links:
            if link.kind in ("link", "image"):
                self.markdown_link(src_uri, link)
            elif link.kind == "html":
                image = link.tag in ("img", "source", "video", "audio")
                self.url_link(src_uri, link.target, (link.line, link.column),
                              "html-img" if image else "html-a")
            else:  # an autolink
                self.links += 1
                target = split_target(link.target)
                if target.kind == "external":
                    self.externals.append((target.path, src_uri, link.line, link.column))
        for ref in scan.undefined_refs:
            self.links += 1
            self.add(src_uri, (ref.line, ref.column), "link-missing",
                     f"reference '[{ref.label}]' is not defined", closest(ref.label, scan.ref_defs))

    def diagram(self, src_uri: str, fence: Fence, result: ParseResult) -> None:
        lines = fence.text.split("\n")

        def column_of(k: int) -> int:
            text = lines[k] if 0 <= k < len(lines) else ""
            return fence.indent + len(text) - len(text.lstrip()) + 1

        if result.timed_out:
            self.add(src_uri, (fence.line, fence.indent + 1), "mermaid-timeout",
                     f"diagram skipped: {result.error}")
            return
        if not result.ok:
            line, column = error_position(result.error or "")
            mapped = map_position(fence.text, line, column)
            message = clean_message(result.error or "")
            if mapped is None:  # Mermaid read nothing: the fence itself is at fault
                self.add(src_uri, (fence.line, fence.indent + 1), "mermaid-syntax", message)
            else:
                k, col = mapped
                at = fence.indent + col + 1 if col is not None else column_of(k)
                self.add(src_uri, (fence.first_line + k, at), "mermaid-syntax", message)
            return
        for click in locate_clicks(fence.text, result.calls):
            k = click.line if click.line is not None else 0
            where = (fence.first_line + k, column_of(k))
            if click.kind == "callback":
                self.links += 1
                self.add(src_uri, where, "click-callback",
                         f"click on '{click.node}' calls the JavaScript function "
                         f"'{click.target}', which does not run on this site "
                         "(Mermaid's securityLevel is 'strict')")
            elif click.target is not None and is_script_url(click.target):
                self.links += 1
                self.add(src_uri, where, "click-javascript",
                         f"click on '{click.node}' links to a javascript: URL, "
                         "which Mermaid strips")
            elif click.target is not None:
                self.url_link(src_uri, click.target.strip(), where, "click")

    # -- the site --------------------------------------------------------------------------

    def nav(self) -> None:
        site = self.site
        if site.nav is None:
            return
        listed: set[str] = set()
        for entry in site.nav:
            target = split_target(entry.target)
            if target.kind in ("external", "scheme", "empty", "fragment"):
                continue
            where = (entry.line, entry.column)
            if target.kind == "absolute":
                self.findings.append(finding(
                    entry.path, *where, "absolute-link",
                    f"nav entry '{entry.target}' is an absolute link, which breaks when the site "
                    "is served under a sub-path"))
                continue
            uri = posixpath.normpath(target.path)
            found = self.index.lookup_source(uri)
            if found.status == FOUND:
                listed.add(uri)
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
            self.findings.append(finding(entry.path, *where, "nav-missing", message, hint))
        for uri, f in site.files.items():
            if f.is_page and not f.excluded and not f.not_in_nav and uri not in listed:
                self.add(uri, (1, 1), "not-in-nav", f"page '{uri}' is not in the nav")

    def external_links(self, options: Options) -> None:
        if not self.externals:
            return
        with ext.ExternalChecker(
            cache_path=options.cache, ttl=options.cache_ttl, timeout=options.external_timeout
        ) as checker:
            results = checker.check_all(ext.strip_fragment(u) for u, *_ in self.externals)
        for url, src_uri, line, column in self.externals:
            result = results[ext.strip_fragment(url)]
            if result.status == ext.BROKEN:
                self.add(src_uri, (line, column), "external-broken",
                         f"external link '{url}' is broken: {result.detail}")
            elif result.status == ext.RATE_LIMITED:
                self.add(src_uri, (line, column), "external-rate-limited",
                         f"external link '{url}' could not be checked: {result.detail}")


def _scan_options(site: Site) -> ScanOptions:
    names = {n.replace("markdown.extensions.", "") for n in site.extension_names}
    return ScanOptions(
        attr_list="attr_list" in names,
        footnotes="footnotes" in names,
        arithmatex="pymdownx.arithmatex" in names,
        magiclink="pymdownx.magiclink" in names,
    )


def _read(site: Site, f: SiteFile, run: _Run) -> str:
    """A page's text, read once; a byte that is not UTF-8 is a finding, not a crash."""
    if not f.abs_path:
        return f.content or ""  # a page a plugin made
    try:
        data = Path(f.abs_path).read_bytes()
    except OSError as exc:
        raise CheckError(f"cannot read {site.page_path(f.src_uri)}: {exc.strerror}") from None
    text, problem = decode(data)
    if problem is not None:
        line, column, message = problem
        run.add(f.src_uri, (line, column), "file-encoding", message)
    return text


def check(
    options: Options, pool: MermaidPool | None = None, started: float | None = None
) -> Report:
    """Run the whole check. Raises CheckError when it cannot run.

    `pool` is one from `start_pool`, already starting (the command line starts it before it
    imports this module); `check` closes it. `started` is when the run began."""
    started = time.perf_counter() if started is None else started
    config_path = Path(options.config)
    if pool is None:
        pool = start_pool(config_path, options.mermaid, options.timeout, options.jobs)
    try:
        site = load_site(config_path)
        run = _Run(
            site=site,
            index=SiteIndex(
                ((f.src_uri, f.dest_uri, f.url, f.is_page, f.excluded)
                 for f in site.files.values()),
                site.use_directory_urls,
            ),
            anchors=Anchors(site.extensions, site.extension_configs),
        )
        scan_options = _scan_options(site)
        diagrams: list[_Diagram] = []
        pages = [f for f in site.files.values() if f.is_page and not f.excluded]
        for f in pages:
            scan = run.scans[f.src_uri] = scan_markdown(_read(site, f, run), scan_options)
            for fence in scan.fences:
                if fence.lang in site.diagram_fences:
                    if pool is None:
                        raise CheckError(NO_MERMAID)
                    diagrams.append(_Diagram(f.src_uri, fence, pool.submit(fence.text)))
            if pool is not None:
                pool.pump()  # Mermaid parses while the pages are read
        # headings that need rendering are rendered together, hundreds per conversion
        run.anchors.prepare(h for scan in run.scans.values() for h in scan.headings)
        for f in pages:
            run.page(f.src_uri, run.scans[f.src_uri])
            if pool is not None:
                pool.pump()
        run.nav()
        if pool is not None and diagrams:
            results = pool.finish()
            for d in diagrams:
                run.diagram(d.src_uri, d.fence, results[d.index])
        if options.external:
            run.external_links(options)
    finally:
        if pool is not None:
            pool.close()
    findings = sorted(
        set(run.findings), key=lambda f: (f.path, f.line, f.column, f.rule, f.message)
    )
    return Report(
        findings=findings,
        files=len(pages),
        links=run.links,
        diagrams=len(diagrams),
        seconds=time.perf_counter() - started,
    )
