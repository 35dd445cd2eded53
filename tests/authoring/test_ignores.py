"""Ignore comments, the plugin's exclude and ignore_urls options, unused ignores, --changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from authoring_support import ROOT
from sitecheck.checker import Options
from sitecheck.run import run


def rules(report) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.rule) for f in report.findings]


def set_plugin(site: Path, options: str) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - check-site\n", options), "utf-8")


def test_a_comment_on_the_line_silences_that_rule_there(site):
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace(
        "(topics/first.md)", "(topics/frist.md) <!-- check-site: ignore link-missing -->"),
        "utf-8")
    assert rules(run(Options(config=str(site / "mkdocs.yml")))) == []


def test_a_comment_alone_on_a_line_silences_the_next_line(site):
    first = site / "docs/topics/first.md"
    first.write_text("# First topic\n\n<!-- check-site: ignore link-missing -->\n"
                     "See [nothing](nowhere.md).\n\nAnd [nothing again](nowhere.md).\n", "utf-8")
    assert rules(run(Options(config=str(site / "mkdocs.yml")))) == [
        ("docs/topics/first.md", 6, "link-missing")]


def test_a_mermaid_comment_silences_a_click(site):
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace(
        '  click B "topics/first/"',
        '  %% check-site: ignore click-missing\n  click B "topics/nowhere/"'), "utf-8")
    assert rules(run(Options(config=str(site / "mkdocs.yml")))) == []


def test_an_unused_or_unknown_ignore_is_reported(site):
    first = site / "docs/topics/first.md"
    first.write_text("# First topic\n\nFine. <!-- check-site: ignore link-missing, no-such -->\n",
                     "utf-8")
    found = run(Options(config=str(site / "mkdocs.yml"))).findings
    assert [(f.line, f.rule, f.severity) for f in found] == [
        (3, "ignore-unused", "warning"), (3, "ignore-unused", "warning")]
    assert {f.message for f in found} == {
        "ignore comment for 'link-missing' matches no finding on this line",
        "ignore comment names 'no-such', which is not a rule",
    }


def test_exclude_and_ignore_urls_from_the_plugin_options(site):
    (site / "docs/drafts").mkdir()
    (site / "docs/drafts/wip.md").write_text("# WIP\n\n[gone](gone.md)\n", "utf-8")
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8") + "\n[old](legacy/old.md)\n", "utf-8")
    set_plugin(site, "  - check-site:\n      exclude: [drafts/*]\n"
                     "      ignore_urls: ['^legacy/']\n")
    # the draft is not in nav either: MkDocs' not-in-nav finding goes with the exclude
    assert rules(run(Options(config=str(site / "mkdocs.yml")))) == []


def test_unused_config_entries_are_reported_at_their_line(site):
    set_plugin(site, "  - check-site:\n      exclude:\n        - drafts/*\n"
                     "      ignore_urls:\n        - '^legacy/'\n")
    found = run(Options(config=str(site / "mkdocs.yml"))).findings
    lines = (site / "mkdocs.yml").read_text("utf-8").splitlines()
    assert [(f.path, f.rule) for f in found] == [("mkdocs.yml", "ignore-unused")] * 2
    assert {lines[f.line - 1].strip() for f in found} == {"- drafts/*", "- '^legacy/'"}


def test_changed_reports_only_those_files_but_resolves_the_whole_site(site):
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace("(topics/first.md)", "(topics/frist.md)"),
                     "utf-8")
    first = site / "docs/topics/first.md"
    first.write_text(first.read_text("utf-8") + "\n[there](index.md#no-such-heading)\n", "utf-8")

    def check(*changed: str) -> tuple[int, list]:
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts/check_site.py"), "--format", "json",
             "--changed", *changed],
            cwd=site, capture_output=True, text=True, timeout=300)
        return result.returncode, [(f["path"], f["rule"])
                                   for f in json.loads(result.stdout)["findings"]]

    # first.md's anchor is judged against index.md, which is resolved though not reported
    assert check("docs/topics/first.md") == (1, [("docs/topics/first.md", "anchor-missing")])
    assert check("docs/index.md", "docs/topics/first.md") == (
        1, [("docs/index.md", "link-missing"), ("docs/topics/first.md", "anchor-missing")])
    assert check("mkdocs.yml") == (0, [])
