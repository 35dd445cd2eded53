"""The command line of the site checker: arguments, the one-line exit-2 message, the output.

Exit codes: 0 no errors, 1 errors found, 2 the check could not run. `scripts/check_site.py` and
the `check-site` console script both call `main`."""

from __future__ import annotations

import argparse
import os
import sys
import time

PROG = "check_site"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{PROG}: error: {message}\n")


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {value!r}")
    return number


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value!r}")
    return number


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog=PROG,
        description="Check every link, anchor, nav entry, image and Mermaid diagram of a MkDocs "
        "site, as the built site will have them. Exit codes: 0 no errors, 1 errors found, "
        "2 the check could not run.",
    )
    parser.add_argument("--config", default="mkdocs.yml", metavar="PATH",
                        help="the site's config file (default: ./mkdocs.yml)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--external", action="store_true",
                        help="also check external http(s) links (cached, see CHECK_SITE_CACHE)")
    parser.add_argument("--mermaid", metavar="PATH",
                        help="the mermaid.min.js to parse diagrams with (default: the one in "
                        "node_modules/mermaid/dist next to the config file)")
    parser.add_argument("--timeout", type=_positive, default=10.0, metavar="SECONDS",
                        help="time limit for parsing one batch of diagrams; a diagram that "
                        "runs over on its own is reported (default: 10)")
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="Mermaid processes to use at most (default: one per CPU core)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    pool = None
    try:
        # Mermaid's V8 starts first, so that it loads while Python imports and loads MkDocs
        from .mermaid import start_pool

        pool = start_pool(args.config, args.mermaid, args.timeout, args.jobs)
        from .checker import Options, check
        from .formats import FORMATS

        options = Options(
            config=args.config,
            external=args.external,
            mermaid=args.mermaid,
            timeout=args.timeout,
            jobs=args.jobs,
        )
        report = check(options, pool=pool, started=started)
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # one line, never a traceback
        if pool is not None:
            pool.close()  # already closed if check() ran; stopping twice is harmless
        if os.environ.get("CHECK_SITE_DEBUG"):
            raise
        known = type(exc).__name__ == "CheckError"  # sitecheck may not even have imported
        message = str(exc) if known else f"internal error: {type(exc).__name__}: {exc}"
        print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
        return 2
    sys.stdout.write(FORMATS[args.format](report))
    sys.stdout.flush()
    return 1 if report.errors else 0
