"""Loading a site through MkDocs' own loader, and nav lines from the YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitecheck.checker import Options, check, diagram_fences
from sitecheck.config import compose_yaml, nav_entries
from sitecheck.errors import CheckError
from sitecheck.pipeline import load


def _site(tmp_path: Path, config: str, files: dict[str, str] | None = None) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name, text in (files or {"index.md": "# Home\n"}).items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "mkdocs.yml").write_text(config)
    return tmp_path / "mkdocs.yml"


def test_nav_entries_have_their_yaml_lines(tmp_path: Path) -> None:
    path = _site(tmp_path, "site_name: x\nnav:\n  - index.md\n  - Part:\n"
                 "      - Page: a/b.md\n      - https://example.com/\n")
    entries = nav_entries(path, tmp_path)
    assert [(e.target, e.title, e.path, e.line, e.column) for e in entries] == [
        ("index.md", None, "mkdocs.yml", 3, 5),
        ("a/b.md", "Page", "mkdocs.yml", 5, 15),
        ("https://example.com/", None, "mkdocs.yml", 6, 9),
    ]


def test_nav_from_the_inherited_file(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "common.yml").write_text("site_name: x\n\nnav:\n  - Home: index.md\n")
    path = _site(tmp_path, "INHERIT: base/common.yml\n")
    (entry,) = nav_entries(path, tmp_path)
    assert (entry.path, entry.line, entry.column) == ("base/common.yml", 4, 11)


def test_the_config_is_read_as_mkdocs_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECK_SITE_TEST_URLS", "false")
    path = _site(tmp_path, (
        "site_name: x\n"
        "use_directory_urls: !ENV CHECK_SITE_TEST_URLS\n"
        "markdown_extensions:\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: diagram\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    ), {"index.md": "# Ünï Code\n", "sub/page.md": "# Page\n", "img/a.png": ""})
    built = load(path)
    assert built.config.use_directory_urls is False
    assert built.files.get_file_from_path("sub/page.md").url == "sub/page.html"
    assert not built.files.get_file_from_path("img/a.png").is_documentation_page()
    assert diagram_fences(dict(built.config.mdx_configs)) == {"mermaid", "diagram"}
    # the page is rendered with the site's own slugify
    index = next(p for p in built.pages if p.file.src_uri == "index.md")
    assert 'id="ünï-code"' in index.content


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: [x\n", r"invalid YAML in .*mkdocs\.yml: expected ',' or ']', but got "
                            r"'<stream end>' \(line 2, column 1\)"),
        ("site_name: x\ndocs_dir: nowhere\n", r"invalid config '.*mkdocs\.yml': Config value "
                                              r"'docs_dir': The path '.*nowhere' isn't an "
                                              r"existing directory\."),
        ("site_name: x\ntheme: no-such-theme\n", r"Unrecognised theme name: 'no-such-theme'"),
        ("site_name: x\nplugins:\n  - no-such-plugin\n",
         r"The \"no-such-plugin\" plugin is not installed"),
        ("site_name: x\nmarkdown_extensions:\n  - no_such_extension\n",
         r"Config value 'markdown_extensions'"),
        ("site_name: x\nstrict: true\nno_such_key: 1\n",
         r"^invalid config '.*': Config value 'no_such_key': Unrecognised configuration name: "
         r"no_such_key$"),
    ],
)
def test_a_config_that_cannot_load_is_a_check_error(tmp_path: Path, config: str, message: str):
    path = _site(tmp_path, config)
    with pytest.raises(CheckError, match=message):
        check(Options(config=str(path)))


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(CheckError, match=r"^config file '.*nope\.yml' not found$"):
        check(Options(config=str(tmp_path / "nope.yml")))
    with pytest.raises(CheckError, match=r"is not a file$"):
        check(Options(config=str(tmp_path)))


def test_compose_keeps_unknown_tags(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text("a: !ENV [X, 1]\nb: !!python/name:os.path.join\n")
    assert compose_yaml(path) is not None


def test_a_failing_hook_is_a_check_error_that_names_it(tmp_path: Path) -> None:
    (tmp_path / "hook.py").write_text(
        "from mkdocs.exceptions import PluginError\n\n"
        "def on_config(config):\n    raise PluginError('vendor files are missing')\n"
    )
    path = _site(tmp_path, "site_name: x\nhooks:\n  - hook.py\n")
    with pytest.raises(CheckError, match=r"^hook 'hook.py' failed in on_config: PluginError: "
                                         r"vendor files are missing$"):
        check(Options(config=str(path)))


def test_hooks_run_as_in_a_build(tmp_path: Path) -> None:
    """on_config may change the markdown extensions, and on_files the files."""
    (tmp_path / "hook.py").write_text(
        "from mkdocs.structure.files import File\n\n"
        "def on_config(config):\n"
        "    config.markdown_extensions.append('attr_list')\n"
        "    return config\n\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'made.md', content='# Made {: #made }'))\n"
        "    return files\n"
    )
    built = load(_site(tmp_path, "site_name: x\nhooks:\n  - hook.py\n"))
    made = next(p for p in built.pages if p.file.src_uri == "made.md")
    assert made.file.abs_src_path is None
    assert 'id="made"' in made.content
