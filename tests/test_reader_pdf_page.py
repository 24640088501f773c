"""The PDF reader reads what the page shows, once: text outside the crop box is not read, a
page number wherever it stands is kept out of the sentence that runs across the page break,
and a heading at the top of a page after a table is kept although the 目录 repeats its words."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import FONT, Doc, Table

from auditor.document.readers import read_bytes


def _lines(data: bytes) -> list[str]:
    return [ln for ln in read_bytes(data, "x.pdf").text.splitlines() if ln]


def test_text_outside_the_crop_box_is_not_read() -> None:
    from pypdf import PdfReader, PdfWriter

    d = Doc()
    d.paragraph("本年一般公共预算拨款收入 500.00 万元。")
    d.c.setFont(FONT, 11)
    d.c.drawString(70, 30, "页面外的草稿：本年收入 999.00 万元。")  # below what the crop box shows
    data = d.bytes()
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        page.cropbox.lower_left = (0, 60)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    assert _lines(out.getvalue()) == ["本年一般公共预算拨款收入 500.00 万元。"]
    assert any("999.00" in ln for ln in _lines(data))  # the same page uncropped shows it


class _FolioDoc(Doc):
    """Page numbers drawn at height ``folio_y`` (not in the usual footer band), counting
    from 11 (the report is part of a larger volume)."""

    folio_y = 150.0

    def _decorate(self) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(self.w / 2, self.folio_y, f"— {self.page + 10} —")


def _folio_doc() -> bytes:
    """Three pages; a sentence runs from page 1 onto page 2."""
    d = _FolioDoc(bottom=170)
    d.heading("一、部门收支总体情况")
    d.space(d.y - d.bottom - 30)
    d.paragraph("本部门2025年收入预算总计1,500.00万元，支出预算总计1,500.00万元。与上年相比，收支预算各增加120.00万元，"
                "主要原因是新增城市更新项目经费。")
    d.paragraph("二、其他说明。本部门无政府性基金预算。", indent=False)
    d.new_page()
    d.paragraph("三、名词解释。", indent=False)
    return d.bytes()


def test_a_page_number_outside_the_footer_band_stays_out_of_the_sentence() -> None:
    lines = _lines(_folio_doc())
    sentence = next(ln for ln in lines if ln.startswith("本部门2025年收入预算总计"))
    assert sentence.endswith("主要原因是新增城市更新项目经费。") and "11" not in sentence and "—" not in sentence
    assert not any(ln.strip("— ").isdigit() for ln in lines)


def test_a_lone_number_that_does_not_count_the_pages_is_kept() -> None:
    d = Doc()
    d.paragraph("附：在编人员数")
    d.c.setFont(FONT, 11)
    d.c.drawString(70, 150, "35")
    d.new_page()
    d.paragraph("附：实有人员数")
    d.c.setFont(FONT, 11)
    d.c.drawString(70, 150, "35")
    lines = _lines(d.bytes())
    assert sum(ln.endswith("35") for ln in lines) == 2


def test_a_heading_after_a_table_is_kept_though_the_contents_list_it() -> None:
    d = Doc()
    d.heading("目录")
    d.paragraph("一、收支预算总表", indent=False)
    d.paragraph("二、部门预算情况说明", indent=False)
    d.new_page()
    d.line("一、收支预算总表", size=12)
    d.line("", "单位：万元")
    d.table(Table([["项目", "预算数"], ["一般公共预算拨款", "1,200.00"], ["收入总计", "1,200.00"]], [260, 100], header_rows=1, size=10))
    d.space(d.y - d.bottom + 5)  # the page is full
    d.heading("二、部门预算情况说明")
    d.paragraph("本部门2025年收入预算总计1,200.00万元。")
    lines = _lines(d.bytes())
    assert lines.count("二、部门预算情况说明") == 2  # in the 目录 and as the heading on page 2
    assert lines[-2:] == ["二、部门预算情况说明", "本部门2025年收入预算总计1,200.00万元。"]


def test_a_table_whose_rulings_are_drawn_in_a_form_xobject_is_a_table() -> None:
    """Some producers draw a page's table as a form XObject: its ruling lines (in the
    form's own space, moved by the form's matrix) make the grid as on the page itself."""
    from reportlab.pdfgen import canvas

    rows = [["项目", "金额"], ["合计", "100.00"]]  # two rows: too few to be read from white space alone
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.beginForm("grid")
    for k in range(len(rows) + 1):
        c.line(0, k * 20, 300, k * 20)
    for x in (0, 200, 300):
        c.line(x, 0, x, 20 * len(rows))
    c.endForm()
    c.saveState()
    c.translate(70, 600)
    c.doForm("grid")
    c.restoreState()
    c.setFont(FONT, 10)
    for k, (label, value) in enumerate(rows):
        y = 600 + 20 * (len(rows) - k - 1) + 6
        c.drawString(75, y, label)
        c.drawRightString(365, y, value)
    c.showPage()
    c.save()
    ex = read_bytes(buf.getvalue(), "form.pdf")
    assert [ln.split("\t") for ln in ex.text.splitlines() if "\t" in ln] == rows


def test_contents_entries_that_start_with_a_table_number_are_lines_of_their_own() -> None:
    """目录 entries ``表1.…`` ``表2.…`` set one under the other are separate lines, never one
    paragraph (which would read as a character repeated at a break: 总表表2)."""
    d = Doc()
    d.heading("目录")
    for k, name in enumerate(("2026年市级部门收支预算总表", "2026年市级部门收入预算总表", "2026年市级部门支出预算总表"), 1):
        d.paragraph(f"表{k}.{name}", indent=False)
    lines = _lines(d.bytes())
    assert lines[1:] == ["表1.2026年市级部门收支预算总表", "表2.2026年市级部门收入预算总表", "表3.2026年市级部门支出预算总表"]


def test_a_centred_title_wrapped_inside_its_parentheses_is_one_line() -> None:
    d = Doc()
    d.c.setFont(FONT, 14)
    d.c.drawCentredString(d.w / 2, 700, "2021年部门综合预算一般公共预算支出明细表（按支出功能分类科")
    d.c.drawCentredString(d.w / 2, 680, "目-不含上年结转）")
    d.y = 650
    d.paragraph("（一）本表反映一般公共预算支出。")
    assert _lines(d.bytes()) == ["2021年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）", "（一）本表反映一般公共预算支出。"]


def test_a_line_that_starts_with_a_figure_in_a_list_of_figures_goes_on_its_sentence() -> None:
    """``…推进西安地铁`` / ``5、6号线、1号线二期…``: a number followed by 、 and another number
    is a list of figures, not a numbering label, so the line continues the paragraph."""
    d = Doc()
    first = "（二十八）加快轨道交通建设。加快协调推进城市轨道交通第三期建设规划前期工作推进西安地铁"
    d.c.setFont(FONT, 11)
    d.c.drawString(d.left, 700, first)  # a full line: it runs to the right margin
    d.c.drawString(d.left, 682, "5、6号线、1号线二期和9号线工程建设。")
    d.c.drawString(d.left, 664, "1、2019年预算安排情况。")
    d.c.drawString(d.left, 646, first.replace("（二十八）", "（二十九）")[:-6] + "，全年完成投资。")
    lines = _lines(d.bytes())
    assert lines[0].endswith("推进西安地铁5、6号线、1号线二期和9号线工程建设。")
    assert lines[1] == "1、2019年预算安排情况。"


def test_a_word_wrapped_before_its_numeral_is_not_a_numbering_label() -> None:
    """``…构建集中统`` / ``一、全面覆盖…``: 统一 wraps so that ``一、`` starts a line; the line
    goes on its sentence. A real ``二、`` after a full line that ends in another word starts
    an item."""
    d = Doc()
    first = "（十二）职能转变。进一步完善管理体制，优化资源配置，充实加强一线力量，构建集中统"
    d.c.setFont(FONT, 11)
    d.c.drawString(d.left, 700, first)  # a full line that ends inside the word 统一
    d.c.drawString(d.left, 682, "一、全面覆盖、权威高效的监督体系。")
    d.c.drawString(d.left, 664, first[:-1] + "建")  # a full line ending in a word of its own
    d.c.drawString(d.left, 646, "二、机构设置情况")
    lines = _lines(d.bytes())
    assert lines[0] == first + "一、全面覆盖、权威高效的监督体系。"
    assert lines[-1] == "二、机构设置情况"


def test_a_parenthesis_closed_at_the_start_of_the_next_line_continues_it() -> None:
    """``…结转下年使用。（详见附表`` / ``4）``: the closing ``4）`` is the end of the reference,
    not a numbering label."""
    d = Doc()
    first = "收支相抵，本年一般公共预算年终结余六万八千零五十七万元，结转下年使用。（详见附表"
    d.c.setFont(FONT, 11)
    d.c.drawString(d.left, 700, first)
    d.c.drawString(d.left, 682, "4）")
    d.c.drawString(d.left + 22, 664, "二、政府性基金预算执行情况。")
    assert _lines(d.bytes()) == [first + "4）", "二、政府性基金预算执行情况。"]


# An outline told by indentation alone (no codes): 类 flush, 款 one character in, 项 two.
OUTLINE = [
    ["项目", "预算数"],
    ["一般公共服务支出", "600.00"],
    ["\u3000政府办公厅（室）及相关机构事务", "600.00"],
    ["\u3000\u3000行政运行", "450.00"],
    ["\u3000\u3000一般行政管理事务", "150.00"],
    ["社会保障和就业支出", "400.00"],
    ["\u3000行政事业单位养老支出", "400.00"],
    ["\u3000\u3000机关事业单位基本养老保险缴费支出", "280.00"],
    ["\u3000\u3000机关事业单位职业年金缴费支出", "120.00"],
    ["合计", "1,000.00"],
]


def _outline_pdf(rows, *, fill_before: float = 0.0) -> bytes:
    d = Doc()
    d.line("一般公共预算支出预算表", size=12)
    d.line("", "单位：万元")
    if fill_before:
        d.space(fill_before)
    d.table(Table(rows, [300, 120], header_rows=1, size=10))
    return d.bytes()


def _check(data: bytes):
    from test_reader_pdf import _check as check_pdf

    return check_pdf(data, "x.pdf")


def test_label_indentation_in_a_ruled_table_is_the_outline() -> None:
    ex, result = _check(_outline_pdf(OUTLINE))
    rows = [ln.split("\t") for ln in ex.text.splitlines() if "\t" in ln]
    assert rows == OUTLINE
    assert [f.check for f in result.findings if f.severity.value in ("error", "warning")] == []
    sums = [v.message.zh for v in result.verified if v.check == "TBL001"]
    assert any("一般公共服务支出" in m for m in sums) and any("行政事业单位养老支出" in m for m in sums) and any("合计" in m for m in sums)


def test_a_wrong_item_under_an_indented_outline_is_reported_once() -> None:
    rows = [list(r) for r in OUTLINE]
    rows[3][1] = "460.00"  # 行政运行: 460 + 150 = 610 ≠ 600
    ex, result = _check(_outline_pdf(rows))
    bad = [f for f in result.findings if f.severity.value in ("error", "warning")]
    assert [f.check for f in bad] == ["TBL001"]
    assert "600.00" in ex.text[bad[0].span.start : bad[0].span.end]


def test_the_outline_goes_on_across_a_page_break() -> None:
    """The rows on the next page show too few levels to tell the outline by themselves:
    they are indented by the steps of the part before the break."""
    d_rows = OUTLINE
    probe = read_bytes(_outline_pdf(d_rows, fill_before=560), "x.pdf")
    pages = {o.page for line in probe.origins.values() for _, o in line}
    assert len(pages) == 2  # the table is split
    rows = [ln.split("\t") for ln in probe.text.splitlines() if "\t" in ln and ln.split("\t")[0] != "项目"]
    assert rows == OUTLINE[1:]
    _, result = _check(_outline_pdf(d_rows, fill_before=560))
    assert [f.check for f in result.findings if f.severity.value in ("error", "warning")] == []


def test_a_running_head_of_the_tables_part_does_not_cut_a_table() -> None:
    """A head printed on the pages of the tables only (three of seven pages) stands
    between a table and its continuation: it is dropped there and the table is one."""

    class _Part(Doc):
        def _decorate(self) -> None:
            if self.page >= 5:
                self.c.setFont(FONT, 9)
                self.c.drawString(self.left, self.h - 40, "某市交通运输局2026年度部门预算公开")

    d = _Part()
    for k in range(4):
        d.heading(f"{'一二三四'[k]}、说明")
        d.paragraph("本部门负责全市交通运输行业管理。" * 3)
        d.new_page()
    rows = [["项目", "预算数"], *[[f"第{i}类补助", f"{i}.00"] for i in range(1, 71)], ["合计", f"{sum(range(1, 71))}.00"]]
    d.line("项目支出预算表", size=12)
    d.table(Table(rows, [300, 120], header_rows=1, repeat_header=False, size=10))
    ex, result = _check(d.bytes())
    assert "某市交通运输局2026年度部门预算公开" not in ex.text.split("项目支出预算表")[1]
    assert [f.check for f in result.findings if f.severity.value in ("error", "warning")] == []
    assert any(v.check == "TBL001" and "合计" in v.message.zh for v in result.verified)


def test_a_long_pdf_is_read_page_by_page_without_holding_its_characters() -> None:
    """Pages come one at a time; once a page is read, none of its characters is alive
    (only lines' text, boxes and measures are kept)."""
    import gc

    import pypdfium2 as pdfium

    from auditor.document.readers import pdf as reader

    d = Doc()
    for k in range(6):
        d.heading(f"第{k + 1}部分")
        d.paragraph("本部门2025年收入预算总计1,500.00万元，支出预算总计1,500.00万元。" * 8)
        d.new_page()
    reader.machine_independent_fonts()
    doc = pdfium.PdfDocument(d.bytes())
    try:
        pages = reader.iter_pages(doc, "x.pdf")
        seen = with_text = 0
        for page in pages:
            seen += 1
            gc.collect()
            alive = sum(1 for o in gc.get_objects() if type(o) is reader._Char)
            assert alive == 0, f"page {page.no}: {alive} characters still held"
            assert all(ln.chars == [] and ln.n > 0 for ln in page.lines)
            with_text += bool(page.lines)
        assert seen == 7 and with_text == 6  # the last page is blank
    finally:
        doc.close()


def _pages(n: int) -> bytes:
    d = Doc()
    for k in range(n):
        d.heading(f"第{k + 1}部分")
        d.paragraph(f"本部门2025年第{k + 1}项收入预算{k + 1},500.00万元，支出预算{k + 1},500.00万元。" * 3)
        if k < n - 1:
            d.new_page()
    return d.bytes()


def test_a_pdf_reader_tells_each_page_as_it_is_read() -> None:
    """The per-page progress of one large PDF: the callback hears of every page, in
    order, with the page count; outside the block nothing is told."""
    from auditor.document.readers import on_page

    data = _pages(5)
    heard: list[tuple[int, int]] = []
    with on_page(lambda done, total: heard.append((done, total))):
        text = read_bytes(data, "x.pdf").text
    assert heard == [(k, 5) for k in range(1, 6)]
    assert "第5项收入预算5,500.00万元" in text
    read_bytes(data, "x.pdf")
    assert len(heard) == 5


def test_the_page_bar_is_shown_only_for_people_on_a_terminal(monkeypatch) -> None:
    """One file, stderr a terminal, a report for people, not CI: a bar that reaches the
    last page of a long PDF. JSON, SARIF, several files, CI or a pipe: no bar at all."""
    from auditor import cli

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    for files, fmt in ((1, "json"), (1, "sarif"), (1, "github"), (2, "rich")):
        assert not cli._page_progress(files, fmt).on
    monkeypatch.setenv("CI", "true")
    assert not cli._page_progress(1, "rich").on
    monkeypatch.delenv("CI")
    bar = cli._page_progress(1, "rich")
    assert bar.on
    with bar:
        read_bytes(_pages(cli.PAGE_BAR_MIN + 2), "x.pdf")
    assert bar.bar is not None and bar.bar.tasks[0].completed == bar.bar.tasks[0].total == cli.PAGE_BAR_MIN + 2
    assert bar.bar.tasks[0].description.startswith("checking")  # every page read: the checks run next
    short = cli._page_progress(1, "rich")
    with short:
        read_bytes(_pages(3), "x.pdf")
    assert short.bar is None  # a short document gets no bar
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert not cli._page_progress(1, "rich").on


def test_checking_reads_a_pdf_without_the_boxes_only_annotated_copies_use() -> None:
    """``layout=False`` (the check run's reading) gives the same text and origins, without
    every character's box; the annotated copy's reading keeps them."""
    data = _pages(3)
    full, lean = read_bytes(data, "x.pdf"), read_bytes(data, "x.pdf", layout=False)
    assert lean.text == full.text and lean.origins == full.origins and "1,500.00" in lean.text
    assert lean.extra is None
    assert any(b is not None for line in full.extra["boxes"].values() for b in line)


def _figures_lost(lost: int) -> bytes:
    d = Doc()
    d.line("2025年预算执行情况", size=14)
    items = ["一般公共服务支出", "教育支出", "科学技术支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出"]
    for k, item in enumerate(items):
        d.paragraph(f"{item}亿元，主要用于保障重点工作。" if k < lost else f"{item}{10 + k}.5亿元，主要用于保障重点工作。")
    return d.bytes()


def test_a_page_whose_figures_the_text_layer_lost_is_one_note() -> None:
    """Most amounts of a page missing before their units (a newspaper page read across its
    columns): one note for the page, not an error for each; one missing among figures is an error."""
    _ex, result = _check(_figures_lost(6))
    gaps = [f for f in result.findings if f.check == "GAP001"]
    assert [(f.severity.value, "本页 6 处" in f.message.zh) for f in gaps] == [("info", True)]
    _ex, result = _check(_figures_lost(1))
    gaps = [f for f in result.findings if f.check == "GAP001"]
    assert [f.severity.value for f in gaps] == ["error"]



def _half_step_outline(planted: bool) -> list[list[str]]:
    """Six 类 with three 款 each; on the page after the break one 款 label is printed half
    a character in (between the two steps), as some issuers' tables show."""
    groups = [
        ("一般公共服务支出", [("行政运行", 300), ("机关服务", 120), ("一般行政管理事务", 80)]),
        ("教育支出", [("学前教育", 210), ("小学教育", 330), ("初中教育", 160)]),
        ("科学技术支出", [("技术研究与开发", 90), ("科技条件与服务", 45), ("科学技术普及", 15)]),
        ("文化旅游体育与传媒支出", [("文化和旅游", 70), ("文物", 30), ("体育", 20)]),
        ("社会保障和就业支出", [("\u2002行政事业单位养老支出", 260), ("就业补助", 140), ("抚恤", 50)]),
        ("卫生健康支出", [("公立医院", 180), ("基层医疗卫生机构", 90), ("公共卫生", 40)]),
    ]
    rows = [["项目", "预算数"]]
    for name, items in groups:
        rows.append([name, f"{sum(v for _, v in items)}.00"])
        rows += [[n if n.startswith("\u2002") else "\u3000" + n, f"{v}.00"] for n, v in items]
    rows.append(["合计", f"{sum(v for _, items in groups for _, v in items)}.00"])
    if planted:
        rows[[r[0] for r in rows].index("\u3000就业补助")][1] = "150.00"
    return rows


@pytest.mark.parametrize("planted", [False, True])
def test_a_label_half_a_step_in_on_a_continuation_takes_the_deeper_step(planted: bool) -> None:
    """The continuation is indented by the steps of the part before the break; a label
    between two steps there is read at the deeper one (the outline allows it: the label
    before is at the shallower step), so its 类 adds up and nothing is guessed."""
    data = _outline_pdf(_half_step_outline(planted), fill_before=480)
    ex = read_bytes(data, "x.pdf")
    assert len({o.page for line in ex.origins.values() for _, o in line}) == 2  # the table is split
    assert "\u3000行政事业单位养老支出\t260.00" in ex.text
    _, result = _check(data)
    table = [f for f in result.findings if f.check == "TBL001"]
    if planted:
        assert [(f.check, f.severity.value) for f in result.findings] == [("TBL001", "error")]
        assert "社会保障和就业支出" in table[0].message.zh
    else:
        assert table == []
        sums = [v.message.zh for v in result.verified if v.check == "TBL001"]
        assert any("社会保障和就业支出" in m and "260.00" in m for m in sums) and any("合计" in m for m in sums)


@pytest.mark.parametrize("planted", [False, True])
def test_a_continuation_printing_code_and_name_apart_goes_on_with_the_table(planted: bool) -> None:
    """Page one prints code and name in one column (``30201 办公费``); the rest of the table,
    at the top of the next page, prints them as two columns under the first: one table, its
    class's parts on both pages."""
    items = [("30201", "办公费", 130), ("30205", "水费", 20), ("30206", "电费", 260), ("30207", "邮电费", 60),
             ("30213", "维修（护）费", 65), ("30215", "会议费", 200), ("30299", "其他商品和服务支出", 990), ("30211", "差旅费", 45)]
    total = sum(v for *_, v in items) + (10 if planted else 0)
    first = [["科目", "金额"], ["合计", f"{total}.00"], ["302 商品和服务支出", f"{total}.00"]]
    first += [[f"{c} {n}", f"{v}.00"] for c, n, v in items[:6]]
    d = Doc()
    d.line("一般公共预算基本支出预算表", size=12)
    d.line("", "单位：万元")
    d.space(420)
    d.table(Table(first, [300, 120], header_rows=1, size=10))
    d.new_page()
    d.table(Table([[c, n, f"{v}.00"] for c, n, v in items[6:]], [60, 240, 120], header_rows=0, size=10))
    ex, result = _check(d.bytes())
    assert "30299 其他商品和服务支出\t990.00" in ex.text
    bad = [f for f in result.findings if f.severity.value in ("error", "warning")]
    if planted:
        assert [f.check for f in bad] == ["TBL001"] and "商品和服务支出" in bad[0].message.zh
    else:
        assert bad == []
        assert any(v.check == "TBL001" and "商品和服务支出" in v.message.zh and "990.00" in v.message.zh for v in result.verified)


def _newspaper(paragraphs: list[str], columns: int = 3) -> bytes:
    """A page printed like a newspaper's: paragraphs flowing down one column of prose,
    then the next."""
    from pdfgen import _wrap

    d = Doc()
    size, gutter = 9.0, 18.0
    width = (d.w - d.left - d.right - (columns - 1) * gutter) / columns
    xs = [d.left + k * (width + gutter) for k in range(columns)]
    col, y = 0, d.h - d.top
    order = [paragraphs[0], paragraphs[4], paragraphs[1], paragraphs[2], paragraphs[3]]  # the breakdown in the second column
    for text in order:
        first = _wrap(text, size, width - 2 * size)[0]
        lines = [first, *_wrap(text[len(first) :], size, width)]
        for k, line in enumerate(lines):
            if y - size < d.bottom:
                col, y = col + 1, d.h - d.top
            d.c.setFont(FONT, size)
            d.c.drawString(xs[col] + (2 * size if k == 0 else 0), y - size, line)
            y -= size * 1.5
    return d.bytes()


_NEWS = [
    "今年以来，全市财政部门坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加力提效实施积极的财政政策，"
    "统筹发展和安全，着力保障和改善民生，财政运行总体平稳，为全市经济社会高质量发展提供了有力支撑。" * 2,
    "全市一般公共预算支出 300.00 亿元，其中：教育支出 120.00 亿元，卫生健康支出 100.00 亿元，社会保障和就业支出 80.00 亿元。",
    "——交通运输支出 30.28 亿元。主要用于地铁运营、国家公路危旧桥梁改造、新能源巡游出租汽车推广应用、农村客运补贴等。" * 3,
    "——资源勘探工业信息等支出 0.69 亿元。主要用于支持中小企业发展、工业高质量发展、人工智能产业发展等方面的重点工作。" * 3,
    "下一步，全市财政部门将持续深化预算管理制度改革，加强财政资源统筹，严格落实党政机关习惯过紧日子要求，"
    "兜牢基层三保底线，防范化解地方政府债务风险，严肃财经纪律，不断提升财政管理水平和资金使用效益。" * 12,
]


def _planted_or_verified(result, planted: bool, check: str, figure: str) -> None:
    """The planted variant gives one error or warning, of ``check``; the consistent one none,
    with a relation of ``check`` naming ``figure`` verified."""
    bad = [f for f in result.findings if f.severity.value in ("error", "warning")]
    if planted:
        assert [f.check for f in bad] == [check]
    else:
        assert bad == []
        assert any(v.check == check and figure in v.message.zh for v in result.verified)


@pytest.mark.parametrize("planted", [False, True])
def test_a_page_printed_in_columns_of_prose_is_read_column_by_column(planted: bool) -> None:
    """Three columns of prose side by side: each column is read down before the next, so
    that a sentence is its own words (not the lines of three columns interleaved) and a
    breakdown in it is checked."""
    paras = list(_NEWS)
    if planted:
        paras[1] = paras[1].replace("卫生健康支出 100.00", "卫生健康支出 110.00")
    ex, result = _check(_newspaper(paras))
    assert "主要用于支持中小企业发展、工业高质量发展" in ex.text
    assert "其中：教育支出 120.00 亿元，卫生健康支出" in ex.text
    _planted_or_verified(result, planted, "BRK002", "300.00")


_WRAPPED = [
    (["合计"], "15,464"),
    (["甲专项资金-职业技能培训-创业担保贷款贴息和奖补"], "6,000"),
    (["乙专项资金-公共就业创业服务-人力资源社会保障公", "共服务能力和平台建设"], "3,860"),
    (["丙专项资金-职业技能培训-“粤菜师傅”“南粤家", "政”技能培训"], "1,840"),
    (["丁专项资金-职业技能培训-职业能力培训"], "1,684"),
    (["戊专项资金-公共就业创业服务-标准化零工市场和就", "业驿站建设"], "2,080"),
]


def _wrapped_rows_pdf(rows, half: float) -> bytes:
    """A table drawn without rulings whose long labels wrap onto a second line set tight
    under the first, the figure either on the first line (``half`` small: it shares that
    line's band) or centred between the two."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(FONT, 14)
    c.drawString(150, 780, "2026年某市专项转移支付预算表")
    c.setFont(FONT, 10)
    c.drawString(460, 755, "单位：万元")
    y = 730
    c.drawString(150, y, "项    目")
    c.drawRightString(520, y, "2026年预算数")
    for labels, figure in rows:
        y -= 30
        if len(labels) == 1:
            c.drawString(80, y, labels[0])
            c.drawRightString(520, y, figure)
        else:
            c.drawString(80, y + half, labels[0])
            c.drawString(80, y - half, labels[1])
            c.drawRightString(520, y + (half if half < 6 else 0), figure)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("half", [5.5, 6.8], ids=["figure-on-first-line", "figure-centred"])
@pytest.mark.parametrize("planted", [False, True])
def test_a_label_wrapped_onto_a_second_line_stays_in_its_row(planted: bool, half: float) -> None:
    """A borderless table's label wrapped onto a tight second line, its figure on the first
    line or centred between the two, is one row: the table is read whole (its total is
    checked) and a quotation mark closed on the second line is closed."""
    rows = [(labels, "15,564" if planted and labels == ["合计"] else figure) for labels, figure in _WRAPPED]
    ex, result = _check(_wrapped_rows_pdf(rows, half))
    assert "丙专项资金-职业技能培训-“粤菜师傅”“南粤家政”技能培训\t1,840" in ex.text
    assert "戊专项资金-公共就业创业服务-标准化零工市场和就业驿站建设\t2,080" in ex.text
    _planted_or_verified(result, planted, "TBL001", "15,464")


def test_a_large_centred_title_that_wraps_is_one_paragraph() -> None:
    """A title set larger than the text and centred, wrapped after most of the width
    (…2023年决 / 算草案的报告), is one paragraph, so the report's kind and year are read from
    it; a short large line over a centred subtitle, and a caption centred under a full line
    of running text, stay lines of their own."""
    from auditor.document.reader import read_document
    from auditor.knowledge import report

    def doc(first: str, second: str) -> bytes:
        d = Doc()
        d.c.setFont(FONT, 22)
        d.c.drawCentredString(d.w / 2, 720, first)
        d.c.drawCentredString(d.w / 2, 690, second)
        d.y = 650
        d.paragraph("受市人民政府委托，现将我市2023年决算情况报告如下，请予审议。全市一般公共预算收入完成情况良好，各项支出保障有力。")
        d.paragraph("全市一般公共预算收入决算数为1,234.56万元，完成预算的101.2%", indent=False)
        d.c.setFont(FONT, 11)
        d.c.drawCentredString(d.w / 2, d.y - 11, "表1 收入决算表")
        return d.bytes()

    wrapped = read_bytes(doc("某某市人民政府关于某某市2023年决算草", "案的报告"), "x.pdf").text
    lines = [ln for ln in wrapped.splitlines() if ln]
    assert lines[0] == "某某市人民政府关于某某市2023年决算草案的报告"
    assert lines[-1] == "表1 收入决算表"  # under a full line of running text with no stop: not joined
    info = report.infer(read_document(wrapped, "x.pdf"))
    assert (info.year, info.kind, info.government) == (2023, "决算", True)
    apart = [ln for ln in read_bytes(doc("某某市人民政府", "关于某某市2023年决算草案的报告"), "x.pdf").text.splitlines() if ln]
    assert apart[:2] == ["某某市人民政府", "关于某某市2023年决算草案的报告"]
    # a list in the large size, flush left: the next item is no wrapped line of the one before
    d = Doc()
    d.c.setFont(FONT, 16)
    d.c.drawString(d.left, 720, "4.2026年预算单位一般公共预算财政拨款收支预算总表")
    d.c.drawString(d.left, 698, "5.2026年预算单位一般公共预算财政拨款支出预算表")
    d.y = 650
    d.paragraph("受市人民政府委托，现将我市2023年决算情况报告如下，请予审议。全市一般公共预算收入完成情况良好，各项支出保障有力。")
    listed = [ln for ln in read_bytes(d.bytes(), "x.pdf").text.splitlines() if ln]
    assert listed[:2] == ["4.2026年预算单位一般公共预算财政拨款收支预算总表", "5.2026年预算单位一般公共预算财政拨款支出预算表"]


def _basic_pdf(total: str, *, cut: bool, label: str = "一般公共预算安排的基本支出合计") -> bytes:
    """A 基本支出 table by economic class (no 人员经费 / 公用经费 columns); with ``cut``, its
    last two classes stand on the next page under a caption worded otherwise, so that the
    reader cannot join the two halves."""
    head = [["项目", "支出合计"], [label, total], ["工资福利支出", "600.00"], ["\u3000基本工资", "600.00"],
            ["商品和服务支出", "10.00"], *[[f"\u3000办公费{k}", "1.00"] for k in range(8)]]
    rest = [*[[f"\u3000办公费{k}", "1.00"] for k in (8, 9)],
            ["对个人和家庭的补助", "150.00"], ["\u3000退休费", "150.00"], ["资本性支出", "50.00"], ["\u3000办公设备购置", "50.00"]]
    d = Doc()
    d.line("2026年市级一般公共预算基本支出表(按部门预算支出经济分类)", size=12)
    d.line("", "单位：万元")
    if not cut:
        d.table(Table(head + rest, [300, 120], header_rows=1, size=10))
        return d.bytes()
    d.space(d.y - d.bottom - 16 * 24)  # the first half ends at the foot of the page
    d.table(Table(head, [300, 120], header_rows=1, size=10))
    d.new_page()
    d.line("基本支出经济分类明细（按部门预算经济分类）", size=12)
    d.table(Table([["项目", "支出合计"], *rest], [300, 120], header_rows=1, size=10))
    return d.bytes()


def test_a_basic_table_cut_by_a_page_is_not_read_as_two_tables_of_classes() -> None:
    """A 基本支出 table whose last items and classes stand on the next page, not joined to
    it: the classes on the first page fall short of its total, and the rest, read as a table
    of its own, starts with an item smaller than the classes under it (no unit's line) —
    neither is a failed 基本支出 = 人员经费 + 公用经费; on one page the same table is checked,
    and a wrong total reported once."""
    for label in ("一般公共预算安排的基本支出合计", "基本支出合计"):  # a unit's line over flat rows; a 合计 above its rows
        ex, cut = _check(_basic_pdf("810.00", cut=True, label=label))
        assert len({o.page for lst in ex.origins.values() for _, o in lst if o is not None}) == 2
        assert [f.message.zh for f in cut.findings if f.severity.value != "info"] == []
        assert [v for v in cut.verified if v.check == "TBL001" and "工资福利支出" in v.message.zh]  # the page's own sums checked
    _, whole = _check(_basic_pdf("810.00", cut=False))
    assert [v for v in whole.verified if v.check == "DIS003" and "人员经费" in v.message.zh]
    assert not [f for f in whole.findings if f.severity.value != "info"]
    _, planted = _check(_basic_pdf("820.00", cut=False))
    assert len([f for f in planted.findings if f.severity.value != "info" and f.check in ("DIS003", "TBL001")]) == 1


def test_text_inside_the_page_but_outside_its_clipping_path_is_not_read() -> None:
    """A spreadsheet printed with its overflow: the page shows the area a clipping path
    lets through, and the text layer also holds lines drawn below it, on the page, where no
    viewer shows them; they are not read (items 1.–3. shown, a hidden 5. and 4. below)."""
    d = Doc()
    c = d.c
    c.saveState()
    p = c.beginPath()
    p.rect(60, 300, d.w - 120, 450)
    c.clipPath(p, stroke=0, fill=0)
    c.setFont(FONT, 11)
    for k, y in ((1, 700), (2, 680), (3, 660)):
        c.drawString(70, y, f"{k}.行政运行支出{k}0.00万元，主要用于机关运行。")
    c.drawString(70, 120, "5.住房公积金支出50.00万元，主要用于缴纳住房公积金。")
    c.drawString(70, 100, "4.购房补贴支出40.00万元，主要用于购房补贴。")
    c.restoreState()
    assert _lines(d.bytes()) == [f"{k}.行政运行支出{k}0.00万元，主要用于机关运行。" for k in (1, 2, 3)]


def _form(name: str, amount: str) -> Table:
    rows = [
        ["项目名称", name, ""],
        ["主管部门", "某市信访局", ""],
        ["资金金额（万元）", "实施期资金总额：", amount],
        ["", "其中：财政拨款", amount],
        ["", "其他资金", ""],
        ["年度目标", "保障项目按期实施。", ""],
    ]
    return Table(rows, [130, 200, 100], header_rows=0, repeat_header=False, size=10)


@pytest.mark.parametrize("title_again", [False, True])
def test_the_same_form_for_the_next_project_on_the_next_page_is_a_table_of_its_own(title_again: bool) -> None:
    """One project's 绩效目标表 per page, the title printed on the first page only (or again
    on each): the next page's form names another project in its first row, so it is not a
    continuation (its 资金总额 and 财政拨款 are not parts of the form before)."""
    d = Doc()
    d.line("表14 部门专项业务经费绩效目标表", size=12)
    d.table(_form("接待中心运维", "103.50"))
    d.new_page()
    if title_again:
        d.line("表14 部门专项业务经费绩效目标表", size=12)
    d.table(_form("物业管理服务", "89.70"))
    ex, result = _check(d.bytes())
    between = ex.text.split("物业管理服务")[0].rsplit("接待中心运维", 1)[1]
    assert "<!-- table -->" in between  # written apart, so the text reader keeps them apart
    assert not [f for f in result.findings if f.severity.value != "info"]
    held = sorted(v.message.zh for v in result.verified if v.check == "TBL003")
    assert held == ["「资金金额（万元）」103.50 ≥ 其中 103.50", "「资金金额（万元）」89.70 ≥ 其中 89.70"]
