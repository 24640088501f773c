"""Readers: one module per file format, each turning a file into the text that
``auditor extract`` prints (Markdown, tables as tab-separated rows) and a map from that
text back to where each piece stands in the file (a PDF page, a Word paragraph or table
cell, an Excel cell).

The Markdown reader (:mod:`auditor.document.reader`) builds the document model from that text, so
no check knows which format a report came in: a new format is a new module here and
nothing else. A reader knows nothing of checks.

The format is chosen by the file's signature (its first bytes), not by its name: a PDF
renamed ``.docx`` is still read as a PDF. Heavy libraries (pdfium, the XML parsers) are
imported only when a file of their format is read.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import regex

from auditor.document.files import InputError

__all__ = ["Extracted", "InputError", "LineMap", "Origin", "detect", "on_page", "read", "read_bytes"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of the extracted text stands in the original file."""

    page: int | None = None
    """1-based page of a PDF."""
    cell: str | None = None
    """A place a person can find: ``Sheet1!C7`` (Excel), ``第12段`` / ``表2 第3行第4列`` (Word)."""
    exact: str | None = None
    """The number a workbook cell stores behind its shown text, in the shown text's terms
    (a percent format's 12.3456 for a stored 0.123456), as a decimal string: the figure is
    exact, however few digits its format shows."""
    formula: str | None = None
    """A workbook cell's formula when it declares a sum of cells shown in the same sheet
    (``SUM(B5:B9)``, ``B5+B7``), or ``?`` for any other formula; written after the cell's
    text as ``<!-- =SUM(B5:B9) -->``."""


@dataclass(slots=True)
class Extracted:
    """What a reader gives back: the text the document model is built from, and its map
    back into the original file."""

    text: str
    format: str
    """``markdown``, ``text``, ``pdf``, ``docx``, ``xlsx`` or ``xls``."""
    origins: dict[int, list[tuple[int, Origin]]] = field(default_factory=dict)
    """0-based line -> [(first 0-based column, origin), ...] sorted by column; an origin
    holds from its column to the next entry's. Lines without an entry have no origin
    beyond their line and column (Markdown)."""
    extra: Any = None
    """Reader-specific data kept for writers of annotated copies (character boxes of a
    PDF, the paragraph map of a Word file); never read by checks."""

    def origin_at(self, line: int, column: int) -> Origin | None:
        """The origin of the character at 1-based ``line`` and ``column``."""
        return origin_at(self.origins, line, column)


def origin_at(origins: dict[int, list[tuple[int, Origin]]], line: int, column: int) -> Origin | None:
    entries = origins.get(line - 1)
    if not entries:
        return None
    i = bisect.bisect_right([c for c, _ in entries], column - 1) - 1
    return entries[max(i, 0)][1]


