"""The results cache: one entry per file, keyed by what decides its findings.

A file's result depends on its bytes, on the reader that turns them into text (chosen by
the bytes' signature and, for text, by the name's suffix), on the checks run and their
options (the :data:`~auditor.running.batch.Plan`), and on the code of auditor and of those
checks. The key hashes all of that; an entry holds the :class:`~auditor.checking.engine.FileResult`
and the extracted text with its origins, so that every renderer works from a cached entry
exactly as from a fresh check (the rich and HTML reports show the text).

The folder is ``.auditor_cache/`` in the current folder, or ``$AUDITOR_CACHE_DIR``; like
ruff's, it holds a ``CACHEDIR.TAG`` (backup tools skip it) and a ``.gitignore`` of ``*``.
Entries are written to a temporary file and moved into place with :func:`os.replace`, so
that worker processes and concurrent runs never see half an entry (and a run interrupted
mid-write leaves none). An entry carries a SHA-256 of the key it answers and of its
content, and is validated when it is loaded (checksum, key, the result's schema); one
that fails is ignored and rewritten, never trusted. Only a regular file of at most
:data:`ENTRY_MAX_BYTES` is read as an entry (a FIFO or a huge file left in the folder
cannot hang or swell the run). A cache that cannot be written (read-only folder, full
disk) is skipped without failing the run.

Entries live under ``v{FORMAT}/{generation}/``, the generation being the fingerprint of
auditor's code: after a run that wrote entries, the folders of other versions are
removed and, when the cache is over its size cap (``cache_max_mb``, default
:data:`DEFAULT_MAX_MB`), the entries least recently used are removed until it is under
the cap again. ``auditor clean`` removes the whole folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.document.files import atomic_write

if TYPE_CHECKING:
    from auditor.checking.engine import FileResult
    from auditor.document.readers import Extracted

FORMAT = 2
"""The layout of an entry; raised when it changes, which retires every older entry."""
DEFAULT_MAX_MB = 256
"""The cache's size cap unless ``cache_max_mb`` says otherwise."""
ENTRY_MAX_BYTES = 64 * 1024 * 1024
"""No entry larger than this is written or read (a 1,000-page PDF's is a few MB)."""
_HEAD = b'{"sum":"'
_SUM = slice(len(_HEAD), len(_HEAD) + 64)
_BODY = len(_HEAD) + 64 + 2  # past the checksum's closing quote and comma
DEFAULT_DIR = ".auditor_cache"
TEXT_FORMATS = ("markdown", "text")
"""Formats whose extracted text is the decoded file: not stored, decoded again on a hit."""
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by auditor.\n# For information about cache directory tags see https://bford.info/cachedir/\n"


def cache_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CACHE_DIR") or DEFAULT_DIR)


