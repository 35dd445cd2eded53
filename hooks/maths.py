"""Typeset every formula at build time with the pinned KaTeX, as HTML plus MathML.

pymdownx.arithmatex (generic mode) leaves `\\(…\\)` and `\\[…\\]` in the page. Here KaTeX,
run in mini-racer's V8, turns each into its final markup, so no maths script reaches the
browser and no student sees raw TeX while one loads. KaTeX's stylesheet and fonts are linked
only from pages that have maths, and the fonts hold only the characters the site's formulas
use (hooks/font_subset.py). Formulas and fonts are cached like diagrams (hooks/render_cache.py).

It runs in `on_post_page`, after the theme. The search index leaves formulas out
(`data-search-exclude`): TeX source is no words to search for, it showed as raw `\\(…\\)` in
the results, and it was a tenth of the index that every first visit downloads.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import font_subset
from render_cache import RenderCache

log = logging.getLogger("mkdocs.hooks.maths")

KATEX = Path("node_modules/katex")
VENDOR = "assets/vendor/katex"
OPTIONS = {"output": "htmlAndMathml", "throwOnError": True, "strict": "ignore"}
FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex"(?: data-search-exclude)?>'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"</(?P=tag)>",
    re.DOTALL,
)

_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    package = json.loads((root / KATEX / "package.json").read_text("utf-8"))
    _state.update(
        root=root,
        dist=root / KATEX / "dist",
        cache=RenderCache(root, "katex", package["version"], OPTIONS),
        fonts=RenderCache(root, "katex-fonts", package["version"],
                          "woff2, every feature, own timestamp"),
        chars=set(),
        engine=None,
    )
    return config


def on_files(files, config):
    # KaTeX's stylesheet and fonts, served by the site itself; its scripts are not shipped.
    dist: Path = _state["dist"]
    assets = [dist / "katex.min.css", *sorted((dist / "fonts").iterdir())]
    for path in assets:
        uri = f"{VENDOR}/{path.relative_to(dist).as_posix()}"
        stale = files.get_file_from_path(uri)
        if stale is not None:  # a copy left in docs/ by an older build
            files.remove(stale)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


# Fonts a page's formulas use, by a class KaTeX writes for them. Preloaded, they arrive with
# the stylesheet instead of one by one after layout, each arrival laying out the page again.
FONTS = {
    "KaTeX_Main-Regular": "katex",
    "KaTeX_Math-Italic": "mathnormal",
    "KaTeX_Main-Bold": "mathbf",
    "KaTeX_Size1-Regular": "delimsizing size1",
    "KaTeX_Size2-Regular": "delimsizing size2",
    "KaTeX_AMS-Regular": "amsrm",
}


def on_page_content(html, page, config, files):
    for tag in ("span", "div"):
        html = html.replace(f'<{tag} class="arithmatex">',
                            f'<{tag} class="arithmatex" data-search-exclude>')
    return html


def on_post_page(output, page, config):
    if 'class="arithmatex"' not in output:
        return output
    typeset = FORMULA.sub(lambda m: _typeset(m, page), output)
    css = get_relative_url(f"{VENDOR}/katex.min.css", page.url)
    links = [f'<link rel="stylesheet" href="{css}">']
    for font, used_by in FONTS.items():
        if f'class="{used_by}' in typeset or f" {used_by}" in typeset:
            href = get_relative_url(f"{VENDOR}/fonts/{font}.woff2", page.url)
            links.append(f'<link rel="preload" href="{href}" as="font" type="font/woff2" '
                         "crossorigin>")
    return typeset.replace("</head>", "\n".join(links) + "\n</head>", 1)


def _typeset(m: re.Match, page) -> str:
    display = m["display"] is not None
    tex = html.unescape(m["display"] if display else m["inline"])
    cache: RenderCache = _state["cache"]
    key = cache.key(f"{int(display)}{tex}")
    markup = cache.get(key)
    if markup is None:
        try:
            options = {**OPTIONS, "displayMode": display}
            markup = _engine().call("katex.renderToString", tex, options)
        except Exception as exc:  # mini-racer raises its own JS error types
            log.warning("docs/%s:%s: KaTeX cannot typeset %r: %s", page.file.src_uri,
                        _line(page, tex), tex, " ".join(str(exc).split("\n")[0].split()))
            return m.group(0)
        cache.put(key, markup)
    _state["chars"] |= font_subset.characters(markup)
    return f'<{m["tag"]} class="arithmatex">{markup}</{m["tag"]}>'


def on_post_build(config):
    # Every page is typeset by now: each WOFF2 font MkDocs copied becomes its subset.
    chars: set[str] = _state["chars"]
    if not chars:
        return
    fonts: RenderCache = _state["fonts"]
    keyed = "".join(sorted(chars))
    for source in sorted((_state["dist"] / "fonts").glob("*.woff2")):
        target = Path(config.site_dir) / VENDOR / "fonts" / source.name
        if not target.is_file():
            continue
        key = fonts.key(f"{source.name}\0{keyed}")
        data = fonts.get_bytes(key)
        if data is None:
            data = font_subset.subset_woff2(source.read_bytes(), chars)
            fonts.put(key, data)
        target.write_bytes(data)


def _line(page, tex: str) -> int | str:
    source = page.file.content_string
    at = source.find(tex.strip().split("\n")[0])
    return source.count("\n", 0, at) + 1 if at >= 0 else "?"


def _engine():
    if _state["engine"] is None:
        from py_mini_racer import MiniRacer

        engine = MiniRacer()
        engine.eval((_state["dist"] / "katex.min.js").read_text("utf-8"))
        _state["engine"] = engine
    return _state["engine"]
