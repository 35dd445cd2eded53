"""Helpers of the authoring tests: the project's paths, a fresh copy of a fixture site, a free
port. A module of its own name, not conftest: other test folders' conftest modules share that
name, and whichever pytest loaded last is the one `import conftest` gets."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))


def copy_site(target: Path, source: Path = FIXTURE) -> Path:
    """A copy of a fixture site, with a `node_modules` link to the project's, so the checker finds
    Mermaid beside the config file exactly as in a real site."""
    shutil.copytree(source, target)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
