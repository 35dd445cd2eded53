#!/usr/bin/env python3
"""`make bench`: how fast the site checker is, against `mkdocs build --strict` and at scale.

It generates clean sites into build/bench/ (2,000 pages with 40,000+ links and 1,000 diagrams,
then 4 times the pages), checks them, builds the first with `mkdocs build --strict`, times the
checker on the Atlas, prints a Markdown table and exits 1 when a target is missed:

* the checker finds nothing on the generated sites (they are clean: the build passes);
* on the 2,000-page site, the checker with a cold Mermaid cache is at least 8 times faster
  than `mkdocs build --strict`, in the same run;
* 4 times the pages cost at most 4.5 times the checker's time.

The checker runs MkDocs' own page pipeline (without the theme), so its time follows MkDocs'
rendering: it is reported cold (no Mermaid verdict cache) and warm (every verdict cached).
Times are wall-clock times of whole commands, interpreter start-up included; the checker's
are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "scripts" / "check_site.py"
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
PAGES_PER_SECTION = 50
FIGURES = 20

CONFIG = """\
site_name: Checker benchmark ({pages} pages)
strict: true
validation:
  nav:
    omitted_files: warn
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - navigation.indexes
    - content.code.copy
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
"""

FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#{0:02x}{0:02x}aa"/></svg>\n'
)


def _sec(s: int) -> str:
    return f"sec-{s:03d}"


def _topic(p: int) -> str:
    return "index" if p == 0 else f"topic-{p:02d}"


def _dir(p: int) -> str:
    """The built URL of topic p, relative to its section's folder."""
    return "" if p == 0 else f"{_topic(p)}/"


def _diagram(s: int, p: int, sections: int) -> str:
    """A diagram of the kind the Atlas draws; most are flowcharts with click targets."""
    other = _sec((s + 7) % sections)
    kind = (s * PAGES_PER_SECTION + p) // 2 % 10
    here = "../" if p else ""  # the page's built URL is sec-x/topic-y/ or sec-x/
    if kind == 7:
        return (
            "sequenceDiagram\n"
            f"    participant S as Student {s}\n    participant T as Tutor\n"
            f"    S->>T: Question about topic {p}\n    T-->>S: Worked example\n"
            "    S-)T: Thanks"
        )
    if kind == 8:
        return (
            f"classDiagram\n    class Layer{p}\n    class Dense\n    Layer{p} <|-- Dense\n"
            f"    Dense : +forward(x)\n    click Dense href \"{here}{_dir((p + 2) % 50)}\""
        )
    if kind == 9:
        return (
            f"mindmap\n  root((Section {s}))\n    Ideas\n      Topic {p}\n"
            f"      Topic {(p + 1) % 50}\n    Practice\n      Exercises"
        )
    q = (p + 3) % PAGES_PER_SECTION
    r = (p + 11) % PAGES_PER_SECTION
    return (
        "flowchart LR\n"
        f"    A([Topic {s}.{p}]) --> B[Overview]\n"
        "    B --> C{Key idea?}\n"
        f"    C -->|yes| D[Worked example]\n"
        f"    C -->|no| E[Read topic {q}]\n"
        "    D --> F((Done))\n"
        "    E --> F\n"
        f'    click B href "#overview" "Overview"\n'
        f'    click E href "{here}{_dir(q)}" "Topic {q}"\n'
        f'    click F "{here}../{other}/{_dir(r)}#key-ideas"'
    )


