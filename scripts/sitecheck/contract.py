"""The deep-dive page contract, checked on one page's source: front matter against
page_contract.schema.json, then the body: `# title`, a lead paragraph, the `##` sections in
order, a Mermaid diagram in "How it works", 3-5 questions, the word count and TODO markers.

Pure: a page path and its text in, Finding records with 1-based lines out. It applies to a page
whose front matter says `type: deep-dive`, so a new kind of page opts in by saying what it is.
"""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .findings import Finding, finding

DEEP_DIVE = "deep-dive"
_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_QUESTION = re.compile(r"^\s*\?\?\?\+?\s+question\b")
_TODO = re.compile(r"\bTODO\b")
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")
_MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<!\\)\$[^$\n]+\$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


@cache
def schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("page_contract.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@dataclass(frozen=True)
class _FrontMatter:
    data: Any
    node: yaml.Node | None
    first_line: int  # 1-based line of the first YAML line (after the opening ---)
    body_start: int  # 0-based index of the first body line


def _split(lines: list[str]) -> _FrontMatter | None:
    """The front matter between a first-line `---` and the next `---` or `...`, as MkDocs reads."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return None
    text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        return _FrontMatter(exc, None, line, end + 1)
    return _FrontMatter(data, node, 2, end + 1)


def declares_deep_dive(text: str) -> bool:
    """True when the page's front matter says `type: deep-dive`."""
    front = _split(text.split("\n"))
    return (
        front is not None and isinstance(front.data, dict) and front.data.get("type") == DEEP_DIVE
    )


def _node_at(node: yaml.Node | None, path: list[Any]) -> yaml.Node | None:
    """The YAML node of a key path such as ['prerequisites', 1], or None."""
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
            if node is None:
                return None
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return None
            node = node.value[step]
        else:
            return None
    return node


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if getattr(k, "value", None) == key), None)
    return None


def _schema_message(error: Any) -> str:
    path = list(error.absolute_path)
    key = path[0] if path else None
    if error.validator == "required":
        return f"front matter: {error.message}"
    if key == "summary" and error.validator == "pattern":
        return "front matter 'summary' must be one line of text"
    if key == "prerequisites" and error.validator == "pattern":
        return (f"prerequisite {error.instance!r} must be a .md path relative to docs/, "
                "such as 'deep-learning/neural-networks.md'")
    if key == "type" and error.validator == "const":
        return f"front matter 'type' is {error.instance!r}, not 'deep-dive'"
    return f"front matter '{'.'.join(map(str, path))}': {error.message}"


def _front_matter(
    path: str, src_uri: str, front: _FrontMatter, pages: Collection[str]
) -> Iterator[Finding]:
    if isinstance(front.data, yaml.YAMLError):
        problem = getattr(front.data, "problem", None) or "invalid YAML"
        yield finding(path, front.first_line, 1, "contract-front-matter",
                      f"front matter is not valid YAML: {problem}")
        return
    bad: set[tuple[Any, ...]] = set()
    for error in sorted(_validator().iter_errors(front.data), key=lambda e: list(e.path)):
        where = list(error.absolute_path)
        bad.add(tuple(where))
        if not where:  # a missing key has no line: the front matter's opening ---
            node = None
        elif len(where) == 1:
            node = _key_node(front.node, where[0])
        else:
            node = _node_at(front.node, where)
        line = front.first_line + node.start_mark.line if node is not None else 1
        column = node.start_mark.column + 1 if node is not None else 1
        yield finding(path, line, column, "contract-front-matter", _schema_message(error))
    prerequisites = front.data.get("prerequisites") if isinstance(front.data, dict) else None
    if not isinstance(prerequisites, list):
        return
    page_dir = posixpath.dirname(src_uri)
    for k, item in enumerate(prerequisites):
        if not isinstance(item, str) or item in pages or ("prerequisites", k) in bad:
            continue
        node = _node_at(front.node, ["prerequisites", k])
        line = front.first_line + node.start_mark.line if node is not None else 1
        column = node.start_mark.column + 1 if node is not None else 1
        relative = posixpath.normpath(posixpath.join(page_dir, item))
        if relative in pages:  # written relative to the page, the usual slip
            hint = relative
        else:
            near = difflib.get_close_matches(item, list(pages), n=1, cutoff=0.6)
            hint = near[0] if near else None
        yield finding(path, line, column, "contract-prerequisite",
                      f"prerequisite '{item}' is not a page of the site "
                      "(prerequisites are relative to docs/)", hint)


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    text: str
    fenced: bool
    fence_lang: str | None  # the language of the fence this line opens, if it opens one


def _body_lines(lines: list[str], start: int) -> list[_Line]:
    out: list[_Line] = []
    fence: tuple[str, int] | None = None  # (character, length) of the open fence
    for k in range(start, len(lines)):
        text = lines[k]
        if fence is None:
            m = _FENCE_OPEN.match(text)
            if m:
                fence = (m.group(2)[0], len(m.group(2)))
                out.append(_Line(k + 1, text, True, m.group(3).lower() or ""))
                continue
            out.append(_Line(k + 1, text, False, None))
        else:
            stripped = text.strip()
            char, size = fence
            if stripped and set(stripped) == {char} and len(stripped) >= size:
                fence = None
            out.append(_Line(k + 1, text, True, None))
    return out


