"""What an author tells the checker to leave alone, and the report of ignores that matched nothing.

- A comment `<!-- check-site: ignore RULE[, RULE…] -->` (in a Mermaid fence, `%% check-site:
  ignore RULE`) silences those rules on its own line or, alone on a line, on the next line.
- The plugin's options in mkdocs.yml: `exclude` (glob patterns of pages, relative to docs_dir,
  whose findings are dropped) and `ignore_urls` (regular expressions; a finding about a link or
  click target that one of them matches is dropped).

An ignore that silences nothing is itself a finding (`ignore-unused`), so that stale ones go.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import CheckError
from .findings import AUTHORING_RULES, RULES, Finding, finding

_COMMENT = re.compile(
    r"(?:<!--|%%)\s*check-site:\s*ignore\s+(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)\s*(?:-->)?"
)
_QUOTED = re.compile(r"'([^']*)'")
#: Rules whose message names a link or click target as its first quoted text.
URL_RULES = frozenset({
    "link-missing", "link-case", "link-outside-docs", "anchor-missing", "image-missing",
    "click-missing", "click-anchor", "absolute-link", "external-broken", "external-rate-limited",
})


@dataclass(frozen=True)
class Settings:
    """The plugin options that ignore things; `config` is the config file's path in findings."""

    exclude: tuple[str, ...] = ()
    ignore_urls: tuple[str, ...] = ()
    config: str = "mkdocs.yml"
    config_text: str = ""
    docs_prefix: str = "docs/"  # docs_dir relative to the config folder, with a slash

    def __post_init__(self) -> None:
        for pattern in self.ignore_urls:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise CheckError(
                    f"{self.config}: check-site ignore_urls: {pattern!r} is not a regular "
                    f"expression: {exc}") from None


@dataclass
class _Comment:
    path: str
    line: int  # where the comment is written
    column: int
    target: int  # the line it applies to
    rules: tuple[str, ...]
    used: set[str] = field(default_factory=set)


def comments(path: str, text: str) -> list[_Comment]:
    """The ignore comments of one file."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        for m in _COMMENT.finditer(line):
            alone = not (line[: m.start()].strip() or line[m.end():].strip())
            rules = tuple(r.strip() for r in m.group("rules").split(","))
            out.append(_Comment(path, number, m.start() + 1, number + 1 if alone else number,
                                rules))
    return out


def _config_line(settings: Settings, pattern: str) -> int:
    """The line of mkdocs.yml that writes `pattern`, for a finding about it."""
    for number, line in enumerate(settings.config_text.split("\n"), start=1):
        if pattern in line and not line.lstrip().startswith("#"):
            return number
    return 1


def target_of(f: Finding) -> str | None:
    """The link or click target a finding is about, as written."""
    if f.rule not in URL_RULES:
        return None
    m = _QUOTED.search(f.message)
    return m.group(1) if m else None


def _excluded(path: str, settings: Settings, patterns: Iterable[str]) -> str | None:
    if not path.startswith(settings.docs_prefix):
        return None
    uri = path[len(settings.docs_prefix):]
    for pattern in patterns:
        bare = pattern.rstrip("/")
        if fnmatch.fnmatchcase(uri, pattern) or uri.startswith(bare + "/"):
            return pattern
    return None


def excluded(path: str, settings: Settings) -> bool:
    """True when the page at `path` (relative to the config folder) is excluded."""
    return _excluded(path, settings, settings.exclude) is not None


def apply(
    findings: Iterable[Finding], sources: Mapping[str, str], settings: Settings,
    pages: Iterable[str] = (),
) -> list[Finding]:
    """`findings` less what is ignored, plus an `ignore-unused` finding for each unused ignore.

    `sources` maps a path (relative to the config folder) to its text, for the comments;
    `pages` are all the site's page paths, so that an exclude pattern matching none is reported."""
    by_line: dict[tuple[str, int], list[_Comment]] = {}
    all_comments: list[_Comment] = []
    for path, text in sources.items():
        if excluded(path, settings):
            continue
        for c in comments(path, text):
            all_comments.append(c)
            by_line.setdefault((c.path, c.target), []).append(c)
    used_urls: set[str] = set()
    kept: list[Finding] = []
    for f in findings:
        if excluded(f.path, settings):
            continue
        target = target_of(f)
        if target is not None:
            hit = next((p for p in settings.ignore_urls if re.search(p, target)), None)
            if hit is not None:
                used_urls.add(hit)
                continue
        silenced = False
        for c in by_line.get((f.path, f.line), ()):
            if f.rule in c.rules:
                c.used.add(f.rule)
                silenced = True
        if not silenced:
            kept.append(f)
    for c in all_comments:
        for rule in c.rules:
            if rule not in RULES and rule not in AUTHORING_RULES:
                kept.append(finding(c.path, c.line, c.column, "ignore-unused",
                                    f"ignore comment names '{rule}', which is not a rule"))
            elif rule not in c.used:
                where = "this line" if c.target == c.line else f"line {c.target}"
                kept.append(finding(c.path, c.line, c.column, "ignore-unused",
                                    f"ignore comment for '{rule}' matches no finding on {where}"))
    for pattern in settings.ignore_urls:
        if pattern not in used_urls:
            kept.append(finding(settings.config, _config_line(settings, pattern), 1,
                                "ignore-unused",
                                f"check-site ignore_urls pattern '{pattern}' matches no finding"))
    page_list = list(pages)
    for pattern in settings.exclude:
        if not any(_excluded(p, settings, [pattern]) for p in page_list):
            kept.append(finding(settings.config, _config_line(settings, pattern), 1,
                                "ignore-unused",
                                f"check-site exclude pattern '{pattern}' matches no page"))
    return kept
