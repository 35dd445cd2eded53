"""Resolving links as MkDocs does (source files) and as the browser does (built URLs)."""

from __future__ import annotations

import pytest
from sitecheck.resolve import (
    CASE,
    EXCLUDED,
    FOUND,
    MISSING,
    OUTSIDE,
    SiteIndex,
    relative_source,
    relative_url,
    resolve_source,
    resolve_url,
    split_target,
)


@pytest.mark.parametrize(
    ("url", "kind", "path", "fragment"),
    [
        ("", "empty", "", None),
        ("#part", "fragment", "", "part"),
        ("page.md#a%20b", "relative", "page.md", "a%20b"),
        ("my%20page.md", "relative", "my page.md", None),
        ("/abs/page/", "absolute", "/abs/page/", None),
        ("https://example.com/x#y", "external", "https://example.com/x#y", "y"),
        ("//cdn.example.com/x.js", "external", "//cdn.example.com/x.js", None),
        ("mailto:a@b.c", "scheme", "mailto:a@b.c", None),
        ("javascript:alert(1)", "scheme", "javascript:alert(1)", None),
        ("page.md#", "relative", "page.md", ""),
    ],
)
def test_split_target(url: str, kind: str, path: str, fragment: str | None) -> None:
    target = split_target(url)
    assert (target.kind, target.path, target.fragment) == (kind, path, fragment)


def test_resolve_source_like_mkdocs() -> None:
    assert resolve_source("a/b.md", "c.md") == "a/c.md"
    assert resolve_source("a/b.md", "../c.md") == "c.md"
    assert resolve_source("a/b.md", "../../c.md") == "../c.md"
    assert resolve_source("index.md", "./x/./y.md") == "x/y.md"
    assert resolve_source("a/b.md", "/c.md", relative_to_docs=True) == "c.md"


@pytest.mark.parametrize(
    ("page_url", "path", "expected"),
    [
        ("", "topics/", "topics/"),
        ("deep-learning/", "cnns/", "deep-learning/cnns/"),
        ("deep-learning/cnns/", "../", "deep-learning/"),
        ("deep-learning/cnns/", "../../", ""),
        ("deep-learning/cnns/", "../../../x/", None),
        ("deep-learning/cnns.html", "rnns.html", "deep-learning/rnns.html"),
        ("deep-learning/index.html", "../index.html", "index.html"),
        ("index.html", "deep-learning/", "deep-learning/"),
        ("a/", ".", "a/"),
        ("a/", "..", ""),
    ],
)
def test_resolve_url_like_a_browser(page_url: str, path: str, expected: str | None) -> None:
    assert resolve_url(page_url, path) == expected


def test_relative_forms() -> None:
    assert relative_url("deep-learning/cnns/", "deep-learning/") == "cnns/"
    assert relative_url("", "deep-learning/cnns/") == "../../"
    assert relative_url("a/", "a/") == "./"
    assert relative_url("b.html", "a/c.html") == "../b.html"
    assert relative_source("a/b.md", "a/c.md") == "b.md"
    assert relative_source("b.md", "a/c.md") == "../b.md"


def _index(use_directory_urls: bool = True) -> SiteIndex:
    def entry(src: str, is_page: bool = True, excluded: bool = False):
        if not is_page:
            return src, src, src, False, excluded
        stem = src[: -len(".md")]
        if use_directory_urls:
            url = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index")
                                              else stem + "/")
            return src, url + "index.html", url, True, excluded
        return src, stem + ".html", stem + ".html", True, excluded

    return SiteIndex(
        [entry("index.md"), entry("Guide/Setup.md"), entry("topics/index.md"),
         entry("topics/cnns.md"), entry("img/logo.png", is_page=False),
         entry("drafts/idea.md", excluded=True)],
        use_directory_urls,
    )


def test_lookup_source_statuses() -> None:
    index = _index()
    assert index.lookup_source("topics/cnns.md").status == FOUND
    case = index.lookup_source("guide/setup.md")
    assert (case.status, case.suggestion) == (CASE, "Guide/Setup.md")
    assert index.lookup_source("../README.md").status == OUTSIDE
    assert index.lookup_source("drafts/idea.md").status == EXCLUDED
    assert index.lookup_source("topics/rnns.md").status == MISSING


def test_guess_source_like_mkdocs_then_by_likeness() -> None:
    index = _index()
    assert index.guess_source("topics") == "topics/index.md"
    assert index.guess_source("topics/cnns") == "topics/cnns.md"
    assert index.guess_source("topics/cnns.html") == "topics/cnns.md"
    assert index.guess_source("topics/cnn.md") == "topics/cnns.md"
    assert index.guess_source("elsewhere/nothing.md") is None
    assert index.guess_source("drafts/idea") is None


@pytest.mark.parametrize("directory_urls", [True, False])
def test_lookup_dest(directory_urls: bool) -> None:
    index = _index(directory_urls)
    page = "topics/cnns/" if directory_urls else "topics/cnns.html"
    assert index.lookup_dest(page).status == FOUND
    assert index.lookup_dest("").status == FOUND
    assert index.lookup_dest("img/logo.png").status == FOUND
    assert index.lookup_dest("img/Logo.png").status == CASE
    assert index.lookup_dest("topics/cnns.md").status == MISSING
    assert index.lookup_dest("drafts/idea/").status == MISSING
