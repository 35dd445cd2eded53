"""The Makefile targets an author uses: serve is not strict and takes PORT (a busy port is one
line), check passes the checker's exit code on and takes ARGS, and help lists every target."""

from __future__ import annotations

import json
import re
import socket
import subprocess

from authoring_support import ROOT


def make(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_a_busy_port_is_one_line_and_nothing_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = make("serve", f"PORT={port}")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"make serve: port {port} on 127.0.0.1 is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_is_not_strict_but_build_is():
    serve = make("-n", "serve", "PORT=8765").stdout
    assert re.search(r"mkdocs serve --no-strict --dev-addr 127\.0\.0\.1:8765$", serve, re.M)
    assert re.search(r"mkdocs build --strict$", make("-n", "build").stdout, re.M)


def test_check_takes_args_and_keeps_the_checkers_exit_code(site):
    result = make("-s", "check", 'ARGS=--format json')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["errors"] == 0
    index = site / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace("(topics/first.md)", "(topics/frist.md)"),
                     "utf-8")
    result = make("check", f"ARGS=--config {site / 'mkdocs.yml'}")
    assert "Error 1" in result.stderr  # errors found
    result = make("check", f"ARGS=--config {site / 'nope.yml'}")
    assert "Error 2" in result.stderr  # the check could not run


def test_help_lists_every_target():
    plain = re.sub(r"\x1b\[[0-9;]*m", "", make("help").stdout)
    listed = {line.split()[0] for line in plain.splitlines() if line.strip()}
    text = (ROOT / "Makefile").read_text("utf-8")
    phony = set(re.search(r"^\.PHONY: (.*)$", text, re.M).group(1).split())
    assert listed == phony
    assert {"clean", "new-page", "serve", "check", "test"} <= listed
