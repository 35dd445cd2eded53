"""Serve the built Atlas and drive Debian's Chromium with Playwright.

Shared by the browser tests (tests/browser/) and `make screenshots`
(scripts/screenshots.py), so both see the site the same way:

- `SiteServer` serves site/ on 127.0.0.1 on a free port, either at the root
  or under a sub-path such as `/atlas/`, the way GitHub Pages serves a
  project site: anything outside the sub-path is a 404, and so is a folder
  without an index.html (no directory listings).
- `launch_chromium` starts the system Chromium (never a downloaded one) with
  exactly the flags below and a fresh, temporary profile.
- `wait_for_diagrams` waits until every diagram is drawn: at once for the ones
  drawn at build time, after Mermaid has run for the browser fallback.
- `switch_to_dark` flips the palette by clicking its toggle, as a student would.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
# The built site; ATLAS_SITE_DIR points elsewhere (e.g. a temporary build).
SITE = Path(os.environ.get("ATLAS_SITE_DIR") or ROOT / "site")
CHROMIUM = Path(os.environ.get("ATLAS_CHROMIUM") or "/usr/bin/chromium")

# The whole Chromium command line, apart from the profile and the pipe that
# Playwright talks over (see launch_chromium).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SUB_PATH = "/atlas/"

# Tests add this init script to their own browser contexts to count the
# errors a page throws; screenshots never use it.
COUNT_ERRORS = """
(() => {
  window.__atlasErrors = 0;
  window.addEventListener("error", () => { window.__atlasErrors += 1; });
  window.addEventListener("unhandledrejection", () => { window.__atlasErrors += 1; });
})();
"""

# A diagram in a built page: drawn at build time, or left for the browser.
_DIAGRAM = re.compile(r'<div class="atlas-diagram[ "]|<pre\b[^>]*\bclass="mermaid"')


def chromium_missing() -> str | None:
    """Why Chromium cannot be used, in one line, or None when it can."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM}; set ATLAS_CHROMIUM or apt-get install chromium"


def site_missing(site: Path = SITE) -> str | None:
    """Why the built site cannot be served, in one line, or None when it can."""
    if (site / "index.html").is_file():
        return None
    return f"no built site at {site} (index.html missing): run `make build` first"


def site_pages(site: Path = SITE) -> list[str]:
    """URL of every built page relative to the site root: "", "deep-learning/", ...

    Every index.html is a page; 404.html is not (and is not an index.html).
    """
    urls = []
    for html in site.rglob("index.html"):
        folder = html.parent.relative_to(site).as_posix()
        if folder.split("/")[0] in {"assets", "search"}:
            continue
        urls.append("" if folder == "." else folder + "/")
    return sorted(urls, key=lambda url: (url.count("/"), url))


def diagram_count(url: str, site: Path = SITE) -> int:
    """How many diagrams the built page at `url` holds, drawn or still to be drawn."""
    return len(_DIAGRAM.findall((site / url / "index.html").read_text("utf-8")))


class _Handler(SimpleHTTPRequestHandler):
    """site/ under `base` ("/" or "/atlas/"), with GitHub Pages' 404s."""

    base = "/"

    def send_head(self):
        path = urlsplit(self.path).path
        if path + "/" == self.base:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.base)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.base):
            self.send_error(HTTPStatus.NOT_FOUND, f"outside {self.base}")
            return None
        # Pages are always sent whole, so a navigation's status is 200, not 304.
        if path.endswith(("/", ".html")):
            del self.headers["If-Modified-Since"]
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base) :])

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "no index.html here")

    def end_headers(self) -> None:
        # Assets may be reused within a run (like any host's cache); pages not.
        path = urlsplit(self.path).path
        html = path.endswith(("/", ".html"))
        self.send_header("Cache-Control", "no-cache" if html else "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Chromium drops connections it no longer needs (a navigation away
        # mid-load); that is not a server fault worth a traceback.
        pass


class SiteServer:
    """The built site on http://127.0.0.1:<free port><base>, in a thread.

    `with SiteServer(site, "/atlas/") as server: page.goto(server.url + "glossary/")`
    """

    def __init__(self, site: Path = SITE, base: str = "/") -> None:
        if not (base.startswith("/") and base.endswith("/")):
            raise ValueError(f"base must start and end with '/': {base!r}")
        handler = type("Handler", (_Handler,), {"base": base})
        self._httpd = _Server(("127.0.0.1", 0), partial(handler, directory=str(site)))
        self.origin = f"http://127.0.0.1:{self._httpd.server_port}"
        self.url = self.origin + base
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def is_local(self, url: str) -> bool:
        """Whether a request URL goes to this server (data: and blob: URLs go nowhere)."""
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin


def launch_chromium(playwright: Playwright, profile: Path) -> Browser:
    """Debian's Chromium with exactly CHROMIUM_FLAGS and a fresh profile.

    `launch` (not `launch_persistent_context`): one browser, many isolated
    contexts. Playwright's own default switches are dropped
    (ignore_default_args=True) so the command line is ours: the flags, the
    empty profile directory `profile`, and the pipe Playwright drives it over.
    """
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        ignore_default_args=True,
        args=[
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "--no-startup-window",
        ],
    )


def new_context(browser: Browser, viewport: dict, *, count_errors: bool) -> BrowserContext:
    """A fresh context at desktop or phone size (phone: a touch device, as students hold it)."""
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        color_scheme="light",
        reduced_motion="reduce",
    )
    context.set_default_timeout(15_000)
    if count_errors:
        context.add_init_script(COUNT_ERRORS)
    return context


def wait_for_diagrams(page: Page, expected: int, timeout: float = 15_000) -> None:
    """Wait until all `expected` diagrams of the page are drawn.

    A diagram drawn at build time is an SVG in the page from the start. In the
    browser fallback, Material replaces each `<pre class="mermaid">` with a
    `<div class="mermaid">` once Mermaid has drawn it. With COUNT_ERRORS the wait
    also ends as soon as the page throws, so a broken diagram fails fast.
    """
    if expected == 0:
        return
    page.wait_for_function(
        """expected => document.querySelectorAll(".atlas-diagram > svg, div.mermaid").length
             >= expected || (window.__atlasErrors || 0) > 0""",
        arg=expected,
        timeout=timeout,
    )


def palette_scheme(page: Page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


def switch_to_dark(page: Page) -> None:
    """Click the palette toggle in the header until the page is dark (slate).

    The palette cycles system → light → dark; a fresh profile starts on
    "system", which is light here, so this takes at most three clicks.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    checked = "document.querySelector('form[data-md-component=palette] input:checked')?.id"
    for _ in range(3):
        if palette_scheme(page) == "slate":
            break
        before = page.evaluate(checked)
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function(f"before => {checked} !== before", arg=before)
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    # Let any colour transition finish before anyone measures or photographs.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("document.getAnimations().length === 0", timeout=2_000)
