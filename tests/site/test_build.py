"""The strict build passes and the built site is self-contained."""

from __future__ import annotations

import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup
from diagram_text import CLICK, clicks, markdown_diagrams, markdown_file
from fontTools.ttLib import TTFont

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


def test_no_page_ships_a_diagram_or_maths_runtime(build):
    build.require_drawn()
    scripts = {
        f"{html.relative_to(build.site)}: {script['src']}"
        for html in build.site.rglob("*.html")
        for script in BeautifulSoup(html.read_text("utf-8"), "html.parser").find_all("script")
        if script.get("src") and re.search(r"mermaid|katex", script["src"], re.IGNORECASE)
    }
    assert scripts == set()
    shipped = [p.name for p in build.site.rglob("*.js") if re.search("mermaid|katex", p.name)]
    assert shipped == []


def test_every_diagram_is_inline_svg_as_many_as_the_markdown_has(build):
    """Differential: each page's built SVGs against its own Markdown's Mermaid fences."""
    assert build.returncode == 0, build.log
    build.require_drawn()
    pages = sorted(p for p in build.site.rglob("index.html") if p.parent.name not in {"search"})
    counted = 0
    for html in pages:
        url = html.parent.relative_to(build.site).as_posix().replace(".", "")
        if url.startswith("assets"):
            continue
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        fences = markdown_diagrams(url)
        # A deep-dive's small area map (hooks/maps.py) is its area page's, not its own.
        drawn = [d for d in soup.select("article div.atlas-diagram")
                 if d.find_parent(class_="atlas-here") is None]
        assert len(drawn) == len(fences), url
        assert soup.select("pre.mermaid") == [], f"{url}: a diagram left as source"
        for box, source in zip(drawn, fences, strict=True):
            svgs = box.find_all("svg", recursive=False)
            assert 1 <= len(svgs) <= 2, url  # a map may have a desk and a phone drawing
            for svg in svgs:
                hrefs = {a.get("xlink:href") or a.get("href") for a in svg.find_all("a")}
                assert hrefs == set(clicks(source).values()), url
                assert svg.find("style") is None, f"{url}: Mermaid's fixed-palette styles kept"
        counted += len(fences)
    assert counted >= 30


def test_maths_is_typeset_and_katex_css_only_where_there_is_maths(build):
    with_maths = 0
    for html in build.site.rglob("index.html"):
        text = html.read_text("utf-8")
        soup = BeautifulSoup(text, "html.parser")
        formulas = soup.select(".arithmatex")
        links = [link["href"] for link in soup.find_all("link", rel="stylesheet")
                 if "katex" in link["href"]]
        if formulas:
            with_maths += 1
            assert len(links) == 1, html
            assert all(f.select_one(".katex math") for f in formulas), f"{html}: untypeset"
            assert "\\(" not in soup.article.get_text(), f"{html}: raw TeX left"
        else:
            assert links == [], f"{html}: KaTeX's stylesheet on a page without maths"
    assert with_maths >= 7


def test_katex_and_its_fonts_are_served_locally(build):
    vendor = build.site / "assets/vendor/katex"
    css = (vendor / "katex.min.css").read_text("utf-8")
    fonts = {u.split("?")[0] for u in CSS_URL.findall(css)}
    assert fonts, "KaTeX's stylesheet names no fonts"
    missing = [f for f in fonts if not (vendor / f).is_file()]
    assert missing == []


def test_katex_fonts_hold_every_character_the_formulas_draw_and_no_more(build):
    """Differential: the characters of every typeset formula on every built page against the
    WOFF2 fonts the site serves and the whole fonts KaTeX ships."""
    drawn: set[str] = set()
    for html in build.site.rglob("index.html"):
        for part in BeautifulSoup(html.read_text("utf-8"), "html.parser").select(".katex-html"):
            drawn.update(part.get_text())
    assert len(drawn) > 50
    served_fonts = sorted((build.site / "assets/vendor/katex/fonts").glob("*.woff2"))
    assert len(served_fonts) >= 10
    saved = 0
    for served in served_fonts:
        whole = TTFont(ROOT / "node_modules/katex/dist/fonts" / served.name)
        cut = TTFont(served)
        wanted = {ord(c) for c in drawn} & set(whole.getBestCmap())
        assert wanted <= set(cut.getBestCmap()), f"{served.name} lost a character in use"
        assert set(cut.getBestCmap()) <= set(whole.getBestCmap())
        # stamped as KaTeX's font, not with the build's time: rebuilds give the same bytes
        assert cut["head"].modified == whole["head"].modified, served.name
        saved += (ROOT / "node_modules/katex/dist/fonts" / served.name).stat().st_size \
            - served.stat().st_size
    assert saved > 50_000, "the fonts were not cut down"


