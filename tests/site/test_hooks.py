"""The site's build hooks, on their own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    path = ROOT / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"atlas_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


glossary = load("glossary")


GLOSSARY = """\
# Glossary

attention
:   Weighing inputs,
written over two lines.

GPU
:   A chip.

token
:   A unit.
"""


def render(markdown_text: str, url: str = "deep/topic/") -> str:
    """A page through the glossary hook's events and Markdown extension, as MkDocs runs them."""
    glossary_file = SimpleNamespace(content_string=GLOSSARY, url="glossary/",
                                    abs_src_path="/site/docs/glossary.md")
    files = SimpleNamespace(get_file_from_path=lambda src: glossary_file)
    config = SimpleNamespace(mdx_configs={}, config_file_path="/site/mkdocs.yml",
                             markdown_extensions=["abbr", "attr_list"])
    glossary.on_config(config)
    glossary.on_files(files, config)
    page = SimpleNamespace(file=SimpleNamespace(src_uri=url.rstrip("/") + ".md"), url=url)
    source = glossary.on_page_markdown(markdown_text, page, config, files)
    html = markdown.Markdown(extensions=config.markdown_extensions).convert(source)
    return glossary.on_page_content(html, page, config, files)


def test_glossary_definitions_over_several_lines_become_whole_tooltips():
    html = render("Some attention.")
    assert html == (
        '<p>Some <a class="atlas-term" href="../../glossary/#attention" '
        'title="Weighing inputs, written over two lines.">attention</a>.</p>'
    )


def test_glossary_links_only_first_uses_outside_headings():
    html = render("## Tokens\n\nA token and tokens, a GPU.")
    assert html == (
        '<h2>Tokens</h2>\n'
        '<p>A <a class="atlas-term" href="../../glossary/#token" title="A unit.">token</a> '
        'and tokens, a '
        '<a class="atlas-term" href="../../glossary/#gpu" title="A chip.">GPU</a>.</p>'
    )


def test_glossary_term_inside_a_link_stays_a_tooltip_and_counts_as_first_use():
    html = render("[Read on GPU](x.md), then GPU again.", url="")
    assert html == (
        '<p><a href="x.md">Read on <abbr title="A chip.">GPU</abbr></a>, then GPU again.</p>'
    )


def test_glossary_leaves_a_pages_own_abbreviations_alone():
    html = render("An LLM is big.\n\n*[LLM]: Large language model")
    assert html == '<p>An <abbr title="Large language model">LLM</abbr> is big.</p>'
