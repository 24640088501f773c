"""Checking many files: in this process, or in worker processes with ``--jobs N``.

Results come back in the order of the (sorted) paths whatever the scheduling, so the
output is the same byte for byte for any file order, folder listing or job count."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from auditor.engine import FileResult

if TYPE_CHECKING:
    from auditor.cache import Cache
    from auditor.readers import Extracted

Plan = tuple[tuple[str, str], ...]
"""The checks to run: (code, options as sorted JSON, or "" for the defaults) pairs. Plain
data, so that it travels to worker processes and keys the per-process cache."""

_CHECKS: dict[Plan, list] = {}


def plan_for(codes: list[str], options: dict[str, dict] | None = None) -> Plan:
    options = options or {}
    return tuple((c, json.dumps(options[c], sort_keys=True, ensure_ascii=False) if c in options else "") for c in codes)


def _checks_for(plan: Plan) -> list:
    if plan not in _CHECKS:
        from auditor import registry

        reg = registry.classes_for([c for c, _ in plan])
        _CHECKS[plan] = [reg[c](json.loads(o) if o else None) for c, o in plan]
    return _CHECKS[plan]


def check_file(path: str, plan: Plan, keep_text: bool = True, cache: Cache | None = None, lookup: bool = True) -> tuple[FileResult, Extracted | None]:
    """Read, parse and check one file of any format. Never raises: an unreadable file or
    a reader failure comes back as data."""
    from auditor.files import InputError, read_bytes

    try:
        data = read_bytes(path)
    except InputError as exc:
        return FileResult(path=path, error=str(exc)), None
    return check_data(data, path, plan, keep_text, cache, lookup)


def check_data(
    data: bytes, name: str, plan: Plan, keep_text: bool = True, cache: Cache | None = None, lookup: bool = True,
) -> tuple[FileResult, Extracted | None]:
    """Read and check a report's bytes (a file's, or standard input's). With a cache, a
    valid entry for these bytes is returned instead (``result.cached`` is then True), and
    a fresh result is stored; ``lookup=False`` skips the look-up (the caller did it)."""
    from auditor.engine import check_text
    from auditor.readers import InputError, read_bytes

    key = None
    if cache is not None:
        key = cache.key(data, name)
        if lookup and (hit := cache.load(key, name, data, keep_text)) is not None:
            hit[0].cached = True
            return hit
    try:
        extracted = read_bytes(data, name)
    except InputError as exc:
        return FileResult(path=name, error=str(exc)), None
    except Exception as exc:  # a reader bug: this file is reported, the batch goes on
        first = str(exc).splitlines()[0] if str(exc) else ""
        return FileResult(path=name, error=f"{name}: could not be read ({type(exc).__name__}: {first}) / 无法读取"), None
    result = check_text(extracted.text, name, _checks_for(plan), extracted.origins)
    extracted.extra = None  # readers' private data does not travel back from workers
    if cache is not None and key is not None:
        cache.store(key, result, extracted)
    if keep_text:
        return result, extracted
    return result, None


def lookup(paths: list[str], cache: Cache, keep_text: bool) -> dict[int, tuple[FileResult, Extracted | None]]:
    """Results that need no checking: the cached ones, and files that cannot be read (by
    index into ``paths``). Runs in this process, so a fully cached run starts no worker."""
    from auditor.files import InputError, read_bytes

    done: dict[int, tuple[FileResult, Extracted | None]] = {}
    for i, p in enumerate(paths):
        try:
            data = read_bytes(p)
        except InputError as exc:
            done[i] = (FileResult(path=p, error=str(exc)), None)
            continue
        hit = cache.load(cache.key(data, p), p, data, keep_text)
        if hit is not None:
            hit[0].cached = True
            done[i] = hit
    return done


def _star(args: tuple) -> tuple[FileResult, Extracted | None]:
    return check_file(*args)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_files(
    paths: list[str], plan: Plan, jobs: int = 1, keep_text: bool = True,
    on_done: Callable[[int], None] | None = None, cache: Cache | None = None,
) -> Iterator[tuple[FileResult, Extracted | None]]:
    """Yield (result, extracted text) for each path, in the order given. With a cache,
    cached files are answered here and only the others go to the workers."""
    looked = cache is not None and jobs > 1
    done = lookup(paths, cache, keep_text) if looked else {}
    todo = [p for i, p in enumerate(paths) if i not in done]
    jobs = max(1, min(jobs, len(todo)))
    if jobs == 1:
        fresh: Iterator = (check_file(p, plan, keep_text, cache, lookup=not looked) for p in todo)
        yield from _merge(paths, done, fresh, on_done)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(16, len(todo) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        fresh = pool.map(_star, [(p, plan, keep_text, cache, False) for p in todo], chunksize=chunk)
        yield from _merge(paths, done, fresh, on_done)


def _merge(paths: list[str], done: dict, fresh: Iterator, on_done: Callable[[int], None] | None) -> Iterator:
    """The known results and the fresh ones (in order), merged back into the order of ``paths``."""
    for i in range(len(paths)):
        out = done[i] if i in done else next(fresh)
        if on_done:
            on_done(1)
        yield out
