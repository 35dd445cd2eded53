"""Fixtures of the checker's tests: the package on sys.path, the pinned Mermaid build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
FIXTURES = ROOT / "tests" / "fixtures"
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"

# No Mermaid verdict cache in tests (nor in the fixtures' folders): test_mermaid_cache.py turns
# it on where it is the subject. Subprocesses inherit this.
os.environ["CHECK_SITE_MERMAID_CACHE"] = ""
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


@pytest.fixture(scope="session")
def mermaid_js() -> Path:
    assert MERMAID_JS.is_file(), "node_modules/mermaid is missing: run `npm ci`"
    return MERMAID_JS


@pytest.fixture(scope="session")
def mermaid_pool(mermaid_js: Path):
    """One Mermaid context for the tests that parse diagrams directly."""
    from sitecheck.mermaid import MermaidPool

    with MermaidPool(mermaid_js, timeout=20, max_workers=1) as pool:
        yield pool


@pytest.fixture
def parse(mermaid_pool):
    """Parse diagrams with the real Mermaid: a list of texts in, a list of ParseResults out."""

    def run(texts: list[str]):
        indexes = [mermaid_pool.submit(t) for t in texts]
        results = mermaid_pool.finish()
        return [results[i] for i in indexes]

    return run
