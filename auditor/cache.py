"""The results cache: one entry per file, keyed by what decides its findings.

A file's result depends on its bytes, on the reader that turns them into text (chosen by
the bytes' signature and, for text, by the name's suffix), on the checks run and their
options (the :data:`~auditor.batch.Plan`), and on the code of auditor and of those
checks. The key hashes all of that; an entry holds the :class:`~auditor.engine.FileResult`
and the extracted text with its origins, so that every renderer works from a cached entry
exactly as from a fresh check (the rich and HTML reports show the text).

The folder is ``.auditor_cache/`` in the current folder, or ``$AUDITOR_CACHE_DIR``; like
ruff's, it holds a ``CACHEDIR.TAG`` (backup tools skip it) and a ``.gitignore`` of ``*``.
Entries are written to a temporary file and moved into place with :func:`os.replace`, so
that worker processes and concurrent runs never see half an entry. An entry is validated
when it is loaded (its key, the result's schema); one that fails is ignored and
rewritten, never trusted. A cache that cannot be written (read-only folder, full disk)
is skipped without failing the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.engine import FileResult
    from auditor.readers import Extracted

FORMAT = 1
"""The layout of an entry; raised when it changes, which retires every older entry."""
DEFAULT_DIR = ".auditor_cache"
TEXT_FORMATS = ("markdown", "text")
"""Formats whose extracted text is the decoded file: not stored, decoded again on a hit."""
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by auditor.\n# For information about cache directory tags see https://bford.info/cachedir/\n"


def cache_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CACHE_DIR") or DEFAULT_DIR)


def code_fingerprint(modules: list[str]) -> str:
    """The auditor version and the size and modification time of the code that decides a
    result (the auditor package and the modules of the checks run), so that editing a
    check during development retires the entries it made. One ``stat`` per file."""
    from auditor import __version__

    files = set()
    pkg = Path(__file__).resolve().parent
    files.update(pkg.rglob("*.py"))
    for name in modules:
        mod = sys.modules.get(name)
        f = getattr(mod, "__file__", None)
        if f:
            files.add(Path(f).resolve())
    h = hashlib.sha256(f"{__version__}|{FORMAT}".encode())
    for f in sorted(files):
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


class Cache:
    """A cache folder and the fingerprint of the code and checks of this run. Plain data
    (two strings), so that it travels to worker processes."""

    def __init__(self, folder: str | os.PathLike, salt: str) -> None:
        self.folder = str(folder)
        self.salt = salt
        """Hash of the code fingerprint and the plan: the part of every key that is the
        same for all files of a run."""

    @classmethod
    def for_run(cls, plan, check_modules: list[str], folder: str | os.PathLike | None = None) -> Cache:
        salt = hashlib.sha256(f"{code_fingerprint(check_modules)}|{json.dumps(plan, ensure_ascii=False)}".encode()).hexdigest()
        return cls(folder if folder is not None else cache_dir(), salt)

    def key(self, data: bytes, name: str) -> str:
        suffix = os.path.splitext(name)[1].lower()
        h = hashlib.sha256(self.salt.encode())
        h.update(f"|{suffix}|".encode())
        h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return Path(self.folder) / f"v{FORMAT}" / key[:2] / f"{key}.json"

    def load(self, key: str, name: str, data: bytes, keep_text: bool = True) -> tuple[FileResult, Extracted | None] | None:
        """The cached result for ``key`` (as the file ``name`` whose bytes are ``data``), or
        None when there is none or the entry does not validate. The extracted text comes
        back only with ``keep_text``; for Markdown and plain text it is not stored but
        decoded again from ``data`` (cheaper than reading it back from the entry)."""
        from pydantic import ValidationError

        from auditor.readers import Extracted, Origin

        try:
            raw = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            entry = _entry_model().model_validate_json(raw)  # parsed and validated in one pass
        except (ValueError, ValidationError):
            return None
        result = entry.result
        if entry.key != key or result.error or result.internal_errors:
            return None
        result.path = name
        if not keep_text:
            return result, None
        if entry.text is None:
            from auditor.readers import text as text_reader

            try:
                extracted = text_reader.read(data, name)
            except Exception:  # noqa: BLE001 - the bytes no longer read as the entry says: check afresh
                return None
            if extracted.format != entry.format:
                return None
            return result, extracted
        origins = {line: [(col, Origin(page=page, cell=cell)) for col, page, cell in cols] for line, cols in entry.origins}
        return result, Extracted(text=entry.text, format=entry.format, origins=origins)

    def store(self, key: str, result: FileResult, extracted: Extracted) -> bool:
        """Write an entry (atomically). Results with a read error or an internal error are
        not cached. Returns False when the cache could not be written."""
        if result.error or result.internal_errors:
            return False
        entry = {
            "key": key,
            "format": extracted.format,
            # the text of Markdown and plain text is the file's own: decoded again on a hit
            "text": None if extracted.format in TEXT_FORMATS else extracted.text,
            "origins": [[line, [[col, o.page, o.cell] for col, o in cols]] for line, cols in sorted(extracted.origins.items())],
            "result": {**result.model_dump(mode="json"), "path": ""},
        }
        target = self._path(key)
        try:
            self._prepare(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return False
        return True

    def _prepare(self, folder: Path) -> None:
        root = Path(self.folder)
        if not (root / "CACHEDIR.TAG").exists():
            root.mkdir(parents=True, exist_ok=True)
            _write_once(root / ".gitignore", "# Automatically created by auditor.\n*\n")
            _write_once(root / "CACHEDIR.TAG", TAG)
        folder.mkdir(parents=True, exist_ok=True)


_ENTRY = None


def _entry_model():
    """The schema of an entry, built on first use (a run with ``--no-cache`` never builds it)."""
    global _ENTRY
    if _ENTRY is None:
        from pydantic import ConfigDict, create_model

        from auditor.engine import FileResult

        _ENTRY = create_model(
            "Entry", __config__=ConfigDict(extra="forbid"),
            key=(str, ...), format=(str, ...), text=(str | None, ...),
            origins=(list[tuple[int, list[tuple[int, int | None, str | None]]]], ...), result=(FileResult, ...),
        )
    return _ENTRY


def _write_once(path: Path, text: str) -> None:
    """Create a small file unless it exists (concurrent runs may race: both write the same)."""
    if path.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)

