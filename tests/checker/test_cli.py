"""The command line: exact output and exit codes 0, 1 and 2 in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

SCRIPT = ROOT / "scripts" / "check_site.py"
SUMMARY = re.compile(
    r"^(\d+) errors?, (\d+) warnings? in (\d+) files? \((\d+) links?, (\d+) diagrams?\) "
    r"in \d+\.\d\d s$"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True, text=True, cwd=cwd or ROOT, timeout=300,
    )
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    return result


def fixture(case: str, mermaid_js: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("--config", str(FIXTURES / case / "mkdocs.yml"), "--mermaid", str(mermaid_js),
               *args)


def expected(case: str) -> list[dict]:
    return json.loads((FIXTURES / case / "expected.json").read_text("utf-8"))


# -- exit 0 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_clean_site_exits_0(fmt: str, mermaid_js: Path) -> None:
    result = fixture("clean-diagrams", mermaid_js, "--format", fmt)
    assert (result.returncode, result.stderr) == (0, "")
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["findings"] == []
        summary = data["summary"]
        assert {k: summary[k] for k in ("files", "diagrams", "errors", "warnings")} == {
            "files": 3, "diagrams": 8, "errors": 0, "warnings": 0}
        assert summary["links"] == 7
        assert isinstance(summary["seconds"], float)
    else:
        (line,) = result.stdout.splitlines()
        assert SUMMARY.match(line).groups() == ("0", "0", "3", "7", "8")


def test_warnings_alone_exit_0(mermaid_js: Path) -> None:
    result = fixture("not-in-nav", mermaid_js)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        "docs/orphan.md:1:1: warning not-in-nav: page 'orphan.md' is not in the nav"
    )
    assert SUMMARY.match(result.stdout.splitlines()[1]).groups()[:2] == ("0", "1")


def test_default_config_is_the_current_folder(mermaid_js: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "clean-headings", site)
    result = run("--mermaid", str(mermaid_js), cwd=site)
    assert result.returncode == 0
    assert SUMMARY.match(result.stdout.strip()).groups()[:3] == ("0", "0", "2")


# -- exit 1 -----------------------------------------------------------------------------------


def test_text_findings_exit_1(mermaid_js: Path) -> None:
    result = fixture("link-missing", mermaid_js)
    assert (result.returncode, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        "docs/guide/index.md:4:16: error link-missing: link target '../missing.md' is not a "
        "file of the site",
        "docs/guide/index.md:5:14: error link-missing: link target 'nothere.md' is not a file "
        "of the site",
        "docs/index.md:5:11: error link-missing: link target 'guide/instal.md' is not a file "
        "of the site",
        # MkDocs logs an unrecognized link at INFO by default: the build passes, and the
        # folder works in the built site, so it is a warning
        "docs/index.md:6:25: warning link-missing: link target 'guide/' is not a file of the "
        "site (did you mean 'guide/index.md'?)",
        "docs/index.md:9:4: error link-missing: reference '[nowhere]' is not defined",
        "docs/index.md:11:10: error link-missing: link 'guide/setup.md' is not a page or file "
        "of the built site (it resolves to '/guide/setup.md') (did you mean 'guide/setup/'?)",
        "docs/index.md:14:15: error link-missing: link target 'guide/setpu.md' is not a file "
        "of the site (did you mean 'guide/setup.md'?)",
    ]
    assert SUMMARY.match(lines[-1]).groups() == ("6", "1", "3", "13", "0")


def test_json_findings_exit_1(mermaid_js: Path) -> None:
    result = fixture("mermaid-syntax-lines", mermaid_js, "--format", "json")
    assert (result.returncode, result.stderr) == (1, "")
    data = json.loads(result.stdout)
    assert data["findings"] == expected("mermaid-syntax-lines")
    assert [f["line"] for f in data["findings"]] == [17, 32, 51]
    assert {k: data["summary"][k] for k in ("files", "links", "diagrams", "errors", "warnings")} \
        == {"files": 1, "links": 0, "diagrams": 4, "errors": 3, "warnings": 0}


def test_github_findings_exit_1(mermaid_js: Path) -> None:
    result = fixture("absolute-link", mermaid_js, "--format", "github")
    assert result.returncode == 1  # '/other.md' is broken even at the server's root
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::warning file=docs/index.md,line=3,col=4,title=absolute-link::absolute link '/other/' "
        "breaks when the site is served under a sub-path (did you mean 'other.md'?)"
    )
    assert lines[2] == (
        "::error file=docs/index.md,line=3,col=33,title=link-missing::link '/other.md' is not a "
        "page or file of the built site (did you mean 'other.md'?)"
    )
    assert lines[5] == (
        "::warning file=mkdocs.yml,line=12,col=5,title=absolute-link::nav entry '/about/' is an "
        "absolute link, which breaks when the site is served under a sub-path"
    )
    result = fixture("click-javascript", mermaid_js, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "::error file=docs/index.md,line=6,col=5,title=click-javascript::click on 'A' links to "
        "a javascript: URL, which Mermaid strips",
        "::error file=docs/index.md,line=7,col=5,title=click-javascript::click on 'B' links to "
        "a javascript: URL, which Mermaid strips",
    ]


def test_non_utf8_file_is_a_finding_not_a_crash(mermaid_js: Path) -> None:
    result = fixture("file-encoding", mermaid_js)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == (
        "docs/index.md:3:36: error file-encoding: byte 0xe9 is not valid UTF-8 "
        "(invalid continuation byte); save the file as UTF-8"
    )


def test_a_stalling_diagram_is_reported_and_the_rest_checked(mermaid_js: Path) -> None:
    result = fixture("mermaid-timeout", mermaid_js, "--timeout", "1.5")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[:2] == [
        "docs/index.md:7:1: error mermaid-timeout: diagram skipped: the Mermaid parser did not "
        "finish within 1.5 s",
        "docs/index.md:20017:5: error mermaid-syntax: Parse error: Expecting 'AMP', 'COLON', "
        "'PIPE', 'TESTSTR', 'DOWN', 'DEFAULT', 'NUM', 'COMMA', 'NODE_STRING', 'BRKT', 'MINUS', "
        "'MULT', 'UNICODE_TEXT', got 'TAGEND'",
    ]


# -- exit 2 -----------------------------------------------------------------------------------


def _broken_site(tmp_path: Path, config: str, docs: bool = True) -> Path:
    if docs:
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "index.md").write_text("# Home\n\n```mermaid\ngraph TD\n A\n```\n")
    (tmp_path / "mkdocs.yml").write_bytes(config.encode("latin-1"))
    return tmp_path / "mkdocs.yml"


@pytest.mark.parametrize(
    ("config", "docs", "message"),
    [
        ("site_name: [x\n", True,
         "invalid YAML in {path}: expected ',' or ']', but got '<stream end>' (line 2, column 1)"),
        ("site_name: x\n", False,
         "invalid config '{path}': Config value 'docs_dir': The path '{folder}/docs' isn't an "
         "existing directory."),
        ("site_name: x\ntheme: no-such-theme\n", True,
         "invalid config '{path}': Config value 'theme': Unrecognised theme name: "
         "'no-such-theme'. The available installed themes are: mkdocs, readthedocs, material"),
        ("site_name: x\nplugins:\n  - no-such-plugin\n", True,
         "invalid config '{path}': Config value 'plugins': The \"no-such-plugin\" plugin is not "
         "installed"),
        ("site_name: caf\xe9\n", True, "{path} is not valid UTF-8: invalid continuation byte"),
    ],
    ids=["broken-yaml", "missing-docs", "unknown-theme", "unknown-plugin", "non-utf8-config"],
)
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_config_that_cannot_load_exits_2(
    tmp_path: Path, config: str, docs: bool, message: str, fmt: str, mermaid_js: Path
) -> None:
    path = _broken_site(tmp_path, config, docs)
    result = run("--config", str(path), "--mermaid", str(mermaid_js), "--format", fmt)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "check_site: error: " + message.format(path=path, folder=tmp_path) + "\n"
    )


def test_missing_config_exits_2(tmp_path: Path) -> None:
    result = run("--config", "nope.yml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "check_site: error: config file 'nope.yml' not found\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["--nope"], "unrecognized arguments: --nope"),
        (["--timeout", "0"], "argument --timeout: must be more than 0: '0'"),
        (["--timeout", "soon"], "argument --timeout: not a number: 'soon'"),
        (["--jobs", "0"], "argument --jobs: must be 1 or more: '0'"),
        (["--config"], "argument --config: expected one argument"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"check_site: error: {message}")
    assert result.stderr.count("\n") == 1


def test_missing_mermaid_file_exits_2(tmp_path: Path) -> None:
    result = run("--config", str(FIXTURES / "clean-headings" / "mkdocs.yml"),
                 "--mermaid", str(tmp_path / "none.js"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"check_site: error: --mermaid {tmp_path / 'none.js'}: no such file\n"


DIAGRAM_CONFIG = (
    "site_name: x\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
    "        - name: mermaid\n          class: mermaid\n"
    "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
)


def test_a_site_without_node_modules_uses_the_checkers_own_mermaid(tmp_path: Path) -> None:
    path = _broken_site(tmp_path, DIAGRAM_CONFIG)
    result = run("--config", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert SUMMARY.match(result.stdout.strip()).groups() == ("0", "0", "1", "0", "1")


def test_diagrams_without_any_mermaid_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitecheck import mermaid
    from sitecheck.checker import Options, check
    from sitecheck.errors import CheckError

    monkeypatch.setattr(mermaid, "SHIPPED", tmp_path / "none" / "mermaid.min.js")
    path = _broken_site(tmp_path, DIAGRAM_CONFIG)
    with pytest.raises(CheckError) as raised:
        check(Options(config=str(path)))
    # no package.json: no advice to run npm ci
    assert str(raised.value) == (
        "the site has Mermaid diagrams, but no node_modules/mermaid/dist/mermaid.min.js, and the "
        f"checker's own build ({tmp_path / 'none' / 'mermaid.min.js'}) is missing: pass "
        "--mermaid PATH"
    )
    (tmp_path / "package.json").write_text("{}\n")
    with pytest.raises(CheckError, match=r"^node_modules/mermaid/dist/mermaid.min.js not found: "
                       r"run `npm ci` or pass --mermaid PATH$"):
        check(Options(config=str(path)))


def test_a_file_that_is_not_mermaid_exits_2(tmp_path: Path) -> None:
    fake = tmp_path / "fake.js"
    fake.write_text("var notMermaid = 1;\n")
    (tmp_path / "site").mkdir()
    path = _broken_site(tmp_path / "site", DIAGRAM_CONFIG)
    result = run("--config", str(path), "--mermaid", str(fake))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"check_site: error: cannot run Mermaid from {fake}: JSPromiseError: JavaScript "
        "rejected promise with reason: Error: this file does not define mermaid.parse\n"
    )


def test_help_exits_0() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "Exit codes: 0 no errors, 1 errors found, 2 the check could not run." in " ".join(
        result.stdout.split())
