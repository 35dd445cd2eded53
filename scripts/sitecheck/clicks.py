"""Click targets of a diagram.

The targets themselves come from Mermaid: its grammars hand every `click`/`link`/`callback`
statement to the diagram's database (`setLink`, `setClickEvent`), and the runtime records those
calls before Mermaid sanitises anything (see mermaid_runtime.js). Mermaid does not keep line
numbers there, so the statement's line is found in the diagram text by its node ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STATEMENT = re.compile(r"^\s*(click|link|callback)\s+([^\s\"]+)", re.IGNORECASE)
# sanitize-url drops these before it looks at the scheme: so does the browser.
_INVISIBLE = re.compile(r"[\u0000-\u001F\u007F-\u009F\u2000-\u200D\uFEFF\s]")
_JAVASCRIPT = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


@dataclass(frozen=True)
class Click:
    """One click target. `line` is 0-based within the diagram text, or None if not found."""

    kind: str  # "link" or "callback"
    node: str
    target: str | None
    line: int | None


def is_script_url(url: str) -> bool:
    """True for a javascript: (or vbscript:, data:) URL, however it is disguised."""
    return bool(_JAVASCRIPT.match(_INVISIBLE.sub("", url)))


def click_statements(text: str) -> list[tuple[int, str, str, str]]:
    """(line, keyword, ids, line text) of every click-like statement, 0-based lines."""
    out = []
    for i, line in enumerate(text.split("\n")):
        m = STATEMENT.match(line)
        if m:
            out.append((i, m.group(1).lower(), m.group(2), line))
    return out


def locate_clicks(text: str, calls: tuple[tuple[str, str, str | None], ...]) -> list[Click]:
    """Mermaid's recorded calls as Clicks, each with the line of the statement it came from."""
    statements = click_statements(text)
    used: set[tuple[int, str]] = set()
    clicks: list[Click] = []
    for kind, ids, arg in calls:
        matching = [s for s in statements if s[2] == ids]
        free = [s for s in matching if (s[0], kind) not in used]
        best = [s for s in free if arg is not None and arg in s[3]]
        chosen = (best or free or matching or [None])[0]
        line = chosen[0] if chosen is not None else None
        if line is not None:
            used.add((line, kind))
        clicks.append(Click(kind, ids, arg, line))
    return clicks
