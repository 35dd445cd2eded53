"""The whole check as the command line and the MkDocs plugin run it: the core check
(`checker.check`), then the deep-dive page contract, the ignores, and the `--changed` filter.

The core check resolves the whole site either way; `changed` only narrows what is reported."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import contract, ignores
from .errors import CheckError
from .findings import Finding

PLUGIN = "check-site"


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The check-site entry of a `plugins:` value (a list of names or one-key maps, or a map)."""
    if isinstance(plugins, dict):
        items: Iterable[Any] = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        items = plugins
    else:
        return None
    for item in items:
        if item == PLUGIN:
            return {}
        if isinstance(item, dict) and PLUGIN in item:
            return item[PLUGIN] or {}
    return None


def _strings(value: Any, config: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckError(f"{config}: check-site option '{key}' must be a list of strings")
    return tuple(value)


def read_settings(config_path: str | os.PathLike[str]) -> tuple[ignores.Settings, Path]:
    """The ignore settings and docs_dir of a site, from its config file as MkDocs merges it."""
    from mkdocs import exceptions
    from mkdocs.utils.yaml import yaml_load

    path = Path(config_path)
    root = path.resolve().parent
    name = Path(os.path.relpath(path.resolve(), root)).as_posix()
    try:
        with open(path, "rb") as stream:
            data = yaml_load(stream) or {}
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise CheckError(f"cannot read {config_path}: {exc.strerror}") from None
    except exceptions.ConfigurationError as exc:
        raise CheckError(f"invalid config '{config_path}': {' '.join(str(exc).split())}") from None
    options = _plugin_options(data.get("plugins")) or {}
    docs_dir = (root / str(data.get("docs_dir") or "docs")).resolve()
    return settings_for(options, root, docs_dir, name, text), docs_dir


def settings_for(
    options: dict[str, Any], root: Path, docs_dir: Path, config_name: str, config_text: str
) -> ignores.Settings:
    prefix = Path(os.path.relpath(docs_dir, root)).as_posix().rstrip("/") + "/"
    return ignores.Settings(
        exclude=_strings(options.get("exclude"), config_name, "exclude"),
        ignore_urls=_strings(options.get("ignore_urls"), config_name, "ignore_urls"),
        config=config_name,
        config_text=config_text,
        docs_prefix="" if prefix == "./" else prefix,
    )


def read_sources(root: Path, docs_dir: Path) -> dict[str, str]:
    """Every Markdown file of docs_dir, by its path relative to the config folder."""
    sources: dict[str, str] = {}
    for file in sorted(docs_dir.rglob("*.md")):
        if any(part.startswith(".") for part in file.relative_to(docs_dir).parts):
            continue
        rel = Path(os.path.relpath(file, root)).as_posix()
        try:
            sources[rel] = file.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            continue  # the core check reports what it cannot read
    return sources


def contract_findings(
    sources: dict[str, str], settings: ignores.Settings
) -> list[Finding]:
    prefix = settings.docs_prefix
    pages = {p[len(prefix):] for p in sources if p.startswith(prefix)}
    out: list[Finding] = []
    for path, text in sources.items():
        if ignores.excluded(path, settings) or not contract.declares_deep_dive(text):
            continue
        out.extend(contract.check_page(path, text, pages, path[len(prefix):]))
    return out


def changed_paths(files: Iterable[str], root: Path) -> set[str]:
    """`--changed` paths (relative to the working folder) as paths relative to the config folder."""
    return {Path(os.path.relpath(Path(f).resolve(), root)).as_posix() for f in files}


def finish(
    report: Any, root: Path, docs_dir: Path, settings: ignores.Settings,
    changed: Iterable[str] | None = None,
) -> Any:
    """The core report with the contract, the ignores and the `changed` filter applied."""
    sources = read_sources(root, docs_dir)
    found = [*report.findings, *contract_findings(sources, settings)]
    kept = ignores.apply(set(found), sources, settings, pages=sources)
    if changed is not None:
        wanted = changed_paths(changed, root)
        kept = [f for f in kept if f.path in wanted]
    kept = sorted(set(kept), key=lambda f: (f.path, f.line, f.column, f.rule, f.message))
    return replace(report, findings=kept)


def run(
    options: Any, *, changed: Iterable[str] | None = None, pool: Any = None,
    started: float | None = None, settings: ignores.Settings | None = None,
    built: Any = None,
) -> Any:
    """Run the whole check for `options.config` and return the Report.

    `settings` are the plugin's options when the plugin runs this (else read from the config);
    `built` is what the plugin's build rendered (see `checker.check`)."""
    from .checker import check

    started = time.perf_counter() if started is None else started
    # first: its errors say what is wrong
    report = check(options, pool=pool, started=started, built=built)
    read, docs_dir = read_settings(options.config)
    root = Path(options.config).resolve().parent
    report = finish(report, root, docs_dir, settings or read, changed)
    return replace(report, seconds=time.perf_counter() - started)
