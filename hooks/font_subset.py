"""KaTeX's fonts cut down to the characters the site's formulas use.

KaTeX ships each font whole (Main-Regular alone is 26 KB), for every formula anyone could
write. A built page knows exactly which characters its typeset formulas hold, so the site
serves each WOFF2 font with only those (fontTools, the subsetter of the Python font world),
and keeps every OpenType feature, so kerning and ligatures stay as KaTeX drew them. The
characters are the union over every page, so one cached set of files serves the whole site.
The WOFF and TrueType fallbacks, fetched only by browsers without WOFF2, stay whole.
"""

from __future__ import annotations

import html
import io
import re

from fontTools import subset
from fontTools.ttLib import TTFont

_TEXT = re.compile(r">([^<]+)<")
# The TeX source that KaTeX keeps in the MathML for screen readers and copying: never drawn
_ANNOTATION = re.compile(r"<annotation\b.*?</annotation>", re.DOTALL)


def characters(markup: str) -> set[str]:
    """Every character of a formula's typeset HTML and MathML text."""
    found: set[str] = set()
    for text in _TEXT.findall(_ANNOTATION.sub("", markup)):
        found.update(html.unescape(text))
    return found


def subset_woff2(font: bytes, chars: set[str]) -> bytes:
    """`font` (WOFF2) with only the glyphs for `chars`, still WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    # The original's timestamp, not the time of the build: the same input gives the same file
    with TTFont(io.BytesIO(font), recalcTimestamp=False) as face:
        subsetter.subset(face)
        out = io.BytesIO()
        face.flavor = "woff2"
        face.save(out)
    return out.getvalue()
