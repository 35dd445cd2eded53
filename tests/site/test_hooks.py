"""The site's build hooks, on their own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    path = ROOT / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"atlas_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


glossary = load("glossary")


def test_glossary_terms_are_read_from_a_definition_list():
    text = "# Glossary\n\nIntro.\n\nattention\n:   Weighing inputs.\n\nGPU\n:   A chip.\n"
    assert glossary.terms(text) == {"attention": "Weighing inputs.", "GPU": "A chip."}


def test_glossary_spellings_cover_sentence_starts_and_plurals():
    assert glossary.spellings("token") == ["token", "Token", "tokens", "Tokens"]
    assert glossary.spellings("GPU") == ["GPU"]
    assert glossary.spellings("loss function") == ["loss function", "Loss function"]


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
