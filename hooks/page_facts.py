"""Resolve a deep-dive's `prerequisites:` front matter into links.

Front matter lists prerequisites as docs-relative source paths, the same paths
authors use in links. The theme (overrides/main.html) shows them above the
page; a path that names no page is a build warning, so `--strict` fails on it.
"""

from __future__ import annotations

import logging

from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.hooks.page_facts")

LEVELS = ("beginner", "intermediate", "advanced")


def _title(file) -> str:
    meta = get_data(file.content_string)[1]
    return meta.get("title") or file.name


def on_page_markdown(markdown, page, config, files):
    meta = page.meta
    level = meta.get("level")
    if level is not None and level not in LEVELS:
        log.warning(
            "%s: level %r is not one of %s", page.file.src_uri, level, ", ".join(LEVELS)
        )
    links = []
    for src in meta.get("prerequisites") or []:
        target = files.get_file_from_path(src)
        if target is None or not target.is_documentation_page():
            log.warning("%s: prerequisite %r is not a page of this site", page.file.src_uri, src)
            continue
        links.append({"title": _title(target), "url": target.url})
    meta["prerequisite_links"] = links
    if "description" not in meta and meta.get("summary"):
        meta["description"] = meta["summary"]
    return markdown
