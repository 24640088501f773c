"""Checking on a Dask cluster: ``auditor check --scheduler tcp://HOST:8786 PATH...``.

One task per document goes to an existing cluster (``pip install 'auditor[dask]'`` on
this machine and on every worker). The file's bytes travel with its task, so workers need
not share a filesystem with this machine; each worker reads and checks them with the same
code as a local run (:func:`auditor.running.batch.check_data`). Results come back as they finish
and are handed on in the order of the paths, so the output is the same byte for byte as a
local run. At most a few tasks per worker thread are in flight at once, so a run over
thousands of PDFs does not hold them all in the scheduler's memory.

``distributed`` is imported only here, and this module only with ``--scheduler``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from auditor.checking.engine import FileResult

if TYPE_CHECKING:
    from auditor.document.readers import Extracted
    from auditor.running.batch import Plan
    from auditor.running.cache import Cache

IN_FLIGHT_PER_THREAD = 4


class ClusterError(Exception):
    """The cluster cannot be used; the message says why in one line."""


def _worker_version() -> str:
    from auditor import __version__

    return __version__


def connect(address: str, timeout: float = 10.0):
    """A client of the scheduler at ``address``, after checking that every worker runs
    this version of auditor."""
    import re

    if not re.fullmatch(r"(?:[a-z]+://)?(?:\[[0-9a-fA-F:]+\]|[^\s:/\[\]]+):\d{1,5}", address):
        raise ClusterError(f"{address}: not a scheduler address (e.g. tcp://10.0.0.5:8786)")
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs the dask extra: pip install 'auditor[dask]'") from None
    from auditor import __version__

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # noqa: BLE001 - a worker without auditor installed, or gone
        client.close()
        raise ClusterError(f"the workers of {address} cannot run auditor ({type(exc).__name__}: {exc}); pip install 'auditor[dask]' on each") from None
    if not versions:
        client.close()
        raise ClusterError(f"the Dask scheduler at {address} has no workers")
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        client.close()
        raise ClusterError(f"workers run another auditor version than {__version__}: " + ", ".join(f"{w} {v}" for w, v in sorted(other.items())))
    return client


def check_files(
    client, paths: list[str], plan: Plan, keep_text: bool = True,
    on_done: Callable[[int], None] | None = None, cache: Cache | None = None, **options,
) -> Iterator[tuple[FileResult, Extracted | None]]:
    """Yield (result, extracted text) for each path, in the order given, checking each
    document on the cluster. Unreadable files and cached results are answered here.
    ``options`` (the limits, whether inline suppression applies) go to
    :func:`auditor.running.batch.check_data` with each document."""
    from distributed import as_completed

    from auditor.document.files import InputError, read_bytes
    from auditor.running.batch import check_data

    threads = sum(client.nthreads().values()) or 1
    limit = IN_FLIGHT_PER_THREAD * threads
    ready: dict[int, tuple[FileResult, Extracted | None]] = {}
    keys: dict[int, str] = {}
    index_of = {}
    pending = as_completed(loop=client.loop)
    next_out = 0
    i = 0

    def take(future) -> None:
        n = index_of.pop(future.key)
        try:
            result, extracted = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost or killed: this file is reported, the run goes on
            ready[n] = (FileResult(path=paths[n], error=f"{paths[n]}: not checked, the cluster failed ({type(exc).__name__}: {exc}) / 集群出错"), None)
        else:
            if cache is not None and extracted is not None and n in keys:
                cache.store(keys[n], result, extracted)
            ready[n] = (result, extracted if keep_text else None)
        if on_done:
            on_done(1)

    while next_out < len(paths):
        # fill the window: read files here, answer what needs no checking, submit the rest
        while i < len(paths) and pending.count() < limit:
            path = paths[i]
            try:
                data = read_bytes(path)
            except InputError as exc:
                ready[i] = (FileResult(path=path, error=str(exc)), None)
                if on_done:
                    on_done(1)
                i += 1
                continue
            if cache is not None:
                keys[i] = cache.key(data, path)
                hit = cache.load(keys[i], path, data, keep_text)
                if hit is not None:
                    hit[0].cached = True
                    ready[i] = hit
                    if on_done:
                        on_done(1)
                    i += 1
                    continue
            future = client.submit(check_data, data, path, plan, keep_text or cache is not None, pure=False, **options)
            index_of[future.key] = i
            pending.add(future)
            i += 1
        while next_out in ready:
            yield ready.pop(next_out)
            next_out += 1
        if next_out >= len(paths):
            break
        if next_out not in ready:
            take(next(pending))
