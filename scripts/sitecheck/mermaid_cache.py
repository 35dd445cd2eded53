"""Mermaid's verdicts kept on disk, keyed by the diagram's text and the Mermaid build (the
SHA-256 of its mermaid.min.js): a re-check parses only the diagrams that changed.

One SQLite file, `.cache/check_site/mermaid.sqlite` next to the config (or the file that
$CHECK_SITE_MERMAID_CACHE names; empty turns it off). A timed-out diagram
is not kept (the next run may have more time); a verdict is kept for as long as its build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from pathlib import Path

from .mermaid import MermaidPool, ParseResult

DEFAULT = Path(".cache") / "check_site" / "mermaid.sqlite"
_builds: dict[tuple[str, int, int], str] = {}


def build_id(js_path: str | os.PathLike[str]) -> str:
    stat = os.stat(js_path)
    key = (str(js_path), stat.st_size, stat.st_mtime_ns)
    if key not in _builds:
        digest = hashlib.sha256()
        with open(js_path, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        _builds[key] = digest.hexdigest()[:32]
    return _builds[key]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _path(root: Path, option: str | None) -> Path | None:
    """`option` (Options.mermaid_cache), else $CHECK_SITE_MERMAID_CACHE, else the default;
    an empty string turns the cache off."""
    if option is None:
        option = os.environ.get("CHECK_SITE_MERMAID_CACHE")
    if option == "":
        return None
    return Path(option) if option else root / DEFAULT


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10)
    db.execute("CREATE TABLE IF NOT EXISTS verdicts (build TEXT NOT NULL, diagram TEXT NOT NULL,"
               " result TEXT NOT NULL, PRIMARY KEY (build, diagram))")
    return db


class MermaidCache:
    def __init__(self, path: Path, build: str) -> None:
        self.path = path
        self.build = build
        self.known: dict[str, ParseResult] = {}
        self.new: dict[str, ParseResult] = {}
        self.hits = 0
        with contextlib.suppress(sqlite3.Error, OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(_connect(path)) as db:
                for key, result in db.execute(
                    "SELECT diagram, result FROM verdicts WHERE build = ?", (build,)
                ):
                    data = json.loads(result)
                    data["calls"] = tuple(tuple(c) for c in data.get("calls") or ())
                    self.known[key] = ParseResult(**data)

    @classmethod
    def open(cls, root: Path, pool: MermaidPool | None, option: str | None = None):
        """The cache for the pool's build, or None when there is no build or it is turned off."""
        path = _path(root, option)
        if pool is None or path is None:
            return None
        return cls(path, build_id(pool.js_path))

    @staticmethod
    def warm(root: Path, js_path: str | os.PathLike[str], option: str | None = None) -> bool:
        """Whether the cache holds any verdict of this build (then V8 need not start early)."""
        path = _path(root, option)
        if path is None or not path.is_file():
            return False
        try:
            with contextlib.closing(_connect(path)) as db:
                row = db.execute("SELECT 1 FROM verdicts WHERE build = ? LIMIT 1",
                                 (build_id(js_path),)).fetchone()
        except sqlite3.Error:
            return False
        return row is not None

    def get(self, text: str) -> ParseResult | None:
        found = self.known.get(_key(text))
        if found is not None:
            self.hits += 1
        return found

    def put(self, text: str, result: ParseResult) -> None:
        if not result.timed_out:
            self.new[_key(text)] = result

    def close(self) -> None:
        """Write the new verdicts; a cache that cannot be written is no reason to fail."""
        if not self.new:
            return
        rows = [(self.build, key, json.dumps({
            "ok": r.ok, "error": r.error, "timed_out": False, "diagram_type": r.diagram_type,
            "calls": [list(c) for c in r.calls]})) for key, r in self.new.items()]
        with (contextlib.suppress(sqlite3.Error, OSError),
              contextlib.closing(_connect(self.path)) as db, db):
            db.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)", rows)
        self.new.clear()
