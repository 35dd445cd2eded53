"""The Atlas itself checks clean: no errors and no warnings, diagrams included."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_the_atlas_checks_clean() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_site.py"), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["findings"] == []
    assert result.returncode == 0
    summary = data["summary"]
    assert summary["files"] >= 10
    assert summary["links"] >= 100
    assert summary["diagrams"] >= 10
