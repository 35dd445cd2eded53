"""The glossary: its reader (hooks/glossary_terms.py), then hooks/glossary.py on small sites
built for real with mkdocs, then on the Atlas itself.

The small sites use only the glossary hook, so they build in well under a second each and
need no browser.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify_unicode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))
import glossary_terms  # noqa: E402


def definitions_by_def_list(source: str) -> dict[str, str]:
    """Each term with its whole definition as Python-Markdown's def_list renders them."""
    soup = BeautifulSoup(markdown.markdown(source, extensions=["def_list"]), "html.parser")
    found: dict[str, str] = {}
    for dl in soup.find_all("dl"):
        terms: list[str] = []
        after_definition = False
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                if after_definition:
                    terms, after_definition = [], False
                terms.append(child.get_text(" ", strip=True))
            else:
                after_definition = True
                text = " ".join(child.get_text().split())
                for term in terms:
                    found[term] = f"{found.get(term, '')} {text}".strip()
    return found


def read(source: str) -> dict[str, str]:
    terms, duplicates = glossary_terms.read(source)
    assert duplicates == []
    return {t.name: t.tooltip for t in terms}


# --- reading the definition list ----------------------------------------------------

ONE_LINE = "attention\n:   Weighing inputs.\n\nGPU\n:   A chip.\n"
LAZY = "attention\n:   A mechanism that\nweighs the inputs\nit can see.\n\nGPU\n:   A chip.\n"
INDENTED = "attention\n:   A mechanism that\n    weighs the inputs.\n\nGPU\n:   A chip.\n"
PARAGRAPHS = (
    "attention\n:   A mechanism.\n\n    It weighs inputs.\n\n    Also in vision.\n\n"
    "GPU\n:   A chip.\n"
)
SHARED = "CNN\nConvNet\n:   A convolutional network.\n:   Also a family of models.\n"
LOOSE = "attention\n\n:   A mechanism,\n    written loosely.\n\nGPU\n:   A chip.\n"
MARKUP = "`softmax`\n:   Turns **scores** into *probabilities* (see [here](x.md)).\n"
INDENT_THEN_TEXT = "attention\n:   A mechanism\n    that weighs.\nGPU\n:   A chip.\n"


@pytest.mark.parametrize(
    "source",
    [ONE_LINE, LAZY, INDENTED, PARAGRAPHS, SHARED, LOOSE, MARKUP, INDENT_THEN_TEXT],
    ids=["one-line", "lazy", "indented", "paragraphs", "shared", "loose", "markup",
         "indent-then-text"],
)
def test_terms_and_definitions_are_those_def_list_renders(source):
    assert read(source) == definitions_by_def_list(source)


def test_a_definition_over_several_lines_is_kept_whole():
    assert read(LAZY)["attention"] == "A mechanism that weighs the inputs it can see."
    assert read(INDENTED)["attention"] == "A mechanism that weighs the inputs."
    assert read(PARAGRAPHS)["attention"] == "A mechanism. It weighs inputs. Also in vision."
    assert read(PARAGRAPHS)["GPU"] == "A chip."


def test_terms_sharing_a_definition_each_get_all_of_it():
    assert read(SHARED) == {
        "CNN": "A convolutional network. Also a family of models.",
        "ConvNet": "A convolutional network. Also a family of models.",
    }


def test_a_tooltip_is_plain_text():
    assert read(MARKUP) == {"softmax": "Turns scores into probabilities (see here)."}


def test_lines_count_front_matter_and_skip_code_and_headings():
    source = (
        "---\ntitle: Glossary\n---\n\n# Glossary\n\n```text\nnot a term\n:   no\n```\n\n"
        "attention\n:   A mechanism.\n"
    )
    terms, _ = glossary_terms.read(source)
    assert [(t.name, t.line) for t in terms] == [("attention", 12)]


def test_a_term_line_with_no_text_is_left_out():
    assert read("{ #nothing }\n:   A.\n\nGPU\n:   A chip.\n") == {"GPU": "A chip."}


