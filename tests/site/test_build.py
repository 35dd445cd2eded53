"""The strict build passes and the built site is self-contained."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

# Attributes through which a page loads something (not plain <a> links).
LOADS = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "object": ["data"],
}
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def test_strict_build_passes(build):
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, build.log


def test_no_page_loads_anything_from_another_host(build):
    offenders = []
    for html in build.site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag, attrs in LOADS.items():
            for element in soup.find_all(tag):
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload",
                                          "manifest"} & set(element.get("rel", [])):
                    continue
                for attr in attrs:
                    value = element.get(attr) or ""
                    if REMOTE.match(value.strip()):
                        offenders.append(f"{html.relative_to(build.site)}: <{tag} {attr}={value}>")
        for style in soup.find_all("style"):
            offenders += [f"{html}: {u}" for u in CSS_URL.findall(style.text) if REMOTE.match(u)]
    for css in build.site.rglob("*.css"):
        offenders += [f"{css.relative_to(build.site)}: url({u})"
                      for u in CSS_URL.findall(css.read_text("utf-8")) if REMOTE.match(u)]
    assert offenders == []


def test_material_is_told_not_to_fetch_google_fonts(build):
    html = (build.site / "index.html").read_text("utf-8")
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html


def test_mermaid_is_the_pinned_build_served_locally(build):
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    version = lock["packages"]["node_modules/mermaid"]["version"]
    shipped = (build.site / "assets/vendor/mermaid/mermaid.min.js").read_bytes()
    assert shipped == (ROOT / "node_modules/mermaid/dist/mermaid.min.js").read_bytes()
    package = json.loads((ROOT / "node_modules/mermaid/package.json").read_text("utf-8"))
    assert package["version"] == version
    page = build.page("deep-learning")
    sources = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert "../assets/vendor/mermaid/mermaid.min.js" in sources


def test_katex_and_its_fonts_are_served_locally(build):
    vendor = build.site / "assets/vendor/katex"
    css = (vendor / "katex.min.css").read_text("utf-8")
    fonts = {u.split("?")[0] for u in CSS_URL.findall(css)}
    assert fonts, "KaTeX's stylesheet names no fonts"
    missing = [f for f in fonts if not (vendor / f).is_file()]
    assert missing == []


def test_every_page_has_a_logo_and_favicon_of_our_own(build):
    soup = build.page("")
    icon = soup.find("link", rel="icon")
    assert icon is not None
    assert icon["href"].endswith("assets/favicon.svg")
    assert (build.site / "assets/favicon.svg").is_file()
    assert soup.select_one(".md-logo img")["src"].endswith("assets/logo.svg")
