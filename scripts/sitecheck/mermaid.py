"""Mermaid syntax, judged by the real parser: the site's own dist/mermaid.min.js in mini-racer.

Each worker process starts one V8 context once (about 0.3 s) and then parses diagrams in
batches, passed in as one JSON string (about 10 ms a diagram). `mermaid.parse` is async and
runs in V8's microtask queue, which mini-racer cannot interrupt: a stalled parse would hang its
context for good. So every context lives in its own process, a batch has a time limit, and a
batch that runs over is killed with its process and re-run diagram by diagram in a fresh one,
so that only the diagram that stalls is reported and the rest are still checked. A second
process (both cores) is started only when enough diagrams are waiting to pay for its start-up.

Mermaid reports lines counted after it has stripped front matter, `%%{…}%%` directives, `%%`
comments and leading blank lines; `map_position` maps them back to the diagram's own lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import struct
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import BinaryIO

from .errors import CheckError

RUNTIME = Path(__file__).with_name("mermaid_runtime.js")
DEFAULT_TIMEOUT = 10.0
START_TIMEOUT = 120.0
BATCH_SIZE = 16
BATCH_CHARS = 16_000
# Diagrams waiting before another context pays for its start (~0.5 s of one core). Started
# earlier, or for fewer, a second V8 only competes for the cores with MkDocs' loading.
SECOND_WORKER_MIN = 64


@dataclass(frozen=True)
class ParseResult:
    ok: bool
    error: str | None = None
    timed_out: bool = False
    diagram_type: str | None = None
    calls: tuple[tuple[str, str, str | None], ...] = ()


def _runtime_parts() -> tuple[str, str]:
    text = RUNTIME.read_text(encoding="utf-8")
    shim, api = text.split("//== API", 1)
    return shim, api


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _send(stream: BinaryIO, message: object) -> None:
    data = json.dumps(message).encode("utf-8")
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> object:
    (size,) = struct.unpack(">I", _read_exact(stream, 4))
    return json.loads(_read_exact(stream, size))


def worker_main(js_path: str) -> None:  # pragma: no cover - runs in the worker process
    """One Mermaid context, started once; answers batches on stdin/stdout until stdin closes."""
    # the protocol keeps the real stdout; anything else written to fd 1 goes to stderr
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    try:
        from py_mini_racer import MiniRacer

        shim, api = _runtime_parts()
        ctx = MiniRacer()
        ctx.eval(shim)
        ctx.eval(Path(js_path).read_text(encoding="utf-8"))
        ctx.eval(api)
        version = ctx.eval("__sitecheck.init()").get(timeout=START_TIMEOUT)
        _send(out, ["ready", version])
    except BaseException as exc:
        lines = str(exc).strip().splitlines()
        message = " ".join(lines[0].split()) if lines else type(exc).__name__
        _send(out, ["error", f"{type(exc).__name__}: {message}"[:300]])
        return
    while True:
        try:
            payload = _receive(inp)
        except (EOFError, OSError, ValueError):
            return
        try:
            result = ctx.eval(f"__sitecheck.batch({json.dumps(payload)})").get()
            _send(out, ["done", result])
        except BaseException as exc:
            _send(out, ["error", f"{type(exc).__name__}: {exc}"[:300]])


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    state: str = "starting"  # starting, idle, busy
    batch: list[int] = field(default_factory=list)
    deadline: float = 0.0

    @property
    def stdout(self) -> BinaryIO:
        assert self.process.stdout is not None
        return self.process.stdout  # type: ignore[return-value]

    def send(self, message: object) -> None:
        assert self.process.stdin is not None
        _send(self.process.stdin, message)  # type: ignore[arg-type]


class MermaidPool:
    """Parses diagrams with up to `max_workers` Mermaid contexts, one per process."""

    def __init__(
        self,
        js_path: str | os.PathLike[str],
        timeout: float = DEFAULT_TIMEOUT,
        max_workers: int | None = None,
    ) -> None:
        self.js_path = str(js_path)
        self.timeout = timeout
        self.max_workers = max(1, max_workers or _cpu_count())
        self.texts: list[str] = []
        self.results: dict[int, ParseResult] = {}
        self.queue: deque[list[int]] = deque()
        self.current: list[int] = []
        self.current_chars = 0
        self.workers: list[_Worker] = []
        self.version: str | None = None
        self.starts = 0

    # -- workers ---------------------------------------------------------------------------

    def start_worker(self) -> None:
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from sitecheck.mermaid import worker_main; worker_main(sys.argv[2])"
        )
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(Path(__file__).resolve().parent.parent), self.js_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.starts += 1
        self.workers.append(_Worker(process, deadline=time.monotonic() + START_TIMEOUT))

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        worker.process.wait(5)
        for stream in (worker.process.stdin, worker.process.stdout):
            if stream is not None:
                stream.close()
        self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker: an idle one when its stdin closes, any other one at once."""
        for worker in list(self.workers):
            if worker.state == "idle" and worker.process.stdin is not None:
                with contextlib.suppress(OSError):
                    worker.process.stdin.close()
            else:
                with contextlib.suppress(OSError):
                    worker.process.kill()
        for worker in list(self.workers):
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(2)
            self._kill(worker)

    def __enter__(self) -> MermaidPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work ------------------------------------------------------------------------------

    def submit(self, text: str) -> int:
        """Queue a diagram; its result will be at `results[index]`."""
        index = len(self.texts)
        self.texts.append(text)
        self.current.append(index)
        self.current_chars += len(text)
        if len(self.current) >= BATCH_SIZE or self.current_chars >= BATCH_CHARS:
            self._seal()
        return index

    def _seal(self) -> None:
        if self.current:
            self.queue.append(self.current)
            self.current = []
            self.current_chars = 0

    def _waiting(self) -> int:
        return sum(len(b) for b in self.queue)

    def _scale(self) -> None:
        if not self.workers and (self.queue or self.current):
            self.start_worker()
        if (
            self.workers
            and len(self.workers) < self.max_workers
            and self._waiting() >= SECOND_WORKER_MIN * len(self.workers)
        ):
            self.start_worker()

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.state == "idle" and self.queue:
                batch = self.queue.popleft()
                worker.batch = batch
                worker.state = "busy"
                worker.deadline = time.monotonic() + self.timeout
                with contextlib.suppress(OSError):  # if it died, its closed pipe says so
                    worker.send(json.dumps([self.texts[i] for i in batch]))

    def _on_message(self, worker: _Worker) -> None:
        try:
            kind, value = _receive(worker.stdout)  # type: ignore[misc]
        except (EOFError, OSError, ValueError):
            self._on_lost(worker, "the Mermaid worker process exited")
            return
        if kind == "ready":
            worker.state = "idle"
            self.version = value
        elif kind == "done":
            for index, item in zip(worker.batch, json.loads(value), strict=True):
                self.results[index] = ParseResult(
                    ok=bool(item.get("ok")),
                    error=item.get("error"),
                    diagram_type=item.get("type"),
                    calls=tuple(tuple(c) for c in item.get("calls") or ()),
                )
            worker.batch = []
            worker.state = "idle"
        else:  # "error"
            if worker.state == "starting":
                self._kill(worker)
                raise cannot_run(self.js_path, value)
            self._on_lost(worker, value)

    def _on_lost(self, worker: _Worker, reason: str) -> None:
        """A worker ran out of time or died: kill it, re-run or report its batch."""
        batch = worker.batch
        was_starting = worker.state == "starting"
        self._kill(worker)
        if was_starting:
            raise cannot_run(self.js_path, reason)
        if len(batch) > 1:
            for index in reversed(batch):
                self.queue.appendleft([index])
        elif batch:
            self.results[batch[0]] = ParseResult(ok=False, error=reason, timed_out=True)
        if self.queue and len(self.workers) < self.max_workers:
            self.start_worker()

    def pump(self, block: float = 0.0) -> None:
        """Hand out work and collect what is done, waiting at most `block` seconds."""
        self._scale()
        self._dispatch()
        if not self.workers:
            return
        now = time.monotonic()
        pending = [w.deadline for w in self.workers if w.state != "idle"]
        soonest = min(pending, default=now + block)
        streams = {w.stdout.fileno(): w for w in self.workers}
        ready = wait(list(streams), timeout=max(0.0, min(block, soonest - now)))
        for fd in ready:
            worker = streams[fd]  # type: ignore[index]
            if worker in self.workers:
                self._on_message(worker)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.state in ("busy", "starting") and now > worker.deadline:
                seconds = self.timeout if worker.state == "busy" else START_TIMEOUT
                self._on_lost(worker, f"the Mermaid parser did not finish within {seconds:g} s")
        self._dispatch()

    def finish(self) -> list[ParseResult]:
        """Wait for every submitted diagram; results in submission order."""
        self._seal()
        while len(self.results) < len(self.texts):
            self.pump(block=0.5)
        return [self.results[i] for i in range(len(self.texts))]


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# -- Mermaid's preprocessing, replayed to map its line numbers back ---------------------------

