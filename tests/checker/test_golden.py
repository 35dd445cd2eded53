"""Golden tests: every fixture site under tests/fixtures/<case>/ is checked and its findings
compared with <case>/expected.json. `pytest --regen-golden` rewrites the expected files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from sitecheck.checker import Options, check
from sitecheck.findings import RULES

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "mkdocs.yml").is_file())


def test_there_is_a_case_per_rule() -> None:
    covered = {rule for case in CASES for rule in RULES if case.startswith(rule)}
    # external-rate-limited needs a server that answers 429: see test_external.py.
    assert covered == set(RULES) - {"external-rate-limited"}
    assert sum(case.startswith("clean-") for case in CASES) >= 8


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str, request: pytest.FixtureRequest, mermaid_js: Path, tmp_path: Path):
    folder = FIXTURES / case
    report = check(
        Options(
            config=str(folder / "mkdocs.yml"),
            mermaid=str(mermaid_js),
            timeout=3.0,
            external=case.startswith("external-"),
            cache=str(tmp_path / "cache"),
        )
    )
    found = [f.to_dict() for f in report.findings]
    expected_file = folder / "expected.json"
    if request.config.getoption("--regen-golden"):
        expected_file.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", "utf-8")
        return
    expected = json.loads(expected_file.read_text("utf-8"))
    assert found == expected
    if case.startswith("clean-"):
        assert expected == []
        assert report.files > 0
    else:
        named = max((rule for rule in RULES if case.startswith(rule)), key=len)
        assert any(f["rule"] == named for f in expected), f"{case} must report {named}"