class LineMap:
    """Builds extracted text line by line with the origin of each line or of each cell.

    >>> m = LineMap()
    >>> m.line("一、收入预算", Origin(page=3))
    >>> m.row(["合计", "120.00"], [Origin(cell="Sheet1!A5"), Origin(cell="Sheet1!B5")])
    >>> m.build()[0]
    '一、收入预算\\n合计\\t120.00\\n'
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._origins: dict[int, list[tuple[int, Origin]]] = {}

    def line(self, text: str, origin: Origin | None = None) -> None:
        """One line of text (must not contain a line break)."""
        if origin is not None:
            self._origins[len(self._lines)] = [(0, origin)]
        self._lines.append(text)

    def blank(self) -> None:
        if self._lines and self._lines[-1] != "":
            self._lines.append("")

    def row(self, cells: list[str], origins: list[Origin | None]) -> None:
        """One table row as tab-separated cells, each with its own origin."""
        entries: list[tuple[int, Origin]] = []
        col = 0
        parts = []
        for text, origin in zip(cells, origins, strict=True):
            text = text.replace("\t", " ").replace("\n", "")
            if origin is not None:
                entries.append((col, origin))
            parts.append(text)
            col += len(text) + 1
        if entries:
            self._origins[len(self._lines)] = entries
        self._lines.append("\t".join(parts))

    def pieces(self, texts: list[str], origins: list[Origin | None]) -> None:
        """One line of text made of pieces from different places (a paragraph that goes
        on across a page break), each piece with its own origin."""
        self.parts(list(zip(texts, origins, strict=True)), sep="")

    def parts(self, pieces: list[tuple[str, Origin | None]], sep: str = " ") -> None:
        """One line of text made of several pieces (cells of one row read as a line, such
        as ``编制部门：某局 单位：万元``; a paragraph over a page break), each with its own origin."""
        entries: list[tuple[int, Origin]] = []
        col = 0
        texts = []
        for text, origin in pieces:
            text = text.replace("\t", " ").replace("\n", " ")
            if origin is not None and text and not (entries and entries[-1][1] == origin):
                entries.append((col, origin))
            texts.append(text)
            col += len(text) + len(sep)
        if entries:
            self._origins[len(self._lines)] = entries
        self._lines.append(sep.join(texts))

    def extend_line(self, no: int, text: str) -> None:
        """Append ``text`` to line ``no`` (past its last origin)."""
        self._lines[no] += text

    def text_of(self, no: int) -> str:
        """The text of line ``no`` written so far."""
        return self._lines[no]

    def origins_of(self, no: int) -> list[tuple[int, Origin]]:
        """The (column, origin) entries of line ``no`` written so far."""
        return self._origins.get(no, [])

    @property
    def count(self) -> int:
        """Lines written so far (the 0-based index of the next line)."""
        return len(self._lines)

    def build(self) -> tuple[str, dict[int, list[tuple[int, Origin]]]]:
        return "\n".join(self._lines) + "\n", self._origins


# Legacy binary formats (OLE2 compound files and WPS): named, never guessed at. An Excel
# 97-2003 workbook (.xls) is read (:mod:`auditor.document.readers.xls`); the others are refused with
# the command that converts them.
_LEGACY = {
    ".doc": ("Word 97-2003 document (.doc)", "旧版 Word 文档", "docx"),
    ".wps": ("WPS document (.wps)", "WPS 文字文档", "docx"),
    ".xls": ("Excel 97-2003 workbook (.xls)", "旧版 Excel 工作簿", "xlsx"),
    ".et": ("WPS spreadsheet (.et)", "WPS 表格文档", "xlsx"),
}
_OOXML = {".docx": "not a Word file", ".docm": "not a Word file", ".xlsx": "not an Excel file", ".xlsm": "not an Excel file"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))


def legacy_error(path: str, workbook: bool | None = None) -> InputError:
    """The refusal of a legacy binary file, naming the format to convert it to: from its
    contents when known (``workbook``), else from its name."""
    ext = os.path.splitext(path)[1].lower()
    if workbook is None:
        workbook = ext in (".xls", ".et")
    what, zh, new = _LEGACY.get(ext, ("legacy Office binary file (OLE2)", "旧版 Office 二进制文件", "docx"))
    if ext not in _LEGACY:
        what, zh, new = ("legacy Excel binary workbook (OLE2)", "旧版 Excel 工作簿", "xlsx") if workbook else (what, zh, new)
    return InputError(
        f"{path}: {what} is not read; convert it first with `soffice --headless --convert-to {new} {path}` / "
        f"{zh}无法直接读取，请先转换为 .{new}"
    )


def detect(data: bytes, path: str) -> str:
    """The format of a file's bytes: ``pdf``, ``docx``, ``xlsx``, ``xls`` or ``text``. Raises
    :class:`InputError` for other legacy binaries and archives that are not reports."""
    ext = os.path.splitext(path)[1].lower()
    if data.startswith(_OLE2) and "EncryptedPackage".encode("utf-16-le") in data:
        # an encrypted .docx/.xlsx is an OLE2 container holding the encrypted package
        raise InputError(f"{path}: encrypted (password-protected) Office file; remove the password first / 文件已加密，请先取消密码")
    if data.startswith(_OLE2):
        workbook = any(name in data for name in _OLE2_WORKBOOK) and "WordDocument".encode("utf-16-le") not in data
        if workbook and ext != ".et":
            return "xls"
        raise legacy_error(path, workbook)
    if ext in _LEGACY and not data.startswith((b"PK\x03\x04", b"%PDF")):
        raise legacy_error(path)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, path)
    if ext in _OOXML:
        raise InputError(f"{path}: {_OOXML[ext]} (not a zip archive) / 文件不是有效的 Office 文档")
    if regex.match(rb"(?i)(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>])", head):
        # a web page (a crawler's error page, or the page that links to the report, saved
        # under the report's name): not a report, and its scripts are no text to check
        raise InputError(f"{path}: an HTML page, not a report (Markdown, PDF, Word or Excel) / 文件是网页，不是报告文件")
    return "text"


def _zip_kind(data: bytes, path: str) -> str:
    import io
    import zipfile  # here, not at the top: a Markdown or PDF run never needs it

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{path}: broken or truncated Office file (not a readable zip archive) / 文件已损坏或不完整") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "EncryptedPackage" in names:
        raise InputError(f"{path}: encrypted Office file; remove the password first / 文件已加密，请先取消密码")
    raise InputError(f"{path}: zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file / 不是 Word 或 Excel 文件")


_page_hooks: list = []


@contextmanager
def on_page(callback: Callable[[int, int], None]) -> Iterator[None]:
    """Call ``callback(pages_read, pages_in_all)`` after each page a paged reader (PDF)
    reads in this process while the block runs: a caller's progress bar for one large
    document. The reader knows nothing of what the callback shows."""
    _page_hooks.append(callback)
    try:
        yield
    finally:
        _page_hooks.remove(callback)


def page_read(done: int, total: int) -> None:
    """Told by a paged reader after each page (see :func:`on_page`)."""
    for hook in _page_hooks:
        hook(done, total)


def read_bytes(data: bytes, path: str, layout: bool = True) -> Extracted:
    """Read a report from its bytes. Raises :class:`InputError` with one line naming the
    file and the problem, also for an input over a limit (:mod:`auditor.document.limits`): a zip's
    members are weighed from its directory, and its paragraphs or cells counted, before
    a reader inflates or parses them. ``layout=False`` leaves out what only writers of
    annotated copies use (a PDF's character boxes)."""
    from auditor.document import limits

    limits.check_size(len(data), path)
    kind = detect(data, path)
    if kind in ("docx", "xlsx"):
        limits.check_zip(data, path, kind)
    elif kind == "pdf":
        limits.check_pdf(data, path)
    extracted = _read(kind, data, path, layout)
    extracted.text = valid_unicode(extracted.text)
    limits.check_text(extracted.text, path)
    return extracted


def valid_unicode(text: str) -> str:
    """``text`` with any lone surrogate (a broken character from a PDF's font map, say)
    replaced by U+FFFD, one for one so that columns stay where they were: the text then
    encodes as UTF-8 everywhere (cache, JSON, HTML, fingerprints)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        import re

        return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _read(kind: str, data: bytes, path: str, layout: bool = True) -> Extracted:
    if kind == "text":
        from auditor.document.readers import text

        return text.read(data, path)
    if kind == "pdf":
        from auditor.document.readers import pdf

        return pdf.read(data, path, layout)
    if kind == "docx":
        from auditor.document.readers import docx

        return docx.read(data, path)
    if kind == "xls":
        from auditor.document.readers import xls

        return xls.read(data, path)
    from auditor.document.readers import xlsx

    return xlsx.read(data, path)


def read(path: str) -> Extracted:
    """Read a report file. Raises :class:`InputError` with one line naming the file and
    the problem; never writes to the file."""
    from auditor.document.files import read_bytes as _read_file

    return read_bytes(_read_file(path), path)
