"""The site's build hooks, on their own."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    path = ROOT / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"atlas_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


glossary = load("glossary")
vendor = load("vendor")


def test_glossary_terms_are_read_from_a_definition_list():
    text = "# Glossary\n\nIntro.\n\nattention\n:   Weighing inputs.\n\nGPU\n:   A chip.\n"
    assert glossary.terms(text) == {"attention": "Weighing inputs.", "GPU": "A chip."}


def test_glossary_spellings_cover_sentence_starts_and_plurals():
    assert glossary.spellings("token") == ["token", "Token", "tokens", "Tokens"]
    assert glossary.spellings("GPU") == ["GPU"]
    assert glossary.spellings("loss function") == ["loss function", "Loss function"]


def vendor_config(tmp_path: Path) -> SimpleNamespace:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    return SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"),
                           docs_dir=str(tmp_path / "docs"))


def fake_node_modules(root: Path) -> None:
    for source in vendor.VENDORED.values():
        path = root / "node_modules" / source
        if "." in path.name or path.name == "LICENSE":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source)
        else:
            path.mkdir(parents=True, exist_ok=True)
            (path / "KaTeX_Main-Regular.woff2").write_text("font")


def test_vendor_copies_builds_and_leaves_unchanged_files_alone(tmp_path):
    config = vendor_config(tmp_path)
    fake_node_modules(tmp_path)
    vendor.on_config(config)
    copied = tmp_path / "docs/assets/vendor/mermaid/mermaid.min.js"
    assert copied.read_text() == "mermaid/dist/mermaid.min.js"
    assert (tmp_path / "docs/assets/vendor/katex/fonts/KaTeX_Main-Regular.woff2").is_file()
    os.utime(copied, (1_000_000, 1_000_000))
    vendor.on_config(config)
    assert copied.stat().st_mtime == 1_000_000, "an unchanged copy was rewritten"
    (tmp_path / "node_modules/mermaid/dist/mermaid.min.js").write_text("v2")
    vendor.on_config(config)
    assert copied.read_text() == "v2"


def test_vendor_without_node_modules_says_how_to_fix_it(tmp_path):
    with pytest.raises(PluginError, match=r"run `make setup`"):
        vendor.on_config(vendor_config(tmp_path))


def test_glossary_keeps_only_first_uses_outside_headings():
    html = (
        '<h2 id="t"><abbr title="A unit.">Token</abbr>s</h2>'
        '<p><abbr title="A unit.">token</abbr> and <abbr title="A unit.">tokens</abbr>, '
        '<abbr title="A chip.">GPU</abbr></p>'
    )
    assert glossary.first_uses_only(html) == (
        '<h2 id="t">Tokens</h2>'
        '<p><abbr title="A unit.">token</abbr> and tokens, <abbr title="A chip.">GPU</abbr></p>'
    )