def test_every_page_has_a_logo_and_favicon_of_our_own(build):
    soup = build.page("")
    icon = soup.find("link", rel="icon")
    assert icon is not None
    assert icon["href"].endswith("assets/favicon.svg")
    assert (build.site / "assets/favicon.svg").is_file()
    # Inlined, so that it takes the header's colour (not black on indigo).
    logo = soup.select_one(".md-logo svg")
    assert logo is not None
    assert logo.find("circle") is not None


def test_site_url_gives_a_sitemap_and_a_404_page_that_works_under_a_sub_path(build):
    sitemap = (build.site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<loc>") >= 15
    soup = BeautifulSoup((build.site / "404.html").read_text("utf-8"), "html.parser")
    css = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert css
    assert all(href.startswith("/atlas/") for href in css), css


def test_the_search_index_has_every_page_but_no_diagram_source(build):
    """Differential: no line of any page's Mermaid fences is in the search index, and every
    page with diagrams is still indexed with its own words."""
    assert build.returncode == 0, build.log
    index = json.loads((build.site / "search/search_index.json").read_text("utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + html_module.unescape(doc["text"]) + "\n"
    checked = 0
    for page, text in by_page.items():
        fences = markdown_diagrams(page) if markdown_file(page).is_file() else []
        for fence in fences:
            # the fence's syntax lines: its first line and its click lines
            for line in [fence.strip().splitlines()[0], *CLICK.findall(fence)]:
                wanted = line if isinstance(line, str) else line[0]
                assert not re.search(rf"(?m)^\s*{re.escape(wanted.strip())}", text), (page, line)
            checked += 1
        if fences:
            assert len(text.split()) > 100, f"{page}: its own words must still be indexed"
    assert checked >= 30


def test_the_search_index_has_no_tex(build):
    """Formulas are left out of the search index: TeX is no words to search for."""
    text = (build.site / "search/search_index.json").read_text("utf-8")
    for tex in ("arithmatex", "\\\\(", "\\\\["):
        assert tex not in text
    assert "softmax" in text  # the words around the formulas stay


def test_the_sites_stylesheets_are_one_file_with_every_one_in_order(build):
    """Differential: site.css against the extra_css files of mkdocs.yml; pages link it alone."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    listed = re.findall(r"^  - (stylesheets/\S+\.css)", config.split("extra_css:", 1)[1],
                        re.MULTILINE)
    assert len(listed) >= 3
    served = (build.site / "stylesheets/site.css").read_text("utf-8")
    at = 0
    for name in listed:
        text = (ROOT / "docs" / name).read_text("utf-8")
        found = served.find(text, at)
        assert found >= at, f"{name} is missing from site.css, or out of order"
        at = found + len(text)
        assert not (build.site / name).exists(), f"{name} is also served on its own"
    for html in build.site.rglob("index.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        ours = [link["href"] for link in soup.find_all("link", rel="stylesheet")
                if "assets/" not in link["href"]]
        assert [h.rsplit("/", 1)[-1] for h in ours] == ["site.css"], html


class _RepeatedAttributes(HTMLParser):
    """Tags that name an attribute twice: invalid HTML, and browsers keep only the first."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            self.found.append(f"line {self.getpos()[0]}: <{tag}> repeats {', '.join(repeated)}")

    handle_startendtag = handle_starttag


def test_no_tag_names_an_attribute_twice(build):
    found = []
    for page in sorted(build.site.rglob("*.html")):
        parser = _RepeatedAttributes()
        parser.feed(page.read_text("utf-8"))
        found += [f"{page.relative_to(build.site)} {where}" for where in parser.found]
    assert found == []
