"""Without a browser at build time, the page draws its diagrams itself, from our own Mermaid.

A small site is built with ATLAS_PRERENDER=off (the path a laptop without Chromium takes) and
opened in Chromium: Material draws each block with the pinned, locally served Mermaid, and
nothing is fetched from another host (Material would fetch Mermaid from a CDN without it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import atlas_browser as ab
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CONFIG = f"""\
site_name: Fallback test
theme:
  name: material
  font: false
hooks:
  - {ROOT}/hooks/diagrams.py
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
PAGE = """\
# Fallback

```mermaid
flowchart TB
    A["One<br/>two"] --> B[Three]
    click B href "#fallback"
```
"""


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("fallback")
    (site / "mkdocs.yml").write_text(CONFIG, "utf-8")
    (site / "node_modules").symlink_to(ROOT / "node_modules")
    (site / "docs").mkdir()
    (site / "docs/index.md").write_text(PAGE, "utf-8")
    env = {**os.environ, "ATLAS_PRERENDER": "off", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CI", None)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site,
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Diagrams are drawn in the browser" in run.stderr
    return site / "site"


def test_fallback_page_draws_its_diagram_with_the_local_mermaid(atlas, fallback_site):
    with ab.SiteServer(fallback_site, ab.SUB_PATH) as server:
        context = ab.new_context(atlas.browser, ab.DESKTOP, count_errors=True)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        try:
            page.goto(server.url, wait_until="domcontentloaded")
            # Before Mermaid has drawn it, a sized placeholder hides the source.
            placeholder = page.evaluate("""() => {
              const pre = document.querySelector("pre.mermaid");
              if (!pre) return null;
              return {height: pre.getBoundingClientRect().height,
                      codeShown: getComputedStyle(pre.querySelector("code")).display !== "none"};
            }""")
            ab.wait_for_diagrams(page, 1)
            errors = page.evaluate("window.__atlasErrors")
        finally:
            context.close()
    assert errors == 0
    assert any(url.endswith("/atlas/assets/vendor/mermaid/mermaid.min.js") for url in requests)
    assert [url for url in requests if not server.is_local(url)] == []
    if placeholder is not None:  # Mermaid may already have drawn it
        assert placeholder["height"] >= 100
        assert not placeholder["codeShown"]
