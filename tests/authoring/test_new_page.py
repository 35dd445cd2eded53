"""`make new-page`: the page follows the contract, its TODOs are findings until filled, and then
the Atlas builds strictly and checks clean; its edits of mkdocs.yml and of the area page are
exactly the expected lines; it never overwrites a page."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import new_page  # scripts/ is on sys.path (authoring_support, imported by conftest)
import pytest
from authoring_support import BIN, ROOT

SCRIPT = ROOT / "scripts" / "new_page.py"
FILLER = ("Each sentence of this filler paragraph stands in for the prose an author writes "
          "once the scaffold has made the page. ")


@pytest.fixture
def atlas(tmp_path: Path) -> Path:
    """A copy of the Atlas (config, docs, hooks, theme overrides), with node_modules linked."""
    copy = tmp_path / "atlas"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for folder in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns("vendor", "__pycache__"))
    (copy / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return copy


def scaffold(site: Path, area: str, slug: str, title: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--area", area, "--slug", slug, "--title", title],
        cwd=site, capture_output=True, text=True, timeout=60)


def changes(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    """Each changed block of lines as (removed, added)."""
    a, b = before.split("\n"), after.split("\n")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def check(site: Path) -> tuple[int, list[dict]]:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/check_site.py"), "--format",
                             "json"], cwd=site, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["findings"]


def fill(text: str) -> str:
    """The scaffolded page as an author leaves it: every TODO written out."""
    text = text.replace('summary: "TODO: one line on what this is, for the area card and search"',
                        "summary: Splitting text into the pieces a language model reads.")
    text = text.replace("level: intermediate  # TODO: beginner, intermediate or advanced",
                        "level: beginner")
    text = re.sub(r"^# TODO:.*\n# .*\n", "", text, flags=re.MULTILINE)
    out = []
    for line in text.split("\n"):
        out.append(line.replace("TODO: ", ""))
        if line.startswith("TODO: ") and "lead paragraph" not in line:
            out += ["", (FILLER * 12).strip()]
    return "\n".join(out)


def test_page_checks_clean_and_builds_once_its_todos_are_filled(atlas: Path):
    config_before = (atlas / "mkdocs.yml").read_text("utf-8")
    area_before = (atlas / "docs/nlp-llms/index.md").read_text("utf-8")
    result = scaffold(atlas, "nlp-llms", "tokenisation", "Tokenisation")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "wrote docs/nlp-llms/tokenisation.md"

    assert changes(config_before, (atlas / "mkdocs.yml").read_text("utf-8")) == [(
        ["  - NLP & LLMs: nlp-llms/index.md"],
        ["  - NLP & LLMs:", "      - nlp-llms/index.md",
         "      - Tokenisation: nlp-llms/tokenisation.md"],
    )]
    assert changes(area_before, (atlas / "docs/nlp-llms/index.md").read_text("utf-8")) == [
        ([], ['    click TOK href "tokenisation/" "Open the Tokenisation deep-dive"']),
        (["    class TOK,EMB,PT,LLM,EV planned"], ["    class EMB,PT,LLM,EV planned"]),
        (["-   :material-alphabetical:{ .lg .middle } **Tokenisation**"],
         ["-   :material-alphabetical:{ .lg .middle } **[Tokenisation](tokenisation.md)**"]),
        (["    Planned. Splitting text into tokens, often pieces of words, that a model can "
          "look up as numbers."],
         ["    Splitting text into tokens, often pieces of words, that a model can look up as "
          "numbers."]),
    ]

    page = atlas / "docs/nlp-llms/tokenisation.md"
    text = page.read_text("utf-8")
    code, found = check(atlas)
    assert code == 1
    todo_lines = [k for k, ln in enumerate(text.split("\n"), start=1) if "TODO" in ln]
    assert sorted({f["line"] for f in found if f["rule"] == "contract-todo"}) == todo_lines
    assert {f["rule"] for f in found} == {"contract-todo", "contract-words"}
    assert {f["path"] for f in found} == {"docs/nlp-llms/tokenisation.md"}
    headings = [ln[3:] for ln in text.split("\n") if ln.startswith("## ")]
    from sitecheck.contract import schema

    assert headings == schema()["x-atlas-sections"]

    page.write_text(fill(text), "utf-8")
    assert check(atlas) == (0, [])
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", "site"], cwd=atlas,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    html = (atlas / "site/nlp-llms/tokenisation/index.html").read_text("utf-8")
    assert "<h1" in html
    assert "Tokenisation" in html
    area = (atlas / "site/nlp-llms/index.html").read_text("utf-8")
    assert '<a href="tokenisation/">Tokenisation</a>' in area  # the card


def test_an_area_that_is_a_section_gets_the_page_after_its_last_page(atlas: Path):
    config_before = (atlas / "mkdocs.yml").read_text("utf-8")
    area_before = (atlas / "docs/deep-learning/index.md").read_text("utf-8")
    result = scaffold(atlas, "deep-learning", "autoencoders", "Autoencoders")
    assert result.returncode == 0, result.stderr
    assert changes(config_before, (atlas / "mkdocs.yml").read_text("utf-8")) == [(
        [], ["      - Autoencoders: deep-learning/autoencoders.md"])]
    lines = (atlas / "mkdocs.yml").read_text("utf-8").split("\n")
    k = lines.index("      - Autoencoders: deep-learning/autoencoders.md")
    assert lines[k - 1] == "      - Training at scale: deep-learning/training-at-scale.md"
    # no planned node or card has this title: the area page stays as it was, and it says so
    assert (atlas / "docs/deep-learning/index.md").read_text("utf-8") == area_before
    assert "no planned node labelled 'Autoencoders'" in result.stdout


def test_it_never_overwrites_a_page(atlas: Path):
    page = atlas / "docs/deep-learning/cnns.md"
    before = page.read_bytes(), (atlas / "mkdocs.yml").read_bytes()
    result = scaffold(atlas, "deep-learning", "cnns", "CNNs")
    assert result.returncode == 2
    assert result.stderr == ("new_page: error: docs/deep-learning/cnns.md already exists; "
                             "new_page never overwrites a page\n")
    assert (page.read_bytes(), (atlas / "mkdocs.yml").read_bytes()) == before


@pytest.mark.parametrize(("args", "message"), [
    (("nowhere", "x", "X"), "docs/nowhere/index.md not found; areas: "),
    (("nlp-llms", "Bad Slug", "X"), "SLUG must be lower-case words joined by hyphens"),
    (("nlp-llms", "x", "  "), 'TITLE must be the page title'),
])
def test_bad_arguments_get_one_line(atlas: Path, args, message):
    result = scaffold(atlas, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"new_page: error: {message}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("holder", "page", "target"), [
    ("nlp-llms/index.md", "nlp-llms/tokenization.md", "tokenization/"),
    # from a non-index page one level more: deep-learning/cnns/ is a folder of its own
    ("deep-learning/cnns.md", "deep-learning/rnns-lstms.md", "../rnns-lstms/"),
    ("index.md", "nlp-llms/tokenization.md", "nlp-llms/tokenization/"),
])
def test_click_targets_are_relative_to_the_built_page(holder, page, target):
    assert new_page._click_target(holder, page) == target
