"""Shared test settings: paths of the project and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/*/expected.json from the checker's output, not assert it",
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
