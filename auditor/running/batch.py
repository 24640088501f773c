"""Checking many files: in this process, or in worker processes with ``--jobs N``.

Results come back in the order of the (sorted) paths whatever the scheduling, so the
output is the same byte for byte for any file order, folder listing or job count."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from auditor.checking.engine import FileResult

if TYPE_CHECKING:
    from auditor.document.limits import Limits
    from auditor.document.readers import Extracted
    from auditor.running.cache import Cache

Plan = tuple[tuple[str, str], ...]
"""The checks to run: (code, options as sorted JSON, or "" for the defaults) pairs. Plain
data, so that it travels to worker processes and keys the per-process cache."""

_CHECKS: dict[Plan, list] = {}


def plan_for(codes: list[str], options: dict[str, dict] | None = None) -> Plan:
    options = options or {}
    return tuple((c, json.dumps(options[c], sort_keys=True, ensure_ascii=False) if c in options else "") for c in codes)


def _checks_for(plan: Plan) -> list:
    if plan not in _CHECKS:
        from auditor.checking import registry

        reg = registry.classes_for([c for c, _ in plan])
        _CHECKS[plan] = [reg[c](json.loads(o) if o else None) for c, o in plan]
    return _CHECKS[plan]


def check_file(
    path: str, plan: Plan, keep_text: bool = True, cache: Cache | None = None, lookup: bool = True,
    limits: Limits | None = None, inline_suppress: bool = True,
) -> tuple[FileResult, Extracted | None]:
    """Read, parse and check one file of any format. Never raises: an unreadable file or
    a reader failure comes back as data."""
    from auditor.document import limits as bounds
    from auditor.document.files import InputError, read_bytes, shown

    name = shown(path)
    try:
        with bounds.using(limits):
            data = read_bytes(path)
    except InputError as exc:
        return FileResult(path=name, error=str(exc) if name == path else str(exc).replace(path, name, 1)), None
    return check_data(data, name, plan, keep_text, cache, lookup, limits, inline_suppress)


def check_data(
    data: bytes, name: str, plan: Plan, keep_text: bool = True, cache: Cache | None = None, lookup: bool = True,
    limits: Limits | None = None, inline_suppress: bool = True,
) -> tuple[FileResult, Extracted | None]:
    """Read and check a report's bytes (a file's, or standard input's). With a cache, a
    valid entry for these bytes is returned instead (``result.cached`` is then True), and
    a fresh result is stored; ``lookup=False`` skips the look-up (the caller did it).

    Reading and checking run under ``limits`` (sizes, and the time budget after which the
    file is reported as too slow); ``inline_suppress=False`` ignores the report's own
    ``auditor-ignore`` comments."""
    from auditor.checking.engine import check_text
    from auditor.document import limits as bounds
    from auditor.document.readers import InputError, read_bytes

    lim = limits or bounds.DEFAULT
    checks = _checks_for(plan)  # built (and imported) once per process: not charged to this file's budget
    key = None
    if cache is not None:
        key = cache.key(data, name)
        if lookup and (hit := cache.load(key, name, data, keep_text)) is not None:
            hit[0].cached = True
            return hit
    try:
        with bounds.using(lim), bounds.budget(lim.time_budget_s):
            try:
                extracted = read_bytes(data, name, layout=False)  # annotated copies read the file again
            except InputError as exc:
                return FileResult(path=name, error=str(exc)), None
            except RecursionError:
                return FileResult(path=name, error=f"{name}: too large / too slow: nested too deeply to read / 嵌套过深，无法读取"), None
            except MemoryError:
                return FileResult(path=name, error=f"{name}: too large / too slow: out of memory while reading / 内存不足，未检查"), None
            except Exception as exc:  # a reader bug: this file is reported, the batch goes on
                first = str(exc).splitlines()[0] if str(exc) else ""
                return FileResult(path=name, error=f"{name}: could not be read ({type(exc).__name__}: {first}) / 无法读取"), None
            result = check_text(extracted.text, name, checks, extracted.origins, _directives_allowed(extracted.format, inline_suppress))
    except bounds.TooSlow:
        return FileResult(path=name, error=bounds.too_slow(name, lim)), None
    extracted.extra = None  # readers' private data does not travel back from workers
    if cache is not None and key is not None:
        cache.store(key, result, extracted)
    if keep_text:
        return result, extracted
    return result, None


INLINE_FORMATS = ("markdown", "text", "docx")
"""Formats whose ``auditor-ignore`` comments count: text the author sees as written
(Markdown and plain text, a Word document's visible text; Word's hidden text is not read).
A PDF's text layer may hold text nobody sees (white, clipped, under an image), and a
spreadsheet cell's value is data, not a comment: their directives are listed, never applied."""


def _directives_allowed(fmt: str, inline_suppress: bool) -> str | None:
    """Why the document's own directives are not applied, or None when they are."""
    if not inline_suppress:
        return "--no-inline-suppress"
    if fmt not in INLINE_FORMATS:
        return fmt
    return None


def lookup(paths: list[str], cache: Cache, keep_text: bool, limits: Limits | None = None) -> dict[int, tuple[FileResult, Extracted | None]]:
    """Results that need no checking: the cached ones, and files that cannot be read (by
    index into ``paths``). Runs in this process, so a fully cached run starts no worker."""
    from auditor.document import limits as bounds
    from auditor.document.files import InputError, read_bytes, shown

    done: dict[int, tuple[FileResult, Extracted | None]] = {}
    for i, p in enumerate(paths):
        name = shown(p)
        try:
            with bounds.using(limits):
                data = read_bytes(p)
        except InputError as exc:
            done[i] = (FileResult(path=name, error=str(exc) if name == p else str(exc).replace(p, name, 1)), None)
            continue
        hit = cache.load(cache.key(data, name), name, data, keep_text)
        if hit is not None:
            hit[0].cached = True
            done[i] = hit
    return done


