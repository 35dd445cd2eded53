"""MkDocs' own pipeline, run as `mkdocs build` runs it, without the theme's templates and
without writing a site: the judge then reads what MkDocs made, not a guess at it.

Events, in the build's order: on_startup, on_config, on_pre_build, the files (the theme's
included), on_files, the nav, on_nav; then for every page on_pre_page, on_page_read_source,
on_page_markdown, the Markdown render and on_page_content (`mkdocs.commands.build`'s
`_populate_page`, re-done here so that a page that is not UTF-8 is still rendered); then on_env,
where mkdocs-autorefs resolves its cross-references, and MkDocs' anchor validation. Skipped:
on_page_context, the templates, on_post_page and on_post_build, which need a rendered theme.

Everything MkDocs and its plugins log (INFO and up) is kept with the page being rendered: those
records are the build's own verdicts, and their levels say what `--strict` fails on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CheckError

#: Plugins known to keep no state between pages, so that pages can be rendered in forked
#: workers. Any other plugin or hook could (autorefs registers every heading it renders, the
#: blog plugin collects posts), so a site with one is rendered in one process.
STATELESS_PLUGINS = frozenset({"search", "material/search", "mermaid2"})
#: Below this many pages a second process costs more than it saves.
FORK_MIN_PAGES = 200


@dataclass(frozen=True)
class Record:
    """One line of MkDocs' log: `page` is the src_uri being rendered when it was logged."""

    level: int
    message: str
    page: str | None
    logger: str


@dataclass
class Built:
    config: Any  # MkDocsConfig
    files: Any  # mkdocs.structure.files.Files
    nav: Any  # mkdocs.structure.nav.Navigation
    pages: list[Any]  # mkdocs.structure.pages.Page, rendered
    records: list[Record] = field(default_factory=list)
    workers: int = 1
    serial_reason: str | None = None
    #: what the `digest` callback made of each page, in the process that rendered it
    digests: dict[str, Any] = field(default_factory=dict)


class _Capture(logging.Handler):
    """MkDocs' log as Records, each with the page being rendered (`page`, set by the caller)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[Record] = []
        self.page: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a plugin's broken format string must not stop the check
            message = str(record.msg)
        self.records.append(Record(record.levelno, message, self.page, record.name))


@contextlib.contextmanager
def _captured() -> Iterator[_Capture]:
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [capture]
    logger.propagate = False
    # INFO, not DEBUG: MkDocs records links to anchors only above DEBUG
    logger.setLevel(logging.INFO)
    try:
        yield capture
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _culprit(exc: BaseException, config: Any) -> str | None:
    """The plugin or hook whose code raised `exc`: the innermost frame inside one of them."""
    if config is None:
        return None
    owners: list[tuple[str, str]] = []
    try:
        items = list(config.plugins.items())
    except Exception:
        return None
    for name, plugin in items:
        module = sys.modules.get(getattr(plugin, "__module__", None) or type(plugin).__module__)
        if isinstance(plugin, type(sys)):  # a hook is a module
            module = plugin
        where = getattr(module, "__file__", None)
        if not where:
            continue
        where = os.path.realpath(where)
        top = module.__name__.split(".")[0]
        if top not in ("mkdocs",) and module.__name__ == name:  # a hook: its own file only
            owners.append((name, where))
        elif top not in ("mkdocs",):
            root = sys.modules.get(top)
            folder = os.path.dirname(os.path.realpath(getattr(root, "__file__", where) or where))
            owners.append((name, folder + os.sep))
        else:
            owners.append((name, where))
    for frame, _ in reversed(list(traceback.walk_tb(exc.__traceback__))):
        filename = os.path.realpath(frame.f_code.co_filename)
        for name, where in owners:
            if filename == where or (where.endswith(os.sep) and filename.startswith(where)):
                kind = "hook" if name.endswith(".py") else "plugin"
                return f"{kind} '{name}'"
    return None


def first_line(text: str) -> str:
    """A logged message as one line: plugins log tracebacks and Markdown inside them."""
    text = text.split("Traceback (most recent call last)", 1)[0]
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def _failure(exc: BaseException, config: Any, stage: str, capture: _Capture) -> CheckError:
    culprit = _culprit(exc, config)
    errors = [r.message for r in capture.records if r.level >= logging.ERROR
              and not r.message.startswith("Error reading page")]
    if isinstance(exc, SystemExit):  # a plugin that ends the build itself
        exc_text = f"it ended the build (exit status {exc.code})"
    else:
        exc_text = f"{type(exc).__name__}: {exc}"
    detail = first_line(errors[-1]) if errors else exc_text
    who = f"{culprit} failed {stage}" if culprit else f"failed {stage}"
    return CheckError(f"{who}: {_one_line(detail)}")


def _sys_path(root: Path) -> None:
    """The site's folder on sys.path, as `python -m mkdocs` run there has it."""
    folder = str(root)
    if folder not in sys.path:
        sys.path.insert(0, folder)