def _prose_words(lines: list[_Line]) -> int:
    text = "\n".join(
        ln.text for ln in lines if not ln.fenced and not _HEADING.match(ln.text)
    )
    for pattern in (_COMMENT, _MATH_BLOCK, _INLINE_MATH, _LINK_TARGET, _TAG):
        text = pattern.sub(" ", text)
    return len(_WORD.findall(text))


def _body(path: str, lines: list[_Line], title: Any) -> Iterator[Finding]:
    contract = schema()
    sections: list[str] = contract["x-atlas-sections"]
    content = [ln for ln in lines if ln.text.strip()]
    first = content[0] if content else None
    if first is None or first.fenced or not first.text.startswith("# "):
        where = first.number if first else (lines[0].number if lines else 1)
        yield finding(path, where, 1, "contract-section",
                      "a deep-dive starts with its title as '# ' heading after the front matter",
                      f"# {title}" if isinstance(title, str) else None)
    headings = [
        (ln, _ATTRS.sub("", m.group(2)))
        for ln in lines
        if not ln.fenced and (m := _HEADING.match(ln.text)) and len(m.group(1)) == 2
    ]
    if first is not None and first.text.startswith("# "):
        until = headings[0][0].number if headings else lines[-1].number + 1
        lead = [ln for ln in content if first.number < ln.number < until and not ln.fenced]
        if not any(not ln.text.lstrip().startswith(("#", "!!!", "???")) for ln in lead):
            yield finding(path, first.number, 1, "contract-section",
                          "a lead paragraph must follow the title, before the first section")
    found: dict[str, _Line] = {}
    highest = -1
    for ln, text in headings:
        if text not in sections:
            near = [s for s in sections if s.startswith(text) or text.startswith(s)]
            near = near or difflib.get_close_matches(text, sections, n=1, cutoff=0.6)
            yield finding(path, ln.number, 1, "contract-section",
                          f"'## {text}' is not a section of a deep-dive (use ### inside one)",
                          f"## {near[0]}" if near else None)
            continue
        if text in found:
            yield finding(path, ln.number, 1, "contract-section",
                          f"'## {text}' appears twice (first on line {found[text].number})")
            continue
        found[text] = ln
        index = sections.index(text)
        if index < highest:
            yield finding(path, ln.number, 1, "contract-section",
                          f"'## {text}' is out of order: it comes before "
                          f"'## {sections[highest]}'")
        highest = max(highest, index)
    end = lines[-1].number if lines else 1
    for index, name in enumerate(sections):
        if name in found:
            continue
        later = [found[s].number for s in sections[index + 1:] if s in found]
        yield finding(path, min(later) if later else end, 1, "contract-section",
                      f"missing section '## {name}'")

    def section(name: str) -> list[_Line]:
        if name not in found:
            return []
        start = found[name].number
        stops = [ln.number for ln, _ in headings if ln.number > start]
        stop = min(stops) if stops else end + 1
        return [ln for ln in lines if start < ln.number < stop]

    diagram = contract["x-atlas-diagram-section"]
    if diagram in found and not any(ln.fence_lang == "mermaid" for ln in section(diagram)):
        yield finding(path, found[diagram].number, 1, "contract-diagram",
                      f"'## {diagram}' needs a Mermaid diagram of the mechanism")
    questions = contract["x-atlas-questions-section"]
    low, high = contract["x-atlas-questions"]["min"], contract["x-atlas-questions"]["max"]
    if questions in found:
        count = sum(1 for ln in section(questions) if not ln.fenced and _QUESTION.match(ln.text))
        if not low <= count <= high:
            yield finding(path, found[questions].number, 1, "contract-questions",
                          f"'## {questions}' has {count} '??? question' admonitions; "
                          f"a deep-dive has {low} to {high}")
    words = _prose_words(lines)
    low, high = contract["x-atlas-words"]["min"], contract["x-atlas-words"]["max"]
    if not low <= words <= high:
        where = first.number if first is not None else 1
        yield finding(path, where, 1, "contract-words",
                      f"{words} words of prose; a deep-dive has {low:,} to {high:,}")


def check_page(path: str, text: str, pages: Collection[str], src_uri: str = "") -> list[Finding]:
    """Findings of the contract on one deep-dive page.

    `path` names the page in findings (relative to the config file's folder) and `src_uri` is
    the same page relative to docs_dir; `pages` holds every page of the site relative to
    docs_dir, for the prerequisites."""
    lines = text.split("\n")
    front = _split(lines)
    if front is None:
        return [finding(path, 1, 1, "contract-front-matter",
                        "a deep-dive starts with front matter between '---' lines")]
    out = list(_front_matter(path, src_uri, front, pages))
    title = front.data.get("title") if isinstance(front.data, dict) else None
    out.extend(_body(path, _body_lines(lines, front.body_start), title))
    for number, line in enumerate(lines, start=1):
        for m in _TODO.finditer(line):
            rest = " ".join(line[m.start():].split())
            if len(rest) > 70:
                rest = rest[:69] + "…"
            out.append(finding(path, number, m.start() + 1, "contract-todo",
                               f"TODO marker left in the page: {rest}"))
    return sorted(out, key=lambda f: (f.line, f.column, f.rule))
