"""Anchors as the built page has them, compared with Python-Markdown's own rendering."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from markdown.extensions.toc import slugify as default_slugify
from pymdownx.slugs import slugify as pymdownx_slugify
from sitecheck.anchors import Anchors
from sitecheck.markdown_scan import Heading, scan_markdown

PLAIN = ["Setup", "Setup", "RNNs & LSTMs", "What is it?", "Über Größe", "Step 1/2 (draft)",
         "Setup 1", "深層学習", "  spaced   out  ", "Setup"]


def _headings(texts: list[str]) -> list[Heading]:
    return [Heading(2, t.strip(), i + 1) for i, t in enumerate(texts)]


def _truth(page: str, extensions: list[str], configs: dict | None = None) -> list[str]:
    """The heading ids of a whole page rendered by Python-Markdown, as MkDocs renders it."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
    return [html.unescape(i) for i in re.findall(r'<h[1-6][^>]*\sid="([^"]*)"', md.convert(page))]


@pytest.mark.parametrize(
    "slugify", [default_slugify, pymdownx_slugify(case="lower")], ids=["default", "pymdownx"]
)
def test_plain_headings_are_slugified_as_markdown_renders_them(slugify) -> None:
    anchors = Anchors(["toc"], {"toc": {"slugify": slugify}})
    headings = _headings(PLAIN)
    assert all(anchors.is_plain(h.text) for h in headings)
    fast = anchors.heading_ids(headings)
    truth = _truth("\n\n".join(f"## {t}" for t in PLAIN), ["toc"], {"toc": {"slugify": slugify}})
    assert fast == truth
    assert len(truth) == len(PLAIN)
    assert truth[:2] == ["setup", "setup_1"]


MIXED = """# Title

## Setup

A paragraph with an id.
{ #setup_1 }

## Setup

## The `code` & *emphasis*

## Custom { #my-id }

## Emoji :smile: here

## A [link](x.md) and [a reference][ref]

## Entity &amp; more, `<b>` too

## With a note[^n]

## Setup_2

## Über _Größe_

#### Deep `one`

[ref]: y.md
[^n]: The note.
"""


@pytest.mark.parametrize(
    ("extensions", "configs"),
    [
        (["toc", "attr_list", "footnotes", "pymdownx.emoji"], {}),
        (["toc", "attr_list", "footnotes", "smarty"], {"toc": {"toc_depth": 2}}),
        (["toc", "attr_list", "footnotes"],
         {"toc": {"slugify": pymdownx_slugify(case="lower"), "separator": "_"}}),
    ],
    ids=["emoji", "smarty", "pymdownx-slugify"],
)
def test_ids_equal_a_full_render_of_the_page(extensions: list[str], configs: dict) -> None:
    anchors = Anchors(extensions, configs)
    scan = scan_markdown(MIXED)
    ids = anchors.heading_ids(scan.headings, scan)
    assert ids == _truth(MIXED, extensions, configs)
    assert len(ids) == len(scan.headings) == 12


def test_duplicates_get_markdowns_suffixes() -> None:
    anchors = Anchors(["toc"])
    ids = anchors.heading_ids(_headings(["Setup", "Setup", "Setup", "Setup_1", "Setup_1"]))
    assert ids == ["setup", "setup_1", "setup_2", "setup_3", "setup_4"]


def test_markup_in_headings_is_rendered_with_the_sites_extensions() -> None:
    anchors = Anchors(["toc", "attr_list", "pymdownx.emoji"])
    texts = ["The `code` & *emphasis*", "Custom { #my-id }", "Emoji :smile: here",
             "A [link](x.md) in it", "Entity &amp; more", "Custom { #my-id }"]
    assert not any(anchors.is_plain(t) for t in texts[:5])
    assert anchors.heading_ids(_headings(texts)) == [
        "the-code-emphasis", "my-id", "emoji-here", "a-link-in-it", "entity-more", "my-id"
    ]


def test_reference_links_in_headings_use_the_pages_definitions() -> None:
    scan = scan_markdown("## See [the guide][g]\n\n[g]: guide.md\n")
    anchors = Anchors(["toc"])
    assert anchors.page_anchors(scan) == {"see-the-guide"}


def test_toc_depth_leaves_no_heading_without_an_id() -> None:
    anchors = Anchors(["toc"], {"toc": {"toc_depth": 1}})
    headings = [Heading(1, "Top", 1), Heading(4, "Deep `one`", 2)]
    assert anchors.heading_ids(headings) == ["top", "deep-one"]


def test_custom_separator() -> None:
    anchors = Anchors(["toc"], {"toc": {"separator": "_"}})
    headings = _headings(["Two words", "Two `words`"])
    assert anchors.heading_ids(headings) == ["two_words", "two_words_1"]


def test_smart_quotes_turn_off_the_fast_path() -> None:
    plain = Anchors(["toc"])
    smart = Anchors(["toc", "smarty"])
    assert plain.is_plain("It's here -- now")
    assert not smart.is_plain("It's here -- now")
    assert smart.is_plain("Its here now")
    assert smart.heading_ids(_headings(["It's here -- now"])) == ["its-here-now"]


def test_page_anchors_add_explicit_ids() -> None:
    scan = scan_markdown('# Title\n\n<a id="raw"></a>\n\nText.\n{ #para }\n\nA[^n].\n\n[^n]: x\n')
    anchors = Anchors(["toc"])
    assert anchors.page_anchors(scan) == {"title", "raw", "para", "fn:n", "fnref:n"}