def load(config_path: Path, jobs: int | None = None,
         on_page: Callable[[], object] | None = None,
         digest: Callable[[Any, Any], Callable[[Any], Any]] | None = None,
         before_render: Callable[[Any, Any], object] | None = None) -> Built:
    """Run the pipeline. `on_page` is called between pages (the Mermaid pool is fed there).
    `digest(config, files)` gives a function that reads one rendered page for the judge: it runs in
    the worker that rendered the page when pages are forked apart (whose plugins do nothing
    in on_env), else after on_env, which may still change pages (autorefs does).
    `before_render(config, files)` runs after on_nav, before any page is rendered."""
    from mkdocs import exceptions
    from mkdocs.config import load_config
    from mkdocs.structure.files import set_exclusions
    from mkdocs.structure.nav import get_navigation

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, and a plugin's
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    config_path = config_path.resolve()
    _sys_path(config_path.parent)
    config = None
    # from the site's folder, as `mkdocs build` is run: pymdownx.snippets' base_path and
    # other plugins' relative paths are relative to the working folder
    with _captured() as capture, contextlib.chdir(config_path.parent):
        try:
            config = load_config(config_file=str(config_path))
        except (exceptions.MkDocsException, SystemExit) as exc:
            errors = [r.message for r in capture.records if r.level >= logging.WARNING]
            detail = "; ".join(errors) or _one_line(exc)
            raise CheckError(f"invalid config '{config_path}': {_one_line(detail)}") from None
        except Exception as exc:  # a hook that fails on import
            culprit = _culprit(exc, config) or "a hook or plugin"
            raise CheckError(f"invalid config '{config_path}': {culprit} failed to load: "
                             f"{type(exc).__name__}: {_one_line(exc)}") from None
        stage = "in on_startup"
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                stage = "in on_config"
                config = config.plugins.on_config(config)
                stage = "in on_pre_build"
                config.plugins.on_pre_build(config=config)
                stage = "while reading files"
                from mkdocs.structure.files import get_files

                files = get_files(config)
                env = config.theme.get_env()
                files.add_files_from_theme(env, config)
                stage = "in on_files"
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                stage = "while building the nav"
                nav = get_navigation(files, config)
                stage = "in on_nav"
                nav = config.plugins.on_nav(nav, config=config, files=files)
                built = Built(config, files, nav, [], capture.records)
                read = digest(config, files) if digest is not None else None
                if before_render is not None:
                    before_render(config, files)
                _render_all(built, capture, jobs, on_page, read)
                stage = "in on_env"
                capture.page = None
                env = config.plugins.on_env(env, config=config, files=files)
                stage = "while reading the rendered pages"
                if read is not None:
                    for page in built.pages:
                        if page.file.src_uri not in built.digests:
                            built.digests[page.file.src_uri] = read(page)
                log_level = config.validation.links.anchors
                for page in built.pages:
                    capture.page = page.file.src_uri
                    page.validate_anchor_links(files=files, log_level=log_level)
                capture.page = None
            finally:
                config.plugins.on_shutdown()
        except _PageFailure as failure:
            # chained, for CHECK_SITE_DEBUG=1: the plugin's own traceback
            stage = f"on page '{failure.page}'"
            raise _failure(failure.exc, config, stage, capture) from failure.exc
        except CheckError:
            raise
        except (Exception, SystemExit) as exc:
            raise _failure(exc, config, stage, capture) from exc
    return built


class Recorder:
    """MkDocs' own log during a real `mkdocs build` or `serve` rebuild, for the check-site
    plugin: `start` in on_config, `page` around each page's rendering, `stop` before the
    plugin logs anything itself. Unlike `load`, it adds a handler and leaves MkDocs' own."""

    def __init__(self) -> None:
        self.capture = _Capture()

    def start(self) -> None:
        self.stop()
        self.capture.records = []
        self.capture.page = None
        logging.getLogger("mkdocs").addHandler(self.capture)

    def page(self, src_uri: str | None) -> None:
        self.capture.page = src_uri

    @property
    def records(self) -> list[Record]:
        """This build's records so far; the list grows until `stop`."""
        return self.capture.records

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.capture)


def adopt(config: Any, files: Any, nav: Any, records: list[Record],
          digest: Callable[[Any, Any], Callable[[Any], Any]] | None = None) -> Built:
    """What a real build rendered, as `load` returns it: the pages MkDocs builds (a `serve`
    rebuild also renders drafts, which `mkdocs build` leaves out), read with `digest` once
    on_env has run, so that the plugin judges the build's own pages without rendering twice."""
    from mkdocs.structure.files import InclusionLevel

    pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
             if f.page is not None]
    built = Built(config, files, nav, pages, records, serial_reason="the build's own pages")
    if digest is not None:
        read = digest(config, files)
        built.digests = {p.file.src_uri: read(p) for p in pages}
    return built


class _PageFailure(Exception):
    def __init__(self, page: str, exc: BaseException) -> None:
        super().__init__(page)
        self.page = page
        self.exc = exc


