"""The pre-commit hooks as another repository gets them: `pre-commit try-repo` installs this
repository into a fresh environment and runs the hook on a small fixture site."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from authoring_support import BIN, ROOT

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "precommit-site"


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=test@example.invalid", "-c", "user.name=test",
                    *args], cwd=site, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache, shared by this module's tests so the hook installs once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "fixture")
    return site


def try_repo(site: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("CHECK_SITE_DEBUG", None)
    which = ["--files", *files] if files else ["--all-files"]
    return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(ROOT), hook, *which],
                          cwd=site, env=env, capture_output=True, text=True, timeout=900)


def test_the_whole_site_hook_fails_on_a_broken_link_and_passes_when_fixed(repo, home):
    index = repo / "docs/index.md"
    index.write_text("# Home\n\nSee [about](abuot.md).\n", "utf-8")
    git(repo, "add", "-A")
    result = try_repo(repo, home, "check-site")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("docs/index.md:3:5: error link-missing: link target 'abuot.md' is not a file of the "
            "site (did you mean 'about.md'?)") in result.stdout
    index.write_text("# Home\n\nSee [about](about.md).\n", "utf-8")
    git(repo, "add", "-A")
    result = try_repo(repo, home, "check-site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check-site" in result.stdout
    assert "Passed" in result.stdout


def test_the_changed_files_hook_reports_only_their_findings(repo, home):
    (repo / "docs/index.md").write_text("# Home\n\nSee [about](abuot.md).\n", "utf-8")
    git(repo, "add", "-A")
    assert try_repo(repo, home, "check-site-changed", "docs/about.md").returncode == 0
    result = try_repo(repo, home, "check-site-changed", "docs/index.md")
    assert result.returncode == 1
    assert "docs/index.md:3:5: error link-missing" in result.stdout


def test_the_manifest_and_this_repositorys_config_are_valid():
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        result = subprocess.run([str(BIN / "pre-commit"), command, str(ROOT / name)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
