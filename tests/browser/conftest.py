"""The built Atlas in real Chromium: one browser per session, the site at / and /atlas/.

Chromium is Debian's (/usr/bin/chromium, or ATLAS_CHROMIUM); nothing is ever
downloaded. Without it this folder is skipped with one line, except in CI
(CI=true), where every browser test fails instead. The site is site/ as
`make build` leaves it (or ATLAS_SITE_DIR).

Every built page is visited once per base and the visit is shared by the
tests that judge it: at the root at desktop width, under /atlas/ at phone
width, so each page is seen at both widths and under both bases.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import atlas_browser as ab  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Without Chromium, skip every test here, from this one line (so -ra folds them)."""
    problem = ab.chromium_missing()
    if problem and not IN_CI:
        pytest.skip(problem)


# Map of AI and the area pages: docs/index.md and docs/<area>/index.md.
MAP_PAGES = ["", *sorted(p.parent.name + "/" for p in (ROOT / "docs").glob("*/index.md"))]

# Everything a test needs to know about a page, read in one go. Diagrams are
# inline SVG in the page's own DOM (hooks/diagrams.py).
SNAPSHOT = """
() => {
  const style = (el) => getComputedStyle(el);
  const deepest = (el) => {
    while (el.firstElementChild && el.children.length === 1) el = el.firstElementChild;
    return el;
  };
  const nodeId = (g) => (g ? g.id : "").replace(/^.*?flowchart-/, "").replace(/-\\d+$/, "");
  const node = (n) => {
    let shape = n.querySelector(":scope > .label-container, :scope > g > .label-container");
    if (shape && shape.tagName === "g") {
      shape = shape.querySelector("path, rect, polygon, circle, ellipse");
    }
    const html = n.querySelector(".nodeLabel");
    const text = html ? deepest(html) : n.querySelector("text");
    const link = n.closest("a");
    return {
      id: nodeId(n),
      label: (html || n).textContent.trim(),
      planned: n.classList.contains("planned"),
      href: link ? (link.getAttribute("href") || link.getAttribute("xlink:href")) : null,
      linkInside: n.querySelector("a") !== null,
      fg: text ? (html ? style(text).color : style(text).fill) : null,
      fill: shape ? style(shape).fill : null,
      fillOpacity: shape ? Number(style(shape).fillOpacity) : 1,
    };
  };
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(style(e).backgroundColor);
    return layers;
  };
  const html = document.documentElement;
  return {
    scheme: document.body.dataset.mdColorScheme,
    title: document.title,
    scrollWidth: html.scrollWidth,
    clientWidth: html.clientWidth,
    // Content that sticks out of the viewport instead of scrolling inside
    // a box of its own: Material's `html {overflow-x: hidden}` would cut it off.
    overhang: [...document.querySelectorAll(".md-content, .md-content *")].filter((el) => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || (box.right <= html.clientWidth + 1 && box.left >= -1)) return false;
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        if (e.classList.contains("md-content")) break;
        if (style(e).overflowX !== "visible") return false;  // it scrolls or is clipped in e
      }
      return true;
    }).map((el) => {
      const box = el.getBoundingClientRect();
      const name = `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">`;
      return `${name} ${Math.round(box.left)}..${Math.round(box.right)} px`
        + ` "${el.textContent.trim().slice(0, 40)}"`;
    }),
    strayErrorGraphics: document.querySelectorAll(
      'svg[aria-roledescription="error"], [id^="d__mermaid"]').length,
    blocks: [...document.querySelectorAll(".atlas-diagram, .mermaid")].map((host) => {
      const root = host;
      // A map may hold a desk and a phone drawing; the one on screen counts.
      const drawings = [...host.querySelectorAll(":scope > svg")];
      const svg = drawings.find((d) => d.getBoundingClientRect().width > 0) || drawings[0] || null;
      const box = host.getBoundingClientRect();
      const svgBox = svg ? svg.getBoundingClientRect() : null;
      return {
        tag: host.tagName.toLowerCase(),
        // A deep-dive's small area map (hooks/maps.py) is not one of its own diagrams.
        here: host.closest(".atlas-here") !== null,
        svg: svg !== null,
        kind: svg ? svg.getAttribute("aria-roledescription") : null,
        error: svg !== null && (
          svg.getAttribute("aria-roledescription") === "error"
          || root.querySelector('[aria-roledescription="error"], .error-icon') !== null
          || /Syntax error/i.test(svg.textContent)),
        left: box.left, right: box.right, width: host.clientWidth,
        overflowX: style(host).overflowX,
        svgWidth: svgBox ? svgBox.width : 0,
        viewBoxWidth: svg && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0,
        fontPx: svg ? parseFloat(style(root.querySelector(".nodeLabel") || svg).fontSize) : 0,
        lineBreaks: svg ? svg.querySelectorAll("br").length : 0,
        anchors: svg ? [...svg.querySelectorAll("a")].map((a) => ({
          href: a.getAttribute("href") || a.getAttribute("xlink:href"),
          width: a.getBoundingClientRect().width,
          height: a.getBoundingClientRect().height,
          node: nodeId(a.querySelector("g.node")),
        })) : [],
        backdrop: backdrop(host),
        nodes: svg ? [...svg.querySelectorAll("g.node")].map(node) : [],
      };
    }),
  };
}
"""