def _pages_to_render(built: Built) -> list[Any]:
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    pages = []
    for file in built.files.documentation_pages(inclusion=InclusionLevel.is_included):
        if file.page is None:
            Page(None, file, built.config)
        pages.append(file.page)
    return pages


def populate(page: Any, config: Any, files: Any) -> None:
    """`mkdocs.commands.build._populate_page`, except that a page that is not UTF-8 is read
    with its bad bytes replaced (the checker reports them) instead of failing the run."""
    from mkdocs.utils import meta

    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        try:
            page.read_source(config)
        except ValueError:
            if not page.file.abs_src_path:
                raise
            data = Path(page.file.abs_src_path).read_bytes()
            page.markdown, page.meta = meta.get_data(data.decode("utf-8-sig", "replace"))
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
    finally:
        config._current_page = None


def _render_serial(pages: list[Any], built: Built, capture: _Capture,
                   on_page: Callable[[], object] | None) -> None:
    for page in pages:
        capture.page = page.file.src_uri
        try:
            populate(page, built.config, built.files)
        except (Exception, SystemExit) as exc:
            raise _PageFailure(page.file.src_uri, exc) from exc
        if on_page is not None:
            on_page()
    capture.page = None


def _parallel_reason(built: Built, pages: list[Any], jobs: int) -> str | None:
    """Why the pages are rendered in one process, or None when they can be forked apart."""
    if jobs < 2:
        return "one job"
    if not hasattr(os, "fork"):
        return "no fork() on this system"
    if len(pages) < FORK_MIN_PAGES:
        return f"fewer than {FORK_MIN_PAGES} pages"
    stateful = [name for name in built.config.plugins if name not in STATELESS_PLUGINS]
    if stateful:
        return "plugins or hooks that may keep state across pages: " + ", ".join(stateful)
    return None


_STATE = ("markdown", "content", "meta", "toc", "present_anchor_ids", "_title_from_render")


def _page_state(page: Any) -> dict[str, Any]:
    state = {name: getattr(page, name, None) for name in _STATE}
    state["links_to_anchors"] = {
        f.src_uri: links for f, links in (page.links_to_anchors or {}).items()
    }
    return state


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack(">Q", len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    data = b"".join(chunks)
    (size,) = struct.unpack(">Q", data[:8])
    return data[8 : 8 + size]


def _render_all(built: Built, capture: _Capture, jobs: int | None,
                on_page: Callable[[], object] | None,
                read: Callable[[Any], Any] | None) -> None:
    pages = _pages_to_render(built)
    built.pages = pages
    jobs = jobs or _cpu_count()
    reason = _parallel_reason(built, pages, jobs)
    built.serial_reason = reason
    if reason is not None:
        _render_serial(pages, built, capture, on_page)
        return
    # Workers are forked after on_nav: each renders every jobs-th page and sends back what
    # rendering set on its pages and what it logged; this process renders the first share.
    shares = [pages[k::jobs] for k in range(jobs)]
    children: list[tuple[int, int, list[Any]]] = []
    for share in shares[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked worker
            os.close(read_fd)
            code = 0
            try:
                capture.records.clear()
                out: dict[str, Any] = {"pages": {}, "records": None, "error": None}
                try:
                    _render_serial(share, built, capture, None)
                    out["pages"] = {p.file.src_uri: _page_state(p) for p in share}
                    if read is not None:
                        out["digests"] = {p.file.src_uri: read(p) for p in share}
                except _PageFailure as failure:
                    out["error"] = (failure.page, f"{type(failure.exc).__name__}: "
                                    f"{_one_line(failure.exc)}", _culprit(failure.exc,
                                                                          built.config))
                out["records"] = capture.records
                _write_all(write_fd, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        children.append((pid, read_fd, share))
    built.workers = jobs
    try:
        _render_serial(shares[0], built, capture, on_page)
        if read is not None:
            for page in shares[0]:
                built.digests[page.file.src_uri] = read(page)
                if on_page is not None:
                    on_page()
    finally:
        results = []
        for pid, read_fd, share in children:
            try:
                data = _read_all(read_fd)
            except (OSError, struct.error):
                data = b""
            finally:
                os.close(read_fd)
                os.waitpid(pid, 0)
            results.append((share, data))
    by_uri = {p.file.src_uri: p for p in pages}
    for share, data in results:
        if not data:
            raise CheckError(f"a page-rendering worker died ({len(share)} pages)")
        out = pickle.loads(data)
        if out["error"] is not None:
            page, message, culprit = out["error"]
            who = f"{culprit} failed" if culprit else "failed"
            raise CheckError(f"{who} on page '{page}': {message}")
        capture.records.extend(out["records"])
        built.digests.update(out.get("digests") or {})
        for uri, state in out["pages"].items():
            page = by_uri[uri]
            links = state.pop("links_to_anchors")
            for name, value in state.items():
                setattr(page, name, value)
            page.links_to_anchors = {
                built.files.get_file_from_path(k): v for k, v in links.items()
            }


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
