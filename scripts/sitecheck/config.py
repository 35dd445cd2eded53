"""The config file as YAML: a clear message, with line and column, when it is not valid, and
the nav's file entries with the lines where they are written (in mkdocs.yml or the file it
INHERITs from). MkDocs itself loads the config in sitecheck.pipeline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import CheckError


@dataclass(frozen=True)
class NavEntry:
    """A file entry of the nav, with where it is written (`path` relative to the config folder)."""

    target: str
    title: str | None
    path: str
    line: int
    column: int


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return _one_line(problem)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_yaml(path: Path) -> yaml.Node | None:
    """The YAML node tree of one config file; tags such as !ENV are kept, not constructed."""
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except UnicodeDecodeError as exc:
        raise CheckError(f"{path} is not valid UTF-8: {exc.reason}") from None
    except OSError as exc:
        raise CheckError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        try:  # the pure-Python loader, which MkDocs uses, words its errors better
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise CheckError(f"invalid YAML in {path}: {_yaml_problem(exc)}") from None
        raise CheckError(f"invalid YAML in {path}") from None


def _mapping_get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _nav_entries(node: yaml.Node, where: str, title: str | None = None) -> Iterator[NavEntry]:
    if isinstance(node, yaml.ScalarNode):
        if node.value:
            mark = node.start_mark
            yield NavEntry(node.value, title, where, mark.line + 1, mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_entries(item, where)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _nav_entries(v, where, k.value if isinstance(k, yaml.ScalarNode) else None)


def nav_entries(
    config_path: Path, root: Path, tree: yaml.Node | None = None
) -> list[NavEntry] | None:
    """Nav file entries with their lines, from the config file or the one it INHERITs from.
    `tree` is the config file's own node tree, when it has been composed already."""
    seen: set[Path] = set()
    path = config_path.resolve()
    while path not in seen:
        if tree is None or seen:
            tree = compose_yaml(path)
        seen.add(path)
        nav = _mapping_get(tree, "nav")
        if nav is not None:
            where = Path(os.path.relpath(path, root)).as_posix()
            return list(_nav_entries(nav, where))
        parent = _mapping_get(tree, "INHERIT")
        if not isinstance(parent, yaml.ScalarNode):
            return None
        path = (path.parent / parent.value).resolve()
        if not path.is_file():
            return None
    return None
