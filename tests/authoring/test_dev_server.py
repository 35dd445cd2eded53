"""`mkdocs serve` with the check-site plugin, as an author uses it: break a link and a diagram,
see each in the console and in the page's panel, with its line; fix them and the panel clears
on the live reload. Chromium is Debian's; without it these skip with one line (fail in CI)."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import atlas_browser as ab
import pytest
from authoring_support import BIN, IN_CI, free_port

WAIT = 90.0  # seconds a rebuild may take on a loaded machine, before the test gives up


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """`mkdocs serve` on a free port: (base URL, site folder, file with its stderr)."""
    port = free_port()
    err = tmp_path / "serve.err"
    with open(err, "wb") as stream:
        proc = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=site, stdout=subprocess.DEVNULL, stderr=stream,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        until(lambda: "Serving on" in err.read_text("utf-8"), "the server to start", proc)
        yield base, site, err
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def until(ready, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited with {proc.returncode} while waiting for {what}")
        if ready():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def findings(base: str) -> dict:
    with urllib.request.urlopen(base + "_check-site/findings.json", timeout=10) as response:
        return json.load(response)


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` by `new` in a file; the 1-based line of the change."""
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_console_shows_each_finding_on_one_line_and_none_of_the_noise(server):
    base, site, err = server
    line = edit(site / "docs/index.md", "(topics/first.md)", "(topics/frist.md)")
    until(lambda: "docs/index.md" in json.dumps(findings(base)), "the rebuild")
    until(lambda: "check-site: 1 error" in err.read_text("utf-8"), "the console line")
    lines = err.read_text("utf-8").splitlines()
    assert f"docs/index.md:{line}:16: error link-missing: link target 'topics/frist.md' is not " \
           "a file of the site (did you mean 'topics/first.md'?)" in lines
    # of MkDocs' INFO lines only the address stays
    assert [ln for ln in lines if ln.startswith("INFO")] == [
        ln for ln in lines if ln.startswith("INFO") and f"Serving on {base}" in ln
    ]
    assert len([ln for ln in lines if "Serving on" in ln]) == 1
    assert not [ln for ln in lines if "Doc file 'index.md' contains a link" in ln]


@pytest.mark.browser
def test_panel_shows_the_pages_findings_and_clears_on_live_reload(server, tmp_path):
    problem = ab.chromium_missing()
    if problem and not IN_CI:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    base, site, _ = server
    index = site / "docs/index.md"
    line = edit(index, "(topics/first.md)", "(topics/frist.md)")
    diagram_line = edit(index, "A[Home] --> B[First topic]", "A[Home] --> B[First topic")
    until(lambda: len(findings(base)["files"].get("docs/index.md", [])) >= 2, "the rebuild")
    with sync_playwright() as p:
        browser = ab.launch_chromium(p, tmp_path / "profile")
        try:
            page = browser.new_page()
            response = page.goto(base)
            assert response is not None
            assert response.ok  # the page still loads
            assert page.title().startswith("Authoring fixture")
            panel = page.wait_for_selector("#check-site-panel li[data-rule='link-missing']")
            assert panel.get_attribute("data-line") == str(line)
            assert f"docs/index.md:{line}:16: error link-missing" in panel.inner_text()
            assert "did you mean 'topics/first.md'?" in panel.inner_text()
            box = page.wait_for_selector(".check-site-diagram")
            syntax = next(f for f in findings(base)["files"]["docs/index.md"]
                          if f["rule"] == "mermaid-syntax")
            # Mermaid stops where the open bracket makes the next token wrong
            assert diagram_line <= syntax["line"] <= diagram_line + 1
            assert box.get_attribute("data-line") == str(syntax["line"])
            assert f"docs/index.md:{syntax['line']}:" in box.inner_text()
            assert "mermaid-syntax" in box.inner_text()
            excerpt = box.query_selector("pre").inner_text().splitlines()
            source_line = index.read_text("utf-8").splitlines()[syntax["line"] - 1]
            assert excerpt[0].endswith(source_line)
            caret = excerpt[1].index("^") - excerpt[1].index("|") - 2
            assert caret == syntax["column"] - 1
            # the message sits at the diagram: the box comes right before the diagram block
            assert box.evaluate("b => b.nextElementSibling.classList.contains('mermaid')")
            # another page lists only its own findings, and says where the others are
            page.goto(base + "topics/first/")
            other = page.wait_for_selector("#check-site-panel")
            assert other.query_selector_all("li") == []
            assert "docs/index.md (2)" in other.inner_text()
            page.goto(base)
            page.wait_for_selector("#check-site-panel li")
            edit(index, "(topics/frist.md)", "(topics/first.md)")
            edit(index, "B[First topic\n", "B[First topic]\n")
            # live reload reloads the tab by itself once the rebuild is done
            page.wait_for_selector("#check-site-panel", state="detached", timeout=WAIT * 1000)
            page.wait_for_load_state()
            assert page.query_selector(".check-site-diagram") is None
            assert findings(base)["files"] == {}
        finally:
            browser.close()


def test_the_panel_is_never_in_a_built_site(site):
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=site,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    built = site / "site"
    assert not (built / "_check-site").exists()
    for html in built.rglob("*.html"):
        assert "check-site" not in html.read_text("utf-8"), html