def _page(s: int, p: int, sections: int, with_diagram: bool) -> str:
    """Page p of section s."""
    n = PAGES_PER_SECTION
    prev_p, next_p = (p - 1) % n, (p + 1) % n
    to_dir = "../" if p else ""  # from the built URL of this page to its section's folder
    cross = []
    for k in range(6):
        s2 = (s + 1 + 3 * k) % sections
        p2 = (p + 5 * k + 1) % n
        anchor = ["overview", "key-ideas", "key-ideas_1", "worked-example", "further-reading",
                  "notes"][k]
        cross.append(f"[topic {s2}.{p2}](../{_sec(s2)}/{_topic(p2)}.md#{anchor})")
    fig = (s + p) % FIGURES
    text = f"""---
title: Topic {s}.{p}
---

# Topic {s}.{p}: a page of section {s}

Start with the [previous topic]({_topic(prev_p)}.md) or go on to the
[next one]({_topic(next_p)}.md "Next"). The [section](index.md) lists them all, and the
[home page](../index.md) the sections. See also {", ".join(cross[:3])}.

## Overview

This topic builds on {", ".join(cross[3:])}. Inline code such as
`[not a link](nowhere.md)` is not checked, and neither is this:

```markdown
[an example link](example.md)
```

![Figure {fig}](../assets/fig-{fig:02d}.svg)

## Key ideas

- The [overview](#overview) comes first; the [worked example](#worked-example) after.
- A reference to [the next topic][next] and one to [the section][section].
- Footnotes work as well[^1].

!!! tip "Practice"

    Try the [exercises](#further-reading) before the [notes](#notes).

## Worked example

=== "Step 1"

    Read the [second key ideas](#key-ideas_1) section.

=== "Step 2"

    <a href="{to_dir}{_dir(next_p)}">Raw HTML to the next page</a>
    <img src="{to_dir}../assets/fig-{(fig + 1) % FIGURES:02d}.svg" alt="figure">

## Key ideas

A second section with the same heading gets the id `key-ideas_1`.

## Further reading

The [same page](#overview) again, and [an anchor elsewhere](../{_sec(s)}/index.md#overview).

### Notes

[^1]: A footnote.

[next]: {_topic(next_p)}.md
[section]: index.md#key-ideas
"""
    if with_diagram:
        text += f"\n## Map\n\n```mermaid\n{_diagram(s, p, sections)}\n```\n"
    return text


def generate(folder: Path, pages: int, diagrams: int) -> dict[str, int]:
    """Write a clean site of `pages` pages, `diagrams` of them with a diagram."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    (docs / "assets").mkdir(parents=True)
    for k in range(FIGURES):
        (docs / "assets" / f"fig-{k:02d}.svg").write_text(FIGURE.format(k * 12))
    sections = max(1, pages // PAGES_PER_SECTION)
    every = max(1, (sections * PAGES_PER_SECTION) // max(1, diagrams))
    drawn = 0
    nav = ["nav:", "  - Home: index.md"]
    home = ["# Benchmark site", "", *(f"- [Section {s}]({_sec(s)}/index.md)" for s in
                                        range(sections))]
    (docs / "index.md").write_text("\n".join(home) + "\n")
    for s in range(sections):
        (docs / _sec(s)).mkdir()
        nav.append(f"  - Section {s}:")
        for p in range(PAGES_PER_SECTION):
            index = s * PAGES_PER_SECTION + p
            with_diagram = index % every == 0 and drawn < diagrams
            drawn += with_diagram
            text = _page(s, p, sections, with_diagram)
            (docs / _sec(s) / f"{_topic(p)}.md").write_text(text)
            nav.append(f"      - {_sec(s)}/{_topic(p)}.md")
    (folder / "mkdocs.yml").write_text(CONFIG.format(pages=sections * PAGES_PER_SECTION + 1)
                                       + "\n".join(nav) + "\n")
    return {"pages": sections * PAGES_PER_SECTION + 1, "diagrams": drawn}


def _cpu() -> float:
    """CPU seconds of the finished child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of the last timed command, by label: load-independent, unlike wall clock
CPU: dict[str, float] = {}


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def time_checker(config: Path, repeat: int, warm: bool) -> tuple[float, dict, list[float]]:
    """Cold: the Mermaid verdict cache is emptied before each run; warm: it is filled first."""
    cache = config.parent / ".cache" / "bench-mermaid.sqlite"
    env = {**_env(), "CHECK_SITE_MERMAID_CACHE": str(cache)}
    command = [sys.executable, str(CHECKER), "--config", str(config), "--format", "json",
               "--mermaid", str(MERMAID)]
    if warm:
        subprocess.run(command, capture_output=True, text=True, env=env)
    times = []
    cpus = []
    data: dict = {}
    for _ in range(repeat):
        if not warm:
            cache.unlink(missing_ok=True)
        started, cpu = time.perf_counter(), _cpu()
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
        if result.returncode == 2:
            raise SystemExit(f"bench: the checker could not run: {result.stderr.strip()}")
        data = json.loads(result.stdout)
    CPU[f"{config}:{'warm' if warm else 'cold'}"] = statistics.median(cpus)
    return statistics.median(times), data, times


