"""A disk cache for what the build draws: diagrams as SVG, formulas as HTML, font subsets.

Drawing is the slow part of a build, and a diagram or formula changes only when its author
edits it. An entry is keyed by everything that decides its output: what kind it is, the
renderer's version, the render settings and the source text. A `mkdocs serve` rebuild then
draws only what changed. The cache lives in `.cache/atlas-render/` beside mkdocs.yml (ignored
by git); deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


class RenderCache:
    def __init__(self, root: Path, kind: str, version: str, settings: object) -> None:
        self.folder = root / ".cache" / "atlas-render" / kind
        self._salt = json.dumps([kind, version, settings], sort_keys=True)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self._salt}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> str | None:
        data = self.get_bytes(key)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def get_bytes(self, key: str) -> bytes | None:
        try:
            return (self.folder / key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, value: str | bytes) -> None:
        # Written whole, then renamed: a build stopped half-way leaves no torn entry.
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        data = value.encode("utf-8") if isinstance(value, str) else value
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, self.folder / key)
