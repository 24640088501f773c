"""A small PDF writer for tests: paragraphs that wrap at the margin and across pages,
headings, ruled tables with merged cells, wrapped cell text and tables that go on over
a page break, running headers and page numbers. Built on reportlab's canvas with its
built-in CID font STSong-Light, so Chinese text needs no font file.

The layout is deliberately unlike the real samples' (A4 portrait, other margins, other
line spacing), so that the reader is tested on geometry, not on one producer's habits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def read_and_check(data: bytes, name: str = "x.pdf"):
    """A PDF read as auditor reads it, and checked with every check: (extracted, result)."""
    from auditor.checking.engine import check_text
    from auditor.checking.registry import load
    from auditor.document.readers import read_bytes

    ex = read_bytes(data, name)
    return ex, check_text(ex.text, name, [cls() for cls in load().values()], ex.origins)


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than ``width``, between any two characters (and
    never inside a run of figures)."""
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isascii() and text[i].isalnum():
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in ",.%"):
                j += 1
        piece = text[i:j]
        if line and _width(line + piece, size) > width:
            lines.append(line)
            line = ""
        line += piece
        i = j
    if line:
        lines.append(line)
    return lines


@dataclass
class Table:
    rows: list[list[str]]
    widths: list[float]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), inclusive
    header_rows: int = 1
    repeat_header: bool = True
    size: float = 9
    align_numbers_right: bool = True


