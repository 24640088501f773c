"""PDF reader: page geometry -> the Markdown-ish text the document model is built from.

pdfium (through pypdfium2, imported only here) gives every character with its box and
every path object (ruling lines, cell rectangles). From them this module rebuilds what a
person sees on the page:

- **Tables** from ruling lines: axis-aligned path segments are gathered into grids;
  a missing line between two grid cells merges them (merged header cells, a label over
  two rows); characters go to the cell that holds their centre; text wrapped inside a
  cell is joined. A merged cell's text is written in its first covered column, the other
  columns stay empty (never shifted). Classification codes split over 类/款/项 columns
  (``204 | 06 | 01``) are written as one code (``2040601``) in one column. A table that
  goes on at the top of the next page is written as the next chunk of the same table
  (the Markdown reader joins chunks and drops a repeated header).
- **Paragraphs** from line geometry, not line ends: a line that runs to the right margin
  continues its paragraph; indentation, a numbering label at the left edge or a
  sentence-final mark at the end of the line before start a new one; a paragraph cut by
  a page break is joined again. Characters a little off the baseline (superscripts)
  stay in their line.
- **Running headers, footers and page numbers** (text repeated at the same place on
  most pages, a lone number at the top or bottom) are dropped.

Every line of the output carries ``Origin(page=N)`` (a paragraph joined across pages
carries each part's page); :attr:`Extracted.extra` keeps, for each output line, the page
and box of each character, for writers of annotated copies.

Bad files raise :class:`InputError` with one line: encrypted (a password is needed),
broken or truncated, or no text layer (a scan).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter
from dataclasses import dataclass, field

from auditor.document.files import InputError
from auditor.document.model import IMAGE_TEXT
from auditor.document.numbering import word_goes_on
from auditor.document.readers import Extracted, LineMap, Origin, page_read
from auditor.document.readers.grid import BREAK

Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y up)

_FINAL = "。！？!?"
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+[部分章节条]|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）]"
    r"|\d{1,3}(?:[、．](?!\d(?!\d{3}年))|\.(?!\d))|[（(]\d{1,3}[)）]|\d{1,3}[)）]|[①-⑳]"
    r"|(?:附)?表\s*[\d一二三四五六七八九十]{1,3}(?:[-－]\d{1,2})?(?:[、.．:：\s]|(?=\d{4}年)))"  # a table's number: 表4. / 附表1：/ 表5 2026年…
)
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|，?共)\s*\d{1,4}\s*页?)?[-—–\s]*$|^[-—–\s]*[ivxlcIVXLC]{1,6}[-—–\s]*$"
)
_CODE = re.compile(r"^\d{1,9}$")
_TITLE = re.compile(r"表[)）]?$|表[（(]续[)）]$|表\s*[（(][^（）()]{0,10}[)）]$|^(?:编制|填报)")  # …表（预算表1）: a numbered caption
_FIGURE = re.compile(r"\d\.\d|\d,\d{3}")  # a figure: decimals or thousands separators
_UNIT = re.compile(r"(?:金额|计量)?单位[:：]\s*(?:万亿元|亿元|千万元|百万元|万元|千元|元)")

# Geometry tolerances, in PDF points.
_SNAP = 2.5  # ruling lines this close are one line
_THIN = 3.0  # a path thinner than this is a ruling line
_MIN_RULE = 4.0  # shorter segments are not rulings (ticks, the ends of a thin rectangle)


class _Char:
    """A drawn character and its box; its centre is computed once."""

    __slots__ = ("b", "c", "cx", "cy", "l", "obj", "r", "space", "t")

    def __init__(self, c: str, l: float, b: float, r: float, t: float, space: bool = False, obj: int = 0) -> None:  # noqa: E741
        self.c, self.l, self.b, self.r, self.t = c, l, b, r, t
        self.cx = (l + r) / 2
        self.cy = (b + t) / 2
        self.space = space  # a space character was drawn just before it
        self.obj = obj  # the text object that drew it (0: not known); equal only within a page


_LEFT, _RIGHT, _BOTTOM, _TOP = (operator.attrgetter(a) for a in ("l", "r", "b", "t"))


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    l: float = 0.0  # noqa: E741 - left, bottom, right, top as in a PDF box
    b: float = 0.0
    r: float = 0.0
    t: float = 0.0
    size: float = 0.0  # typical character height
    text: str = ""
    boxes: list[Box | None] = field(default_factory=list)
    wide_gaps: int = 0  # gaps of more than two characters: columns, not prose
    n: int = 0  # how many characters (kept when the characters are released)
    lead_width: float = 0.0  # the width of the run of Latin letters and figures the line starts with
    col: int = 0  # on a page printed in columns of prose (a newspaper's), the column it is in
    bounds: tuple[float, float] | None = None  # and that column's left and right edges
    wrapped: list[_Char] = field(default_factory=list)  # a label's second line, set under the first (see _join_straddled)
    wrap_x: float = 0.0  # the right edge of the first line's label, which the second line continues

    def release(self) -> None:
        """Keep what composing the document needs and let the characters go: a long PDF
        is read page by page without holding every character of every page."""
        self.n = len(self.chars)
        self.lead_width = _first_word_width(self)
        self.chars = []
        self.wrapped = []

    def finish(self) -> _Line:
        chars = self.chars
        chars.sort(key=_LEFT)
        self.l = chars[0].l  # sorted by it: the first is the least (map and attrgetter: no Python frame per character)
        self.r = max(map(_RIGHT, chars))
        self.b = min(map(_BOTTOM, chars))
        self.t = max(map(_TOP, chars))
        # the size of the line's Chinese characters when it has any: a Latin font's box is
        # taller or shorter than the CJK font's at the same size, and a line that starts
        # with a long figure must not look like another font size
        cjk = [ch.t - ch.b for ch in self.chars if "\u4e00" <= ch.c <= "\u9fff"]
        heights = sorted(cjk or [ch.t - ch.b for ch in self.chars])
        self.size = max(heights[len(heights) // 2], heights[-1] * 0.6, 1.0)
        parts: list[str] = []
        boxes: list[Box | None] = []
        # the loop runs once per character of the page: its constants and methods are locals
        wide, spaced = self.size * 2.0, self.size * 0.9
        put, box = parts.append, boxes.append
        wide_gaps = 0
        prev_r: float | None = None
        for ch in self.chars:
            if prev_r is not None:
                gap = ch.l - prev_r
                if gap > wide:
                    wide_gaps += 1
                if gap > spaced or ch.space:
                    put(" ")
                    box(None)
            put(ch.c)
            box((ch.l, ch.b, ch.r, ch.t))
            prev_r = ch.r
        self.wide_gaps += wide_gaps
        self.text = "".join(parts)
        self.boxes = boxes
        return self


@dataclass
class _Table:
    top: float
    bottom: float
    left: float
    right: float
    cells: list[list[str]]  # rows of cell texts
    boxes: list[list[list[Box | None]]]  # per cell, the boxes of its characters
    page: int = 0
    width: int = 0  # columns before code columns were merged
    lefts: list[float] = field(default_factory=list)  # the left edge of each of those columns
    codes: tuple[int, int] | None = None  # (first column, how many) of merged 类/款/项 columns
    last_code: list[str] = field(default_factory=list)  # the last code's parts, for a continuation
    above: list[tuple[str, list[Box | None]]] = field(default_factory=list)  # caption and unit rows lifted out of the frame
    indents: list[tuple[float, float, float]] = field(default_factory=list)  # per indented column: (its left, where level 0 starts, one step)
    first_row: list[str] | None = None  # the first row of the table this one continues (or its own)
    restarts: bool = False  # a page's form that starts the form of the page before again: a table of its own
    spill: set[int] = field(default_factory=set)  # ids of characters outside the frame read into a cell (a last column's overflow)


@dataclass
class _Para:
    """A paragraph being built: text pieces each with its page and boxes."""

    pieces: list[tuple[str, int, list[Box | None]]]
    last: _Line
    right: float  # the right margin of the page it ends on
    left: float
    page: int


_FONT_INFO: tuple | None = None  # the font look-up installed in pdfium, kept alive for it


def machine_independent_fonts() -> None:
    """Make pdfium substitute the same font on every machine: one built here.

    A PDF that does not embed a font leaves pdfium to find one among the machine's system
    fonts (it searches the font folders itself, not through fontconfig). What it finds
    changes glyph boxes and even which characters its text layer keeps (a raised note mark
    read on one machine is dropped on another; with no CJK font at all, a text object of one
    CJK character has no extent and is dropped), so the same file would read differently on
    a reviewer's laptop and in CI. The system font look-up is replaced by one that offers a
    single font built here (:mod:`auditor.document.readers.boxfont`: a narrow box for every
    character) for every font asked for: text comes from the PDF's own encoding and CMaps as
    before, advance widths from the PDF's /W or /Widths, and every other measure from the
    same box on every machine. Embedded fonts and pdfium's built-in standard 14 are not
    affected. Installed once per process, before the first document is opened; page images
    rendered in the same process show non-embedded text as boxes."""
    global _FONT_INFO
    if _FONT_INFO is not None:
        return
    from auditor.document.readers.boxfont import build

    _FONT_INFO = offer_fonts(build())


def offer_fonts(font: bytes | None, face: bytes = b"auditor-box") -> tuple:
    """Install in pdfium a system font look-up that offers ``font`` (the bytes of one
    TrueType font) for every font a PDF asks for and does not embed, or no font at all with
    None. Returns the objects pdfium keeps pointers into: hold them for as long as the
    library lives. (Tests use it to stand for other machines' fonts.)"""
    import ctypes

    import pypdfium2.raw as raw

    fields = dict(raw.FPDF_SYSFONTINFO._fields_)
    info = raw.FPDF_SYSFONTINFO()
    info.version = 1
    charsets = (raw.FXFONT_ANSI_CHARSET, raw.FXFONT_DEFAULT_CHARSET, raw.FXFONT_SYMBOL_CHARSET, raw.FXFONT_SHIFTJIS_CHARSET,
                raw.FXFONT_HANGEUL_CHARSET, raw.FXFONT_GB2312_CHARSET, raw.FXFONT_CHINESEBIG5_CHARSET)

    def enum_fonts(this, mapper):
        if font is not None:
            for charset in charsets:
                raw.FPDF_AddInstalledFont(mapper, face, charset)

    def font_data(this, handle, table, buffer, size):
        if font is None or table != 0:
            return 0  # pdfium asks for the whole font (table 0)
        if buffer and size >= len(font):
            ctypes.memmove(buffer, font, len(font))
        return len(font)

    def face_name(this, handle, buffer, size):
        if buffer and size > len(face):
            ctypes.memmove(buffer, face + b"\0", len(face) + 1)
        return len(face) + 1

    found = 1 if font is not None else None
    callbacks = {
        "Release": lambda this: None,
        "EnumFonts": enum_fonts,
        "MapFont": lambda this, weight, italic, charset, pitch, name, exact: found,  # the one font, whatever is asked
        "GetFont": lambda this, name: found,
        "GetFontData": font_data,
        "GetFaceName": face_name,
        "GetFontCharset": lambda this, handle: raw.FXFONT_DEFAULT_CHARSET,
        "DeleteFont": lambda this, handle: None,
    }
    keep = []
    for name, fn in callbacks.items():
        cb = fields[name](fn)
        keep.append(cb)
        setattr(info, name, cb)
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info, keep


def read(data: bytes, path: str, layout: bool = True) -> Extracted:
    """The text of a PDF; with ``layout``, ``extra["boxes"]`` holds every character's
    page and box for annotated copies (a long document's boxes take memory and time that
    checking does not need)."""
    import pypdfium2 as pdfium

    machine_independent_fonts()

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise InputError(f"{path}: broken or truncated PDF (no end-of-file marker) / PDF 文件已损坏或不完整")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:
            raise InputError(f"{path}: encrypted PDF; a password is needed to open it / PDF 文件已加密，需要密码才能打开") from None
        raise InputError(f"{path}: broken PDF, cannot be opened ({exc}) / PDF 文件已损坏，无法打开") from None
    try:
        from auditor.document.limits import check_pages

        check_pages(len(pdf), path)
        pages = []
        total = len(pdf)
        for page in iter_pages(pdf, path):
            pages.append(page)
            page.seq = len(pages)
            page_read(page.no, total)
    finally:
        pdf.close()
    if not pages:
        raise InputError(f"{path}: PDF with no pages / PDF 文件没有页面")
    chars = sum(ln.n - ln.text.count(IMAGE_TEXT) for p in pages for ln in p.lines) + sum(len(t) for p in pages for tb in p.tables for row in tb.cells for t in row)
    if chars < 10 + len(pages):
        raise InputError(
            f"{path}: PDF has no text layer (a scanned document?); run OCR on it first / PDF 没有文字层（可能是扫描件），请先进行文字识别"
        )
    return _compose(pages, layout)


# ---------------------------------------------------------------------------- page


def iter_pages(pdf, path: str):
    """The pages of an open document, read one at a time: each page is loaded, turned into
    lines and tables, and closed before the next is loaded, and its characters are released
    (only what composing needs is kept), so memory grows with the text, not with every
    character's box."""
    import pypdfium2 as pdfium

    sheets: list[bool] = []  # whether a sheet of two pages was found yet (see _sheet_split)
    for i in range(len(pdf)):
        try:
            page = pdf[i]
            try:
                yield from _read_page(pdf, page, i + 1, sheets)
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise InputError(f"{path}: broken PDF, page {i + 1} cannot be read ({exc}) / PDF 文件已损坏，第 {i + 1} 页无法读取") from None


@dataclass
class _Page:
    no: int  # the page of the file (two pages printed on one sheet share it)
    width: float
    height: float
    lines: list[_Line]
    tables: list[_Table]
    seq: int = 0  # the page's place in the document as read (its sheet's half counted)


def _read_page(pdf, page, no: int, sheets: list[bool] | None = None) -> list[_Page]:
    """A page's lines and tables: one page, or two when the sheet holds two pages printed
    side by side (see ``_sheet_split``; ``sheets`` is true once a sheet of the file was)."""
    import pypdfium2.raw as raw

    # character boxes and paths are in the page's own (unrotated) space
    x0, y0, x1, y1 = page.get_mediabox()
    width, height = x1 - x0, y1 - y0
    textpage = page.get_textpage()
    # the page's paths and pictures first: the same walk of its objects tells which text lies
    # inside a scaled form (whose clipping paths are in the form's space, see _FormSpaces)
    images: list[tuple[float, float, float, float]] = []
    in_forms: dict[int, object] = {}
    h_rules, v_rules = _rulings(raw, page, images, in_forms)
    chars = _chars(raw, textpage, x1, y1, _FormSpaces(page, in_forms))
    # what lies outside the crop box is not shown by any viewer: it is not read either
    c0, d0, c1, d1 = page.get_cropbox()
    if (c0, d0, c1, d1) != (x0, y0, x1, y1):
        chars = [ch for ch in chars if c0 <= ch.cx <= c1 and d0 <= ch.cy <= d1]
    chars = _drop_overprints(chars)
    turn = _text_angle(raw, textpage, len(chars))
    textpage.close()
    if turn:
        chars, h_rules, v_rules, width, height = _upright(turn, chars, h_rules, v_rules, x1, y1)
    split = None if turn else _sheet_split(chars, h_rules, v_rules, images, width, bool(sheets))
    if split is not None and sheets is not None and not sheets:
        sheets.append(True)
    if split is None:
        return [_lay_out(no, chars, h_rules, v_rules, images, width, height, turn)]
    out = []
    for lo, hi in ((0.0, split), (split, width)):
        # each half read as a page of its own, in its own space (its margins are then those
        # of a page), its boxes put back where the sheet prints them
        own = [_Char(ch.c, ch.l - lo, ch.b, ch.r - lo, ch.t, ch.space, ch.obj) for ch in chars if lo <= ch.cx < hi]
        h = [(y, a - lo, b - lo) for y, a, b in h_rules if lo <= (a + b) / 2 < hi]
        v = [(x - lo, a, b) for x, a, b in v_rules if lo <= x < hi]
        imgs = [(a - lo, b, c - lo, d) for a, b, c, d in images if lo <= (a + c) / 2 < hi]
        half = _lay_out(no, own, h, v, imgs, hi - lo, height, turn)
        if lo:
            _shift_boxes(half, lo)
        out.append(half)
    return out


def _sheet_split(chars: list[_Char], h_rules, v_rules, images, width: float, seen: bool = False) -> float | None:
    """Where a sheet that holds two pages printed side by side (two pages to a sheet, a
    spread) is cut: the middle of the sheet, when nothing drawn crosses a band around it
    (no character, ruling or picture), and the halves read as two pages: each ends (or
    starts) with its own page number, the right one the next after the left one; or, with
    no page numbers, each holds several lines and both start (or end) at the same margin of
    their half, as two pages of one document do. A page's title is centred over the page
    and crosses the middle; two tables or panels set side by side under it are not cut.
    Once a sheet of the file was cut (``seen``), a sheet is cut whenever nothing crosses
    its middle and both halves hold text (a landscape page shrunk into its half, a cover
    beside the contents: halves that are laid out alike no more). None for any other page."""
    mid = width / 2
    if any(ch.l < mid < ch.r for ch in chars) or any(a < mid < b for _, a, b in h_rules):
        return None  # most pages: a line of text or a ruling across the middle, at once
    ink = [ch for ch in chars if not ch.c.isspace()]
    if len(ink) < 20:
        return None
    cjk = sorted(ch.t - ch.b for ch in ink if "\u4e00" <= ch.c <= "\u9fff")
    em = cjk[len(cjk) // 2] if cjk else 10.0
    lo, hi = mid - em, mid + em
    if any(ch.l < hi and ch.r > lo for ch in ink):
        return None
    if any(a < hi and b > lo for _, a, b in h_rules) or any(lo < x < hi for x, _, _ in v_rules):
        return None
    if any(a < hi and c > lo for a, _, c, _ in images):
        return None
    folios, edges = [], []
    for side, offset in (([ch for ch in ink if ch.cx < mid], 0.0), ([ch for ch in ink if ch.cx >= mid], mid)):
        lines = _group_lines(side, finish=False)  # from the top
        if len(lines) < 2:
            return None
        folios.append({int(m.group(1)) for g in (lines[0], lines[-1]) if (m := _FOLIO.match("".join(ch.c for ch in g)))})
        full = [g for g in lines if len(g) >= 3]
        edges.append((min(g[0].l for g in full) - offset, max(g[-1].r for g in full) - offset) if len(full) >= 3 else None)
    if seen or any(n + 1 in folios[1] for n in folios[0]):
        return mid
    if edges[0] is None or edges[1] is None:
        return None
    (l0, r0), (l1, r1) = edges
    return mid if abs(l0 - l1) <= 1.5 * em or abs(r0 - r1) <= 1.5 * em else None


def _shift_boxes(p: _Page, dx: float) -> None:
    """Move the character boxes of a half sheet read in its own space back to where the
    sheet prints them (the boxes of an annotated copy are the sheet's)."""

    def moved(bx: list[Box | None]) -> list[Box | None]:
        return [None if b is None else (b[0] + dx, b[1], b[2] + dx, b[3]) for b in bx]

    for ln in p.lines:
        ln.boxes = moved(ln.boxes)
    for tb in p.tables:
        tb.boxes = [[moved(cell) for cell in row] for row in tb.boxes]
        tb.above = [(text, moved(bx)) for text, bx in tb.above]


def _lay_out(no: int, chars: list[_Char], h_rules, v_rules, images, width: float, height: float, turn: int) -> _Page:
    """The lines and tables of a page from its characters, rulings and pictures."""
    tables = _tables(h_rules, v_rules, chars, no)
    if tables:
        frames = [(tb.left - 1, tb.right + 1, tb.bottom - 1, tb.top + 1) for tb in tables]
        spilled = set().union(*(tb.spill for tb in tables))
        outside = []
        for ch in chars:
            cx, cy = ch.cx, ch.cy
            for left, right, bottom, top in frames:
                if left <= cx <= right and bottom <= cy <= top:
                    break
            else:
                if not spilled or id(ch) not in spilled:
                    outside.append(ch)
        chars = outside
    else:
        frames = []
    if images and not turn:
        chars.extend(_image_lines(images, chars, frames) or _image_page(images, chars, width, height))
    columns, em = _prose_columns(chars)
    if columns:
        lines = _column_lines(chars, columns, em)
    else:
        lines = _group_lines(chars)
    found, lines = _text_tables(_join_straddled(lines), no)
    tables.extend(found)
    for ln in lines:
        ln.release()
    return _Page(no=no, width=width, height=height, lines=lines, tables=tables)


def _prose_columns(chars: list[_Char]) -> tuple[list[tuple[float, float]] | None, float]:
    """The columns of a page printed as three or more columns of prose side by side (a
    newspaper's page): the x ranges between gutters that almost no character crosses, each
    column at least eight characters wide and mostly Chinese text in lines that fill it;
    with the width of a Chinese character. None for any other page (a table's columns are
    narrow, or short, or figures)."""
    ink = [ch for ch in chars if not ch.c.isspace()]
    cjk = sorted(ch.r - ch.l for ch in ink if "\u4e00" <= ch.c <= "\u9fff")
    if len(cjk) < 600:
        return None, 0.0
    em = cjk[len(cjk) // 2]
    lo, hi = int(min(ch.l for ch in ink)), int(max(ch.r for ch in ink)) + 1
    if em <= 0 or hi - lo > 20000:
        return None, em
    steps = [0] * (hi - lo + 2)
    for ch in ink:
        steps[int(ch.l) - lo] += 1
        steps[int(ch.r) - lo + 1] -= 1
    cover = list(itertools.accumulate(steps))
    floor = 0.05 * max(cover)
    gutters: list[tuple[int, int]] = []
    start = None
    for x, c in enumerate(cover[: hi - lo]):
        if c <= floor and start is None:
            start = x
        elif c > floor and start is not None:
            if x - start >= 0.6 * em and start > 0:
                gutters.append((start + lo, x + lo))
            start = None
    if len(gutters) < 2:
        return None, em
    edges = [lo, *(g for gap in gutters for g in gap), hi]
    columns = [(float(edges[k]), float(edges[k + 1])) for k in range(0, len(edges), 2)]
    for a, b in columns:
        if b - a < 8 * em:
            return None, em
        own = [ch for ch in ink if a <= ch.cx < b]
        if sum(1 for ch in own if "\u4e00" <= ch.c <= "\u9fff") < 0.6 * len(own):
            return None, em
        rows = [g for g in _group_lines(own, finish=False) if len(g) >= 5]
        if len(rows) < 8 or sum(1 for g in rows if g[-1].r - g[0].l >= 0.85 * (b - a - em)) * 2 < len(rows):
            return None, em  # a column of prose is mostly full lines
    return columns, em


def _column_lines(chars: list[_Char], columns: list[tuple[float, float]], em: float) -> list[_Line]:
    """The lines of a page printed in columns of prose, column by column: a run of
    characters that crosses a gutter (a headline over several columns) is a line of its
    own, told before the columns; every other character is read in its column."""
    gutters = [(b, a) for (_, b), (a, _) in itertools.pairwise(columns)]
    across: list[_Char] = []
    by_col: list[list[_Char]] = [[] for _ in columns]
    for group in _group_lines(chars, finish=False):
        runs: list[list[_Char]] = [[group[0]]]
        for prev, ch in itertools.pairwise(group):
            if ch.l - prev.r > em:
                runs.append([ch])
            else:
                runs[-1].append(ch)
        for run in runs:
            if any(run[0].cx < g0 and run[-1].cx > g1 for g0, g1 in gutters):
                across.extend(run)
                continue
            for ch in run:
                k = next((k for k, (_, b) in enumerate(columns) if ch.cx < b), len(columns) - 1)
                by_col[k].append(ch)
    lines = _group_lines(across)
    for ln in lines:
        ln.col = -1
    for k, own in enumerate(by_col):
        found = _group_lines(own)
        # the column's text edges: where most full lines start (not a stray mark beside the
        # column, not a paragraph's indented first line) and where most of them end
        full = [ln for ln in found if len(ln.chars) >= 8] or found
        lefts = Counter(round(ln.l) for ln in full)
        rights = sorted(ln.r for ln in full)
        edges = (float(max(lefts, key=lambda x: (lefts[x], -x))) if lefts else columns[k][0], rights[int(len(rights) * 0.8)] if rights else columns[k][1])
        for ln in found:
            ln.col, ln.bounds = k, edges
        lines.extend(found)
    return lines


def _image_lines(images: list[tuple[float, float, float, float]], chars: list[_Char], frames: list) -> list[_Char]:
    """Lines of text the page shows as pictures: image objects shaped like a line of the
    page's own text (as tall as its characters, at least twice as wide as tall, within the
    text's width, outside any ruled table) with almost no character of the text layer on
    them. Some producers embed a line, or part of one, whose font they could not map as
    an image strip, and its words are missing from the text layer: each such row of
    strips becomes one ``IMAGE_TEXT`` character, so that what follows knows that text is
    missing there and does not read a sentence as ending, or a list as complete, before it.
    A picture, a seal, a logo or a chart is not of a text line's shape."""
    ink = [ch for ch in chars if not ch.c.isspace()]
    # the line height of the page's Chinese text, or of all its text where the Chinese is
    # what the pictures hold and only the figures are text
    cjk = sorted(ch.t - ch.b for ch in ink if "\u4e00" <= ch.c <= "\u9fff")
    if len(cjk) < 20:
        cjk = sorted(ch.t - ch.b for ch in ink)
    if len(cjk) < 20:
        return []  # too little text on the page to tell a line's height
    size = cjk[len(cjk) // 2]
    left, right = min(ch.l for ch in ink) - size, max(ch.r for ch in ink) + size
    strips = []
    for l, b, r, t in images:  # noqa: E741
        w, h = r - l, t - b
        if not (0.7 * size <= h <= 2.5 * size and w >= 2 * h and l >= left and r <= right):
            continue
        if any(fl <= (l + r) / 2 <= fr and fb <= (b + t) / 2 <= ft for fl, fr, fb, ft in frames):
            continue
        on = sum(1 for ch in ink if l <= ch.cx <= r and b <= ch.cy <= t)
        if on > 0.2 * w / size:
            continue  # a background under text that is read
        strips.append([l, b, r, t])
    rows: list[list[float]] = []
    for l, b, r, t in sorted(strips, key=lambda s: (-s[3], s[0])):  # noqa: E741
        row = next((x for x in rows if min(t, x[3]) - max(b, x[1]) > 0.5 * min(t - b, x[3] - x[1]) and l <= x[2] + size and r >= x[0] - size), None)
        if row is None:
            rows.append([l, b, r, t])
        else:
            row[0], row[1], row[2], row[3] = min(row[0], l), min(row[1], b), max(row[2], r), max(row[3], t)
    return [_Char(IMAGE_TEXT, l, b, r, t) for l, b, r, t in rows]  # noqa: E741


def _image_page(images: list[tuple[float, float, float, float]], chars: list[_Char], width: float, height: float) -> list[_Char]:
    """A page printed as a picture (a scanned page in a document of text: a cover, a signed
    page, a table scanned and appended): almost no character in its text layer and an image
    over a quarter of the page or more with none of them on it. Its largest image becomes
    one ``IMAGE_TEXT`` character, so that the page is said to be not read rather than passed
    over as blank."""
    if sum(1 for ch in chars if not ch.c.isspace()) >= 20 or width <= 0 or height <= 0:
        return []
    l, b, r, t = max(images, key=lambda box: (box[2] - box[0]) * (box[3] - box[1]))  # noqa: E741
    l, b, r, t = max(l, 0.0), max(b, 0.0), min(r, width), min(t, height)  # noqa: E741
    if (r - l) * (t - b) < 0.25 * width * height:
        return []
    if any(l <= ch.cx <= r and b <= ch.cy <= t for ch in chars if not ch.c.isspace()):
        return []  # a background under the few words the page has (a cover's), which are read
    return [_Char(IMAGE_TEXT, l, b, r, t)]


def _drop_overprints(chars: list[_Char]) -> list[_Char]:
    """The characters without the copies a producer draws over them to fake a bold face
    (the same glyph again, a fraction of a point aside): one glyph is printed where the
    text layer holds two or three, 「使使用用情情况况」 read for 「使用情况」. A copy is the same
    character whose box is shifted by less than a fifth of its size; a character repeated
    in the text (一一) stands a whole advance further."""
    if len({(ch.c, int(ch.cx), int(ch.cy)) for ch in chars}) == len(chars):
        return chars  # no two alike on one point of the page (most pages): nothing overprinted
    seen: dict[tuple[str, int, int], list[_Char]] = {}
    out: list[_Char] = []
    for ch in chars:
        w, h = ch.r - ch.l, ch.t - ch.b
        if w > 0 and h > 0:
            gx, gy = int(ch.cx // w), int(ch.cy // h)
            near = (o for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in seen.get((ch.c, gx + dx, gy + dy), ()))
            if any(abs(o.l - ch.l) < 0.2 * w and abs(o.b - ch.b) < 0.2 * h and abs((o.r - o.l) - w) < 0.2 * w for o in near):
                continue  # a copy drawn over the glyph
            seen.setdefault((ch.c, gx, gy), []).append(ch)
        out.append(ch)
    return out


_FIGURE_ONLY = re.compile(r"^[-−–]?[\d,，]*\d(?:\.\d+)?%?$")  # a cell that is one figure
_FIGURE_CELL = re.compile(_FIGURE_ONLY.pattern + r"|^[-—–]$")  # one figure, or a dash for none


def _segments(line: _Line) -> list[tuple[float, float, str, list[Box | None]]]:
    """A line cut at its wide gaps (more than two characters' width): the cells of a row
    of a table drawn without rulings, each with its extent, text and boxes."""
    out: list[tuple[float, float, str, list[Box | None]]] = []
    cur: list[_Char] = []
    for ch in line.chars:
        if cur and ch.l - cur[-1].r > line.size * 2.0:
            out.append(_segment_of(cur, line.size))
            cur = []
        cur.append(ch)
    if cur:
        out.append(_segment_of(cur, line.size))
    if line.wrapped:
        # the label's second line continues the last cell that ends where the first line's label does
        k = max((k for k, seg in enumerate(out) if seg[1] <= line.wrap_x + 0.5), default=None)
        if k is not None:
            left, right, text, boxes = out[k]
            more = _segment_of(sorted(line.wrapped, key=_LEFT), line.size)
            out[k] = (left, right, text + more[2], [*boxes, *more[3]])
    return out


def _segment_of(chars: list[_Char], size: float) -> tuple[float, float, str, list[Box | None]]:
    parts: list[str] = []
    boxes: list[Box | None] = []
    for k, ch in enumerate(chars):
        if k and (ch.l - chars[k - 1].r > size * 0.9 or ch.space):
            parts.append(" ")
            boxes.append(None)
        parts.append(ch.c)
        boxes.append((ch.l, ch.b, ch.r, ch.t))
    return chars[0].l, chars[-1].r, "".join(parts), boxes


def _join_straddled(lines: list[_Line]) -> list[_Line]:
    """Rows of a table drawn without rulings whose label wraps onto a second line, made one
    line each: the label's two lines, then the row's figures. The figures stand either
    between the two lines (centred in the row)::

        促进就业创业发展专项资金-职业技能培训-“粤菜师傅”“南粤家政
                                                                1,840
        ”技能培训

    or on the first. Only when the second line holds no figure, starts no further left
    than the first and ends before the figures, and the two are set tight: closer than
    half a character, and closer than half the space around them (the lines of one cell,
    where two rows are set further apart)."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        if i + 2 < len(lines) and _straddles(lines[i], lines[i + 1], lines[i + 2]):
            a, f, b = lines[i : i + 3]  # label, figures, label
            row = _Line(chars=[*a.chars, *f.chars]).finish()
            row.text, row.boxes = a.text + b.text + " " + f.text, [*a.boxes, *b.boxes, None, *f.boxes]
            wrap_x, i = a.r, i + 3
        elif i + 1 < len(lines) and (under := _wraps_under(lines, i)) is not None:
            a, b = lines[i], lines[i + 1]  # label and figures, label
            (cut, wrap_x), i = under, i + 2
            row = _Line(chars=list(a.chars)).finish()
            row.text, row.boxes = a.text[:cut] + b.text + a.text[cut:], [*a.boxes[:cut], *b.boxes, *a.boxes[cut:]]
        else:
            out.append(lines[i])
            i += 1
            continue
        row.b, row.l = min(row.b, b.b), min(row.l, b.l)
        row.wrapped, row.wrap_x = list(b.chars), wrap_x
        out.append(row)
    return out


def _tight(a: _Line, b: _Line, size: float) -> bool:
    return a.b - b.t < 0.5 * size


def _straddles(a: _Line, f: _Line, b: _Line) -> bool:
    if not f.chars or not a.chars or not b.chars:
        return False
    size = min(a.size, b.size)
    if not (a.r < f.l - size and b.r < f.l - size and b.l >= a.l - 1.0):
        return False  # the figures right of both label lines, the second line not left of the first
    if not (_tight(a, b, size) and f.t > b.t and f.b < a.b and (a.b + a.t) / 2 > (f.b + f.t) / 2 > (b.b + b.t) / 2):
        return False
    if any(_FIGURE_ONLY.match(t.replace(" ", "")) for t in (a.text, b.text)):
        return False
    return all(_FIGURE_ONLY.match(seg[2].replace(" ", "")) for seg in _segments(f))


_NOT_A_WRAP = re.compile(r"^\s*(?:注|说明|备注|资料来源|数据来源|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def _wraps_under(lines: list[_Line], i: int) -> tuple[int, float] | None:
    """Where in row ``lines[i]``'s text the line under it goes on its label, and where that
    label's cell ends on the page, when that line is the label's second line: the row ends
    in figures, the line holds none and lies under the label, and it is set tight under
    the row."""
    a, b = lines[i], lines[i + 1]
    if not a.chars or not b.chars or not a.wide_gaps or b.wide_gaps:
        return None
    segs = _segments(a)
    if len(segs) < 2 or not _FIGURE_ONLY.match(segs[-1][2].replace(" ", "")):
        return None
    k = len(segs) - 1
    while k > 0 and _FIGURE_ONLY.match(segs[k - 1][2].replace(" ", "")):
        k -= 1
    if k == 0 or _FIGURE_ONLY.match(b.text.replace(" ", "")) or _NOT_A_WRAP.match(b.text) or b.text.rstrip().endswith(("。", "：", ":")):
        return None
    size = min(a.size, b.size)
    if not (b.r < segs[k][0] - size and b.l >= segs[k - 1][0] - 1.0 and _tight(a, b, size)):
        return None
    # rows set further apart than the lines of one cell: the space above the row and below
    # the second line, where there are lines, is more than twice the space between them
    gap = a.b - b.t
    around = [lines[i - 1].b - a.t] if i else []
    if i + 2 < len(lines):
        around.append(b.b - lines[i + 2].t)
    if not around or any(g < 2 * max(gap, 0.5) for g in around):
        return None
    # the label's text ends where its cell does: before the figures' cells
    return len(_joined_text(segs[:k])), segs[k - 1][1]


def _joined_text(segs: list[tuple[float, float, str, list[Box | None]]]) -> str:
    """The text of a line's first cells as :meth:`_Line.finish` writes them."""
    return " ".join(seg[2] for seg in segs)


def _text_tables(lines: list[_Line], page: int) -> tuple[list[_Table], list[_Line]]:
    """Tables drawn without ruling lines, from columns aligned by white space alone (as
    pdfplumber's text strategy and camelot's stream mode find them): at least three
    consecutive lines, each cut by wide gaps into cells, whose cells fall into the same
    columns in every row (the x-extents of a column's cells overlap from row to row, and
    no row has two cells in one column), with a column of figures. Anything less regular
    stays text, one line per row."""
    tables: list[_Table] = []
    keep: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].wide_gaps:
            j += 1
        if j - i >= 3:
            table = _aligned(lines[i:j], page)
            if table is not None:
                tables.append(table)
                i = j
                continue
        keep.extend(lines[i : max(j, i + 1)])
        i = max(j, i + 1)
    return tables, keep


def _aligned(rows: list[_Line], page: int) -> _Table | None:
    cut = [_segments(ln) for ln in rows]
    spans = sorted((seg[0], seg[1]) for segs in cut for seg in segs)
    columns: list[list[float]] = []
    for left, right in spans:
        if columns and left <= columns[-1][1] + 1.0:
            columns[-1][1] = max(columns[-1][1], right)
        else:
            columns.append([left, right])
    if not 2 <= len(columns) <= 12:
        return None
    cells: list[list[str]] = []
    boxes: list[list[list[Box | None]]] = []
    for segs in cut:
        row, row_boxes = [""] * len(columns), [[] for _ in columns]
        for left, right, text, bx in segs:
            k = next(k for k, (cl, cr) in enumerate(columns) if cl - 1.0 <= left and right <= cr + 1.0)
            if row[k]:
                return None  # two cells of one row in one column: not a grid
            row[k], row_boxes[k] = text, bx
        cells.append(row)
        boxes.append(row_boxes)
    figures = [sum(1 for r in cells if _FIGURE_CELL.match(r[k].strip())) for k in range(len(columns))]
    filled = sum(1 for r in cells if sum(1 for c in r if c) >= 2)
    if max(figures) * 2 < len(rows) - 1 or filled * 3 < len(rows) * 2:
        return None  # no column of figures, or rows that are mostly single cells: text
    return _Table(top=max(ln.t for ln in rows), bottom=min(ln.b for ln in rows), left=columns[0][0], right=columns[-1][1],
                  cells=cells, boxes=boxes, page=page, width=len(columns), lefts=[c[0] for c in columns])


def _text_angle(raw, textpage, count: int) -> int:
    """The direction most of a page's text runs in: 0, 90, 180 or 270 degrees (a table
    set sideways on a landscape page turned by /Rotate reads upward)."""
    import math

    n = textpage.count_chars()
    if n <= 0 or count == 0:
        return 0
    votes: Counter[int] = Counter()
    step = max(1, n // 41)
    for i in range(0, n, step):
        angle = raw.FPDFText_GetCharAngle(textpage.raw, i)
        if angle < 0:
            continue
        votes[round(math.degrees(angle) / 90) % 4 * 90] += 1
    if not votes:
        return 0
    turn, count = votes.most_common(1)[0]
    return turn if count * 2 > sum(votes.values()) else 0


def _upright(turn: int, chars: list[_Char], h: list, v: list, right: float, top: float):
    """Characters and rulings turned so that the text runs left to right, and the size of
    the page seen that way."""

    def point(x: float, y: float) -> tuple[float, float]:
        if turn == 90:  # text runs upward: the page is read turned a quarter clockwise
            return top - y, x
        if turn == 180:
            return right - x, top - y
        return y, right - x  # 270

    def box(l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:  # noqa: E741
        (ax, ay), (bx, by) = point(l, b), point(r, t)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    new_chars = [_Char(ch.c, *box(ch.l, ch.b, ch.r, ch.t), ch.space, ch.obj) for ch in chars]
    segs = [box(x0, y, x1, y) for y, x0, x1 in h] + [box(x, y0, x, y1) for x, y0, y1 in v]
    new_h = [((y0 + y1) / 2, x0, x1) for x0, y0, x1, y1 in segs if y1 - y0 < x1 - x0]
    new_v = [((x0 + x1) / 2, y0, y1) for x0, y0, x1, y1 in segs if y1 - y0 >= x1 - x0]
    width, height = (top, right) if turn in (90, 270) else (right, top)
    return new_chars, new_h, new_v, width, height


def _chars(raw, textpage, width: float, height: float, forms: _FormSpaces | None = None) -> list[_Char]:
    """The drawn characters of a page with their boxes. Text that a clipping path hides
    is not read: some producers lay a long text out once and show a window of it on
    each page (text placed above or below the page gives them away)."""
    import ctypes

    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    same = len(text) == n
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    get_obj = _object_address(raw)
    tp = textpage.raw
    out: list[tuple[int, _Char]] = []
    skip = set("\x00\x02\ufffe\ufeff")
    offpage = False
    space = False
    # pdfium counts UTF-16 code units: a character outside the BMP (a rare CJK character,
    # an emoji) is two indexes, a surrogate pair, joined here into the one character
    units = None if same else [raw.FPDFText_GetUnicode(tp, k) for k in range(n)]
    for i in range(n):
        c = text[i] if units is None else _unit(units, i)
        if not c or c in skip:
            continue
        if c.isspace():
            # a space the producer drew (pdfium's own have no box) separates words
            space = space or (c == " " and bool(get_box(tp, i, ref)) and rect.right - rect.left > 0)
            continue
        # the loose box spans the font's ascent to descent and the glyph's advance:
        # every character of a line has the same vertical extent, and a gap between
        # two boxes is a real space
        if not get_box(tp, i, ref):
            continue
        lo, hi, b, t = rect.left, rect.right, rect.bottom, rect.top
        if hi - lo <= 0 and t - b <= 0:
            continue  # generated by pdfium, not drawn
        if b < -1 or t > height + 1 or lo < -1 or hi > width + 1:
            offpage = True
        out.append((i, _Char(c, lo, b, hi, t, space, get_obj(tp, i) or 0)))
        space = False
    if offpage:
        out = _visible(raw, tp, out, forms=forms)
    elif out:
        # text drawn on the page but outside the area its clipping path shows (a
        # spreadsheet's overflow printed past its print area) lies at the text's edges: the
        # top, bottom, left and right characters tell whether to look line by line. Only a
        # clipping path of page size counts here: a cell's own clip hides the end of a label
        # longer than the cell, which is read in full (``_overflow_to_own_cell``)
        area = (0.5 * width, 0.5 * height)
        edges = {min(out, key=lambda x: x[1].b), max(out, key=lambda x: x[1].t), min(out, key=lambda x: x[1].l), max(out, key=lambda x: x[1].r)}
        if not all(_shown(raw, tp, i, ch, area, forms) for i, ch in edges):
            out = _visible(raw, tp, out, area, forms)
    return [ch for _, ch in out]


class _FormSpaces:
    """Which text objects of a page lie inside form XObjects, each with the function that
    maps its form's space to the page's (found by the walk of the page's objects that finds
    its rulings): the clipping paths of such an object are in its form's space, while its
    characters' boxes are in the page's (a page scaled to another paper size, or printed two
    to a sheet, places its content as a scaled form). pdfium gives one path in the page's
    space among them, the page's own box, with which it starts every clip."""

    def __init__(self, page, found: dict[int, object]) -> None:
        self.page, self.found = page, found

    def outer(self, obj):
        if not self.found:
            return None
        import ctypes

        return self.found.get(ctypes.cast(obj, ctypes.c_void_p).value)

    def is_page_box(self, pts: list[tuple[float, float]]) -> bool:
        x0, y0, x1, y1 = self.page.get_mediabox()
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return max(abs(min(xs) - x0), abs(min(ys) - y0), abs(max(xs) - x1), abs(max(ys) - y1)) <= 1.0


def _shown(raw, tp, i: int, ch: _Char, least: tuple[float, float] = (0.0, 0.0), forms: _FormSpaces | None = None) -> bool:
    """Whether a character's centre lies inside its text object's clipping path (each path
    taken as its bounding box, in the page's space; paths narrower or lower than ``least``
    are not asked)."""
    import ctypes

    x, y = ctypes.c_float(), ctypes.c_float()
    obj = raw.FPDFText_GetTextObject(tp, i)
    clip = raw.FPDFPageObj_GetClipPath(obj) if obj else None
    if not clip:
        return True
    outer = forms.outer(obj) if forms is not None else None
    for k in range(raw.FPDFClipPath_CountPaths(clip)):
        pts = []
        for j in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, k, j)
            if raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                pts.append((x.value, y.value))
        if not pts:
            continue
        if outer is not None and not forms.is_page_box(pts):
            pts = [outer(px, py) for px, py in pts]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if max(xs) - min(xs) < least[0] or max(ys) - min(ys) < least[1]:
            continue
        if not (min(xs) <= ch.cx <= max(xs) and min(ys) <= ch.cy <= max(ys)):
            return False
    return True


@functools.cache
def _object_address(raw):
    """FPDFText_GetTextObject returning the object's address as an int: which text object
    drew a character, without a ctypes cast per character."""
    import ctypes

    fn = raw.FPDFText_GetTextObject
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(ctypes.cast(fn, ctypes.c_void_p).value)


def _unit(units: list[int], i: int) -> str:
    """The character at code unit ``i``: a surrogate pair joined at its first half ("" at
    its second), a lone surrogate read as U+FFFD."""
    u = units[i]
    if 0xD800 <= u < 0xDC00 and i + 1 < len(units) and 0xDC00 <= units[i + 1] < 0xE000:
        return chr(0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00))
    if 0xDC00 <= u < 0xE000 and i and 0xD800 <= units[i - 1] < 0xDC00:
        return ""
    if 0xD800 <= u < 0xE000:
        return "\ufffd"
    return chr(u)


def _visible(raw, tp, chars: list[tuple[int, _Char]], least: tuple[float, float] = (0.0, 0.0), forms: _FormSpaces | None = None) -> list[tuple[int, _Char]]:
    """The characters whose centre lies inside their text object's clipping path (each
    path taken as its bounding box; paths smaller than ``least`` not asked). A clipping
    window cuts whole lines: the first, middle and last characters of a line decide for
    it, and only a line they disagree on is decided character by character."""
    shown = functools.partial(_shown, raw, tp, least=least, forms=forms)
    index = {id(ch): i for i, ch in chars}
    out: list[tuple[int, _Char]] = []
    for line in _group_lines([ch for _, ch in chars], finish=False):
        probes = (line[0], line[len(line) // 2], line[-1])
        verdicts = {shown(index[id(ch)], ch) for ch in probes}
        if verdicts == {True}:
            out.extend((index[id(ch)], ch) for ch in line)
        elif verdicts == {True, False}:
            out.extend((index[id(ch)], ch) for ch in line if shown(index[id(ch)], ch))
    return out


def _group_lines(chars: list[_Char], finish: bool = True):
    """Characters into lines: sorted from the top, a character joins the line whose
    vertical band it overlaps by at least half its own height (superscripts, lowered
    figures and small punctuation stay in their line)."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda ch: -ch.cy)
    groups: list[list[_Char]] = []
    bands: list[tuple[float, float]] = []  # the band of the line's main characters
    for ch in chars:
        cb, ct = ch.b, ch.t
        h = ct - cb
        n = len(groups)
        for k in range(n - 1, max(n - 4, -1), -1):
            b, t = bands[k]
            tb = t - b
            # min() and max() written out, with their results (a tie or a NaN picks the same side)
            if (ct if ct < t else t) - (cb if cb > b else b) >= 0.5 * (tb if tb < h else h):
                groups[k].append(ch)
                if h > tb and len(groups[k]) <= 3:
                    # the line's main size, not a superscript's; once the line has its
                    # characters, a taller box (digits of another font, drawn with a larger
                    # ascent) no longer widens it to swallow a folio printed just below
                    bands[k] = (cb, ct)
                break
        else:
            groups.append([ch])
            bands.append((cb, ct))
    if not finish:
        for g in groups:
            g.sort(key=lambda ch: ch.l)
        return groups
    lines = [_Line(g).finish() for g in groups]
    lines.sort(key=lambda ln: -ln.t)
    return lines


def _rulings(raw, page, images: list | None = None, in_forms: dict | None = None) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling segments of a page; the
    boxes (left, bottom, right, top) of its image objects are added to ``images``, and its
    text objects inside form XObjects to ``in_forms`` (see _path_objects)."""
    import ctypes

    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fl, fb, fr, ft = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = (ctypes.byref(fl), ctypes.byref(fb), ctypes.byref(fr), ctypes.byref(ft))
    for handle, outer, image in _path_objects(raw, page, images=images is not None, in_forms=in_forms):
        if not raw.FPDFPageObj_GetBounds(handle, *bounds):
            continue
        left, bottom, right, top = fl.value, fb.value, fr.value, ft.value
        if outer is not None:  # inside a form XObject: its bounds are in the form's space
            corners = [outer(px, py) for px in (left, right) for py in (bottom, top)]
            left, right = min(c[0] for c in corners), max(c[0] for c in corners)
            bottom, top = min(c[1] for c in corners), max(c[1] for c in corners)
        if image:
            images.append((left, bottom, right, top))
            continue
        w, ht = right - left, top - bottom
        if w < _MIN_RULE and ht < _MIN_RULE:
            continue
        if not raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke)):
            continue
        filled = fill.value != 0 and _inked(raw, handle, raw.FPDFPageObj_GetFillColor)
        stroked = bool(stroke.value) and _inked(raw, handle, raw.FPDFPageObj_GetStrokeColor)
        if not filled and not stroked:
            continue  # white or invisible: a background, not a line
        nseg = raw.FPDFPath_CountSegments(handle)
        if w <= _THIN and ht >= _MIN_RULE:
            v.append(((left + right) / 2, bottom, top))
            continue
        if ht <= _THIN and w >= _MIN_RULE:
            h.append(((bottom + top) / 2, left, right))
            continue
        if 0 < nseg <= 6:
            # a rectangle (a cell's frame, a shaded cell): its four edges
            h.extend([(bottom, left, right), (top, left, right)])
            v.extend([(left, bottom, top), (right, bottom, top)])
            continue
        if nseg > 400:
            continue  # a drawing, not a grid
        matrix = _matrix(raw, handle)
        if outer is not None:
            inner = matrix
            matrix = lambda px, py, inner=inner, outer=outer: outer(*inner(px, py))  # noqa: E731
        pts: list[tuple[float, float, int]] = []
        start = None
        for k in range(nseg):
            seg = raw.FPDFPath_GetPathSegment(handle, k)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            kind = raw.FPDFPathSegment_GetType(seg)
            px, py = matrix(x.value, y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO or not pts:
                start = (px, py)
            elif kind == raw.FPDF_SEGMENT_LINETO:
                _segment(pts[-1][0], pts[-1][1], px, py, h, v)
            pts.append((px, py, kind))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _segment(px, py, start[0], start[1], h, v)
    return h, v


def _path_objects(raw, page, limit: int = 20000, images: bool = False, in_forms: dict | None = None):
    """The page's path objects (and its image objects with ``images``), also those inside
    form XObjects (some producers draw a whole table as a form), each with the function
    that maps its space to the page's (None at the top level) and whether it is an image.
    The text objects inside forms are put in ``in_forms`` (their address: that function).
    At most ``limit`` objects are looked at."""
    import ctypes

    seen = 0
    path_type, form_type, text_type = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_TEXT
    image_type = raw.FPDF_PAGEOBJ_IMAGE if images else -1  # -1: no object is of that type
    stack = [(raw.FPDFPage_GetObject, page.raw, raw.FPDFPage_CountObjects(page.raw), None, 0)]
    while stack:
        get, holder, count, outer, depth = stack.pop()
        for n in range(count):
            seen += 1
            if seen > limit:
                return
            handle = get(holder, n)
            kind = raw.FPDFPageObj_GetType(handle)
            if kind == path_type:
                yield handle, outer, False
            elif kind == image_type:
                yield handle, outer, True
            elif kind == text_type:
                if outer is not None and in_forms is not None:
                    in_forms[ctypes.cast(handle, ctypes.c_void_p).value] = outer
            elif kind == form_type and depth < 4:
                own = _matrix(raw, handle)
                inner = own if outer is None else (lambda px, py, own=own, outer=outer: outer(*own(px, py)))
                stack.append((raw.FPDFFormObj_GetObject, handle, raw.FPDFFormObj_CountObjects(handle), inner, depth + 1))


def _matrix(raw, handle):
    """The object's transformation as a function of a point (path points are in the
    object's own space)."""
    m = raw.FS_MATRIX()
    import ctypes

    if not raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m)):
        return lambda px, py: (px, py)
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    return lambda px, py: (a * px + c * py + e, b * px + d * py + f)


def _inked(raw, obj, getter) -> bool:
    """Whether a path's fill or stroke colour shows on a white page."""
    import ctypes

    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 235


def _segment(x0: float, y0: float, x1: float, y1: float, h: list, v: list) -> None:
    if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= _MIN_RULE:
        h.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= _MIN_RULE:
        v.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


# --------------------------------------------------------------------------- tables


def _snap(values: list[float]) -> list[float]:
    """Positions closer than _SNAP are one position (their mean)."""
    out: list[list[float]] = []
    for val in sorted(values):
        if out and val - out[-1][-1] <= _SNAP:
            out[-1].append(val)
        else:
            out.append([val])
    return [sum(g) / len(g) for g in out]


def _clusters(h: list, v: list) -> list[tuple[list, list]]:
    """Ruling segments that touch each other, as separate grids."""
    segs = [("h", s) for s in h] + [("v", s) for s in v]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    nh = len(h)
    tol = _SNAP + 0.5
    for i, (y, x0, x1) in enumerate(h):
        for j, (x, y0, y1) in enumerate(v):
            if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol:
                a, b = find(i), find(nh + j)
                if a != b:
                    parent[a] = b
    # collinear overlapping pieces of one line belong together too
    order = sorted(range(nh), key=lambda i: (round(h[i][0]), h[i][1]))
    for a, b in itertools.pairwise(order):
        if abs(h[a][0] - h[b][0]) <= _SNAP and h[b][1] <= h[a][2] + tol:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, s) in enumerate(segs):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if kind == "h" else g[1]).append(s)
    return list(groups.values())


class _Rules:
    """Ruling segments of one direction, looked up by position."""

    def __init__(self, segs: list[tuple[float, float, float]]) -> None:
        self.by_pos: dict[int, list[tuple[float, float, float]]] = {}
        for seg in segs:
            self.by_pos.setdefault(round(seg[0]), []).append(seg)

    def covers(self, pos: float, at: float) -> bool:
        """Whether a segment at ``pos`` (within _SNAP) runs through ``at``."""
        base = round(pos)
        for k in range(base - 3, base + 4):
            for p, a, b in self.by_pos.get(k, ()):
                if abs(p - pos) <= _SNAP and a - 0.5 <= at <= b + 0.5:
                    return True
        return False


_MAX_CROSSINGS = 250_000  # more line pairs than this on a page is a drawing (a chart's hatching), not tables


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Pieces of one ruling line (a grid drawn cell by cell) joined into one segment."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / _SNAP), s[1])):
        last = out[-1] if out else None
        if last is not None and abs(last[0] - pos) <= _SNAP and a <= last[2] + _SNAP:
            last[2] = max(last[2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _tables(h: list, v: list, chars: list[_Char], page: int) -> list[_Table]:
    if not h or not v:
        return []
    h, v = _merge_collinear(h), _merge_collinear(v)
    if len(h) * len(v) > _MAX_CROSSINGS:
        return []
    tables = []
    for hs, vs in _clusters(h, v):
        if len(hs) < 2 or len(vs) < 2:
            continue
        table = _grid(hs, vs, chars, page)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: -t.top)
    return tables


def _grid(hs: list, vs: list, chars: list[_Char], page: int) -> _Table | None:
    left = min(x0 for _, x0, _ in hs)
    right = max(x1 for _, _, x1 in hs)
    bottom = min(y0 for _, y0, _ in vs)
    top = max(y1 for _, _, y1 in vs)
    xs = _snap([x for x, _, _ in vs] + [left, right])
    ys = _snap([y for y, _, _ in hs] + [bottom, top])
    xs = [x for x in xs if left - _SNAP <= x <= right + _SNAP]
    ys = sorted((y for y in ys if bottom - _SNAP <= y <= top + _SNAP), reverse=True)
    # drop slivers: columns or rows narrower than a character are drawing noise
    xs = _drop_slivers(xs)
    ys = list(reversed(_drop_slivers(list(reversed(ys)))))
    ncols, nrows = len(xs) - 1, len(ys) - 1
    if ncols < 1 or nrows < 1 or ncols * nrows < 2:
        return None
    widths = sorted(xs[k + 1] - xs[k] for k in range(ncols))
    heights = sorted(ys[k] - ys[k + 1] for k in range(nrows))
    if widths[len(widths) // 2] < 8.0 or heights[len(heights) // 2] < 6.0:
        return None  # cells smaller than a character: hatching or a chart, not a table
    # merged cells: a missing ruling between two grid cells joins them
    vrules, hrules = _Rules(vs), _Rules(hs)
    parent = list(range(nrows * ncols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nrows):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(ncols - 1):
            if not vrules.covers(xs[c + 1], ymid):
                a, b = find(r * ncols + c), find(r * ncols + c + 1)
                if a != b:
                    parent[b] = a
    for r in range(nrows - 1):
        for c in range(ncols):
            xmid = (xs[c] + xs[c + 1]) / 2
            if not hrules.covers(ys[r + 1], xmid):
                a, b = find(r * ncols + c), find((r + 1) * ncols + c)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    # the anchor of a merged region: its top-left grid cell
    anchor: dict[int, int] = {}
    for i in range(nrows * ncols):
        root = find(i)
        if root not in anchor or i < anchor[root]:
            anchor[root] = i
    cell_chars: dict[int, list[_Char]] = {}
    neg_ys = [-y for y in ys]
    placed: list[tuple[_Char, int, int]] = []
    for ch in chars:
        cx, cy = ch.cx, ch.cy
        if not (xs[0] - 1 <= cx <= xs[-1] + 1 and ys[-1] - 1 <= cy <= ys[0] + 1):
            continue
        c = min(max(bisect.bisect_right(xs, cx) - 1, 0), ncols - 1)
        r = min(max(bisect.bisect_right(neg_ys, -cy) - 1, 0), nrows - 1)
        placed.append((ch, r, c))
    spill = _spill_past_the_frame(placed, chars, xs[-1])
    placed.extend(spill)
    for ch, r, c in _overflow_to_own_cell(placed):
        cell_chars.setdefault(anchor[find(r * ncols + c)], []).append(ch)
    found = len(placed)
    if nrows < 2 and found == 0:
        return None
    if ncols == 1 and nrows <= 2:
        return None  # a framed box of text, not a table
    cells: list[list[str]] = []
    boxes: list[list[list[Box | None]]] = []
    grid_row: list[int] = []  # the grid row each output row comes from
    for r in range(nrows):
        alone = all(find(r * ncols + c) not in {find(o * ncols + c) for o in (r - 1, r + 1) if 0 <= o < nrows} for c in range(ncols))
        stacked = _stacked_lines([cell_chars.get(r * ncols + c, []) for c in range(ncols)]) if alone else None
        if stacked is not None:
            for band in stacked:
                cells.append([t for t, _ in band])
                boxes.append([bx for _, bx in band])
                grid_row.append(r)
            continue
        row, row_boxes = [], []
        for c in range(ncols):
            text, bx = _cell_text(cell_chars.get(r * ncols + c, []))
            row.append(text)
            row_boxes.append(bx)
        cells.append(row)
        boxes.append(row_boxes)
        grid_row.append(r)
    spans = [[1] * ncols for _ in range(nrows)]  # how many grid columns each anchored cell covers
    for r in range(nrows):
        for c in range(ncols):
            root = find(r * ncols + c)
            if anchor[root] != r * ncols + c:
                a = anchor[root]
                spans[a // ncols][a % ncols] = max(spans[a // ncols][a % ncols], c - a % ncols + 1)
    spans = [list(spans[r]) for r in grid_row]
    indents = _indent_labels(cells, boxes, xs, spans)
    table = _Table(top=ys[0], bottom=ys[-1], left=xs[0], right=xs[-1], cells=cells, boxes=boxes, page=page, indents=indents)
    table.spill = {id(ch) for ch, _, _ in spill}
    regions = [len({find(r * ncols + c) for c in range(ncols)}) for r in grid_row]
    _lift_title_rows(table, regions)
    _tidy(table, xs)
    if not table.cells or (len(table.cells[0]) < 2 and len(table.cells) < 3):
        return None
    return table


def _spill_past_the_frame(placed: list[tuple[_Char, int, int]], chars: list[_Char], right: float) -> list[tuple[_Char, int, int]]:
    """Characters past the frame's right edge that finish a last-column cell's text.

    A spreadsheet clips a note longer than the last column at the table's outer ruling;
    the text layer holds it in full. The characters drawn by the same text object on the
    same line as a last-column cell's text, running on from it without a gap wider than
    half a character, belong to that cell (not to a paragraph beside the table)."""
    last = max((c for _, _, c in placed), default=-1)
    row: dict[int, int] = {}  # text object -> the row of its last-column text
    ends: dict[int, _Char] = {}  # text object -> the rightmost character read into that cell so far
    for ch, r, c in placed:
        if ch.obj and c == last and (ch.obj not in ends or ch.r > ends[ch.obj].r):
            row[ch.obj], ends[ch.obj] = r, ch
    out: list[tuple[_Char, int, int]] = []
    for ch in sorted((ch for ch in chars if ch.obj in ends and ch.cx > right + 1), key=lambda ch: ch.l):
        end = ends[ch.obj]
        if abs(ch.b - end.b) <= 1.0 and ch.l - end.r <= 0.5 * (end.t - end.b):
            out.append((ch, row[ch.obj], last))
            ends[ch.obj] = ch
    return out


def _overflow_to_own_cell(placed: list[tuple[_Char, int, int]]) -> list[tuple[_Char, int, int]]:
    """Characters of a cell's text that run on past its right ruling stay in their cell.

    A spreadsheet exported to PDF writes a label longer than its cell in full and clips
    it at the ruling: the last characters of 其他社会保障和就业支出 lie under the next
    cell, beside (or over) that cell's own figure, and read by position they would join
    it (``出 1090.22``). A text drawn as one unbroken run (one text object, one line, no
    gap wider than half a character) that crosses a ruling is one cell's text: it belongs
    to the cell that holds most of it (a left-aligned label runs on to the right, a
    centred header out on both sides). Text objects that hold several cells (separated
    by gaps) are left to their positions."""
    runs: dict[tuple[int, int], list[int]] = {}
    for k, (ch, r, _c) in enumerate(placed):
        if ch.obj:
            runs.setdefault((ch.obj, r), []).append(k)
    out = list(placed)
    for ks in runs.values():
        cols = {placed[k][2] for k in ks}
        if len(cols) < 2:
            continue
        ks = sorted(ks, key=lambda k: placed[k][0].l)
        chs = [placed[k][0] for k in ks]
        if max(ch.b for ch in chs) - min(ch.b for ch in chs) > 1.0:
            continue  # wrapped over lines: each line where it stands
        em = max(ch.t - ch.b for ch in chs)
        if any(b.l - a.r > 0.5 * em for a, b in itertools.pairwise(chs)):
            continue  # gaps between: several cells' texts drawn by one object
        counts = Counter(placed[k][2] for k in ks)
        home = max(sorted(counts), key=lambda c: counts[c])  # the most characters; a tie to the left
        for k in ks:
            ch, r, _c = placed[k]
            out[k] = (ch, r, home)
    return out


_NUMERIC_CELL = re.compile(r"^[\s\d,.\-−–—%()（）]*$")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _indent_labels(cells: list[list[str]], boxes: list[list[list[Box | None]]], xs: list[float], spans: list[list[int]]) -> list[tuple[float, float, float]]:
    """Label indentation as the page shows it: in a column of left-aligned labels whose
    rows start at steps of one character's width (类 flush, 款 one character in, 项 two),
    each label is written with one ideographic space per step, the way the Markdown and
    Word readers write an indented label, so that the table model sees the levels. Centred
    cells, figures and columns with fewer than two steps are left as they are."""
    indents: list[tuple[float, float, float]] = []
    # only the column that labels the rows: the first one where most filled cells are words
    label_col = None
    for c in range(len(xs) - 1):
        filled = [row[c] for row in cells if row[c].strip()]
        words = [t for t in filled if not _NUMERIC_CELL.match(t)]
        if len(filled) >= 3 and len(words) * 2 > len(filled):
            label_col = c
            break
    for c in ([] if label_col is None else [label_col]):
        found: list[tuple[int, float, float, bool]] = []  # (row, gap at the left, a character's width, centred-looking)
        for r, row in enumerate(cells):
            text, bx = row[c], boxes[r][c]
            if not text or _NUMERIC_CELL.match(text) or not bx or bx[0] is None:
                continue
            right_edge = xs[min(c + spans[r][c], len(xs) - 1)]
            real = [b for b in bx if b is not None]
            widths = sorted(b[2] - b[0] for b, ch in zip(bx, text, strict=False) if b is not None and _CJK_CHAR.match(ch))
            if not widths:
                continue
            em = widths[len(widths) // 2]
            left_gap = real[0][0] - xs[c]
            right_gap = right_edge - max(b[2] for b in real)
            centred = abs(left_gap - right_gap) <= em and len({round(b[1]) for b in real}) == 1
            found.append((r, left_gap, em, centred))
        # a column whose labels mostly look centred, at several left gaps (names of several
        # lengths), is a centred column: its gaps are the names' lengths, not levels
        centred = [f for f in found if f[3]]
        if len(centred) * 3 >= len(found) * 2 and len({round(g) for _, g, _, _ in centred}) >= 2:
            continue
        # a centred-looking cell (equal gaps both sides) is centred unless other cells of the
        # column start where it does: a label that happens to fill its cell is still aligned
        starts = Counter(round(g) for _, g, _, _ in found)
        found = [f for f in found if not f[3] or starts[round(f[1])] >= 3]
        if len(found) < 3:
            continue
        base = min(g for _, g, _, _ in found)
        steps: dict[int, int] = {}
        for r, gap, em, _ in found:
            k = round((gap - base) / em)
            if k > 6 or abs(gap - base - k * em) > 0.35 * em:
                steps = _even_steps(found)
                break  # not on a grid of whole characters: indentation only if its steps are even
            steps[r] = k
        if len(set(steps.values())) < 2 or len(steps) * 3 < sum(1 for row in cells if row[c].strip()) * 2:
            continue  # one level only, or too few of the column's labels on the grid
        level, tree = 0, True
        for r in sorted(steps):
            if steps[r] > level + 1:
                tree = False  # a label two steps deeper than the one before: not an outline
                break
            level = steps[r]
        if not tree:
            continue
        for r, k in steps.items():
            if k:
                cells[r][c] = "\u3000" * k + cells[r][c]
                boxes[r][c] = [None] * k + boxes[r][c]
        ems = sorted(em for _, _, em, _ in found)
        indents.append((xs[c], xs[c] + base, ems[len(ems) // 2]))
    return indents


def _even_steps(found: list[tuple[int, float, float, bool]]) -> dict[int, int]:
    """Levels from left gaps that are not whole characters apart but evenly spaced (a layout
    that indents by 1.4 characters a level): each row's rank among the distinct gaps, when
    there are two to six of them at one step of at least half a character; else none."""
    em = sorted(e for _, _, e, _ in found)[len(found) // 2]
    clusters: list[float] = []
    for g in sorted(g for _, g, _, _ in found):
        if not clusters or g - clusters[-1] > 0.35 * em:
            clusters.append(g)
    if not 2 <= len(clusters) <= 6:
        return {}
    diffs = [b - a for a, b in itertools.pairwise(clusters)]
    if min(diffs) < 0.5 * em or max(diffs) - min(diffs) > 0.25 * min(diffs):
        return {}
    out = {}
    for r, g, _e, _c in found:
        out[r] = min(range(len(clusters)), key=lambda i: abs(clusters[i] - g))
    return out


def _indent_like(prev: _Table, table: _Table) -> None:
    """Indent the labels of a table's continuation on the next page by the steps of the
    part before it (a page may hold too few rows to show the levels by itself)."""
    own = {round(x) for x, _, _ in table.indents}
    for colx, start, em in prev.indents:
        j = next((j for j, x in enumerate(table.lefts) if abs(x - colx) <= 4.0), None)
        if j is None or round(table.lefts[j]) in own:
            continue
        steps: dict[int, int] = {}
        for r, row in enumerate(table.cells):
            text, bx = row[j], table.boxes[r][j]
            if not text or text.startswith("\u3000") or _NUMERIC_CELL.match(text) or not bx or bx[0] is None:
                continue
            at = (bx[0][0] - start) / em
            k = round(at)
            if 0 <= k <= 6 and abs(at - k) <= 0.35:
                steps[r] = k
                continue
            right = table.lefts[j + 1] if j + 1 < len(table.lefts) else table.right
            real = [b for b in bx if b is not None]
            if not 0 < at < 6 or abs((real[0][0] - table.lefts[j]) - (right - max(b[2] for b in real))) <= em:
                continue  # far in or centred (a repeated header): not a label of the outline
            # a label between two steps (half a character in) is under the shallower one: it
            # takes the deeper step when the outline allows it (the label before is at least
            # at the shallower step); else no level on the page is known, and none is given
            above = steps[max(steps)] if steps else 0
            if int(at) > above:
                steps = {}
                break
            steps[r] = int(at) + 1
        for r, k in steps.items():
            if k:
                table.cells[r][j] = "\u3000" * k + table.cells[r][j]
                table.boxes[r][j] = [None] * k + table.boxes[r][j]
    table.indents = [*table.indents, *(i for i in prev.indents if round(i[0]) not in own)]


def _lift_title_rows(table: _Table, regions: list[int]) -> None:
    """Rows at the top of a frame that hold the table's caption or unit (a title ending in
    表 across the whole width, or a unit such as ``单位：万元`` with at most the 编制单位
    beside it) are lines above the table, not header rows."""
    while len(table.cells) > 2 and len(table.cells[0]) >= 2:
        row, row_boxes = table.cells[0], table.boxes[0]
        filled = [k for k, t in enumerate(row) if t]
        if not filled or len(filled) > 2 or any(_FIGURE.search(row[k]) and not _UNIT.search(row[k]) for k in filled):
            return
        titled = regions[0] == 1 and _TITLE.search(row[filled[0]])
        if not (titled or any(_UNIT.search(row[k]) for k in filled)):
            return  # a header over every column (财政拨款“三公”经费) stays a header
        text = " ".join(row[k] for k in filled)
        bx: list[Box | None] = []
        for n, k in enumerate(filled):
            if n:
                bx.append(None)
            bx.extend(row_boxes[k])
        table.above.append((text, bx))
        del table.cells[0], table.boxes[0], regions[0]


def _drop_slivers(xs: list[float]) -> list[float]:
    out = [xs[0]] if xs else []
    for x in xs[1:]:
        if x - out[-1] < 4.0:
            continue
        out.append(x)
    return out


# A line of a column of figures: a figure, or the word a table prints for a change it cannot rate.
_STACKED_FIGURE = re.compile(_FIGURE_CELL.pattern + r"|^(?:净增|净减|新增|/|…|——|－)$")


def _stacked_lines(row: list[list[_Char]]) -> list[list[tuple[str, list[Box | None]]]] | None:
    """A ruled row that holds several items, one text line each, with no rulings between
    them (a region column 宿州市 / 本级 / 埇桥区 … beside columns of one figure per line):
    the row's lines, one output row per item, each cell's text the part of that item in it.
    Taken only when two or more cells hold two or more lines that are each one figure, and
    every line of a column of figures stands beside one line of the words before it (its
    item; a label wrapped tight onto a second line, its figure between the two, is one
    item). Panels side by side (收入 | 金额 | 支出 | 金额) may set their items at other
    heights: each panel's items are its own, and the rows are the heights of all of them.
    None when the row is an ordinary one."""
    if sum(1 for chs in row if _several_lines(chs)) < 2:
        return None  # fewer than two cells of two lines or more: never stacked (most rows, cheaply)
    per = [_unwrap(_group_lines(chs)) if chs else [] for chs in row]
    figures = [bool(lines) and all(_STACKED_FIGURE.match(ln.text.replace(" ", "")) for ln in lines) for lines in per]
    stacks = [len(lines) for c, lines in enumerate(per) if figures[c] and len(lines) >= 2]
    if len(stacks) < 2 and not (stacks and stacks[0] >= 3):
        return None  # two columns of stacked figures, or one of three or more (预算数 empty but for one line)

    def at(item: _Line, ln: _Line) -> bool:  # a line at the height of an item
        return item.b <= (ln.b + ln.t) / 2 <= item.t or ln.b <= (item.b + item.t) / 2 <= ln.t

    owner: list[int | None] = [None] * len(per)  # the cell whose lines are the items of each cell's panel
    for c, lines in enumerate(per):
        if lines:
            words = next((d for d in range(c, -1, -1) if per[d] and not figures[d]), None)
            owner[c] = c if figures[c] and words is None else words
    placed: list[dict[int, _Line]] = []  # per cell: item index -> its line there
    for c, lines in enumerate(per):
        o = owner[c]
        if o is None:
            placed.append({})
            continue
        items = per[o]
        found: dict[int, _Line] = {}
        for ln in lines:
            k = next((k for k, item in enumerate(items) if at(item, ln)), None)
            if k is None or k in found:
                return None  # a line beside no item, or two beside one: not one line per item
            found[k] = ln
        placed.append(found)
    # the items of every panel, by height; items of two panels at one height share a row
    rows: list[dict[int, int]] = []  # per output row: panel -> item index
    heights: list[tuple[float, float]] = []
    panels = sorted({o for o in owner if o is not None})
    marks = sorted((-(per[p][k].b + per[p][k].t) / 2, p, k) for p in panels for k in range(len(per[p])))
    for neg_y, p, k in marks:
        y = -neg_y
        if rows and p not in rows[-1] and abs(heights[-1][0] - y) <= 0.5 * min(heights[-1][1], per[p][k].t - per[p][k].b):
            rows[-1][p] = k
            continue
        rows.append({p: k})
        heights.append((y, per[p][k].t - per[p][k].b))
    out = []
    for found_row in rows:
        line: list[tuple[str, list[Box | None]]] = []
        for c in range(len(per)):
            k = found_row.get(owner[c]) if owner[c] is not None else None
            ln = placed[c].get(k) if k is not None else None
            line.append((ln.text, list(ln.boxes)) if ln is not None else ("", []))
        out.append(line)
    return out


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """A cell's lines with a label wrapped onto a second line set tight under the first
    (地方政府向外国政府和国际组织借款（转 / 贷）收入, its figure between the two) made one line:
    the space between two lines of one item is much less than between two items."""
    if len(lines) < 3:
        return lines
    gaps = sorted(a.b - b.t for a, b in itertools.pairwise(lines))
    usual = gaps[len(gaps) // 2]
    if usual <= 0:
        return lines
    out = [lines[0]]
    for ln in lines[1:]:
        last = out[-1]
        if last.b - ln.t < 0.4 * usual and not _FIGURE_CELL.match(last.text.replace(" ", "")):
            joined = _Line(chars=[], l=min(last.l, ln.l), b=ln.b, r=max(last.r, ln.r), t=last.t, size=last.size)
            joined.text, joined.boxes = last.text + ln.text, [*last.boxes, *ln.boxes]
            out[-1] = joined
        else:
            out.append(ln)
    return out


def _several_lines(chars: list[_Char]) -> bool:
    """Whether :func:`_group_lines` makes two lines or more of these characters: its
    grouping, stopped at the first character that opens a second line."""
    if len(chars) < 2:
        return False
    chars = sorted(chars, key=lambda ch: -ch.cy)
    b, t = chars[0].b, chars[0].t
    for ch in chars[1:]:
        h = ch.t - ch.b
        if not min(t, ch.t) - max(b, ch.b) >= 0.5 * min(h, t - b):  # as _group_lines tests it (a NaN box too)
            return True
        if h > (t - b):
            b, t = ch.b, ch.t
    return False


def _cell_text(chars: list[_Char]) -> tuple[str, list[Box | None]]:
    """The text of one cell: its lines joined (wrapped text is one text)."""
    if not chars:
        return "", []
    if max(map(_BOTTOM, chars)) - min(map(_BOTTOM, chars)) < 1.0:
        line = _Line(list(chars)).finish()  # one line: the common case
        return line.text, line.boxes
    lines = _group_lines(chars)
    text = ""
    boxes: list[Box | None] = []
    for ln in lines:
        piece = ln.text
        if text and _needs_space(text[-1], piece[0]):
            text += " "
            boxes.append(None)
        text += piece
        boxes.extend(ln.boxes)
    return text, boxes


def _needs_space(a: str, b: str) -> bool:
    return a.isascii() and b.isascii() and a.isalpha() and b.isalpha()


def _tidy(table: _Table, xs: list[float]) -> None:
    """Drop empty rows and narrow empty columns (drawing noise; a wide empty column is a
    column of the table, kept so that a continuation lines up). Code columns are merged
    later, when it is known whether the table continues another."""
    cells, boxes = table.cells, table.boxes
    ncols = len(cells[0])
    keep = [c for c in range(ncols) if xs[c + 1] - xs[c] >= 12.0 or any(row[c] for row in cells)]
    table.lefts = [xs[c] for c in keep]
    if len(keep) < ncols:
        cells[:] = [[row[c] for c in keep] for row in cells]
        boxes[:] = [[row[c] for c in keep] for row in boxes]
    keep_rows = [i for i, row in enumerate(cells) if any(row)]
    cells[:] = [cells[i] for i in keep_rows]
    boxes[:] = [boxes[i] for i in keep_rows]
    if not cells or not cells[0]:
        return
    table.width = len(cells[0])


_CODE_PARTS = ("类", "款", "项")


def _merge_code_columns(table: _Table, last: list[str] | None = None) -> None:
    """``201 | 13 | 01`` under 类 | 款 | 项 is the code 2011301: one column, one code; a
    part left empty under a filled one repeats the part above it (``  | 13 |`` under
    ``201`` is 20113). ``last``: the code parts the page before ended with, for a
    continuation whose first rows leave the 类 (and 款) to it."""
    cells = table.cells
    ncols = len(cells[0])
    for hr in range(min(4, len(cells))):
        row = cells[hr]
        for c in range(ncols - 1):
            if row[c].strip() != "类" or row[c + 1].strip() != "款":
                continue
            width = 3 if c + 2 < ncols and row[c + 2].strip() == "项" else 2
            data = cells[hr + 1 :]
            if not all(not cell or _CODE.match(cell) for r in data for cell in r[c + 1 : c + width]):
                continue
            _merge_codes_at(table, c, width, hr, last if last and len(last) == width else None)
            return


def _merge_codes_at(table: _Table, c: int, width: int, hr: int, last: list[str] | None = None) -> None:
    """Merge columns c..c+width-1 of the rows below header row ``hr`` (-1: no header)."""
    cells, boxes = table.cells, table.boxes
    last = list(last) if last else [""] * width
    for ri in range(hr + 1, len(cells)):
        r = cells[ri]
        parts = r[c : c + width]
        if not any(parts):
            continue
        merged_boxes = [b for k in range(width) for b in boxes[ri][c + k]]
        if not all(not p or _CODE.match(p) for p in parts):
            merged = "".join(parts)  # a label written across the code columns (合计)
        else:
            filled = [k for k, p in enumerate(parts) if p]
            full = [parts[k] or last[k] for k in range(filled[-1] + 1)]
            last = full + [""] * (width - len(full))
            merged = "".join(full)
            # parts carried from the row above have no boxes on this row
            merged_boxes = [None] * (len(merged) - len(merged_boxes)) + merged_boxes
        r[c] = merged
        boxes[ri][c] = merged_boxes
    if hr >= 0:
        cells[hr][c] = ""
        boxes[hr][c] = []
    for r in cells:
        del r[c + 1 : c + width]
    for r in boxes:
        del r[c + 1 : c + width]
    if hr >= 0 and not any(cells[hr]):
        del cells[hr]
        del boxes[hr]
    table.codes = (c, width)
    table.last_code = last


# ------------------------------------------------------------------ running heads


def _running_lines(pages: list[_Page]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(page, line index) of running headers, footers and page numbers; and of lines at
    the top or bottom of a page repeated at the same place on three pages or more, but not
    on most (a running head of one part of the document, its tables say): those are
    dropped only where they stand between a table and its continuation on the next page."""
    drop: set[tuple[int, int]] = set()
    soft: set[tuple[int, int]] = set()
    seen: Counter[tuple[str, int]] = Counter()
    where: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for p in pages:
        band = p.height * 0.12
        for i, ln in enumerate(p.lines):
            near_top = ln.t >= p.height - band
            near_bottom = ln.b <= band
            if not (near_top or near_bottom):
                continue
            text = ln.text.strip()
            if IMAGE_TEXT in text:
                continue  # a picture of text (a page, a line) is not a running head
            if (near_bottom and _PAGE_NUMBER.match(text)) or (near_top and _PAGE_NUMBER.match(text) and len(text) <= 6):
                drop.add((p.seq, i))
                continue
            key = (re.sub(r"\d+", "#", text), round(ln.b / 6))
            seen[key] += 1
            where.setdefault(key, []).append((p.seq, i))
    need = max(2, (len(pages) + 1) // 2)
    for key, count in seen.items():
        if count >= need:
            drop.update(where[key])
        elif count >= 3:
            soft.update(where[key])
    drop.update(_numbered_pages(pages, need))
    return drop, soft


_FOLIO = re.compile(r"^[^\d\u4e00-\u9fff]{0,4}(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*(?:[/／]|，?共)\s*\d{1,4}\s*页?)?[^\d\u4e00-\u9fff]{0,4}$")


def _numbered_pages(pages: list[_Page], need: int) -> set[tuple[int, int]]:
    """Page numbers wherever a document puts them: the first or last line of a page that
    is a lone number counting up with the pages (the same offset from the page's index on
    most pages, or on three pages running at least), also outside the top and bottom bands — so that a sentence running
    across a page break is joined without the folio inside it."""
    found: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for p in pages:
        if not p.lines:
            continue
        order = sorted(range(len(p.lines)), key=lambda i: -p.lines[i].t)
        for end, i in (("top", order[0]), ("bottom", order[-1])):
            m = _FOLIO.match(p.lines[i].text.strip())
            if m:
                found.setdefault((end, int(m.group(1)) - p.seq), []).append((p.seq, i))
    out: set[tuple[int, int]] = set()
    for places in found.values():
        if len(places) >= need:
            out.update(places)
            continue
        # a book whose numbering restarts or skips (front matter, parts, a page read without
        # its folio) still counts up page by page: three pages running is no coincidence
        nos = {no for no, _ in places}
        out.update((no, i) for no, i in places if any({k, k + 1, k + 2} <= nos for k in (no - 2, no - 1, no)))
    return out


# ------------------------------------------------------------------------ compose


def _margins(lines: list[_Line], default: tuple[float, float] | None) -> tuple[float, float]:
    long = [ln for ln in lines if ln.n >= 12]
    if not long:
        return default or (min((ln.l for ln in lines), default=0.0), max((ln.r for ln in lines), default=0.0))
    left = min(ln.l for ln in long)
    rights = sorted(ln.r for ln in long)
    right = rights[int(len(rights) * 0.8)] if len(rights) >= 3 else rights[-1]
    return left, right


def _starts_new(prev: _Line, left: float, right: float, line: _Line) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` (on the same page or the
    one before)."""
    size = max(prev.size, line.size)
    if prev.wide_gaps or line.wide_gaps:
        return True  # a row of columns (a table without rulings) is a line of its own
    if _open_bracket(prev.text) and _closes_first(line.text):
        return False  # wrapped inside parentheses: （按支出功能分类科 / 目-不含上年结转）; （详见附表 / 4）
    if prev.r < right - 2.6 * size and prev.r + line.lead_width < right - size:
        # the line before ended short of the margin, and not because the next line's
        # first word (a long figure) would not fit on it
        return True
    if prev.text.rstrip()[-1:] in _FINAL:
        return True
    if line.l > left + 0.8 * size:
        return True  # indented
    if _NUMBERING.match(line.text) and not word_goes_on(prev.text, line.text):
        return True
    if abs(line.size - prev.size) > 0.25 * size:
        return True  # another font size: a title, a note
    return False


def _body_size(pages: list[_Page]) -> float:
    """The size of the document's running text: the median size of its long lines, by
    characters (0 when it has none)."""
    sizes = sorted((ln.size, ln.n) for p in pages for ln in p.lines if ln.n >= 12)
    half, seen = sum(n for _, n in sizes) / 2, 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return 0.0


def _wrapped_title(para: _Para, line: _Line, left: float, right: float, body: float, page: int) -> bool:
    """Whether ``line`` goes on a title set larger than the running text and centred, that
    wrapped: the line before spans most of the text's width with no mark ending it, this one
    is shorter and centred under it, in the same size, right below
    (西安市人民政府关于西安市2023年决 / 算草案的报告)."""
    prev = para.last
    size = prev.size
    if page != para.page or not body or size < 1.2 * body or abs(line.size - size) > 0.1 * size:
        return False
    if prev.wide_gaps or line.wide_gaps or prev.text.rstrip()[-1:] in _FINAL + "：:；;":
        return False
    width = prev.r - prev.l
    return (
        width >= 0.75 * (right - left)
        and line.l >= prev.l + size and line.r <= prev.r - size  # inside it on both sides: not a list's next line, flush left
        and abs((prev.l + prev.r) - (line.l + line.r)) <= 2 * size  # centres within a character
        and prev.b - line.t <= 1.5 * size
    )


def _open_bracket(text: str) -> bool:
    """Whether the text leaves a parenthesis open."""
    depth = 0
    for c in text:
        if c in "（(":
            depth += 1
        elif c in "）)" and depth:
            depth -= 1
    return depth > 0


def _closes_first(text: str) -> bool:
    """Whether the text closes a parenthesis before it opens one."""
    for c in text:
        if c in "（(":
            return False
        if c in "）)":
            return True
    return False


def _first_word_width(line: _Line) -> float:
    """The width of the run of Latin letters and figures that starts a line, with the unit
    written right after a figure (7,227.34万元 is not broken by a layout engine), 0 if none."""
    end = 0
    unit = 0
    for ch in line.chars:
        if ch.c.isascii() and (ch.c.isalnum() or ch.c in ",.%-") and not unit:
            end = ch.r
            continue
        if end and ch.c in "万亿千元" and unit < 2:
            unit += 1
            end = ch.r
            continue
        break
    return end - line.l if end else 0.0


def _page_blocks(p: _Page, drop: set[tuple[int, int]]) -> list[object]:
    """A page's lines and tables in reading order: from the top, column by column on a page
    printed in columns of prose (a headline across them first)."""
    lines = [ln for i, ln in enumerate(p.lines) if (p.seq, i) not in drop]
    blocks: list[tuple[int, float, object]] = [(ln.col, ln.t, ln) for ln in lines] + [(0, tb.top + 0.01, tb) for tb in p.tables]
    blocks.sort(key=lambda b: (b[0], -b[1]))
    return [b for _, _, b in blocks]


def _join_split_rows(pages: list[_Page], drop: set[tuple[int, int]]) -> None:
    """A row cut by a page break: the table that ends a page goes on at the top of the
    next, and the first row there holds nothing but the rest of one label (杭州市综合交通
    运输研究 / 中心). That text goes back to the label it finishes; the fragment row is
    dropped."""
    for a, b in itertools.pairwise(pages):
        ends, starts = _page_blocks(a, drop), _page_blocks(b, drop)
        if not ends or not starts or not isinstance(ends[-1], _Table) or not isinstance(starts[0], _Table):
            continue
        prev, table = ends[-1], starts[0]
        if len(table.cells) < 2 or not prev.cells:
            continue
        filled = [j for j, t in enumerate(table.cells[0]) if t.strip()]
        if len(filled) != 1 or _NUMERIC_CELL.match(table.cells[0][filled[0]]):
            continue
        j = filled[0]
        if j >= len(table.lefts):
            continue
        k = next((k for k, px in enumerate(prev.lefts) if abs(px - table.lefts[j]) <= 4.0), None)
        if k is None or k >= len(prev.cells[-1]) or not prev.cells[-1][k].strip() or prev.cells[-1][k].rstrip()[-1:] in _FINAL:
            continue
        piece = table.cells[0][j].strip()
        if len(piece) > 15 or any(c.isdigit() for c in piece) or _NUMBERING.match(piece) or len(prev.cells[-1][k].strip()) < 6:
            continue  # a row of its own (一、项目支出), not the end of a wrapped label
        prev.cells[-1][k] += piece
        prev.boxes[-1][k] = [*prev.boxes[-1][k], *([None] * len(piece))]
        del table.cells[0]
        del table.boxes[0]


def _compose(pages: list[_Page], layout: bool = True) -> Extracted:
    drop, soft = _running_lines(pages)
    _join_split_rows(pages, drop)
    m = _Writer(layout)
    doc_margins: tuple[float, float] | None = None
    para: _Para | None = None
    body = _body_size(pages)
    prev_table: _Table | None = None  # the table the last block was, if any
    pending: list[tuple[_Line, int]] = []  # footnotes held back until their sentence ends
    for p in pages:
        lines = [ln for i, ln in enumerate(p.lines) if (p.seq, i) not in drop]
        margins = _margins(lines, doc_margins)
        if doc_margins is None and any(ln.n >= 12 for ln in lines):
            doc_margins = margins
        left, right = margins
        soft_lines = {id(ln) for i, ln in enumerate(p.lines) if (p.seq, i) in soft}
        blocks = _page_blocks(p, drop)
        notes = _footnotes(blocks)
        first = True
        for n, block in enumerate(blocks):
            if id(block) in notes:
                pending.append((block, p.no))  # told after the sentence it interrupts (see _footnotes)
                continue
            if pending and pending[-1][1] != p.no and (isinstance(block, _Table) or para is None or _starts_new(para.last, left, para.right, block)):
                if para is not None:
                    m.para(para)
                    para = None
                _flush_notes(m, pending, left, right)
            if isinstance(block, _Table):
                if para is not None:
                    m.para(para)
                    para = None
                if first and prev_table is not None and _continues(prev_table, block):
                    m.table(block, continued=True)
                else:
                    _merge_code_columns(block)
                    m.table(block, continued=False)
                prev_table = block
                first = False
                continue
            line = block
            if first and prev_table is not None and _repeated_caption(line, m):
                continue  # the caption repeated over a table's continuation
            if first and prev_table is not None and id(line) in soft_lines and _table_goes_on(prev_table, blocks[n + 1 :], soft_lines):
                continue  # a running head of this part of the document, between a table and its continuation
            line_left, line_right = line.bounds or (left, right)  # a column's own edges on a page of columns
            if para is not None and (_wrapped_title(para, line, line_left, line_right, body, p.no) or not _starts_new(para.last, line_left, para.right, line)):
                piece = line.text
                if para.pieces and _needs_space(para.pieces[-1][0][-1:], piece[:1]):
                    piece = " " + piece
                    para.pieces.append((piece, p.no, [None, *line.boxes]))
                else:
                    para.pieces.append((piece, p.no, list(line.boxes)))
                para.last, para.right, para.left, para.page = line, line_right, line_left, p.no
            else:
                if para is not None:
                    m.para(para)
                para = _Para(pieces=[(line.text, p.no, list(line.boxes))], last=line, right=line_right, left=line_left, page=p.no)
            prev_table = None
            first = False
    if para is not None:
        m.para(para)
    if pending:
        _flush_notes(m, pending, *(doc_margins or (0.0, 0.0)))
    text, origins = m.build()
    return Extracted(text=text, format="pdf", origins=origins, extra={"boxes": m.boxes} if layout else None)


_NOTE_MARK = re.compile(r"^\s*[①-⑳]")


def _footnotes(blocks: list) -> set[int]:
    """The footnotes at the foot of a page (ids of their lines): from a line in a smaller
    font that opens with a note mark (①) to the page's end, in that smaller font, no table
    among them. A sentence the page breaks off goes on at the top of the next page, after
    them in the drawing but before them in the reading: 「…主要是」 ① 注文 — 「跨期收入…。」."""
    lines = [b for b in blocks if isinstance(b, _Line)]
    body = sorted(ln.size for ln in lines if ln.n >= 12)
    if not body or not lines or isinstance(blocks[-1], _Table):
        return set()
    size = body[len(body) // 2]
    start = None
    for k in range(len(blocks) - 1, -1, -1):
        b = blocks[k]
        if isinstance(b, _Table) or b.size >= 0.92 * size:
            break
        if _NOTE_MARK.match(b.text):
            start = k
    if start is None or start == 0:
        return set()
    return {id(b) for b in blocks[start:]}


def _flush_notes(m: _Writer, pending: list[tuple[_Line, int]], left: float, right: float) -> None:
    """The held footnotes, each a paragraph of its own (a wrapped note's lines joined)."""
    para: _Para | None = None
    for line, no in pending:
        if para is not None and not _NOTE_MARK.match(line.text):
            para.pieces.append((line.text, no, list(line.boxes)))
            para.last = line
            continue
        if para is not None:
            m.para(para)
        para = _Para(pieces=[(line.text, no, list(line.boxes))], last=line, right=right, left=left, page=no)
    if para is not None:
        m.para(para)
    pending.clear()


def _table_goes_on(prev: _Table, rest: list, soft_lines: set[int]) -> bool:
    """Whether, past running-head lines, the next block is a table whose columns start
    where ``prev``'s do."""
    for block in rest:
        if isinstance(block, _Table):
            return _column_map(prev, block) is not None
        if id(block) not in soft_lines:
            return False
    return False


def _continues(prev: _Table, table: _Table) -> bool:
    """Whether a table at the top of a page goes on with the table that ended the page
    before: each of its columns starts where one of the earlier table's does. If so, its
    cells are moved under those columns (a 合计 row that spans the code and name columns
    has fewer columns of its own) and its 类/款/项 columns are merged the same way, also
    when it does not repeat the header that named them."""
    first = prev.first_row or (prev.cells[0] if prev.cells else None)
    if first is not None and table.cells and _form_restarts(first, table.cells[0]):
        table.restarts = True
        return False
    target = _column_map(prev, table)
    if target is None:
        return False
    table.first_row = first
    width = prev.width
    if target != list(range(width)):
        for i in range(len(table.cells)):
            cells: list[str] = [""] * width
            boxes: list[list[Box | None]] = [[] for _ in range(width)]
            for j, k in enumerate(target):
                text, bx = table.cells[i][j], table.boxes[i][j]
                if cells[k] and text:  # a column the page before printed as part of this one
                    cells[k], boxes[k] = cells[k] + " " + text, [*boxes[k], None, *bx]
                elif text:
                    cells[k], boxes[k] = text, list(bx)
            table.cells[i], table.boxes[i] = cells, boxes
        table.width, table.lefts = width, list(prev.lefts)
    if prev.indents:
        _indent_like(prev, table)
    _merge_code_columns(table, prev.last_code if prev.codes else None)
    if prev.codes and table.codes is None:
        _merge_codes_at(table, prev.codes[0], prev.codes[1], -1, prev.last_code)
    return True


def _form_restarts(first: list[str], row: list[str]) -> bool:
    """Whether a page's first row starts the same form again rather than going on with it:
    its first label is the form's first label (项目名称, 单位名称) and the cells beside it
    say something else (another project's name). A header printed again repeats the whole
    row, which is a continuation."""
    a = [c.strip(" \u3000") for c in first if c.strip(" \u3000")]
    b = [c.strip(" \u3000") for c in row if c.strip(" \u3000")]
    if len(a) < 2 or len(b) < 2 or a[0] != b[0] or _NUMERIC_CELL.match(a[0]):
        return False
    return a[1:] != b[1:]


def _column_map(prev: _Table, table: _Table) -> list[int] | None:
    """For each column of ``table``, the column of ``prev`` it goes on: the one starting
    where it starts, or the one to its left when it starts inside a column of ``prev``
    whose cells hold two words (``30201 办公费`` above, ``30299 | 其他商品和服务支出`` on
    the next page: code and name printed apart); None when the columns do not line up."""
    tol = 4.0
    target: list[int] = []
    for x in table.lefts:
        k = next((k for k, px in enumerate(prev.lefts) if abs(px - x) <= tol), None)
        if k is None and target and _two_words(prev, target[-1]):
            end = prev.lefts[target[-1] + 1] if target[-1] + 1 < len(prev.lefts) else prev.right
            if prev.lefts[target[-1]] + tol < x < end - tol:
                target.append(target[-1])
                continue
        if k is None or (target and k <= target[-1]):
            return None
        target.append(k)
    return target


def _two_words(table: _Table, c: int) -> bool:
    """Whether most filled cells of column ``c`` hold two words apart (a code and a name)."""
    filled = [row[c] for row in table.cells if c < len(row) and row[c].strip()]
    return len(filled) >= 3 and sum(" " in t.strip() for t in filled) * 3 >= len(filled) * 2


def _repeated_caption(line: _Line, m: _Writer) -> bool:
    """A line at the top of a page, before the continuation of the table that ended the
    page before, that repeats that table's own caption (or says 续). A heading whose words
    stand elsewhere in the document (in the 目录) is not a caption and is kept. A caption
    that wrapped is read as one paragraph (see _wrapped_title) and repeated line by line: a
    line that begins or ends it is part of it."""
    text = line.text.strip()
    if "续" in text[:12] or text in m.table_captions:
        return True
    return len(text) >= 4 and any(len(c) > len(text) and (c.startswith(text) or c.endswith(text)) for c in m.table_captions)


class _Writer:
    """The output text, line by line, with each line's origins and character boxes."""

    def __init__(self, layout: bool = True) -> None:
        self.map = LineMap()
        self.count = 0
        self.layout = layout
        self.boxes: dict[int, list[tuple[int, Box] | None]] = {}
        self.recent: list[tuple[str, int]] = []  # short paragraphs (and their page) since the last table
        self.table_captions: set[str] = set()  # the caption lines of the last table written
        self.last_lines: list[str] = []

    def _emit(self, pieces: list[tuple[str, int, list[Box | None]]], sep: str = "") -> None:
        origins: list[Origin | None] = []
        texts: list[str] = []
        boxes: list[tuple[int, Box] | None] = []
        for k, (text, page, bx) in enumerate(pieces):
            texts.append(text)
            origins.append(Origin(page=page))
            if not self.layout:
                continue  # the boxes are for annotated copies only
            if k and sep:
                boxes.append(None)
            aligned = list(bx[: len(text)]) + [None] * (len(text) - len(bx))
            boxes.extend(None if b is None else (page, b) for b in aligned)
        if sep == "\t":
            self.map.row(texts, origins)
        else:
            # a paragraph joined across pages: each part keeps its own page
            self.map.pieces(texts, origins)
        if self.layout:
            self.boxes[self.count] = boxes
        self.count += 1
        self.last_lines.append("".join(texts))

    def blank(self) -> None:
        if self.count and self.last_lines and self.last_lines[-1] != "":
            self.map.blank()
            self.count += 1
            self.last_lines.append("")

    def para(self, para: _Para) -> None:
        self.blank()
        text = "".join(t for t, _, _ in para.pieces)
        if len(text) <= 60 and text.strip():
            self.recent = [*self.recent[-5:], (text.strip(), para.page)]
        else:
            self.recent = []
        self._emit(para.pieces)
        self.blank()

    def table(self, table: _Table, continued: bool) -> None:
        for text, bx in table.above:
            if not (continued and (text in self.table_captions or "续" in text[:12])):
                self.para(_Para(pieces=[(text, table.page, bx)], last=None, right=0.0, left=0.0, page=table.page))  # type: ignore[arg-type]
        if not continued:
            # its caption: the short lines just above it on its own page
            self.table_captions = {text for text, page in self.recent if page == table.page} | {text for text, _ in table.above}
        self.recent = []
        self.blank()
        if table.restarts and not table.above:
            # nothing between it and the form before: the text reader would join them
            self.map.line(BREAK)
            self.count += 1
            self.last_lines.append(BREAK)
            self.blank()
        for row, row_boxes in zip(table.cells, table.boxes, strict=True):
            self._emit([(cell, table.page, bx) for cell, bx in zip(row, row_boxes, strict=True)], sep="\t")
        self.blank()

    def build(self) -> tuple[str, dict]:
        return self.map.build()
