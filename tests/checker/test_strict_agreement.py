"""Check green, build red never: on every golden fixture site, when `mkdocs build --strict`
fails, the checker reports at least one error; on the clean ones both pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from sitecheck.checker import Options, check

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "mkdocs.yml").is_file())


@pytest.mark.parametrize("case", CASES)
def test_a_site_the_strict_build_fails_has_errors(
    case: str, tmp_path: Path, mermaid_js: Path
) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
        cwd=FIXTURES / case, capture_output=True, text=True, timeout=300, env=env,
    )
    report = check(Options(config=str(FIXTURES / case / "mkdocs.yml"), mermaid=str(mermaid_js),
                           timeout=3.0))
    if case.startswith("clean-"):  # both tools agree that a clean site is clean
        assert (built.returncode, report.errors) == (0, 0), built.stderr[-2000:]
    elif built.returncode != 0:
        assert report.errors > 0, built.stderr[-2000:]