def usable_dir() -> Path | None:
    """The cache folder of a run, or None when the default one is a symlink: a folder
    that is not the user's own (a cloned repository, a folder sent by someone) could
    hold a ``.auditor_cache`` pointing anywhere, and the cache writes and prunes there.
    A folder named by ``$AUDITOR_CACHE_DIR`` is the user's choice and used as it is."""
    if not os.environ.get("AUDITOR_CACHE_DIR") and os.path.islink(DEFAULT_DIR):
        return None
    return cache_dir()


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
    (a few strings and a number), so that it travels to worker processes."""

    def __init__(self, folder: str | os.PathLike, salt: str, generation: str = "current", max_mb: float = DEFAULT_MAX_MB) -> None:
        self.folder = str(folder)
        self.salt = salt
        """Hash of the code fingerprint and the plan: the part of every key that is the
        same for all files of a run."""
        self.generation = generation
        """The code fingerprint: entries of other generations are pruned."""
        self.max_mb = max_mb

    @classmethod
    def for_run(cls, plan, check_modules: list[str], folder: str | os.PathLike | None = None, inline_suppress: bool = True, max_mb: float = DEFAULT_MAX_MB) -> Cache:
        code = code_fingerprint(check_modules)
        # the report's own auditor-ignore comments applied or not: another result
        salt = hashlib.sha256(f"{code}|{json.dumps(plan, ensure_ascii=False)}|{int(inline_suppress)}".encode()).hexdigest()
        return cls(folder if folder is not None else cache_dir(), salt, code, max_mb)

    def key(self, data: bytes, name: str) -> str:
        suffix = os.path.splitext(name)[1].lower()
        h = hashlib.sha256(self.salt.encode())
        h.update(f"|{suffix}|".encode("utf-8", "surrogateescape"))
        h.update(data)
        return h.hexdigest()

    def _root(self) -> Path:
        return Path(self.folder) / f"v{FORMAT}" / self.generation

    def _path(self, key: str) -> Path:
        return self._root() / key[:2] / f"{key}.json"

    def load(self, key: str, name: str, data: bytes, keep_text: bool = True) -> tuple[FileResult, Extracted | None] | None:
        """The cached result for ``key`` (as the file ``name`` whose bytes are ``data``), or
        None when there is none or the entry does not validate. The extracted text comes
        back only with ``keep_text``; for Markdown and plain text it is not stored but
        decoded again from ``data`` (cheaper than reading it back from the entry)."""
        from auditor.checking.engine import FileResult
        from auditor.document.datajson import from_json
        from auditor.document.readers import Extracted, Origin

        path = self._path(key)
        raw = _read_entry(path)
        if raw is None or not raw.startswith(_HEAD) or raw[_BODY - 2 : _BODY] != b'",':
            return None
        if raw[_SUM] != _checksum(key, raw[_BODY:]):
            return None  # altered on disk, or another key's entry: checked afresh and rewritten
        try:
            entry = from_json(_Entry, json.loads(raw))
            result = from_json(FileResult, entry.result)
        except (ValueError, RecursionError):
            return None
        if entry.key != key or result.error or result.internal_errors:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be pruned
        result.path = name
        if not keep_text:
            return result, None
        if entry.text is None:
            from auditor.document.readers import text as text_reader

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
        from auditor.document.datajson import to_json

        entry = {
            "key": key,
            "format": extracted.format,
            # the text of Markdown and plain text is the file's own: decoded again on a hit
            "text": None if extracted.format in TEXT_FORMATS else extracted.text,
            "origins": [[line, [[col, o.page, o.cell] for col, o in cols]] for line, cols in sorted(extracted.origins.items())],
            "result": {**to_json(result), "path": ""},
        }
        try:
            body = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))[1:].encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            return False  # not representable (should not happen: readers give valid Unicode)
        raw = _HEAD + _checksum(key, body) + b'",' + body
        if len(raw) > ENTRY_MAX_BYTES:
            return False
        target = self._path(key)
        try:
            self._prepare(target.parent)
            atomic_write(target, raw, prefix=".tmp-", suffix=".json")
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

    def prune(self) -> None:
        """Remove other versions' entries, then the least recently used entries while the
        cache is over its size cap. Only folders and files of the cache's own shape are
        touched; errors (a concurrent run pruning too, a read-only folder) are ignored."""
        import re
        import shutil
        import time

        root = Path(self.folder)
        if not _ours(root):
            return
        with contextlib.suppress(OSError):
            for d in root.iterdir():
                if re.fullmatch(r"v\d+", d.name) and d.name != f"v{FORMAT}" and d.is_dir() and not d.is_symlink():
                    shutil.rmtree(d, ignore_errors=True)
        mine = root / f"v{FORMAT}"
        with contextlib.suppress(OSError):
            for d in mine.iterdir():
                if d.name != self.generation and re.fullmatch(r"[0-9a-f]{16}|current", d.name) and d.is_dir() and not d.is_symlink():
                    shutil.rmtree(d, ignore_errors=True)
        entries: list[tuple[float, int, str]] = []
        total = 0
        stale = time.time() - 3600
        with contextlib.suppress(OSError):
            for sub in os.scandir(self._root()):
                if not sub.is_dir(follow_symlinks=False):
                    continue
                for e in os.scandir(sub.path):
                    with contextlib.suppress(OSError):
                        st = e.stat(follow_symlinks=False)
                        if e.name.startswith(".tmp-"):
                            if st.st_mtime < stale:  # left by a process killed mid-write
                                os.unlink(e.path)
                            continue
                        entries.append((st.st_mtime, st.st_size, e.path))
                        total += st.st_size
        cap = self.max_mb * 1024 * 1024
        if total <= cap:
            return
        entries.sort()
        for _mtime, size, path in entries:
            if total <= cap * 0.8:  # room for a while, so that not every run prunes
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size


def _ours(root: Path) -> bool:
    """Whether ``root`` holds the tag auditor writes (nothing else is pruned or removed)."""
    try:
        return b"created by auditor" in (_read_entry(root / "CACHEDIR.TAG") or b"")
    except OSError:
        return False


def _checksum(key: str, body: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\n" + body).hexdigest().encode()


def _read_entry(path: Path) -> bytes | None:
    """An entry's bytes: only a regular file (a FIFO is not waited on, a symlink not
    followed) of at most :data:`ENTRY_MAX_BYTES`."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > ENTRY_MAX_BYTES:
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            raw = fh.read(ENTRY_MAX_BYTES + 1)
        return raw if len(raw) <= ENTRY_MAX_BYTES else None
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def clean(folder: str | os.PathLike | None = None) -> tuple[str, bool]:
    """Remove the cache folder (``auditor clean``). Returns (the folder, whether there was
    one); raises :class:`OSError` for a folder that is not auditor's cache (no tag of
    auditor's own), which is left alone."""
    import shutil

    root = Path(folder if folder is not None else cache_dir())
    if not root.exists() and not root.is_symlink():
        return str(root), False
    if root.is_symlink() or not _ours(root):
        raise OSError(f"{root}: not an auditor cache (no CACHEDIR.TAG of auditor's); not removed / 不是 auditor 的缓存文件夹，未删除")
    shutil.rmtree(root)
    return str(root), True


@dataclass(slots=True)
class _Entry:
    """The schema of an entry (every field required, no other allowed); its ``result`` is
    read as a :class:`~auditor.checking.engine.FileResult` by :func:`auditor.document.datajson.from_json`."""

    sum: str
    key: str
    format: str
    text: str | None
    origins: list[tuple[int, list[tuple[int, int | None, str | None]]]]
    result: dict


def _write_once(path: Path, text: str) -> None:
    """Create a small file unless it exists (concurrent runs may race: both write the same)."""
    if path.exists():
        return
    atomic_write(path, text.encode("utf-8"), prefix=".tmp-", suffix="")

