"""External http(s) links, checked only with --external.

Requests go out concurrently (a thread pool), each with a timeout, and are retried with
exponential backoff after a connection error, a timeout or a 5xx. A 429 honours Retry-After:
the link is tried again only once that time has passed (when it is short enough to wait for),
and a link that stays rate-limited is reported as a warning, never as a pass. Successful
answers are cached on disk with a time-to-live (requests-cache), so a second run within it
asks nothing.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

OK = "ok"
BROKEN = "broken"
RATE_LIMITED = "rate-limited"

DEFAULT_TTL = 24 * 3600.0
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.5
MAX_RETRY_AFTER = 10.0
USER_AGENT = "check_site/1.0 (MkDocs site checker; +https://www.mkdocs.org)"
RETRY_STATUSES = frozenset({500, 502, 503, 504})
GET_INSTEAD_OF_HEAD = frozenset({400, 403, 405, 406, 501})


@dataclass(frozen=True)
class ExternalResult:
    url: str
    status: str  # ok, broken, rate-limited
    detail: str = ""


def default_cache_path() -> Path:
    explicit = os.environ.get("CHECK_SITE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "check_site" / "external"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class ExternalChecker:
    def __init__(
        self,
        cache_path: str | os.PathLike[str] | None = None,
        ttl: float = DEFAULT_TTL,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        max_retry_after: float = MAX_RETRY_AFTER,
        workers: int = 16,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import requests_cache

        path = Path(cache_path) if cache_path else default_cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.session = requests_cache.CachedSession(
            str(path),
            backend="sqlite",
            expire_after=ttl,
            allowable_codes=(200, 203, 204, 206, 300, 301, 302, 303, 307, 308),
            allowable_methods=("GET", "HEAD"),
        )
        self.session.headers["User-Agent"] = USER_AGENT
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.workers = workers
        self.sleep = sleep

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> ExternalChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, url: str):
        response = self.session.head(url, allow_redirects=True, timeout=self.timeout)
        if response.status_code in GET_INSTEAD_OF_HEAD:
            response = self.session.get(url, allow_redirects=True, timeout=self.timeout)
        return response

    def check(self, url: str) -> ExternalResult:
        import requests

        attempt = 0
        while True:
            try:
                response = self._request(url)
            except requests.Timeout:
                problem = f"no answer within {self.timeout:g} s"
            except requests.RequestException as exc:
                problem = f"request failed ({type(exc).__name__})"
            else:
                code = response.status_code
                reason = f"HTTP {code} {response.reason or ''}".strip()
                if code < 400:
                    return ExternalResult(url, OK, reason)
                if code == 429:
                    wait = retry_after_seconds(response.headers.get("Retry-After"))
                    shown = f"Retry-After: {wait:g} s" if wait is not None else "no Retry-After"
                    delay = self.backoff * 2**attempt if wait is None else wait
                    if attempt < self.retries and delay <= self.max_retry_after:
                        self.sleep(delay)
                        attempt += 1
                        continue
                    return ExternalResult(url, RATE_LIMITED, f"{reason} ({shown})")
                if code not in RETRY_STATUSES:
                    return ExternalResult(url, BROKEN, reason)
                problem = reason
            if attempt >= self.retries:
                return ExternalResult(url, BROKEN, problem)
            self.sleep(self.backoff * 2**attempt)
            attempt += 1

    def check_all(self, urls: Iterable[str]) -> dict[str, ExternalResult]:
        unique = sorted(set(urls))
        if not unique:
            return {}
        with ThreadPoolExecutor(max_workers=min(self.workers, len(unique))) as pool:
            return dict(zip(unique, pool.map(self.check, unique), strict=True))


def strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]
