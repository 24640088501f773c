"""Two pages printed on one sheet (a file printed "2 pages per sheet", a spread): the reader
cuts the sheet in the middle and reads each half as a page of its own, so that a sentence,
a numbered list and a table go on from the left page to the right one as they do in the
file printed one page per sheet. A page whose title or rulings cross the middle, or whose
two sides are two panels of one page, is not cut."""

from __future__ import annotations

import ctypes
import io
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from auditor.document.readers import pdf as reader

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import FONT, Doc, Table, read_and_check

ROWS = [["项目", "金额"], ["人员经费", "310.00"], ["公用经费", "90.00"], ["合计", "400.00"]]


def _report(page_numbers: bool, total: str = "400.00") -> bytes:
    """Three pages: prose, a numbered list going on from one page to the next, then a page
    with a ruled table and its total (``total``: the table's, to plant an error)."""
    d = Doc(page_numbers=page_numbers)
    d.heading("一、部门基本情况")
    for k in range(5):
        d.paragraph(f"第{k + 1}项工作按计划推进，全年完成年度目标任务，资金使用规范，未发现违规使用资金的情况，相关台账完整，"
                    "绩效目标全部实现，社会效益和群众满意度均达到预期，有关情况已按规定公开。" * 2)
    d.heading("二、主要工作")
    for k in range(1, 7):
        d.paragraph(f"{k}.完成第{k}项重点任务，推进有关制度建设和日常管理，相关经费按规定列支，年度内未发生超预算支出。" * 2, indent=False)
    d.new_page()
    d.heading("三、基本支出情况")
    d.paragraph("本年度基本支出合计 400.00 万元，其中人员经费 310.00 万元，公用经费 90.00 万元。")
    d.table(Table([list(r) for r in ROWS[:-1]] + [["合计", total]], [200, 120]))
    return d.bytes()


def _two_up(data: bytes) -> bytes:
    """The same file printed two pages to a landscape sheet of the same paper (pdfium's
    N-up: each page a form scaled into its half)."""
    src = pdfium.PdfDocument(data)
    w, h = landscape(A4)
    sheet = pdfium.PdfDocument(raw.FPDF_ImportNPagesToOne(src.raw, ctypes.c_float(w), ctypes.c_float(h), 2, 1))
    buf = io.BytesIO()
    sheet.save(buf)
    return buf.getvalue()



def _halves(data: bytes) -> list[int]:
    """How many pages each sheet is read as, read in order as the reader does."""
    pdf = pdfium.PdfDocument(data)
    sheets: list[bool] = []
    return [len(reader._read_page(pdf, pdf[i], i + 1, sheets)) for i in range(len(pdf))]


def _loud(result) -> list[tuple[str, str]]:
    return [(f.check, f.message.en) for f in result.findings if f.severity.value != "info"]


@pytest.mark.parametrize("page_numbers", [True, False])
def test_two_pages_to_a_sheet_read_like_the_pages(page_numbers: bool) -> None:
    plain = _report(page_numbers)
    sheet = _two_up(plain)
    # the first sheet cut by its page numbers 1 | 2, or by its halves' margins; the second
    # holds page 3 alone
    assert _halves(sheet) == [2, 1]
    ex_plain, r_plain = read_and_check(plain)
    ex_sheet, r_sheet = read_and_check(sheet)
    assert [ln for ln in ex_sheet.text.splitlines() if ln.strip()] == [ln for ln in ex_plain.text.splitlines() if ln.strip()]
    assert _loud(r_sheet) == _loud(r_plain) == []
    held = sorted(v.message.en for v in r_sheet.verified)
    assert held == sorted(v.message.en for v in r_plain.verified)
    assert any(v.check == "TBL001" for v in r_sheet.verified) and any(v.check == "NUM001" for v in r_sheet.verified)


def test_planted_total_on_a_sheet_is_reported_once() -> None:
    _, result = read_and_check(_two_up(_report(True, total="410.00")))
    assert [c for c, _ in _loud(result)] == ["TBL001"]


def _panels(title_centred: bool, folio: bool) -> bytes:
    """One landscape page holding two ruled panels side by side, each centred in its half
    (income | expenditure), the page's title over both or at the left."""
    buf = io.BytesIO()
    w, h = landscape(A4)
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont(FONT, 14)
    if title_centred:
        c.drawCentredString(w / 2, h - 60, "2025年部门收支预算总表")
    else:
        c.drawString(60, h - 60, "2025年部门收支预算总表")
    c.setFont(FONT, 9)
    income = [["收入项目", "金额"], ["财政拨款收入", "380.00"], ["事业收入", "20.00"], ["收入合计", "400.00"]]
    spend = [["支出项目", "金额"], ["基本支出", "300.00"], ["项目支出", "100.00"], ["支出合计", "400.00"]]
    for rows, x0 in ((income, 60), (spend, w / 2 + 60)):
        xs, top, step = [x0, x0 + 180, x0 + 300], h - 100, 22
        for k in range(len(rows) + 1):
            c.line(xs[0], top - k * step, xs[-1], top - k * step)
        for x in xs:
            c.line(x, top, x, top - len(rows) * step)
        for r, (label, figure) in enumerate(rows):
            y = top - (r + 1) * step + 7
            c.drawString(xs[0] + 4, y, label)
            c.drawRightString(xs[2] - 4, y, figure)
    if folio:
        c.drawCentredString(w / 4, 30, "- 3 -")  # one page number, not two
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("folio", [False, True])
def test_panels_under_a_centred_title_are_one_page(folio: bool) -> None:
    data = _panels(title_centred=True, folio=folio)
    assert _halves(data) == [1]
    _, result = read_and_check(data)
    assert _loud(result) == []
    assert len([v for v in result.verified if v.check == "TBL001"]) == 2  # each panel's total


def test_a_later_sheet_of_a_two_up_file_is_cut_though_its_halves_differ() -> None:
    """Once a sheet of the file holds two pages, a later sheet with nothing across its middle
    is two pages too, though its right page is set within other margins (a page of another
    layout shrunk into its half)."""
    d = Doc()
    for k in range(1, 4):
        d.heading(f"{'一二三'[k - 1]}、第{k}部分")
        for _ in range(4):
            d.paragraph(f"第{k}部分的工作按计划推进，全年完成年度目标任务，资金使用规范，相关台账完整，有关情况已按规定公开。" * 2)
        d.new_page()
    d.left, d.right = 160, 40  # the fourth page set within other margins
    d.heading("四、基本支出情况")
    d.paragraph("本年度基本支出合计 400.00 万元，其中人员经费 310.00 万元，公用经费 90.00 万元。")
    d.table(Table([list(r) for r in ROWS], [160, 100]))
    plain = d.bytes()
    sheet = _two_up(plain)
    assert _halves(sheet)[:2] == [2, 2]
    ex_plain, r_plain = read_and_check(plain)
    ex_sheet, r_sheet = read_and_check(sheet)
    assert [ln for ln in ex_sheet.text.splitlines() if ln.strip()] == [ln for ln in ex_plain.text.splitlines() if ln.strip()]
    assert _loud(r_sheet) == _loud(r_plain) == []
    assert any(v.check == "TBL001" for v in r_sheet.verified)