def test_a_term_defined_twice_is_reported_with_both_lines():
    source = "attention\n:   One.\n\nGPU\n:   A chip.\n\nAttention\n:   Two.\n"
    terms, duplicates = glossary_terms.read(source)
    assert [t.name for t in terms] == ["attention", "GPU"]
    assert terms[0].tooltip == "One."
    assert duplicates == [glossary_terms.Duplicate("Attention", 7, 1)]
    assert duplicates[0].message("docs/glossary.md") == (
        "docs/glossary.md:7: glossary term 'Attention' is defined twice (first at line 1)"
    )


# --- anchors, spellings, letters -----------------------------------------------------


def test_anchors_are_the_toc_slugs_made_unique_in_page_order():
    source = (
        "loss function\n:   A.\n\nself-attention\n:   B.\n\nC++\n:   C.\n\nC\n:   D.\n\n"
        "ReLU { #rectifier }\n:   E.\n"
    )
    terms, _ = glossary_terms.read(source)
    assert [(t.name, t.anchor) for t in terms] == [
        ("loss function", "loss-function"),
        ("self-attention", "self-attention"),
        ("C++", "c"),
        ("C", "c_1"),
        ("ReLU", "rectifier"),
    ]


def test_anchors_follow_the_configured_slugify():
    terms, _ = glossary_terms.read("Élan vital\n:   A.\n", slugify_unicode, "_")
    assert terms[0].anchor == "élan_vital"
    terms, _ = glossary_terms.read("Élan vital\n:   A.\n")
    assert terms[0].anchor == "elan-vital"


def test_spellings_cover_sentence_starts_and_plurals():
    assert glossary_terms.spellings("token") == ["token", "Token", "tokens", "Tokens"]
    assert glossary_terms.spellings("GPU") == ["GPU"]
    assert glossary_terms.spellings("loss function") == ["loss function", "Loss function"]


def test_index_links_each_letter_to_its_first_term_and_shows_the_rest_unlinked():
    terms, _ = glossary_terms.read(
        "attention\n:   A.\n\nbatch\n:   B.\n\nAdam\n:   C.\n\nÉlan\n:   D.\n"
    )
    row = dict(glossary_terms.index(terms))
    assert list(row) == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert row["A"] == "attention"  # the first in page order, not in the alphabet
    assert row["B"] == "batch"
    assert row["E"] == "elan"
    assert [c for c, anchor in row.items() if anchor is None] == list("CDFGHIJKLMNOPQRSTUVWXYZ")


def test_index_files_terms_without_a_leading_letter_under_hash_first():
    terms, _ = glossary_terms.read("3D convolution\n:   A.\n\nweight\n:   B.\n")
    row = glossary_terms.index(terms)
    assert row[0] == ("#", "3d-convolution")
    assert dict(row)["W"] == "weight"


# --- small sites, built for real ----------------------------------------------------

CONFIG = """\
site_name: Glossary test
site_url: http://127.0.0.1/atlas/
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
  features:
    - content.tooltips
hooks:
  - {root}/hooks/glossary.py
markdown_extensions:
  - abbr
  - attr_list
  - def_list
  - pymdownx.details
  - toc:
      permalink: true
nav:
  - index.md
  - deep/topic.md
  - glossary.md
"""
GLOSSARY = """\
---
title: Glossary
---

# Glossary

Short definitions.

attention
:   A mechanism that weighs
the inputs it can see.

gradient descent
:   An optimisation method
    that follows the slope down.

    It is used to train networks.

token
:   A unit of text.

weight
:   A learned number.
"""
INDEX = """\
# Attention and tokens

A [link about attention](deep/topic.md) comes first, then attention in plain text,
then attention again. Each token counts; so do tokens.

See the [glossary entry](glossary.md#gradient-descent).
"""
TOPIC = """\
# Topic

Training uses gradient descent on every weight.

??? question "Why attention?"
    Because attention weighs the inputs.
"""


