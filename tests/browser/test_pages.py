"""Every built page, at the root and under /atlas/: clean, drawn, and self-contained."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from diagram_text import markdown_diagrams

pytestmark = pytest.mark.browser

BASES = ["root", "atlas"]
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@pytest.mark.parametrize("base", BASES)
def test_page_has_no_page_or_console_errors(atlas, base, page_url):
    visit = atlas.visit(base, page_url)
    assert visit.status == 200, f"{visit.url} answered {visit.status}"
    assert visit.page_errors == [], f"{visit.url} threw"
    assert visit.console_errors == [], f"{visit.url} logged errors"


@pytest.mark.parametrize("base", BASES)
def test_every_mermaid_block_is_an_svg_without_error(atlas, base, page_url):
    visit = atlas.visit(base, page_url)
    blocks = visit.snapshot["blocks"]
    assert len(blocks) == visit.expected_blocks, (
        f"{visit.url}: {visit.expected_blocks} Mermaid blocks built, {len(blocks)} on the page"
    )
    problems = []
    for number, block in enumerate(blocks, 1):
        if block["tag"] != "div" or not block["svg"]:
            problems.append(f"diagram {number} was never drawn (still a <{block['tag']}>)")
        elif block["error"]:
            problems.append(f"diagram {number} is Mermaid's error graphic")
    if visit.snapshot["strayErrorGraphics"]:
        problems.append("a Mermaid error graphic was left in the page")
    assert problems == [], f"{visit.url}: {problems}; page errors: {visit.page_errors}"


@pytest.mark.parametrize("base", BASES)
def test_page_loads_nothing_from_another_host(atlas, base, page_url):
    visit = atlas.visit(base, page_url)
    assert visit.requests > 1, f"{visit.url}: no requests recorded, so none were checked"
    assert visit.foreign == [], f"{visit.url} reached out to other hosts"


@pytest.mark.parametrize("base", BASES)
def test_diagram_labels_keep_their_line_breaks(atlas, base, page_url):
    """`A[one<br/>two]` must show two lines, not "onetwo", as the Markdown wrote it."""
    visit = atlas.visit(base, page_url)
    written = [len(BREAK.findall(s)) for s in markdown_diagrams(page_url)]
    drawn = [block["lineBreaks"] for block in visit.snapshot["blocks"] if not block["here"]]
    lost = [
        f"diagram {n}: {w} line breaks written, {d} drawn"
        for n, (w, d) in enumerate(zip(written, drawn, strict=False), 1)
        if d < w
    ]
    assert not lost, f"{visit.url}:\n" + "\n".join(lost)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_sub_path_server_is_like_a_github_pages_project_site(atlas):
    """Under /atlas/ only /atlas/ exists, so a root-relative link cannot pass by luck."""
    sub = atlas.servers["atlas"]
    assert _status(sub.url) == 200
    assert _status(sub.url + "deep-learning/") == 200
    assert _status(sub.origin + "/") == 404
    assert _status(sub.origin + "/deep-learning/") == 404
    assert _status(sub.url + "assets/") == 404, "a folder without index.html must not be listed"
