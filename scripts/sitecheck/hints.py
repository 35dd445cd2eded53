"""'Did you mean …?' suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, or None when none is close enough."""
    pool = [c for c in candidates if c != word]
    if not pool:
        return None
    folded = {c.casefold(): c for c in pool}
    if word.casefold() in folded:
        return folded[word.casefold()]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _stem(path: str) -> str:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def closest_path(path: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The candidate path most like `path`: close as a whole, and with a name close to its name
    (paths share folders and extensions, which alone say nothing)."""
    stem = _stem(path)
    pool = [c for c in candidates if c != path]
    matches = difflib.get_close_matches(path, pool, n=5, cutoff=cutoff)
    for match in matches:
        other = _stem(match)
        if other == stem or difflib.SequenceMatcher(None, stem, other).ratio() >= 0.6:
            return match
    return None
