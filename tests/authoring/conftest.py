"""Fixtures of the authoring tests; their helpers are in authoring_support.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from authoring_support import copy_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/authoring/fixtures/site that a test may change."""
    return copy_site(tmp_path / "site")
