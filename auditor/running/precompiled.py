"""Compiled regular expressions kept between runs, as Python keeps bytecode.

The ``regex`` module's compiler is pure Python: the few hundred patterns of the reader and
the checks take a large share of a cold start to compile, every run, in every worker
process. A compiled pattern is fully described by the arguments its C constructor takes
(what ``regex`` itself pickles a pattern as, ``Pattern._pickled_data``): this module keeps
those arguments in a table beside auditor's own bytecode (``auditor/running/__pycache__``,
or under ``sys.pycache_prefix``), keyed by the pattern, its flags, the ``regex`` version and
the Python version, and builds a pattern found there with the constructor alone. A pattern
not in the table is compiled as usual and added at the end of the run.

The table is written like bytecode: not when ``sys.dont_write_bytecode`` is set
(``PYTHONDONTWRITEBYTECODE``), atomically, and never when the folder cannot be written. It
holds only data (``marshal``: strings, numbers, bytes, lists, dicts, tuples); a table that
does not read back as that shape, or of another ``regex`` or Python version, is ignored.
The compiled pattern is the same object ``regex`` would build, so results do not change.
Installed by the ``auditor`` command (:func:`install`), not on import: a program that
imports auditor as a library keeps ``regex`` untouched.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path

_LIMIT = 4000
"""At most this many patterns are kept (patterns built at run time from data would
otherwise grow the table without end)."""

_state: dict = {"installed": False, "table": {}, "new": {}, "live": {}, "path": None, "original": None}


def _table_path() -> Path | None:
    import importlib.util

    import regex

    try:
        pyc = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    tag = f"regex-{regex.__version__}-{sys.implementation.cache_tag}"
    return Path(pyc).with_name(f"precompiled.{tag}.marshal")


def _valid(table: object) -> bool:
    return isinstance(table, dict) and all(
        isinstance(k, tuple) and len(k) == 3 and isinstance(k[0], str) and isinstance(v, tuple) and len(v) == 11 for k, v in table.items()
    )


def install() -> None:
    """Route ``regex``'s compiler through the table (once per process; not at all with
    ``AUDITOR_NO_PRECOMPILED`` set, to measure without it)."""
    if _state["installed"] or os.environ.get("AUDITOR_NO_PRECOMPILED"):
        return
    import regex
    import regex._main as main
    from regex import _regex

    path = _table_path()
    table: dict = {}
    if path is not None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            with open(path, "rb") as fh:
                loaded = marshal.load(fh)
            if _valid(loaded):
                table = loaded
    original = main._compile
    skip = main.DEBUG | main.LOCALE
    live: dict = {}
    new: dict = {}

    def compile_via_table(pattern, flags, ignore_unused, kwargs, cache_it):
        if kwargs or type(pattern) is not str or flags & skip:
            return original(pattern, flags, ignore_unused, kwargs, cache_it)
        key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
        compiled = live.get(key)
        if compiled is not None:
            return compiled
        data = table.get(key)
        if data is not None:
            try:
                compiled = _regex.compile(*data)
            except Exception:  # noqa: BLE001 - a table entry that does not build: compiled afresh
                data = None
        if data is None:
            compiled = original(pattern, flags, ignore_unused, kwargs, cache_it)
            if len(table) + len(new) < _LIMIT:
                new[key] = compiled._pickled_data
        if len(live) < _LIMIT:
            live[key] = compiled
        return compiled

    main._compile = compile_via_table
    _state.update(installed=True, table=table, new=new, live=live, path=path, original=original)


def save() -> None:
    """Add the patterns compiled afresh in this run to the table (like bytecode: not when
    Python is told not to write bytecode, and never failing the run)."""
    new, path = _state["new"], _state["path"]
    if not new or path is None or sys.dont_write_bytecode:
        return
    from auditor.document.files import atomic_write

    table = {**_state["table"], **new}
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, marshal.dumps(table), prefix=".tmp-", suffix=".marshal")
        os.chmod(path, 0o644)  # readable like the bytecode beside it
        _state["table"], _state["new"] = table, {}


def uninstall() -> None:
    """Give ``regex`` its own compiler back (tests)."""
    if _state["installed"]:
        import regex._main as main

        main._compile = _state["original"]
    _state.update(installed=False, table={}, new={}, live={}, path=None, original=None)