def time_mkdocs(config: Path) -> float:
    site = config.parent / "site"
    started, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(
        # not --quiet, which hides the warnings that --strict counts
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "-d", str(site)],
        capture_output=True, text=True, env=_env(),
    )
    elapsed = time.perf_counter() - started
    CPU[f"{config}:mkdocs"] = _cpu() - cpu
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SystemExit("bench: mkdocs build --strict failed:\n" + "\n".join(tail))
    shutil.rmtree(site, ignore_errors=True)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--diagrams", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="checker runs per site (median)")
    parser.add_argument("--mkdocs-at-scale", action="store_true",
                        help="also time mkdocs build on the scaled site (slow)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--skip-atlas", action="store_true", help="do not time the Atlas")
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str, str]] = []
    missed: list[str] = []

    def target(name: str, value: str, goal: str, ok: bool) -> None:
        rows.append((name, value, goal, "yes" if ok else "**no**"))
        if not ok:
            missed.append(name)

    atlas = ROOT / "mkdocs.yml"
    if atlas.is_file() and not args.skip_atlas:
        seconds, data, _ = time_checker(atlas, args.repeat, warm=False)
        s = data["summary"]
        label = f"Atlas ({s['files']} pages, {s['links']} links, {s['diagrams']} diagrams)"
        target(f"{label}: checker, cold", f"{seconds:.2f} s", "—", True)
        target(f"{label}: findings", str(len(data["findings"])), "0", not data["findings"])

    base = args.out / f"{args.pages}"
    sizes = generate(base, args.pages, args.diagrams)
    checker, data, _ = time_checker(base / "mkdocs.yml", args.repeat, warm=False)
    s = data["summary"]
    label = f"{sizes['pages']} pages, {s['links']} links, {s['diagrams']} diagrams"
    target(f"{label}: checker, cold", f"{checker:.2f} s", "—", True)
    warm, warm_data, _ = time_checker(base / "mkdocs.yml", args.repeat, warm=True)
    target(f"{label}: checker, warm (Mermaid verdicts cached)", f"{warm:.2f} s", "—", True)
    target(f"{label}: findings", str(len(data["findings"])), "0",
           not data["findings"] and not warm_data["findings"])
    target(f"{label}: links checked", str(s["links"]), "≥ 40,000", s["links"] >= 40000)
    mkdocs = time_mkdocs(base / "mkdocs.yml")
    ratio = mkdocs / checker
    target(f"{label}: `mkdocs build --strict`", f"{mkdocs:.2f} s", "—", True)
    target("checker (cold) speed-up over `mkdocs build --strict`", f"{ratio:.1f}x", "≥ 8x",
           ratio >= 8)
    target("checker (warm) speed-up over `mkdocs build --strict`", f"{mkdocs / warm:.1f}x", "—",
           True)
    cpu = {k.rsplit(":", 1)[1]: v for k, v in CPU.items() if k.startswith(str(base))}
    target(f"{label}: CPU seconds, checker cold / warm / `mkdocs build --strict`",
           f"{cpu['cold']:.1f} / {cpu['warm']:.1f} / {cpu['mkdocs']:.1f}", "—", True)

    if args.scale > 1:
        big = args.out / f"{args.pages * args.scale}"
        big_sizes = generate(big, args.pages * args.scale, args.diagrams * args.scale)
        big_checker, big_data, _ = time_checker(big / "mkdocs.yml", args.repeat, warm=False)
        b = big_data["summary"]
        big_label = f"{big_sizes['pages']} pages, {b['links']} links, {b['diagrams']} diagrams"
        target(f"{big_label}: checker, cold", f"{big_checker:.2f} s", "—", True)
        target(f"{big_label}: findings", str(len(big_data["findings"])), "0",
               not big_data["findings"])
        growth = big_checker / checker
        target(f"checker time for {args.scale}x the pages", f"{growth:.2f}x", "≤ 4.5x",
               growth <= 4.5)
        if args.mkdocs_at_scale:
            big_mkdocs = time_mkdocs(big / "mkdocs.yml")
            target(f"{big_label}: `mkdocs build --strict`", f"{big_mkdocs:.2f} s", "—", True)
            target(f"checker speed-up at {args.scale}x the pages",
                   f"{big_mkdocs / big_checker:.1f}x", "—", True)

    python = Path(sys.executable)
    shown = os.path.relpath(python, ROOT) if python.is_relative_to(ROOT) else python.name
    print(f"Command: {shown} scripts/bench.py "
          f"{' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    print()
    print("| Measure | Result | Target | Met |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if missed:
        print(f"\nbench: missed: {'; '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
