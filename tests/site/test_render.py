"""hooks/diagrams.py and hooks/maths.py on small sites of their own, built for real.

Each site uses the Atlas's own hooks and pinned node_modules (linked in), so these tests build
what the Atlas builds: drawn diagrams, the cache, the browser fallback, and the errors a broken
diagram or formula gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import atlas_browser  # noqa: E402

needs_chromium = pytest.mark.skipif(
    atlas_browser.chromium_missing() is not None and os.environ.get("CI") != "true",
    reason="no Chromium to draw diagrams with",
)
CONFIG = f"""\
site_name: Render test
site_url: http://127.0.0.1/render/
theme:
  name: material
  font: false
hooks:
  - {ROOT}/hooks/diagrams.py
  - {ROOT}/hooks/maths.py
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
nav:
  - index.md
  - other.md
"""
GOOD = """\
# Home

The map $a^2 + b^2 = c^2$:

```mermaid
flowchart TB
    A[One] --> B["Two<br/>lines"]
    click A href "other/" "Where one leads"
    classDef planned stroke-dasharray: 5 5
    class B planned
```
"""
OTHER = "# Other\n\n$$\nx = 1\n$$\n"
BROKEN = """\
# Broken

Intro.

```mermaid
flowchart TB
    A --> B
    B --> --> C
```

