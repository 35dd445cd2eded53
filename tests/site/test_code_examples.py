"""Every Python block in docs/ runs, and prints exactly the Output block the page shows.

A worked example states its numbers in prose and in an Output block; the block's code is the
page's own proof. Running it here means a page and its code can never disagree.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(
    r'^```python[^\n]*\n(?P<code>.*?)^```[ \t]*\n\s*^```text title="Output"[^\n]*\n'
    r"(?P<output>.*?)^```[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
ANY_PYTHON = re.compile(r"^```python", re.MULTILINE)


def blocks() -> list[tuple[str, int, str, str]]:
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text("utf-8")
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append((path.relative_to(DOCS).as_posix(), line, m["code"], m["output"]))
    return found


BLOCKS = blocks()


def test_every_python_block_has_an_output_block():
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text("utf-8")
        paired = len([b for b in BLOCKS if b[0] == path.relative_to(DOCS).as_posix()])
        assert len(ANY_PYTHON.findall(text)) == paired, f"{path}: a python block with no Output"
    assert len(BLOCKS) >= 12


@pytest.mark.parametrize(("path", "line", "code", "output"), BLOCKS,
                         ids=[f"{b[0]}:{b[1]}" for b in BLOCKS])
def test_python_block_prints_what_the_page_says(path, line, code, output):
    run = subprocess.run([sys.executable, "-"], input=code, capture_output=True, text=True,
                         timeout=60, check=False)
    assert run.returncode == 0, f"docs/{path}:{line}: {run.stderr}"
    printed = [row.rstrip() for row in run.stdout.rstrip().split("\n")]
    shown = [row.rstrip() for row in output.rstrip().split("\n")]
    assert printed == shown, f"docs/{path}:{line}: the page shows other numbers"
