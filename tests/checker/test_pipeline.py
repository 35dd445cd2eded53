"""Running MkDocs' pipeline: failures named, the site's folder importable, pages rendered in
forked workers exactly as in one process, Mermaid builds that cannot run, the verdict cache."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from sitecheck import pipeline
from sitecheck.checker import Options, check
from sitecheck.errors import CheckError

SCRIPT = ROOT / "scripts" / "check_site.py"
FENCE = (
    "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
    "        - name: mermaid\n          class: mermaid\n"
    "          format: !!python/name:{format}\n"
)


def _site(tmp_path: Path, config: str, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    return tmp_path / "mkdocs.yml"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_a_failing_hook_is_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "boom.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    raise RuntimeError('no ' + page.file.src_uri)\n")
    config = _site(tmp_path, "site_name: x\nhooks:\n  - hooks/boom.py\n", {"index.md": "# Hi\n"})
    result = _cli("--config", str(config), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "check_site: error: hook 'hooks/boom.py' failed on page 'index.md': "
        "RuntimeError: no index.md\n")


def test_the_sites_folder_is_importable_from_anywhere(tmp_path: Path, mermaid_js: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    # a fence format in a module beside mkdocs.yml, as `python -m mkdocs` finds it
    (site / "site_fences.py").write_text(
        "from pymdownx.superfences import fence_code_format\n\n\n"
        "def fence(*args, **kwargs):\n    return fence_code_format(*args, **kwargs)\n")
    config = _site(site, "site_name: x\n" + FENCE.format(format="site_fences.fence"),
                   {"index.md": "# Hi\n\n```mermaid\ngraph TD\n  A --> B\n```\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _cli("--config", str(config), "--mermaid", str(mermaid_js), cwd=elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("0 errors, 0 warnings in 1 file (0 links, 1 diagram)")


def _many_pages(tmp_path: Path, n: int) -> Path:
    pages = {"index.md": "# Home\n\n" + "".join(f"- [p{k}](p{k}.md#part)\n" for k in range(n))}
    for k in range(n):
        pages[f"p{k}.md"] = f"# Page {k}\n\n## Part\n\n[home](index.md) [next](p{k + 1}.md)\n"
    return _site(tmp_path, "site_name: many\n", pages)


def test_forked_workers_render_what_one_process_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mermaid_js: Path
) -> None:
    monkeypatch.setattr(pipeline, "FORK_MIN_PAGES", 10)
    config = _many_pages(tmp_path, 40)
    one = check(Options(config=str(config), mermaid=str(mermaid_js), jobs=1))
    two = check(Options(config=str(config), mermaid=str(mermaid_js), jobs=2))
    assert one.stats["render_workers"] == 1
    assert two.stats["render_workers"] == 2
    assert one.findings == two.findings
    assert [f.message for f in two.findings] == [
        "link target 'p40.md' is not a file of the site"]
    assert (one.files, one.links) == (two.files, two.links) == (41, 120)


def test_stateful_plugins_keep_rendering_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mermaid_js: Path
) -> None:
    monkeypatch.setattr(pipeline, "FORK_MIN_PAGES", 10)
    config = _many_pages(tmp_path, 20)
    config.write_text("site_name: many\nplugins:\n  - autorefs\n")
    report = check(Options(config=str(config), mermaid=str(mermaid_js), jobs=2))
    assert report.stats["render_workers"] == 1
    assert report.stats["serial_reason"] == (
        "plugins or hooks that may keep state across pages: autorefs")


def _fake_build(folder: Path, version: str, body: str) -> Path:
    (folder / "dist").mkdir(parents=True)
    (folder / "package.json").write_text(f'{{"name": "mermaid", "version": "{version}"}}\n')
    (folder / "dist" / "mermaid.min.js").write_text(body)
    return folder / "dist" / "mermaid.min.js"


def test_a_build_that_needs_a_dom_names_its_version(tmp_path: Path) -> None:
    # what Mermaid 10.9 does in an engine without a DOM
    js = _fake_build(tmp_path / "mermaid", "10.9.0", "document.createElement('div');\n")
    config = _site(tmp_path / "site", "site_name: x\n" + FENCE.format(
        format="pymdownx.superfences.fence_code_format"),
        {"index.md": "```mermaid\ngraph TD\n  A\n```\n"})
    with pytest.raises(CheckError) as raised:
        check(Options(config=str(config), mermaid=str(js)))
    message = str(raised.value)
    assert message.startswith(f"cannot run Mermaid 10.9.0 from {js}: ")
    assert "document is not defined" in message
    assert message.endswith("(Mermaid 10.9.0 needs a browser's DOM, which the embedded V8 engine "
                            "(mini-racer) does not have: use Mermaid 11 or later)")


def test_verdicts_are_cached_by_diagram_and_build(tmp_path: Path, mermaid_js: Path) -> None:
    cache = tmp_path / "verdicts.sqlite"
    config = str(FIXTURES / "mermaid-syntax" / "mkdocs.yml")
    cold = check(Options(config=config, mermaid=str(mermaid_js), mermaid_cache=str(cache)))
    warm = check(Options(config=config, mermaid=str(mermaid_js), mermaid_cache=str(cache)))
    assert cold.stats["mermaid_parsed"] == cold.diagrams > 0
    assert (warm.stats["mermaid_parsed"], warm.stats["mermaid_cached"]) == (0, cold.diagrams)
    assert warm.findings == cold.findings
    assert any(f.rule == "mermaid-syntax" for f in warm.findings)
    # another build of Mermaid: nothing of the first one's verdicts applies
    other = tmp_path / "other" / "mermaid.min.js"
    other.parent.mkdir()
    shutil.copyfile(mermaid_js, other)
    with open(other, "a", encoding="utf-8") as stream:
        stream.write("\n// another build\n")
    again = check(Options(config=config, mermaid=str(other), mermaid_cache=str(cache)))
    assert again.stats["mermaid_parsed"] == cold.diagrams
    assert again.findings == cold.findings


def test_lines_a_hook_or_macro_changed_map_back_to_the_source() -> None:
    from sitecheck.locate import line_map

    source = "---\ntitle: x\n---\n# T\n\nA {{ macro }} line.\nEnd.\n"
    markdown = "# T\n\nA [made](x.md) line.\nEnd.\n\n[added]: by-a-hook.md\n"
    mapping, exact = line_map(source, markdown)
    assert mapping[:4] == [4, 5, 6, 7]
    assert exact[:4] == [True, True, False, True]
    assert mapping[-2] is None  # inserted by the hook: generated


def test_a_plugin_that_ends_the_build_is_named_in_one_line(tmp_path: Path) -> None:
    config = _site(tmp_path, "site_name: x\nplugins:\n  - macros:\n      on_undefined: strict\n"
                   "      on_error_fail: true\n", {"index.md": "# Hi\n\n{{ no_such() }}\n"})
    result = _cli("--config", str(config), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("check_site: error: plugin 'macros' failed on page 'index.md': it "
                             "ended the build (exit status 100)\n")


def test_a_plugins_error_on_a_page_stands_at_the_line_it_quotes(tmp_path: Path) -> None:
    config = _site(tmp_path, "site_name: x\nplugins:\n  - macros:\n      on_undefined: strict\n",
                   {"index.md": "# Hi\n\nText.\n\n{{ no_such() }}\n"})
    report = check(Options(config=str(config)))
    [found] = report.findings
    assert (found.path, found.line, found.rule, found.severity) == (
        "docs/index.md", 5, "build-warning", "error")
    assert "'no_such' is undefined" in found.message
    assert "Traceback" not in found.message
