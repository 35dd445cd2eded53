"""The plugin judges the pages of the build it runs in (`pipeline.adopt`); `check-site` runs
MkDocs' pipeline itself (`pipeline.load`). Differential: on each fixture site, the WARNING lines
the plugin adds to `mkdocs build` are exactly the findings `check-site` prints for that site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from authoring_support import BIN, ROOT, copy_site
from sitecheck.checker import Options
from sitecheck.formats import text_line
from sitecheck.run import run

FIXTURES = ROOT / "tests" / "fixtures"
# every mechanism of the fidelity suite, and the golden cases whose verdicts come from what
# MkDocs logs (nav, anchors, absolute links, its own warnings) or from the page's bytes
CASES = [
    *(f"fidelity/{p.name}" for p in sorted((FIXTURES / "fidelity").iterdir())
      if (p / "mkdocs.yml").is_file()),
    "absolute-link", "anchor-missing", "build-warning", "click-missing", "clean-diagrams",
    "file-encoding", "link-missing", "mermaid-syntax-lines", "nav-missing", "not-in-nav-strict",
]
PLUGIN_LINE = re.compile(r"^WARNING\s+-\s+check-site: (.*)$", re.MULTILINE)


def with_plugin(config: Path) -> None:
    """Add `check-site` to the site's plugins, after the ones it has (MkDocs' default: search)."""
    text = config.read_text("utf-8")
    if re.search(r"^plugins:", text, re.MULTILINE):
        text = re.sub(r"^plugins:[ \t]*\n", "plugins:\n  - check-site\n", text, count=1,
                      flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + "\nplugins:\n  - search\n  - check-site\n"
    config.write_text(text, "utf-8")


@pytest.mark.parametrize("case", CASES)
def test_the_plugin_reports_what_check_site_reports(case: str, tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site", FIXTURES / case)
    if (FIXTURES / "fidelity" / "_theme").is_dir() and case.startswith("fidelity/"):
        (tmp_path / "_theme").symlink_to(FIXTURES / "fidelity" / "_theme")
    config = site / "mkdocs.yml"
    with_plugin(config)
    built = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(tmp_path / "out")],
                           cwd=site, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in built.stderr, built.stderr
    from_build = sorted(PLUGIN_LINE.findall(built.stderr))
    report = run(Options(config=str(config), mermaid=str(ROOT / "node_modules/mermaid/dist/"
                                                               "mermaid.min.js")))
    from_command = sorted(text_line(f) for f in report.findings)
    assert from_build == from_command
    if not case.startswith(("clean-", "fidelity/")):
        assert from_command, f"{case} has seeded defects: both must report them"
