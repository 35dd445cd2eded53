"""Serve the pinned Mermaid and KaTeX builds from the site itself.

package-lock.json pins both builds in node_modules/. They are copied into
docs/assets/vendor/ (ignored by git) because mermaid2 looks for its
`javascript:` file under docs_dir, and MkDocs then ships the copy to site/.
A file is written only when its bytes differ, so `mkdocs serve` does not see
its own copy as an edit and rebuild in a loop.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

# docs/assets/vendor/<key> comes from node_modules/<value>
VENDORED = {
    "mermaid/mermaid.min.js": "mermaid/dist/mermaid.min.js",
    "mermaid/LICENSE": "mermaid/LICENSE",
    "katex/katex.min.js": "katex/dist/katex.min.js",
    "katex/katex.min.css": "katex/dist/katex.min.css",
    "katex/contrib/auto-render.min.js": "katex/dist/contrib/auto-render.min.js",
    "katex/fonts": "katex/dist/fonts",
    "katex/LICENSE": "katex/LICENSE",
}


def _sync(source: Path, target: Path) -> None:
    if source.is_dir():
        for child in source.iterdir():
            _sync(child, target / child.name)
        return
    if target.exists() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def on_config(config):
    node_modules = Path(config.config_file_path).parent / "node_modules"
    vendor = Path(config.docs_dir) / "assets" / "vendor"
    for target, source in VENDORED.items():
        if not (node_modules / source).exists():
            raise PluginError(
                f"node_modules/{source} is missing: run `make setup` (npm ci) first"
            )
        _sync(node_modules / source, vendor / target)
    return config
