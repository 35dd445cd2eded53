"""The check-site plugin in `mkdocs build`: findings are WARNINGs with path:line:col, so
`--strict` fails on them, a page that is not UTF-8 is one of them (not a traceback), and the
page contract counts; and the package that carries the plugin installs from this repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from authoring_support import BIN, ROOT


def build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=site,
                          capture_output=True, text=True, timeout=600)


def test_a_clean_site_builds(site):
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert "check-site" not in result.stderr


def test_a_finding_is_a_build_warning_with_its_line(site):
    # MkDocs itself never looks at diagram clicks: this warning is the plugin's alone
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace('"topics/first/"', '"topics/frist/"'),
                     "utf-8")
    result = build(site)
    assert result.returncode == 1
    assert ("WARNING -  check-site: docs/index.md:8:3: error click-missing: click target "
            "'topics/frist/' is not a page or file of the built site") in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout


def test_a_page_that_is_not_utf8_is_a_finding_not_a_traceback(site):
    first = site / "docs/topics/first.md"
    first.write_bytes(b"# First topic\n\nCaf\xe9 au lait.\n")
    result = build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs/topics/first.md:3:4: error file-encoding:" in result.stderr
    assert "byte 0xe9 is not valid UTF-8" in result.stderr


def test_the_build_enforces_the_page_contract_on_any_deep_dive(site):
    short = site / "docs/topics/short.md"
    short.write_text("---\ntype: deep-dive\ntitle: Short\nsummary: Too short.\n"
                     "level: expert\nprerequisites: []\n---\n\n# Short\n\nA hundred words.\n",
                     "utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      - Short: topics/short.md\n", "utf-8")
    result = build(site)
    assert result.returncode == 1
    assert ("docs/topics/short.md:5:1: error contract-front-matter: front matter 'level': "
            "'expert' is not one of ['beginner', 'intermediate', 'advanced']") in result.stderr
    assert "docs/topics/short.md:9:1: error contract-words:" in result.stderr
    assert "missing section '## The idea in plain words'" in result.stderr


def test_the_package_has_the_command_the_plugin_and_their_data(tmp_path):
    source = tmp_path / "src"
    (source / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    shutil.copytree(ROOT / "scripts/sitecheck", source / "scripts/sitecheck",
                    ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "out"),
         str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "out").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("panel.js", "mermaid_runtime.js", "page_contract.schema.json", "plugin.py"):
        assert f"sitecheck/{data}" in names
    (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]\ncheck-site = sitecheck.cli:main" in text
    assert "[mkdocs.plugins]\ncheck-site = sitecheck.plugin:CheckSitePlugin" in text


def test_the_check_site_command_is_installed():
    result = subprocess.run([str(BIN / "check-site"), "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "--changed FILE" in result.stdout
