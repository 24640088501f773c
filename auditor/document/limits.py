"""Limits on what one input may cost: its size, what its zip members inflate to, its
sheets' cells, its paragraphs, pages and lines, and the time spent on it.

Reports come from anyone (folders sent by other offices, every draft in CI), so a file
must not be able to take the machine: each limit is checked as early as it can be — the
size before the bytes are read, a zip member's inflated size and ratio from the zip's
directory before it is inflated, cells and paragraphs by a streaming count before a
parser builds them — and a file over one is reported with one line (exit code 2), the
other files still checked. The defaults keep one input's peak memory under about 1 GB
(measured on the worst cases: text that is all figures, sheets of figures);
each is a setting (``[limits]`` in ``auditor.toml``, see :mod:`auditor.running.config`).

The limits in force travel with each file to the process that checks it; readers ask
:func:`current` (one file is read at a time in a process).
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from auditor.document.files import InputError

if TYPE_CHECKING:
    import zipfile

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 100
    """Bytes of one input (a file or standard input)."""
    max_zip_member_mb: float = 64
    """What one member of a .docx/.xlsx inflates to, as its zip directory declares it
    (Python's zip reader never inflates a member past its declared size)."""
    max_zip_ratio: float = 100
    """Inflated size over compressed size of a member larger than 1 MB inflated (a zip bomb
    compresses far better than any real document)."""
    max_zip_total_mb: float = 256
    """All members of one .docx/.xlsx together, inflated."""
    max_cells: int = 300_000
    """Cells of all the sheets of a workbook (rows × columns as stored)."""
    max_paragraphs: int = 100_000
    """Paragraphs of a Word document (table cells' paragraphs included)."""
    max_pages: int = 2_000
    """Pages of a PDF."""
    max_pdf_stream_mb: float = 128
    """What one compressed stream of a PDF (a page's content, a font) inflates to, measured
    by inflating it piecemeal before pdfium does it whole (images are not measured: text
    extraction never decodes them)."""
    max_chars: int = 4_000_000
    """Characters of the text read from one input (a 1,000-page report has about 2 million)."""
    max_line_chars: int = 100_000
    """Characters of one line of that text (a paragraph or a table row)."""
    max_figures: int = 300_000
    """Numbers in that text (each becomes a figure with its label, unit and relations:
    about 2.5 KB of memory apiece at the most)."""
    time_budget_s: float = 120
    """Seconds to read and check one input; past it the input is reported as too slow."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT = Limits()
_current = DEFAULT


def current() -> Limits:
    """The limits for the input being read in this process."""
    return _current


@contextlib.contextmanager
def using(limits: Limits | None) -> Iterator[None]:
    global _current
    before, _current = _current, limits or DEFAULT
    try:
        yield
    finally:
        _current = before


def too_large(path: str, what: str, setting: str) -> InputError:
    """The one line for an input over a limit: it names the file, what was too large and
    the setting that raises the limit."""
    return InputError(f"{path}: too large / too slow: {what} (limit: {setting} in [limits]) / 文件过大，未检查")


# ---------------------------------------------------------------- time


class TooSlow(BaseException):
    """Raised inside the work on one input when its time budget is spent. A BaseException,
    so that no ``except Exception`` of a reader or a check takes it for their own error."""


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TooSlow` in this thread when ``seconds`` have passed. Uses the
    process's real-time timer, so it works only on the main thread (local runs and
    ``--jobs`` workers); elsewhere (Dask threads) it does nothing. Python code and the
    ``regex`` module's matching are interrupted; a long call inside a C library ends
    first."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def too_slow(path: str, limits: Limits) -> str:
    return f"{path}: too large / too slow: not read and checked within {limits.time_budget_s:g} s (limit: time_budget_s in [limits]) / 超出时间限制，未检查"


# ---------------------------------------------------------------- bytes


def read_bounded(fh, limit: int, path: str) -> bytes:
    """At most ``limit`` bytes of an open binary stream; an :class:`InputError` when it
    holds more (an endless pipe, ``/dev/zero``), found after reading ``limit + 1`` bytes."""
    chunks = []
    left = limit + 1
    while left > 0:
        chunk = fh.read(min(left, 4 * MB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise too_large(path, f"more than {limit / MB:g} MB", "max_file_mb")
    return data


# ---------------------------------------------------------------- zip containers


def check_zip(data: bytes, path: str, kind: str) -> None:
    """A .docx/.xlsx checked from its zip directory before any member is inflated, then
    its paragraphs (Word) or cells (Excel) counted by streaming the XML, before a parser
    builds them."""
    import zipfile  # here, not at the top: only Word and Excel files are zips

    lim = current()
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says it is broken, in its own words
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > lim.max_zip_member_mb * MB:
            raise too_large(path, f"zip member {info.filename!r} inflates to {size / MB:.0f} MB", "max_zip_member_mb")
        if size > MB and size > lim.max_zip_ratio * max(info.compress_size, 1):
            raise too_large(path, f"zip member {info.filename!r} inflates {size / max(info.compress_size, 1):.0f} times (a zip bomb?)", "max_zip_ratio")
    if total > lim.max_zip_total_mb * MB:
        raise too_large(path, f"its zip members inflate to {total / MB:.0f} MB", "max_zip_total_mb")
    if kind == "docx":
        n = _count(z, ["word/document.xml"], rb"p")
        if n > lim.max_paragraphs:
            raise too_large(path, f"more than {lim.max_paragraphs} paragraphs", "max_paragraphs")
    elif kind == "xlsx":
        sheets = [i.filename for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        n = _count(z, sheets, rb"c")
        if n > lim.max_cells:
            raise too_large(path, f"more than {lim.max_cells} cells", "max_cells")


def _count(z: zipfile.ZipFile, names: list[str], tag: bytes) -> int:
    """Start tags ``<tag`` (any namespace prefix) in the members ``names``, read in chunks."""
    import zipfile

    pattern = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + tag + rb"[\s>/]")
    n = 0
    for name in names:
        try:
            fh = z.open(name)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            continue
        tail = b""
        try:
            with fh:
                while chunk := fh.read(MB):
                    buf = tail + chunk
                    # a tag cut at the chunk's end is counted with the next chunk
                    cut = buf.rfind(b"<", max(0, len(buf) - 64))
                    if cut < 0:
                        cut = len(buf)
                    n += len(pattern.findall(buf, 0, cut))
                    tail = buf[cut:]
                n += len(pattern.findall(tail))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            continue
    return n


# ---------------------------------------------------------------- text


_NUMBER = re.compile(r"\d[\d,.]*")


def check_text(text: str, path: str) -> None:
    """The text read from an input, against the character, line and figure limits."""
    lim = current()
    if len(text) > lim.max_chars:
        raise too_large(path, f"{len(text)} characters of text", "max_chars")
    if len(text) > lim.max_figures:  # fewer characters cannot hold more numbers
        for n, _m in enumerate(_NUMBER.finditer(text), 1):
            if n > lim.max_figures:
                raise too_large(path, f"more than {lim.max_figures} numbers", "max_figures")
    start = 0
    longest = lim.max_line_chars
    while True:
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if end - start > longest:
            raise too_large(path, f"a line of {end - start} characters", "max_line_chars")
        if end >= len(text):
            return
        start = end + 1


_STREAM = re.compile(rb"stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")


def check_pdf(data: bytes, path: str) -> None:
    """Every Flate-compressed stream of a PDF that is not an image, inflated a megabyte at
    a time and counted (never held), against ``max_pdf_stream_mb``: pdfium would inflate a
    stream bomb whole, and abort the process when memory runs out."""
    import zlib

    cap = current().max_pdf_stream_mb * MB
    view = memoryview(data)
    pos = 0
    while (m := _STREAM.search(data, pos)) is not None:
        start = pos = m.end()
        if len(data) - start < 2 or data[start] & 0x0F != 8 or ((data[start] << 8) | data[start + 1]) % 31:
            continue  # not a zlib stream (an image, text, or "stream" inside other data)
        head = data.rfind(b"obj", max(0, m.start() - 4096), m.start())
        if head >= 0 and _IMAGE.search(data, head, m.start()):
            continue
        d = zlib.decompressobj()
        size = 0
        i = start
        try:
            while not d.eof and i < len(data):
                piece = d.decompress(view[i : i + 65536], MB)
                i += 65536
                while True:
                    size += len(piece)
                    if size > cap:
                        raise too_large(path, f"a compressed stream inflates past {cap / MB:g} MB (a stream bomb?)", "max_pdf_stream_mb")
                    if not d.unconsumed_tail:
                        break
                    piece = d.decompress(d.unconsumed_tail, MB)
        except zlib.error:
            pass  # pdfium judges a broken stream itself
        if d.eof:
            pos = len(data) - len(d.unused_data) if d.unused_data else i


def check_pages(pages: int, path: str) -> None:
    if pages > current().max_pages:
        raise too_large(path, f"{pages} pages", "max_pages")


def check_size(size: int, path: str) -> None:
    limit = current().max_file_mb * MB
    if size > limit:
        raise too_large(path, f"{size / MB:.0f} MB", "max_file_mb")


__all__ = ["DEFAULT", "Limits", "TooSlow", "budget", "check_pages", "check_size", "check_text", "check_zip", "current", "read_bounded", "too_large", "too_slow", "using"]
