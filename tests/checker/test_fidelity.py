"""Differential tests: each fixture site under tests/fixtures/fidelity/ exercises one way real
sites change their pages after the Markdown is read (hooks, snippets, autorefs, macros, the
blog plugin, literate-nav, pymdownx.extra, a custom-named Mermaid fence, `[text][^1]`,
`{ id=x }`, theme files). Each is built with `mkdocs build`, its HTML crawled (crawler.py), and
the checker's errors must be exactly the built site's defects: no false alarm, no miss, each at
its source line.

`expected.json` bridges the two: every error the checker must report (path, line, rule) with the
defects of the built HTML it accounts for. Mermaid syntax errors are judged by Mermaid itself
(the crawler only counts diagrams), so they account for no crawled defect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from crawler import Defect, crawl, diagrams
from sitecheck.checker import Options, check

FIDELITY = FIXTURES / "fidelity"
CASES = sorted(p.name for p in FIDELITY.iterdir() if (p / "mkdocs.yml").is_file())


def build(case: str, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    # not --quiet: it hides warnings from --strict's count
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
        cwd=FIDELITY / case, capture_output=True, text=True, timeout=300, env=env,
    )


def test_there_is_a_fixture_per_mechanism() -> None:
    assert set(CASES) >= {
        "hook-refs", "snippets", "autorefs", "macros", "blog", "literate-nav", "extra",
        "custom-fence", "footnote-ref", "attr-id", "theme-files",
    }


@pytest.mark.parametrize("case", CASES)
def test_checker_errors_are_the_built_sites_defects(
    case: str, tmp_path: Path, mermaid_js: Path
) -> None:
    expected = json.loads((FIDELITY / case / "expected.json").read_text("utf-8"))
    built = build(case, tmp_path / "site")
    assert "Traceback" not in built.stderr
    defects = crawl(tmp_path / "site")
    accounted = sorted(Defect(*d) for e in expected["errors"] for d in e["built"])
    # expected.json describes the built site exactly
    assert defects == accounted
    assert diagrams(tmp_path / "site") == expected["diagrams"]

    report = check(Options(config=str(FIDELITY / case / "mkdocs.yml"), mermaid=str(mermaid_js)))
    errors = sorted((f.path, f.line, f.rule) for f in report.findings if f.severity == "error")
    assert errors == sorted((e["path"], e["line"], e["rule"]) for e in expected["errors"])
    assert report.diagrams == expected["diagrams"]
    # check green, build red never: a build that --strict fails has errors in the check
    if built.returncode != 0:
        assert report.errors > 0
