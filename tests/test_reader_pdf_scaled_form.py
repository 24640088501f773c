"""A page whose content is placed as a scaled form XObject (a page printed to another paper
size, two pages to a sheet, a stamp tool's wrapping): the characters' boxes are in the
page's space, but the clipping paths of the text inside the form are in the form's own. The
reader maps them to the page before asking whether a character is shown, so that the same
page reads the same at any scale — and text its clip really hides stays unread."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import FONT, read_and_check

W, H = A4
ROWS = [("项目", "金额"), ("办公设备购置", "120.50"), ("信息系统运维", "79.50"), ("合计", "200.00")]
HIDDEN = "超出打印区域的部分"


def _content(c: canvas.Canvas, total: str) -> None:
    """One A4 page of content: a clip of the page's print area (as spreadsheet and office
    exports set), a title whose end runs past it (so that the clip is kept on the title's
    text object: pdfium drops a clip that holds the whole object), a sentence and a ruled
    table."""
    p = c.beginPath()
    p.rect(10, 10, W - 20, H - 20)
    c.clipPath(p, stroke=0, fill=0)
    c.setFont(FONT, 16)
    # near the top: outside the print area's box in the form's space once scaled up; it
    # ends at the print area's right edge, past which HIDDEN runs
    title = "表1 设备购置经费表"
    c.drawString(W - 10 - pdfmetrics.stringWidth(title, FONT, 16), H - 60, title + HIDDEN)
    c.setFont(FONT, 11)
    c.drawString(60, H - 100, f"本年度设备购置经费合计 {total} 万元，全部为财政拨款。")
    xs, top, step = [60, 300, 420], H - 130, 22
    c.setLineWidth(0.6)
    for k in range(len(ROWS) + 1):
        c.line(xs[0], top - k * step, xs[-1], top - k * step)
    for x in xs:
        c.line(x, top, x, top - len(ROWS) * step)
    for r, row in enumerate(ROWS):
        y = top - (r + 1) * step + 7
        c.drawString(xs[0] + 4, y, row[0])
        c.drawRightString(xs[2] - 4, y, total if row[0] == "合计" else row[1])


def _pdf(scale: float | None, total: str = "200.00") -> bytes:
    """The content drawn on the page directly (``scale`` None), or as a form XObject placed
    at ``scale`` on a page that much larger."""
    buf = io.BytesIO()
    if scale is None:
        c = canvas.Canvas(buf, pagesize=(W, H))
        _content(c, total)
    else:
        c = canvas.Canvas(buf, pagesize=(W * scale, H * scale))
        c.beginForm("page")
        _content(c, total)
        c.endForm()
        c.saveState()
        c.transform(scale, 0, 0, scale, 0, 0)
        c.doForm("page")
        c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()



def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize("scale", [1.414, 2.0, 0.7])
def test_scaled_form_reads_like_the_page_itself(scale: float) -> None:
    plain, _ = read_and_check(_pdf(None))
    scaled, result = read_and_check(_pdf(scale))
    assert "设备购置经费表" in scaled.text  # the title near the top edge is not taken for clipped text
    assert "超出" not in plain.text and "超出" not in scaled.text  # the clip still hides what it hides
    assert _lines(scaled.text) == _lines(plain.text)
    assert any(v.check == "TBL001" for v in result.verified)  # the table was read and its total checked
    assert not [f for f in result.findings if f.severity.value != "info"]


def test_planted_total_in_a_scaled_form_is_reported_once() -> None:
    _, result = read_and_check(_pdf(1.414, total="210.00"))
    loud = [f for f in result.findings if f.severity.value != "info"]
    assert [f.check for f in loud] == ["TBL001"], [(f.check, f.message.en) for f in loud]
