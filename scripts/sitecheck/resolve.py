"""Where a link leads, resolved the way the built site resolves it.

Two resolutions, both pure and case-exact:

* a Markdown link or image names a source file relative to the page's source file, and MkDocs
  rewrites it to the target's URL (`resolve_source`);
* a raw HTML href/src or a diagram's click target is a URL that MkDocs leaves alone, so the
  browser resolves it against the page's built URL, which depends on `use_directory_urls`
  (`resolve_url`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from .hints import closest_path

FOUND = "found"
CASE = "case"  # exists, but in another case
MISSING = "missing"
OUTSIDE = "outside"  # leaves docs_dir (or the site's root)
EXCLUDED = "excluded"  # exists, but is excluded from the built site

# Paths share extensions and folders, so a suggestion must be closer than for an anchor.
PATH_CUTOFF = 0.75


@dataclass(frozen=True)
class Target:
    """A link target split up: `kind` is one of empty, external, scheme, fragment, absolute,
    relative; `path` is percent-decoded."""

    kind: str
    path: str
    fragment: str | None
    scheme: str = ""


def split_target(url: str) -> Target:
    url = url.strip()
    if not url:
        return Target("empty", "", None)
    if ":" not in url and not url.startswith(("//", "/", "\\")):  # the common case, quickly
        rest, hash_, fragment = url.partition("#")
        path = rest.partition("?")[0]
        path = unquote(path) if "%" in path else path
        if not path:
            return Target("fragment" if hash_ else "empty", "", fragment if hash_ else None)
        return Target("relative", path, fragment if hash_ else None)
    try:
        parts = urlsplit(url)
    except ValueError:
        return Target("scheme", url, None)
    fragment = parts.fragment if "#" in url else None
    if parts.scheme:
        if parts.scheme.lower() in ("http", "https"):
            return Target("external", url, fragment, parts.scheme.lower())
        if len(parts.scheme) > 1:  # not a Windows drive letter
            return Target("scheme", url, fragment, parts.scheme.lower())
    if parts.netloc or url.startswith("//"):
        return Target("external", url, fragment, "https")
    path = unquote(parts.path)
    if not path:
        return Target("fragment" if fragment is not None else "empty", "", fragment)
    if path.startswith(("/", "\\")):
        return Target("absolute", path, fragment)
    return Target("relative", path, fragment)


@dataclass(frozen=True)
class Lookup:
    status: str
    uri: str  # the src_uri (or dest path) looked for, or found
    suggestion: str | None = None  # the exact name when status is CASE


class SiteIndex:
    """The site's files by source path and by built path, with case-folded twins."""

    def __init__(
        self,
        files: Iterable[tuple[str, str, str, bool, bool]],
        use_directory_urls: bool,
    ) -> None:
        """`files`: (src_uri, dest_uri, url, is_page, excluded) for every file of docs_dir."""
        self.use_directory_urls = use_directory_urls
        self.src: dict[str, tuple[str, str, bool, bool]] = {}
        self.dest: dict[str, str] = {}
        for src_uri, dest_uri, url, is_page, excluded in files:
            self.src[src_uri] = (dest_uri, url, is_page, excluded)
            if not excluded:
                self.dest[dest_uri] = src_uri
        self.src_folded = {k.casefold(): k for k in self.src}
        self.dest_folded = {k.casefold(): k for k in self.dest}

    def is_page(self, src_uri: str) -> bool:
        entry = self.src.get(src_uri)
        return bool(entry and entry[2])

    def url_of(self, src_uri: str) -> str:
        return self.src[src_uri][1]

    # -- source paths ----------------------------------------------------------------------

    def lookup_source(self, uri: str) -> Lookup:
        if uri == ".." or uri.startswith("../"):
            return Lookup(OUTSIDE, uri)
        entry = self.src.get(uri)
        if entry is not None:
            return Lookup(EXCLUDED if entry[3] else FOUND, uri)
        folded = self.src_folded.get(uri.casefold())
        if folded is not None:
            return Lookup(CASE, uri, folded)
        return Lookup(MISSING, uri)

    def guess_source(self, uri: str) -> str | None:
        """The file MkDocs would suggest for a link that is not found, as a source path."""
        stem, ext = posixpath.splitext(uri)
        guesses = []
        if not ext:
            base = uri.rstrip("/") if uri not in (".", "") else ""
            guesses += [posixpath.join(base, "index.md"), posixpath.join(base, "README.md")]
        if ext in ("", ".html", ".htm") and not uri.endswith("/"):
            guesses.append((stem if ext else uri) + ".md")
        for guess in guesses:
            guess = posixpath.normpath(guess)
            if guess in self.src and not self.src[guess][3]:
                return guess
        pool = [k for k, v in self.src.items() if not v[3]]
        if ext.lower() == ".md":
            pool = [k for k in pool if k.endswith(".md")]
        return closest_path(uri, pool, cutoff=PATH_CUTOFF)

    # -- built URLs ------------------------------------------------------------------------

    def lookup_dest(self, path: str) -> Lookup:
        """A site-relative URL path (no leading slash) against the built site's files."""
        candidate = path + "index.html" if path == "" or path.endswith("/") else path
        if candidate in self.dest:
            return Lookup(FOUND, candidate)
        folded = self.dest_folded.get(candidate.casefold())
        if folded is not None:
            return Lookup(CASE, candidate, folded)
        return Lookup(MISSING, candidate)

    def page_for_dest(self, dest: str) -> str | None:
        return self.dest.get(dest)

    def url_for_dest(self, dest: str) -> str:
        src = self.dest[dest]
        return self.src[src][1]


def resolve_source(src_uri: str, path: str, relative_to_docs: bool = False) -> str:
    """The source path a Markdown link names, as MkDocs computes it (may start with '../')."""
    if relative_to_docs and path.startswith("/"):
        return posixpath.normpath(path.lstrip("/")) if path.strip("/") else "."
    return _join(posixpath.dirname(src_uri), path)


@lru_cache(maxsize=65536)
def _join(folder: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(folder, path).lstrip("/"))


def resolve_url(page_url: str, path: str) -> str | None:
    """The site-relative URL path that `path` reaches from a page built at `page_url`
    (e.g. 'deep-learning/' or 'deep-learning/cnns.html'), or None if it leaves the site."""
    base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url)
    base = base.rstrip("/")
    joined = posixpath.join(base, path) if base else path
    trailing = path.endswith("/") or path in (".", "..") or path.endswith(("/.", "/.."))
    norm = posixpath.normpath(joined)
    if norm == ".." or norm.startswith("../"):
        return None
    if norm == ".":
        return ""
    return norm + "/" if trailing else norm


def relative_url(to_url: str, from_url: str) -> str:
    """`to_url` written relative to a page built at `from_url`, as a browser would need it."""
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    rel = _relpath(to_url, from_dir)
    if rel == ".":
        rel = "./"
    elif (to_url == "" or to_url.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def _relpath(to: str, base: str) -> str:
    """posixpath.relpath('/' + to, '/' + base), for normalised paths, without its overhead
    (it runs for every Markdown link of the site)."""
    if "." in to or "." in base:  # `..` or `.` segments: the general case
        for part in (*to.split("/"), *base.split("/")):
            if part in (".", ".."):
                return posixpath.relpath("/" + to, "/" + base)
    t = [x for x in to.split("/") if x]
    b = [x for x in base.split("/") if x]
    i = 0
    while i < len(t) and i < len(b) and t[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + t[i:]) or "."


def relative_source(to_uri: str, from_uri: str) -> str:
    """`to_uri` written as a Markdown link from the page `from_uri`."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
