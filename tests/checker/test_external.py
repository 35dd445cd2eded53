"""External links against a local server on 127.0.0.1: 200, 404, 5xx retries, 429 with
Retry-After (a warning, never a pass) and the cache's time-to-live."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sitecheck.checker import Options, check
from sitecheck.external import (
    BROKEN,
    OK,
    RATE_LIMITED,
    ExternalChecker,
    retry_after_seconds,
)


class _Server(ThreadingHTTPServer):
    hits: Counter[str]
    flaky_left: int


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self, body: bool) -> None:
        self.server.hits[self.path] += 1
        headers: dict[str, str] = {}
        if self.path.startswith("/ok"):
            status = 200
        elif self.path == "/no-head" and self.command == "HEAD":
            status = 405
        elif self.path == "/no-head":
            status = 200
        elif self.path == "/limited":
            status, headers = 429, {"Retry-After": "1"}
        elif self.path == "/limited-long":
            status, headers = 429, {"Retry-After": "3600"}
        elif self.path == "/flaky":
            self.server.flaky_left -= 1
            status = 503 if self.server.flaky_left >= 0 else 200
        elif self.path == "/down":
            status = 503
        else:
            status = 404
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = Counter()
    httpd.flaky_left = 1
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _url(server: _Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _checker(tmp_path: Path, sleeps: list[float] | None = None, **kwargs) -> ExternalChecker:
    record = sleeps if sleeps is not None else []
    return ExternalChecker(
        cache_path=tmp_path / "cache", timeout=5, backoff=0.01, sleep=record.append, **kwargs
    )


def test_ok_and_404(server: _Server, tmp_path: Path) -> None:
    with _checker(tmp_path) as checker:
        results = checker.check_all([_url(server, "/ok"), _url(server, "/missing"),
                                     _url(server, "/ok")])
    assert {r.status for r in results.values()} == {OK, BROKEN}
    assert results[_url(server, "/ok")].status == OK
    assert results[_url(server, "/missing")].detail == "HTTP 404 Not Found"
    assert server.hits["/ok"] == 1  # asked once, however often it is linked


def test_head_refused_falls_back_to_get(server: _Server, tmp_path: Path) -> None:
    with _checker(tmp_path) as checker:
        assert checker.check(_url(server, "/no-head")).status == OK


def test_5xx_is_retried_with_backoff(server: _Server, tmp_path: Path) -> None:
    sleeps: list[float] = []
    with _checker(tmp_path, sleeps) as checker:
        assert checker.check(_url(server, "/flaky")).status == OK
        down = checker.check(_url(server, "/down"))
    assert (down.status, down.detail) == (BROKEN, "HTTP 503 Service Unavailable")
    assert sleeps == [0.01, 0.01, 0.02]


def test_429_waits_for_retry_after_and_stays_a_warning(server: _Server, tmp_path: Path) -> None:
    sleeps: list[float] = []
    with _checker(tmp_path, sleeps) as checker:
        limited = checker.check(_url(server, "/limited"))
        too_long = checker.check(_url(server, "/limited-long"))
    assert limited.status == RATE_LIMITED
    assert limited.detail == "HTTP 429 Too Many Requests (Retry-After: 1 s)"
    assert sleeps == [1.0, 1.0]  # it waited as told before each retry
    assert server.hits["/limited"] == 3
    assert too_long.status == RATE_LIMITED
    assert too_long.detail == "HTTP 429 Too Many Requests (Retry-After: 3600 s)"
    assert server.hits["/limited-long"] == 1  # an hour is not worth waiting for


def test_cache_answers_within_its_ttl(server: _Server, tmp_path: Path) -> None:
    url = _url(server, "/ok-cached")
    with _checker(tmp_path, ttl=1) as checker:
        assert checker.check(url).status == OK
    with _checker(tmp_path, ttl=1) as checker:  # a new run, the same cache on disk
        assert checker.check(url).status == OK
    assert server.hits["/ok-cached"] == 1
    time.sleep(1.2)
    with _checker(tmp_path, ttl=1) as checker:
        assert checker.check(url).status == OK
    assert server.hits["/ok-cached"] == 2


def test_failures_are_not_cached(server: _Server, tmp_path: Path) -> None:
    url = _url(server, "/missing-twice")
    for _ in range(2):
        with _checker(tmp_path) as checker:
            assert checker.check(url).status == BROKEN
    assert server.hits["/missing-twice"] == 2


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_site_check_reports_broken_as_errors_and_429_as_warnings(
    server: _Server, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: x\ntheme: mkdocs\n")
    (site / "docs" / "index.md").write_text(
        f"# Home\n\n[fine]({_url(server, '/ok')}#part)\n"
        f"[gone]({_url(server, '/gone')})\n"
        f'<a href="{_url(server, "/limited-long")}">busy</a>\n'
        f"[without --external it is not asked]: {_url(server, '/never')}\n"
    )
    offline = check(Options(config=str(site / "mkdocs.yml"), cache=str(tmp_path / "c")))
    assert offline.findings == []
    assert sum(server.hits.values()) == 0
    report = check(Options(config=str(site / "mkdocs.yml"), external=True,
                           cache=str(tmp_path / "c")))
    assert [(f.line, f.severity, f.rule, f.message) for f in report.findings] == [
        (4, "error", "external-broken",
         f"external link '{_url(server, '/gone')}' is broken: HTTP 404 Not Found"),
        (5, "warning", "external-rate-limited",
         f"external link '{_url(server, '/limited-long')}' could not be checked: "
         "HTTP 429 Too Many Requests (Retry-After: 3600 s)"),
    ]
    assert server.hits["/ok"] == 1
