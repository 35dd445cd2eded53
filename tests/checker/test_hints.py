"""'Did you mean …?'"""

from __future__ import annotations

from sitecheck.hints import closest, closest_path


def test_closest() -> None:
    assert closest("getting-startd", ["getting-started", "usage"]) == "getting-started"
    assert closest("Usage", ["usage", "usages"]) == "usage"
    assert closest("zzz", ["getting-started"]) is None
    assert closest("a", []) is None


def test_closest_path_needs_a_close_name() -> None:
    pool = ["guide/setup.md", "guide/index.md", "img/logo.gif"]
    assert closest_path("guide/setpu.md", pool) == "guide/setup.md"
    assert closest_path("img/logo.png", pool) == "img/logo.gif"
    assert closest_path("guide/instal.md", pool) is None
    assert closest_path("nope.md", ["index.md"]) is None