Bad maths: $\\frac{1$ here.
"""


def make_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, "utf-8")
    return tmp_path


def build(site: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"CI", "ATLAS_PRERENDER"}}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "site")],
        cwd=site, env={**environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True, text=True, check=False,
    )


def page(site: Path, url: str = "") -> BeautifulSoup:
    return BeautifulSoup((site / "site" / url / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("drawn"), {"index.md": GOOD, "other.md": OTHER})
    run = build(site)
    assert run.returncode == 0, run.stderr
    return site


@needs_chromium
def test_a_diagram_becomes_inline_svg_with_links_titles_and_line_breaks(drawn):
    soup = page(drawn)
    svg = soup.select_one("article div.atlas-diagram > svg")
    assert svg is not None
    assert soup.select("pre.mermaid") == []
    link = svg.find("a")
    assert link.get("xlink:href") == "other/"
    assert svg.find("title").get_text() == "Where one leads"
    assert svg.select("g.node.planned")
    assert len(svg.find_all("br")) == 1
    assert svg.find("style") is None


@needs_chromium
def test_maths_is_typeset_with_mathml_and_its_stylesheet_linked(drawn):
    soup = page(drawn)
    formula = soup.select_one("span.arithmatex")
    assert formula.select_one(".katex-html") is not None
    assert formula.select_one("math annotation").get_text() == "a^2 + b^2 = c^2"
    assert [link["href"] for link in soup.find_all("link", rel="stylesheet")
            if "katex" in link["href"]] == ["assets/vendor/katex/katex.min.css"]
    assert (drawn / "site/assets/vendor/katex/katex.min.css").is_file()
    assert list((drawn / "site/assets/vendor/katex/fonts").glob("*.woff2"))
    display = page(drawn, "other").select_one("div.arithmatex .katex-display")
    assert display is not None


@needs_chromium
def test_a_rebuild_takes_drawings_from_the_cache(drawn):
    entries = list((drawn / ".cache/atlas-render/mermaid").iterdir())
    assert len(entries) == 1
    entries[0].write_text(json.dumps({"svg": '<svg id="from-the-cache"></svg>', "graph": None}))
    run = build(drawn)
    assert run.returncode == 0, run.stderr
    assert page(drawn).select_one("div.atlas-diagram > svg")["id"] == "from-the-cache"
    entries[0].unlink()  # the next test build draws it afresh


ROUNDED = """\
# Rounded

```mermaid
flowchart LR
    A([A stadium]) --> B(A rounded box) --> C((A circle))
```
"""


@needs_chromium
def test_a_cold_build_draws_the_same_svg_every_time(tmp_path):
    # Mermaid draws rounded outlines with rough.js, whose curves come from a random seed
    # unless one is set: the same diagram then differed from one cold build to the next.
    built = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        site = make_site(tmp_path / run, {"index.md": ROUNDED, "other.md": OTHER})
        result = build(site)
        assert result.returncode == 0, result.stderr
        built.append(str(page(site).select_one("div.atlas-diagram > svg")))
    assert "<path" in built[0]
    assert built[0] == built[1]


@needs_chromium
def test_broken_diagram_and_formula_fail_the_strict_build_with_file_and_line(tmp_path):
    site = make_site(tmp_path, {"index.md": GOOD, "other.md": BROKEN})
    run = build(site)
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if "WARNING" in line]
    assert any("docs/other.md:8: Mermaid cannot draw this diagram: Parse error" in line
               for line in lines), run.stderr
    assert any("docs/other.md:11: KaTeX cannot typeset" in line for line in lines), run.stderr
    assert "Traceback" not in run.stderr


def test_without_a_browser_diagrams_fall_back_to_the_browser(tmp_path):
    site = make_site(tmp_path, {"index.md": GOOD, "other.md": OTHER})
    run = build(site, ATLAS_CHROMIUM=str(tmp_path / "no-such-chromium"))
    assert run.returncode == 0, run.stderr
    said = [line for line in run.stderr.splitlines() if "drawn in the browser" in line]
    assert len(said) == 1, run.stderr
    assert "no-such-chromium" in said[0]
    soup = page(site)
    assert soup.select("pre.mermaid code")
    script = soup.find("script", src="assets/vendor/mermaid/mermaid.min.js")
    assert script is not None
    assert script.has_attr("defer")
    shipped = (site / "site/assets/vendor/mermaid/mermaid.min.js").read_bytes()
    assert shipped == (ROOT / "node_modules/mermaid/dist/mermaid.min.js").read_bytes()
    assert page(site, "other").find("script", src=lambda s: s and "mermaid" in s) is None


@pytest.mark.parametrize("env", [{"CI": "true"}, {"ATLAS_PRERENDER": "required"}])
def test_where_the_site_is_deployed_from_a_missing_browser_is_an_error(tmp_path, env):
    site = make_site(tmp_path, {"index.md": GOOD, "other.md": OTHER})
    run = build(site, ATLAS_CHROMIUM=str(tmp_path / "no-such-chromium"), **env)
    assert run.returncode != 0
    assert "diagrams must be drawn at build time here, but Chromium not found" in run.stderr
    assert "Traceback" not in run.stderr


# Deep and wide at once: a chain of ten, each with six leaves. Neither direction, nor the
# compact spacing, fits a phone with labels of 11 px.
WIDE_MAP = "# Home\n\n```mermaid\nflowchart TB\n" + "".join(
    f"    C{i} --> C{i + 1}[Step {i + 1}]\n" for i in range(9)
) + "".join(
    f"    C{i} --> L{i}x{j}[Leaf {i}.{j}]\n" for i in range(10) for j in range(6)
) + "```\n"


@needs_chromium
def test_a_map_no_phone_can_show_whole_gets_pan_and_zoom(tmp_path):
    site = make_site(tmp_path, {"index.md": WIDE_MAP, "other.md": OTHER})
    config = (site / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text(config.replace(
        "hooks:\n", f"hooks:\n  - {ROOT}/hooks/maps.py\n"), "utf-8")
    run = build(site)
    assert run.returncode == 0, run.stderr
    figure = page(site).select_one("figure.atlas-map")
    assert "atlas-map--pan" in figure["class"]
    phone = figure.select("svg")[-1]
    # Drawn at its natural width, to scroll and zoom, not shrunk below readable labels.
    assert "--atlas-natural:" in phone["style"]
    assert figure.select_one(".atlas-text-version li") is not None
