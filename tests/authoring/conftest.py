"""Shared by the authoring tests: a fresh copy of the fixture site, and the project's paths.

The copy gets a `node_modules` link to the project's, so the checker finds Mermaid beside the
config file exactly as in a real site."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}


def copy_site(target: Path, source: Path = FIXTURE) -> Path:
    shutil.copytree(source, target)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/authoring/fixtures/site that a test may change."""
    return copy_site(tmp_path / "site")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
