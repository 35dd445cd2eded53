"""One strict build of the Atlas per test session, shared by the site tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Build:
    site: Path
    returncode: int
    log: str

    def require_drawn(self) -> None:
        """Skip where diagrams fell back to the browser (no Chromium); CI always draws them."""
        if "drawn in the browser" in self.log and os.environ.get("CI") != "true":
            pytest.skip("no Chromium: diagrams were left for the browser to draw")

    def page(self, url: str) -> BeautifulSoup:
        """The built page at a site URL such as `deep-learning/`."""
        return BeautifulSoup((self.site / url / "index.html").read_text("utf-8"), "html.parser")

    def resolves(self, page_url: str, href: str) -> bool:
        """Whether a relative href on the page at page_url lands on a built file."""
        target = (self.site / page_url / href.split("#")[0]).resolve()
        if not target.is_relative_to(self.site.resolve()):
            return False
        return (target / "index.html").is_file() if target.is_dir() else target.is_file()


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(site=site, returncode=run.returncode, log=run.stdout + run.stderr)
