"""The Finding record: one defect at one place, and the rules that name them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

#: Every rule the checker reports, with its severity. Names are stable: CI and users match on them.
RULES: dict[str, str] = {
    "link-missing": ERROR,
    "link-case": ERROR,
    "link-outside-docs": ERROR,
    "anchor-missing": ERROR,
    "image-missing": ERROR,
    "nav-missing": ERROR,
    "mermaid-syntax": ERROR,
    "mermaid-timeout": ERROR,
    "click-missing": ERROR,
    "click-anchor": ERROR,
    "click-javascript": ERROR,
    "click-callback": ERROR,
    "not-in-nav": WARNING,
    "absolute-link": WARNING,
    "external-broken": ERROR,
    "external-rate-limited": WARNING,
    "file-encoding": ERROR,
    "build-warning": ERROR,
}

#: Rules of the checks run around the core check (sitecheck/run.py), kept apart from RULES
#: because each core rule has a golden fixture site and these are tested in tests/authoring/.
AUTHORING_RULES: dict[str, str] = {
    # the deep-dive page contract (contract.py), on pages whose front matter says type: deep-dive
    "contract-front-matter": ERROR,
    "contract-prerequisite": ERROR,
    "contract-section": ERROR,
    "contract-diagram": ERROR,
    "contract-questions": ERROR,
    "contract-words": ERROR,
    "contract-todo": ERROR,
    # an ignore comment or a plugin `exclude`/`ignore_urls` entry that matched nothing (ignores.py)
    "ignore-unused": WARNING,
}


@dataclass(frozen=True, order=True)
class Finding:
    """A defect: `path` is relative to the config file's folder, `line` and `column` are 1-based.
    `severity` is the rule's (RULES) unless the site's `validation:` settings make it another,
    as they do for `mkdocs build --strict`."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    hint: str | None = None
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", RULES.get(self.rule) or AUTHORING_RULES[self.rule])

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        return {
            "path": data["path"],
            "line": data["line"],
            "column": data["column"],
            "severity": self.severity,
            "rule": data["rule"],
            "message": data["message"],
            "hint": data["hint"],
        }


def finding(
    path: str, line: int, column: int, rule: str, message: str, hint: str | None = None,
    severity: str | None = None,
) -> Finding:
    """A Finding, with the rule checked against RULES."""
    if rule not in RULES and rule not in AUTHORING_RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if severity not in (None, ERROR, WARNING):
        raise ValueError(f"unknown severity {severity!r}")
    return Finding(path, max(1, line), max(1, column), rule, message, hint, severity or "")