_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_FRONT_MATTER = re.compile(
    rf"^([^\S\n\r]*)-{{3}}[{_JS_SPACE}]*[\n\r](.*?)[\n\r]\1-{{3}}[{_JS_SPACE}]*[\n\r]+", re.DOTALL
)
_JS_DOT = r"[^\n\r\u2028\u2029]"
_DIRECTIVE = re.compile(
    rf"%{{2}}\{{[{_JS_SPACE}]*(?:([A-Za-z0-9_]+)[{_JS_SPACE}]*:|([A-Za-z0-9_]+))[{_JS_SPACE}]*"
    rf"(?:([A-Za-z0-9_]+)|((?:(?!\}}%{{2}}){_JS_DOT}|\r?\n)*))?[{_JS_SPACE}]*(?:\}}%{{2}})?",
    re.IGNORECASE,
)
_SPACE_CHARS = frozenset("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)
}


def _remove(text: str, origin: list[int], spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    if not spans:
        return text, origin
    parts: list[str] = []
    kept: list[int] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        kept.extend(origin[pos:start])
        pos = end
    parts.append(text[pos:])
    kept.extend(origin[pos:])
    return "".join(parts), kept


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """What `text.replace(/^\\s*%%(?!{)[^\\n]+\\n?/gm, "")` removes, found in linear time."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    next_solid = [n] * (n + 1)  # first non-space index at or after i
    for i in range(n - 1, -1, -1):
        next_solid[i] = next_solid[i + 1] if text[i] in _SPACE_CHARS else i
    pos = 0
    while pos <= n:
        q = next_solid[pos] if pos < n else n
        if (
            text.startswith("%%", q)
            and q + 2 < n
            and text[q + 2] not in "{\n"
        ):
            end = text.find("\n", q + 2)
            end = n if end < 0 else end + 1
            spans.append((pos, end))
            pos = end
            if pos >= n:
                break
            continue
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return spans


def preprocess(text: str) -> tuple[str, list[int]]:
    """The text Mermaid's grammar sees, and for each of its characters (plus the end) the
    offset it came from in `text`."""
    origin = list(range(len(text) + 1))
    if "\r" in text:
        spans = [(m.start(), m.start() + 1) for m in re.finditer(r"\r\n", text)]
        text, origin = _remove(text, origin, spans)
        text = text.replace("\r", "\n")
    m = _FRONT_MATTER.match(text)
    if m:
        text, origin = _remove(text, origin, [(0, m.end())])
    if "%%{" in text:
        spans = [(d.start(), d.end()) for d in _DIRECTIVE.finditer(text) if d.end() > d.start()]
        text, origin = _remove(text, origin, spans)
    if "%%" in text:
        text, origin = _remove(text, origin, _comment_spans(text))
    lead = 0
    while lead < len(text) and text[lead] in _SPACE_CHARS:
        lead += 1
    if lead:
        text, origin = _remove(text, origin, [(0, lead)])
    return text, origin


def map_position(text: str, line: int | None, column: int | None) -> tuple[int, int | None] | None:
    """Mermaid's 1-based (line, column) in `text` as the diagram's own 0-based (line, column).

    A message without a line belongs to the first line Mermaid reads (where the diagram type
    stands). None when Mermaid read nothing at all (an empty diagram)."""
    processed, origin = preprocess(text)
    if not processed.strip():
        return None
    starts = [0] + [i + 1 for i, ch in enumerate(processed) if ch == "\n"]
    k = min(max((line or 1) - 1, 0), len(starts) - 1)
    offset = starts[k]
    if column:
        line_end = processed.find("\n", offset)
        line_end = len(processed) if line_end < 0 else line_end
        offset = min(offset + column - 1, line_end)
    original = origin[offset]
    orig_line = text.count("\n", 0, original)
    if not column:
        return orig_line, None
    line_start = text.rfind("\n", 0, original) + 1
    return orig_line, original - line_start


_LINE = re.compile(r"line (\d+)")
_LINE_COLUMN = re.compile(r"line (\d+), column (\d+)")
_WHERE = re.compile(r"\s+on line \d+(?:, column \d+)?")
_CARET = re.compile(r"^-*\^\s*$")


def error_position(message: str) -> tuple[int | None, int | None]:
    """Mermaid's line (and, from the Langium grammars, column) in an error message."""
    m = _LINE_COLUMN.search(message)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _LINE.search(message)
    return (int(m.group(1)), None) if m else (None, None)


def clean_message(message: str) -> str:
    """Mermaid's message on one line, without its excerpt and caret or its own line numbers."""
    message = message.replace("`\n`", "`\\n`")
    lines = message.split("\n")
    if message.startswith("No diagram type detected"):
        lines = lines[:1]
    elif len(lines) >= 3 and _CARET.match(lines[2]):
        lines = lines[:1] + lines[3:]
    text = " ".join(" ".join(lines).split())
    text = _WHERE.sub("", text)
    text = text.replace(" :", ":")
    return text if len(text) <= 300 else text[:297] + "..."


#: The build the checker ships with: the `mermaid` npm package that this repository's
#: package-lock.json pins, resolved at run time (never a copy in git).
SITE_BUILD = Path("node_modules") / "mermaid" / "dist" / "mermaid.min.js"
SHIPPED = Path(__file__).resolve().parents[2] / SITE_BUILD


def start_pool(
    config: str | os.PathLike[str], explicit: str | None, timeout: float, jobs: int | None,
    prestart: bool | None = None,
) -> MermaidPool | None:
    """A pool with its first Mermaid process starting, or None if there is no mermaid.min.js.
    Started first thing, V8 loads Mermaid while Python imports and loads MkDocs; not when the
    verdict cache already holds diagrams for this build (a warm run may need no V8 at all)."""
    root = Path(config).resolve().parent
    js = find_mermaid(root, explicit)
    if js is None:
        return None
    pool = MermaidPool(js, timeout, jobs)
    if prestart is None:
        from .mermaid_cache import MermaidCache

        prestart = not MermaidCache.warm(root, js)
    if prestart:
        pool.start_worker()
    return pool


def find_mermaid(root: Path, explicit: str | None, shipped: Path | None = None) -> Path | None:
    """The mermaid.min.js to use: `--mermaid PATH`, else the site's own node_modules (which its
    package-lock.json pins), else the build the checker ships with."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise CheckError(f"--mermaid {explicit}: no such file")
        return path
    for candidate in (root / SITE_BUILD, shipped or SHIPPED):
        if candidate.is_file():
            return candidate
    return None


def no_mermaid_message(root: Path, shipped: Path | None = None) -> str:
    """Why diagrams cannot be checked, and what to do: `npm ci` only where it would help."""
    if (root / "package.json").is_file():
        return f"{SITE_BUILD.as_posix()} not found: run `npm ci` or pass --mermaid PATH"
    return (f"the site has Mermaid diagrams, but no {SITE_BUILD.as_posix()}, and the checker's "
            f"own build ({shipped or SHIPPED}) is missing: pass --mermaid PATH")


_VERSION_IN_JS = re.compile(rb'version:"(\d+\.\d+\.\d+[^"]*)"')


def mermaid_version(js_path: str | os.PathLike[str]) -> str | None:
    """The version of a Mermaid build: its package.json's, else the one written in it."""
    path = Path(js_path)
    package = path.parent.parent / "package.json"
    try:
        data = json.loads(package.read_text("utf-8"))
        if data.get("name") == "mermaid" and data.get("version"):
            return str(data["version"])
    except (OSError, ValueError):
        pass
    try:
        with open(path, "rb") as stream:
            m = _VERSION_IN_JS.search(stream.read())
    except OSError:
        return None
    return m.group(1).decode() if m else None


def cannot_run(js_path: str, reason: str) -> CheckError:
    """The one-line message for a build that does not run in the embedded engine."""
    version = mermaid_version(js_path)
    if version is None:
        return CheckError(f"cannot run Mermaid from {js_path}: {reason}")
    advice = ""
    major = version.split(".", 1)[0]
    if major.isdigit() and int(major) < 11:
        advice = (f" (Mermaid {version} needs a browser's DOM, which the embedded V8 engine "
                  "(mini-racer) does not have: use Mermaid 11 or later)")
    return CheckError(f"cannot run Mermaid {version} from {js_path}: {reason}{advice}")
