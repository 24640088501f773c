"""A label longer than its ruled cell, written in full and clipped at the ruling (a
spreadsheet exported to PDF): the characters under the next cell stay with the label and
the figure of that cell stays in its column (issue 15, held-out 西安气象局 表1/表5)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from reportlab.pdfgen import canvas

from auditor.document.readers import read_bytes

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import FONT, read_and_check

# 单位 | 项目 | 金额 | 说明: the 项目 column is narrow, two labels run past it, and the
# 金额 column's figures are written from its left edge, right where the overflow ends
ROWS = [
    ("单位", "项目", "金额", "说明"),
    ("水务中心", "河道日常巡查与保洁服务费", "36.50", "外包"),
    ("水务中心", "泵站运行", "12.25", ""),
    ("水务中心", "防汛物资储备及应急抢险演练经费", "8.75", "新增"),
    ("水务中心", "水质监测", "20.00", ""),
    ("", "合计", "77.50", ""),
]
WIDTHS = [60, 80, 60, 60]


def _pdf(rows=ROWS, clip: bool = True) -> bytes:
    buf = io.BytesIO()
    w, h = landscape(A5)
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont(FONT, 10)
    c.drawString(40, h - 40, "2026年某区水务中心项目经费表")
    c.drawRightString(40 + sum(WIDTHS), h - 58, "单位：万元")
    xs = [40]
    for wd in WIDTHS:
        xs.append(xs[-1] + wd)
    top, step = h - 64, 20
    ys = [top - k * step for k in range(len(rows) + 1)]
    c.setLineWidth(0.5)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.setFont(FONT, 9)
    for r, row in enumerate(rows):
        base = ys[r + 1] + 6
        for k, text in enumerate(row):
            if not text:
                continue
            c.saveState()
            if clip:  # each cell's text shown through its own cell, as spreadsheets export it
                p = c.beginPath()
                p.rect(xs[k], ys[r + 1], xs[k + 1] - xs[k], step)
                c.clipPath(p, stroke=0, fill=0)
            c.setFont(FONT, 9)
            c.drawString(xs[k] + 2, base, text)  # left-aligned from the cell's edge, figures too
            c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()



def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def test_overflowing_label_stays_in_its_cell_and_the_total_is_verified() -> None:
    for clip in (True, False):
        ex, result = read_and_check(_pdf(clip=clip))
        rows = _rows(ex.text)
        assert ["水务中心", "河道日常巡查与保洁服务费", "36.50", "外包"] in rows
        assert ["水务中心", "防汛物资储备及应急抢险演练经费", "8.75", "新增"] in rows
        assert not [f for f in result.findings if f.severity.value != "info"]
        assert any(v.check == "TBL001" and "77.50 = 36.50 + 12.25 + 8.75 + 20.00" in v.message.zh for v in result.verified)


def test_planted_error_beside_an_overflowing_label_is_reported_once() -> None:
    rows = list(ROWS)
    rows[3] = ("水务中心", "防汛物资储备及应急抢险演练经费", "9.75", "新增")
    _ex, result = read_and_check(_pdf(rows))
    found = [f for f in result.findings if f.severity.value != "info"]
    assert [f.check for f in found] == ["TBL001"]
    assert "78.50" in found[0].message.zh and found[0].reading == "confirmed"


def test_numbered_caption_inside_the_frame_is_lifted_above_the_table() -> None:
    """A caption drawn as the first row of the ruled frame and numbered after its name
    (收支总表（预算表1）) is the table's caption, not a header row."""
    rows = [("收支总表（预算表1）", "", "", ""), *ROWS]
    buf = io.BytesIO()
    w, h = landscape(A5)
    c = canvas.Canvas(buf, pagesize=(w, h))
    xs = [40]
    for wd in WIDTHS:
        xs.append(xs[-1] + wd)
    top, step = h - 40, 20
    ys = [top - k * step for k in range(len(rows) + 1)]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for k, x in enumerate(xs):
        c.line(x, ys[1] if 0 < k < len(xs) - 1 else ys[0], x, ys[-1])  # the title row spans the width
    c.setFont(FONT, 9)
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            if text:
                c.drawString(xs[k] + 2, ys[r + 1] + 6, text)
    c.showPage()
    c.save()
    ex = read_bytes(buf.getvalue(), "caption.pdf")
    lines = ex.text.splitlines()
    assert "收支总表（预算表1）" in lines and not any(ln.startswith("收支总表（预算表1）\t") for ln in lines)
    assert ["单位", "项目", "金额", "说明"] in _rows(ex.text)


def test_overflow_at_the_right_edge_of_the_text_is_read_in_full() -> None:
    """The last column's note runs past its cell and its clip, so the rightmost character
    of the page is hidden by a cell's clip: that is a label's overflow (read in full), not
    text outside the page's print area (which a page-size clip hides and is not read)."""
    rows = [*ROWS[:2], ("水务中心", "泵站运行", "12.25", "新增防汛应急抢险演练项目"), *ROWS[3:]]
    ex, result = read_and_check(_pdf(rows))
    assert ["水务中心", "泵站运行", "12.25", "新增防汛应急抢险演练项目"] in _rows(ex.text)
    assert not [f for f in result.findings if f.severity.value != "info"]
    assert any(v.check == "TBL001" and "77.50 = 36.50 + 12.25 + 8.75 + 20.00" in v.message.zh for v in result.verified)