class Doc:
    def __init__(self, *, header: str | None = None, page_numbers: bool = False, size: float = 11, pagesize=A4,
                 left: float = 70, right: float = 60, top: float = 80, bottom: float = 80) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=pagesize)
        self.w, self.h = pagesize
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.header, self.page_numbers, self.size = header, page_numbers, size
        self.page = 1
        self.y = self.h - top
        self._decorate()

    # -- page furniture
    def _decorate(self) -> None:
        c = self.c
        if self.header:
            c.setFont(FONT, 9)
            c.drawString(self.left, self.h - 40, self.header)
        if self.page_numbers:
            c.setFont(FONT, 9)
            c.drawCentredString(self.w / 2, 40, f"- {self.page} -")

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = self.h - self.top
        self._decorate()

    def _need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    # -- text
    def paragraph(self, text: str, *, indent: bool = True, size: float | None = None, leading: float = 1.6) -> None:
        size = size or self.size
        width = self.w - self.left - self.right
        first = 2 * size if indent else 0
        lines = _wrap(text, size, width - first)
        # lines after the first take the full width
        if len(lines) > 1:
            rest = "".join(lines[1:])
            lines = lines[:1] + _wrap(rest, size, width)
        for k, line in enumerate(lines):
            self._need(size * leading)
            self.c.setFont(FONT, size)
            self.c.drawString(self.left + (first if k == 0 else 0), self.y - size, line)
            self.y -= size * leading

    def heading(self, text: str, *, size: float | None = None, centred: bool = False) -> None:
        size = size or self.size + 2
        self._need(size * 2.2)
        self.y -= size * 0.4
        self.c.setFont(FONT, size)
        if centred:
            self.c.drawCentredString(self.w / 2, self.y - size, text)
        else:
            self.c.drawString(self.left, self.y - size, text)
        self.y -= size * 1.8

    def line(self, left_text: str, right_text: str | None = None, size: float = 9) -> None:
        """One line: text at the left, optionally more at the right margin (a unit)."""
        self._need(size * 2)
        self.c.setFont(FONT, size)
        self.c.drawString(self.left, self.y - size, left_text)
        if right_text:
            self.c.drawRightString(self.w - self.right, self.y - size, right_text)
        self.y -= size * 1.8

    def space(self, points: float) -> None:
        self.y -= points

    # -- tables
    def table(self, t: Table) -> None:
        c = self.c
        size = t.size
        pad = 3
        region: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for m in t.merges:
            for r in range(m[0], m[2] + 1):
                for col in range(m[1], m[3] + 1):
                    region[(r, col)] = m
        xs = [self.left]
        for w in t.widths:
            xs.append(xs[-1] + w)
        # wrapped text and the height of each row
        wrapped: dict[tuple[int, int], list[str]] = {}
        heights = []
        for r, row in enumerate(t.rows):
            lines_needed = 1
            for col, text in enumerate(row):
                m = region.get((r, col))
                if m and (m[0], m[1]) != (r, col):
                    continue
                span = xs[(m[3] if m else col) + 1] - xs[m[1] if m else col]
                wrapped[(r, col)] = _wrap(text, size, span - 2 * pad) if text else []
                if not m or m[0] == m[2]:
                    lines_needed = max(lines_needed, len(wrapped[(r, col)]))
            heights.append(lines_needed * size * 1.3 + 2 * pad)

        def draw_rows(rows: list[int], top: float) -> float:
            ys = [top]
            for r in rows:
                ys.append(ys[-1] - heights[r])
            c.setLineWidth(0.6)
            # outer frame
            c.line(xs[0], ys[0], xs[-1], ys[0])
            c.line(xs[0], ys[-1], xs[-1], ys[-1])
            c.line(xs[0], ys[0], xs[0], ys[-1])
            c.line(xs[-1], ys[0], xs[-1], ys[-1])
            for k, r in enumerate(rows):
                for col in range(len(t.widths)):
                    m = region.get((r, col))
                    # right edge unless the next column is in the same merged cell
                    if col + 1 < len(t.widths) and not (m and m[1] <= col + 1 <= m[3]):
                        c.line(xs[col + 1], ys[k], xs[col + 1], ys[k + 1])
                    # bottom edge unless the next row is in the same merged cell (and on this page)
                    if k + 1 < len(rows) and not (m and m[0] <= rows[k + 1] <= m[2]):
                        c.line(xs[col], ys[k + 1], xs[col + 1], ys[k + 1])
            for k, r in enumerate(rows):
                for col, text in enumerate(t.rows[r]):
                    m = region.get((r, col))
                    if (m and (m[0], m[1]) != (r, col)) or not text:
                        continue
                    x0, x1 = xs[m[1] if m else col], xs[(m[3] if m else col) + 1]
                    last = rows.index(m[2]) if m and m[2] in rows else k
                    y_top, y_bot = ys[k], ys[last + 1]
                    lines = wrapped[(r, col)]
                    block = len(lines) * size * 1.3
                    y = (y_top + y_bot) / 2 + block / 2 - size
                    c.setFont(FONT, size)
                    for ln in lines:
                        numeric = ln.replace(",", "").replace(".", "").isdigit()
                        if numeric and t.align_numbers_right and r >= t.header_rows:
                            c.drawRightString(x1 - pad, y, ln)
                        elif r < t.header_rows or (m and m[3] > m[1]):
                            c.drawCentredString((x0 + x1) / 2, y, ln)
                        else:
                            # an indented label: one character per ideographic space, half of one per en space
                            lead = len(ln) - len(ln.lstrip("\u3000\u2002"))
                            step = sum(1.0 if ch == "\u3000" else 0.5 for ch in ln[:lead])
                            c.drawString(x0 + pad + step * size, y, ln[lead:])
                        y -= size * 1.3
            return ys[-1]

        r = 0
        n = len(t.rows)
        header = list(range(t.header_rows))
        first_page = True
        while r < n:
            rows: list[int] = [] if first_page or not t.repeat_header else list(header)
            avail = self.y - self.bottom - sum(heights[h] for h in rows)
            while r < n and (heights[r] <= avail or not rows):
                rows.append(r)
                avail -= heights[r]
                r += 1
            self.y = draw_rows(rows, self.y) - 10
            first_page = False
            if r < n:
                self.new_page()

    def bytes(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()
