"""The checker as a MkDocs plugin (`plugins: - check-site`).

- `mkdocs build`: after the build, every finding is logged as a WARNING, `path:line:col: …`,
  so that `--strict` fails on it. The check judges the pages this build rendered and what
  MkDocs logged while it did (`pipeline.adopt`), so a build renders each page once.
- `mkdocs serve`: after every rebuild the findings are printed one line each and MkDocs' INFO
  chatter is dropped; the pages get a small panel (panel.js, only on the dev server, never in a
  built site) that lists the findings of the page in view and puts a broken diagram's message
  where the diagram is.
- A page that is not valid UTF-8 is read with replacement characters, and the check reports it
  with its line (MkDocs would stop with a traceback).

Options: `exclude` and `ignore_urls` (see ignores.py) and `enabled`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

from .markdown_scan import decode
from .pipeline import Recorder

log = get_plugin_logger("check-site")
PANEL_DIR = "_check-site"
PANEL_PAGE_ID = "check-site-page"


class CheckSiteConfig(base.Config):
    enabled = c.Type(bool, default=True)
    exclude = c.ListOfItems(c.Type(str), default=[])
    ignore_urls = c.ListOfItems(c.Type(str), default=[])


class _ServeQuiet(logging.Filter):
    """On the console of `mkdocs serve`: the findings, the address, and real problems only.
    MkDocs' own link and nav warnings go too: the findings say the same with a line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("mkdocs.plugins.check-site") or record.levelno >= logging.ERROR:
            return True
        if record.levelno >= logging.WARNING:
            return not record.name.startswith("mkdocs.structure")
        return record.name == "mkdocs.livereload" and "Serving on" in record.getMessage()


def diagram_fence_names(config: Any) -> set[str]:
    names = {"mermaid"}
    superfences = (config.get("mdx_configs") or {}).get("pymdownx.superfences") or {}
    for fence in superfences.get("custom_fences") or []:
        if isinstance(fence, dict) and fence.get("name") and (
            fence.get("class") == "mermaid" or "mermaid" in str(fence.get("format", ""))
        ):
            names.add(str(fence["name"]))
    return names


class CheckSitePlugin(BasePlugin[CheckSiteConfig]):
    serving = False

    def __init__(self) -> None:
        super().__init__()
        self._quiet: _ServeQuiet | None = None
        self._recorder = Recorder()
        self._nav: Any = None
        self._built: Any = None

    # -- events ------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving and self._quiet is None:
            self._quiet = _ServeQuiet()
            for handler in logging.getLogger("mkdocs").handlers:
                if handler.get_name() == "MkDocsStreamHandler":
                    handler.addFilter(self._quiet)

    def on_shutdown(self) -> None:
        self._recorder.stop()
        if self._quiet is not None:
            for handler in logging.getLogger("mkdocs").handlers:
                handler.removeFilter(self._quiet)
            self._quiet = None

    def on_config(self, config: Any) -> None:
        self._nav = self._built = None
        if self.config.enabled:
            self._recorder.start()

    @event_priority(100)  # first, so that what any plugin logs on the page is kept with it
    def on_pre_page(self, page: Any, config: Any, files: Any) -> None:
        self._recorder.page(page.file.src_uri)

    def on_page_read_source(self, page: Any, config: Any) -> str | None:
        path = page.file.abs_src_path
        if not path:
            return None
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None  # MkDocs says what it cannot read
        text, problem = decode(data)
        return None if problem is None else text  # the check reports the bad byte

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> None:
        self._recorder.page(None)

    @event_priority(-100)
    def on_nav(self, nav: Any, config: Any, files: Any) -> None:
        self._nav = nav

    @event_priority(-100)  # after autorefs and the like have resolved the pages in on_env
    def on_env(self, env: Any, config: Any, files: Any) -> None:
        if not self.config.enabled:
            return
        from .checker import reader
        from .pipeline import adopt

        root = Path(config.config_file_path).resolve().parent
        self._built = adopt(config, files, self._nav, self._recorder.records, reader(root))

    def on_post_page(self, output: str, page: Any, config: Any) -> str | None:
        if not self.serving or not self.config.enabled or not page.file.abs_src_path:
            return None
        rel = self._rel(page.file.abs_src_path, config)
        script = get_relative_url(f"{PANEL_DIR}/panel.js", page.url)
        info = json.dumps({"page": rel}).replace("<", "\\u003c")
        tags = (f'<script type="application/json" id="{PANEL_PAGE_ID}">{info}</script>'
                f'<script type="module" src="{script}"></script>')
        at = output.rfind("</body>")
        return output[:at] + tags + output[at:] if at >= 0 else output + tags

    def on_build_error(self, error: Exception) -> None:
        self._recorder.stop()

    def on_post_build(self, config: Any) -> None:
        self._recorder.stop()  # anchor validation, the build's last word, is in
        if not self.config.enabled or self._built is None:
            return
        report, sources = self._check(config)
        if report is None:
            return
        from .formats import summary_line, text_line

        if not self.serving:
            for f in report.findings:
                log.warning(text_line(f))
            return
        for f in report.findings:
            print(text_line(f), file=sys.stderr)
        print(f"check-site: {summary_line(report)}", file=sys.stderr, flush=True)
        self._write_panel(config, report, sources)

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _rel(path: str, config: Any) -> str:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        return Path(os.path.relpath(path, root)).as_posix()

    def _check(self, config: Any) -> tuple[Any, dict[str, str]]:
        from .checker import Options
        from .errors import CheckError
        from .run import read_sources, settings_for

        config_file = Path(config.config_file_path).resolve()
        root = config_file.parent
        options = Options(config=str(config_file))
        try:
            text = config_file.read_text("utf-8", errors="replace")
            settings = settings_for(
                {"exclude": self.config.exclude, "ignore_urls": self.config.ignore_urls},
                root, Path(config.docs_dir), config_file.name, text,
            )
            from .run import run

            report = run(options, settings=settings, built=self._built)
        except CheckError as exc:
            message = " ".join(str(exc).split())
            if self.serving:
                print(f"check-site: error: the check could not run: {message}", file=sys.stderr)
            else:
                log.warning(f"the check could not run: {message}")
            return None, {}
        finally:
            self._built = None
        return report, read_sources(root, Path(config.docs_dir))

    def _write_panel(self, config: Any, report: Any, sources: dict[str, str]) -> None:
        from .panel_data import panel_data

        folder = Path(config.site_dir) / PANEL_DIR
        folder.mkdir(parents=True, exist_ok=True)
        data = panel_data(report, sources, diagram_fence_names(config))
        (folder / "findings.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        with resources.as_file(resources.files(__package__).joinpath("panel.js")) as source:
            shutil.copyfile(source, folder / "panel.js")