def _worker_started() -> None:
    """In each worker process: an interrupt is the parent's to handle (it stops the
    workers itself, and a worker's traceback would only clutter the terminal), and a
    termination ends the worker at once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _serve(conn, common: tuple) -> None:
    """A worker process: check each path the parent sends, send the result back, until
    told to stop (None) or the parent is gone (its end of the pipe closed)."""
    _worker_started()
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        conn.send(check_file(path, *common))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_files(
    paths: list[str], plan: Plan, jobs: int = 1, keep_text: bool = True,
    on_done: Callable[[int], None] | None = None, cache: Cache | None = None,
    limits: Limits | None = None, inline_suppress: bool = True,
) -> Iterator[tuple[FileResult, Extracted | None]]:
    """Yield (result, extracted text) for each path, in the order given. With a cache,
    cached files are answered here and only the others go to the workers.

    When the run is interrupted (SIGINT, SIGTERM, or the caller stops iterating), the
    worker processes are ended before the exception goes on."""
    looked = cache is not None and jobs > 1
    done = lookup(paths, cache, keep_text, limits) if looked else {}
    todo = [p for i, p in enumerate(paths) if i not in done]
    jobs = max(1, min(jobs, len(todo)))
    if jobs == 1:
        fresh: Iterator = (check_file(p, plan, keep_text, cache, not looked, limits, inline_suppress) for p in todo)
        yield from _merge(paths, done, fresh, on_done)
        return
    pool = Pool(jobs, (plan, keep_text, cache, False, limits, inline_suppress))
    try:
        yield from _merge(paths, done, pool.results(todo), on_done)
    finally:
        pool.stop()


class Pool:
    """Worker processes, each with a pipe of its own and one file at a time.

    Not :class:`concurrent.futures.ProcessPoolExecutor`: its workers share one result
    pipe, and a worker killed from outside (the system's memory killer) while writing a
    large result there leaves half a message that the parent then waits on for ever. Here
    a dead worker's pipe ends, so only the file it held is lost: it is reported as not
    checked, a new worker takes its place, and the other files are checked."""

    def __init__(self, jobs: int, common: tuple) -> None:
        import multiprocessing

        self.context = multiprocessing.get_context()
        self.jobs = jobs
        self.common = common
        self.workers: dict = {}  # the parent's end of each worker's pipe -> [process, index of its file or None]

    def _start(self) -> object:
        parent, child = self.context.Pipe()
        proc = self.context.Process(target=_serve, args=(child, self.common))
        proc.start()
        child.close()  # the worker holds the only other end: its death ends the pipe
        self.workers[parent] = [proc, None]
        return parent

    def results(self, todo: list[str]) -> Iterator[tuple[FileResult, Extracted | None]]:
        """Each file's result, in the order of ``todo``."""
        from multiprocessing.connection import wait

        from auditor.document.files import shown

        got: dict[int, tuple[FileResult, Extracted | None]] = {}
        following = 0

        def give(conn) -> None:
            nonlocal following
            if following == len(todo):
                self._retire(conn)
                return
            self.workers[conn][1] = following
            conn.send(todo[following])
            following += 1

        for _ in range(min(self.jobs, len(todo))):
            give(self._start())
        for want in range(len(todo)):
            while want not in got:
                sentinels = {w[0].sentinel: conn for conn, w in self.workers.items()}
                for ready in wait([*self.workers, *sentinels]):
                    conn = sentinels.get(ready, ready)
                    if conn not in self.workers:
                        continue  # both its pipe and its sentinel were ready
                    proc, i = self.workers[conn]
                    lost = False
                    try:
                        if not conn.poll():
                            raise EOFError
                        got[i] = conn.recv()
                    except (EOFError, OSError):  # the worker died holding file i
                        name = shown(todo[i])
                        got[i] = FileResult(path=name, error=f"{name}: not checked: a worker process ended abruptly (killed, or out of memory?) / 工作进程异常退出，未检查"), None
                        lost = True
                    if lost or not proc.is_alive():  # a new worker takes its place
                        self._retire(conn)
                        if following == len(todo):
                            continue
                        conn = self._start()
                    give(conn)
            yield got.pop(want)

    def _retire(self, conn) -> None:
        proc = self.workers.pop(conn)[0]
        with contextlib.suppress(OSError):
            conn.send(None)
        conn.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()

    def stop(self) -> None:
        """End every worker now (one busy on a large file would otherwise finish it
        first). A worker ended mid-write leaves at most a temporary file in the cache,
        never an entry: entries are renamed into place whole."""
        for conn, (proc, _) in list(self.workers.items()):
            conn.close()
            if proc.is_alive():
                proc.terminate()
        for proc, _ in list(self.workers.values()):
            proc.join(1)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
        self.workers.clear()


def _merge(paths: list[str], done: dict, fresh: Iterator, on_done: Callable[[int], None] | None) -> Iterator:
    """The known results and the fresh ones (in order), merged back into the order of ``paths``."""
    for i in range(len(paths)):
        out = done[i] if i in done else next(fresh)
        if on_done:
            on_done(1)
        yield out