def make_site(tmp_path: Path, glossary: str = GLOSSARY, directory_urls: bool = True) -> Path:
    config = CONFIG.format(root=ROOT, directory_urls=str(directory_urls).lower())
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    docs = tmp_path / "docs"
    (docs / "deep").mkdir(parents=True)
    (docs / "index.md").write_text(INDEX, "utf-8")
    (docs / "deep/topic.md").write_text(TOPIC, "utf-8")
    (docs / "glossary.md").write_text(glossary, "utf-8")
    return tmp_path


def build(site: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "site")],
        cwd=site, env={**environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )


def html_file(url: str) -> str:
    """The built file of a page URL: `deep/topic/` or `deep/topic.html`."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / html_file(url)).read_text("utf-8"), "html.parser")


def follow(page_url: str, href: str) -> tuple[str, str]:
    """The page URL and fragment a relative href leads to from the page at page_url."""
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc) == ("", ""), href
    assert not parts.path.startswith("/"), href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
    target = "" if target == "." else target
    if parts.path.endswith("/") and target:
        target += "/"
    return target, parts.fragment


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("glossary"))
    run = build(site)
    assert run.returncode == 0, run.stderr
    return site


def test_every_term_has_a_unique_anchor_on_its_dt(site):
    glossary = page(site, "glossary/")
    terms = glossary.select("article dl > dt")
    assert [dt.get("id") for dt in terms] == ["attention", "gradient-descent", "token", "weight"]
    ids = [e["id"] for e in glossary.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_index_links_each_letter_to_its_first_term(site):
    glossary = page(site, "glossary/")
    nav = glossary.select_one("article nav.atlas-az")
    assert nav is not None
    assert nav.find_previous("h1") is not None  # under the title, above the list
    assert nav.find_next("dl") is glossary.select_one("article dl")
    letters = [li.get_text() for li in nav.find_all("li")]
    assert letters == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    links = {a.get_text(): a["href"] for a in nav.find_all("a")}
    assert links == {"A": "#attention", "G": "#gradient-descent", "T": "#token", "W": "#weight"}
    for href in links.values():
        target = glossary.find(id=href[1:])
        assert target is not None
        assert target.name == "dt"
    assert [s.get_text() for s in nav.select("span")] == [
        c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in links
    ]
    # Every group is reachable: each term's letter is a link.
    for dt in glossary.select("article dt"):
        assert dt.get_text()[0].upper() in links


def test_the_index_is_left_out_of_the_search_index(site):
    index = json.loads((site / "site/search/search_index.json").read_text("utf-8"))
    texts = [doc["text"] for doc in index["docs"] if doc["location"].startswith("glossary/")]
    assert any("Short definitions." in text for text in texts)
    words = [" ".join(re.sub(r"<[^>]*>", " ", text).split()) for text in texts]
    assert not any("A B C D E F" in text for text in words), words[0][:200]


def test_first_uses_link_to_their_entries_with_the_whole_definition(site):
    glossary_ids = {e["id"] for e in page(site, "glossary/").select("[id]")}
    topic = page(site, "deep/topic/")
    links = {a.get_text(): a for a in topic.select("article a.atlas-term")}
    assert set(links) == {"gradient descent", "weight"}
    for a in links.values():
        assert follow("deep/topic/", a["href"]) == ("glossary/", a["href"].split("#")[1])
        assert a["href"].split("#")[1] in glossary_ids
        assert not a["href"].startswith("/")
    assert links["gradient descent"]["href"] == "../../glossary/#gradient-descent"
    assert links["gradient descent"]["title"] == (
        "An optimisation method that follows the slope down. It is used to train networks."
    )


def test_only_the_first_use_outside_headings_becomes_a_link(site):
    home = page(site, "")
    article = home.select_one("article")
    assert article.select("h1 abbr, h1 a.atlas-term") == []
    assert article.h1.get_text().startswith("Attention and tokens")
    # The first "attention" sits in a link: it stays a tooltip there, and no later
    # "attention" on the page links or carries a tooltip.
    in_link = article.select("a abbr")
    assert [(abbr.get_text(), abbr.parent.get_text()) for abbr in in_link] == [
        ("attention", "link about attention")
    ]
    assert [a.get_text() for a in article.select("a.atlas-term")] == ["token"]
    assert len(article.select("abbr")) == 1


def test_a_term_in_a_summary_stays_a_tooltip(site):
    topic = page(site, "deep/topic/")
    summary = topic.select_one("article details summary")
    assert summary.select("a") == []
    assert [(abbr.get_text(), abbr["title"]) for abbr in summary.select("abbr")] == [
        ("attention", "A mechanism that weighs the inputs it can see.")
    ]
    # It was the first use: the one in the answer below is plain text.
    assert topic.select("article details p abbr, article details p a") == []


def test_no_link_is_nested_in_another_and_the_glossary_has_no_term_links(site):
    for url in ["", "deep/topic/", "glossary/"]:
        soup = page(site, url)
        assert soup.select("a a") == [], url
    assert page(site, "glossary/").select("article a.atlas-term, article abbr") == []


def test_a_link_to_an_entry_validates_and_resolves(site):
    home = page(site, "")
    link = home.find("a", string="glossary entry")
    assert link["href"] == "glossary/#gradient-descent"


def test_without_directory_urls_term_links_still_resolve(tmp_path):
    site = make_site(tmp_path, directory_urls=False)
    run = build(site)
    assert run.returncode == 0, run.stderr
    topic = page(site, "deep/topic.html")
    a = topic.select_one("article a.atlas-term")
    assert a["href"] == "../glossary.html#gradient-descent"
    target, fragment = follow("deep/topic.html", a["href"])
    assert page(site, target).find(id=fragment).name == "dt"


def test_an_anchor_set_by_hand_is_kept_and_linked_to(tmp_path):
    site = make_site(tmp_path, GLOSSARY.replace("gradient descent\n", "gradient descent { #gd }\n"))
    (site / "docs/index.md").write_text(INDEX.replace("#gradient-descent", "#gd"), "utf-8")
    run = build(site)
    assert run.returncode == 0, run.stderr
    assert page(site, "glossary/").select_one("article dt#gd").get_text() == "gradient descent"
    assert page(site, "deep/topic/").select_one("article a.atlas-term")["href"] == (
        "../../glossary/#gd"
    )


def test_a_term_defined_twice_fails_the_strict_build_with_file_and_line(tmp_path):
    site = make_site(tmp_path, GLOSSARY + "\nAttention\n:   Again.\n")
    run = build(site)
    assert run.returncode != 0
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line]
    assert any(
        line.endswith("docs/glossary.md:25: glossary term 'Attention' is defined twice "
                      "(first at line 9)") for line in warnings
    ), run.stderr
    assert "Traceback" not in run.stderr


# --- the Atlas ----------------------------------------------------------------------


def test_the_atlas_glossary_has_an_index_and_an_anchor_on_every_term(build):
    assert build.returncode == 0, build.log
    glossary = build.page("glossary")
    terms = glossary.select("article dl > dt")
    assert len(terms) >= 30
    ids = [dt.get("id") for dt in terms]
    assert all(ids)
    assert len(ids) == len(set(ids))
    assert glossary.find(id="attention").name == "dt"
    letters = glossary.select("article nav.atlas-az a")
    assert {a.get_text() for a in letters} == {dt.get_text()[0].upper() for dt in terms}
    assert all(glossary.find(id=a["href"][1:]) is not None for a in letters)


def test_atlas_term_links_resolve_to_glossary_entries(build):
    ids = {dt["id"] for dt in build.page("glossary").select("article dt[id]")}
    linked = 0
    for html in build.site.rglob("index.html"):
        url = html.parent.relative_to(build.site).as_posix()
        url = "" if url == "." else url + "/"
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        assert soup.select("a a") == [], url
        for a in soup.select("article a.atlas-term"):
            target, fragment = follow(url, a["href"])
            assert (target, fragment in ids) == ("glossary/", True), (url, a["href"])
            assert a["title"]
            linked += 1
    assert linked >= 50