# The element that has focus, as a student's screen reader or keyboard sees it.
FOCUSED = """
() => {
  const e = document.activeElement;
  if (!e) return null;
  const host = e.closest(".atlas-diagram");
  return {
    tag: e.tagName.toLowerCase(),
    inSvg: e.closest("svg") !== null,
    href: e.getAttribute("href") || e.getAttribute("xlink:href"),
    block: host ? [...document.querySelectorAll(".atlas-diagram")].indexOf(host) : -1,
  };
}
"""


# --- pages, visits and the session's browser -----------------------------------


@dataclass
class Tab:
    """One reused page in a browser context, recording what the browser reports."""

    page: Page
    server: ab.SiteServer
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})")

    def reset(self) -> None:
        self.requests.clear()
        self.console_errors.clear()
        self.page_errors.clear()

    def foreign(self) -> list[str]:
        """Requests to any host but the local server."""
        return [url for url in self.requests if not self.server.is_local(url)]

    def open(self, url: str) -> int | None:
        """Go to a site URL ("deep-learning/") and wait for its diagrams; the HTTP status."""
        self.reset()
        response = self.page.goto(self.server.url + url)
        self.settle(url)
        return response.status if response else None

    def settle(self, url: str) -> None:
        try:
            ab.wait_for_diagrams(self.page, ab.diagram_count(url))
        except PlaywrightError as error:  # judged by the tests from the snapshot
            self.page_errors.append(f"diagrams never finished: {error.message.splitlines()[0]}")

    def snapshot(self) -> dict:
        return self.page.evaluate(SNAPSHOT)

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)


@dataclass
class Visit:
    """A page as one visit found it."""

    base: str
    url: str
    status: int | None
    expected_blocks: int
    page_errors: list[str]
    console_errors: list[str]
    foreign: list[str]
    requests: int
    snapshot: dict


class Session:
    """The browser, the two servers and the reused contexts of one test session."""

    def __init__(self, browser: Browser, servers: dict[str, ab.SiteServer]) -> None:
        self.browser = browser
        self.servers = servers
        self._tabs: dict[tuple[str, str], Tab] = {}
        self._contexts: list[BrowserContext] = []
        self._visits: dict[tuple[str, str], Visit] = {}

    def context(self, viewport: dict) -> BrowserContext:
        context = ab.new_context(self.browser, viewport, count_errors=True)
        self._contexts.append(context)
        return context

    def tab(self, base: str, width: str) -> Tab:
        """The shared tab for a base ("root", "atlas") at a width ("desktop", "phone")."""
        key = (base, width)
        if key not in self._tabs:
            viewport = ab.PHONE if width == "phone" else ab.DESKTOP
            self._tabs[key] = Tab(self.context(viewport).new_page(), self.servers[base])
        return self._tabs[key]

    def fresh_tab(self, base: str, viewport: dict) -> Tab:
        """A tab in a context of its own, for tests that change stored settings."""
        return Tab(self.context(viewport).new_page(), self.servers[base])

    def visit(self, base: str, url: str) -> Visit:
        """Every page once per base: the root at desktop width, /atlas/ at phone width."""
        key = (base, url)
        if key not in self._visits:
            tab = self.tab(base, "desktop" if base == "root" else "phone")
            status = tab.open(url)
            self._visits[key] = Visit(
                base=base,
                url=tab.server.url + url,
                status=status,
                expected_blocks=ab.diagram_count(url),
                page_errors=list(tab.page_errors),
                console_errors=list(tab.console_errors),
                foreign=tab.foreign(),
                requests=len(tab.requests),
                snapshot=tab.snapshot(),
            )
        return self._visits[key]

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture(scope="session", autouse=True)
def chromium() -> Path:
    problem = ab.chromium_missing()
    if problem:  # only reached in CI: elsewhere pytest_runtest_setup skips first
        pytest.fail(f"{problem} (CI=true: the browser tests must run)", pytrace=False)
    return ab.CHROMIUM


@pytest.fixture(scope="session")
def site() -> Path:
    problem = ab.site_missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    return ab.SITE


@pytest.fixture(scope="session")
def atlas(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    profile = tmp_path_factory.mktemp("chromium-profile")  # fresh, empty
    with (
        ab.SiteServer(site, "/") as root,
        ab.SiteServer(site, ab.SUB_PATH) as sub,
        sync_playwright() as playwright,
    ):
        browser = ab.launch_chromium(playwright, profile)
        session = Session(browser, {"root": root, "atlas": sub})
        try:
            yield session
        finally:
            session.close()
            browser.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`page_url` is every built page; `map_url` the map and the area pages."""
    if "page_url" in metafunc.fixturenames:
        pages = ab.site_pages() if ab.site_missing() is None else ["(site missing)"]
        metafunc.parametrize("page_url", pages, ids=[p.rstrip("/") or "map" for p in pages])
    if "map_url" in metafunc.fixturenames:
        metafunc.parametrize("map_url", MAP_PAGES, ids=[p.strip("/") or "map" for p in MAP_PAGES])
