"""Word and Excel shapes met in published reports of the evaluation corpus (issue 17),
each read as its author meant it: a consistent version silent with its relation verified,
a planted error reported once at its cell. The workbooks and documents are of our own
making, shaped unlike the reports where the shapes were met."""

from __future__ import annotations

import openpyxl
from officegen import check_office, held, only_finding, xlsx_bytes

_check, _held, _only_finding = check_office, held, only_finding


# ---------------------------------------------------------------- a number stored as text


def _text_number(bad: bool) -> bytes:
    """Quarterly figures added across a row by ``+``; one quarter typed as text ('250'),
    which Excel's ``+`` adds all the same."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分季"
    ws.append(["2025年分季度收入情况表"])
    ws.append(["项目", "一季度", "二季度", "三季度", "全年"])
    ws.append(["税收收入", 120, "250", 130, "=B3+C3+D3"])
    ws.append(["非税收入", 40, 35, 25, "=B4+C4+D4"])
    return xlsx_bytes(wb, {"分季!E3": 520 if bad else 500, "分季!E4": 100})


def test_a_number_stored_as_text_is_a_part_of_a_plus_formula() -> None:
    ex, result = _check(_text_number(False))
    assert "<!-- =SUM(B3:D3) -->" in ex.text  # the text '250' is among the parts, as Excel adds it
    assert result.findings == []
    assert len(_held(result, "TBL007")) == 2
    _, bad = _check(_text_number(True))
    _only_finding(bad, "TBL007", "分季!E3")


# ---------------------------------------------------------------- an index column


def _index_table(bad: bool) -> bytes:
    """A Word table with amounts and a price index (上年=100) beside them: an index of a
    part above its whole's index is no inconsistency, the amounts still add up."""
    from officegen import Docx

    d = Docx()
    d.para("表3 2025年商品零售情况")
    d.table([
        ["指标", "零售额（亿元）", "价格指数（上年=100）"],
        ["社会消费品零售总额", "500.0", "101.2"],
        ["其中：城镇", "520.0" if bad else "420.0", "102.5"],
        ["乡村", "80.0", "96.8"],
    ])
    return d.to_bytes()


def test_an_index_column_is_not_added_up() -> None:
    _ex, result = _check(_index_table(False), "bulletin.docx")
    assert result.findings == [], [f.message.zh for f in result.findings]
    held = [v for v in result.verified if v.check in ("TBL001", "TBL003")]
    assert held and all("零售" in v.message.zh or "500" in v.message.zh for v in held)
    _, bad = _check(_index_table(True), "bulletin.docx")
    assert [f.check for f in bad.findings] in (["TBL003"], ["TBL001"]), [f.message.zh for f in bad.findings]
    assert bad.findings[0].span.cell == "表1 第2行第2列"


# ---------------------------------------------------------------- another fund's name as a line


def _fund_lines(bad: bool) -> bytes:
    """国有资本经营收入 is a non-tax line of the 一般公共预算 revenues, listed again in the
    非税收入 table; it is not the 国有资本经营预算's own revenue (a disjoint fund)."""
    from officegen import Docx

    d = Docx()
    for caption, rows in (
        ("表1 2025年全市一般公共预算收入完成情况表", [["一、税收收入", "780", "800"], ["二、非税收入", "190", "200"],
                                             ["其中：国有资本经营收入", "45", "50"], ["收入合计", "970", "1000"]]),
        ("表2 2025年全市国有资本经营预算收入完成情况表", [["一、利润收入", "280", "300"], ["二、股利、股息收入", "90", "100"],
                                                ["三、其他国有资本经营预算收入", "15", "20"], ["收入合计", "385", "420"]]),
        ("表3 2025年全市一般公共预算非税收入完成情况表", [["专项收入", "100", "110"], ["行政事业性收费收入", "45", "40"],
                                                ["国有资本经营收入", "45", "55" if bad else "50"], ["合计", "190", "205" if bad else "200"]]),
    ):
        d.para(caption)
        d.para("单位：万元")
        d.table([["项目", "预算数", "完成数"], *rows])
    return d.to_bytes()


def test_a_line_named_after_another_fund_is_an_item_of_its_own_tables_fund() -> None:
    _, result = _check(_fund_lines(False), "budget.docx")
    assert result.findings == [], [f.message.zh for f in result.findings]
    held = _held(result, "DIS002")
    assert len(held) == 2 and all("一般公共预算" in v.message.zh and "国有资本经营收入" in v.message.zh for v in held)
    _, bad = _check(_fund_lines(True), "budget.docx")
    # a region's budget (its tables tell items for several levels and years): the planted
    # difference is reported at its cell, as a note (checks/disclosure.SameFactAcrossTables)
    assert [(f.check, f.span.cell, f.severity.value, f.reading) for f in bad.findings] == [("DIS002", "表3 第4行第3列", "info", "inferred")]


# ---------------------------------------------------------------- hidden zeros, rates beside totals


def _hidden_zero(bad: bool) -> bytes:
    """Items of a 款, two of them hidden rows holding 0; the 款's budgets are SUM formulas
    over all its rows, its prior-year figure is typed, and an execution rate (a formula,
    no sum) stands beside them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "执行"
    ws.append(["科目名称", "上年决算数", "调整预算数", "执行数", "执行率"])
    ws.append(["教育管理事务", 310.5 if bad else 300.5, "=SUM(C3:C6)", "=SUM(D3:D6)", "=D2/C2"])
    ws.append(["    行政运行", 200.25, 210, 215.5, "=D3/C3"])
    ws.append(["    一般行政管理事务", 0, 0, 0, None])
    ws.append(["    机关服务", 0, 0, 0, None])
    ws.append(["    其他教育管理事务支出", 100.25, 90, 94.5, "=D6/C6"])
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[5].hidden = True
    for r in range(2, 7):
        ws[f"E{r}"].number_format = "0.0%"
        for c in "BCD":
            ws[f"{c}{r}"].number_format = "#,##0.00"
    return xlsx_bytes(wb, {"执行!C2": 300, "执行!D2": 310, "执行!E2": 310 / 300, "执行!E3": 215.5 / 210, "执行!E6": 94.5 / 90})


def test_a_hidden_zero_keeps_the_formula_checkable_and_a_typed_total_beside_a_rate_is_checked() -> None:
    ex, result = _check(_hidden_zero(False))
    assert "<!-- =SUM(C3,C6) -->" in ex.text  # the hidden zeros add nothing
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert len(_held(result, "TBL007")) == 2 and len(_held(result, "TBL008")) == 1  # B2 by its siblings' formula
    _, bad = _check(_hidden_zero(True))
    _only_finding(bad, "TBL008", "执行!B2")


# ---------------------------------------------------------------- a Word table continued under 续表


def _continued(bad: bool) -> bytes:
    """A table that goes on in a second Word table under 「表2（续）」 and its unit line,
    its header repeated, its 合计 at the end; then another table under its own title."""
    from officegen import Docx

    d = Docx()
    d.para("表2 2024年基本支出决算明细表")
    d.para("单位：元")
    header = ["经济分类", "人员经费", "公用经费"]
    d.table([header, ["工资福利支出", "820,000.00", ""], ["商品和服务支出", "", "96,500.50"]])
    d.para("表2（续）")
    d.para("单位：元")
    d.table([header, ["对个人和家庭的补助", "41,200.00", ""], ["资本性支出", "", "18,000.00"],
             ["合计", "871,200.00" if bad else "861,200.00", "114,500.50"]])
    d.para("表3 2024年“三公”经费支出决算表")
    d.para("单位：元")
    d.table([["项目", "决算数"], ["公务接待费", "3,200.00"], ["公务用车运行费", "12,000.00"], ["合计", "15,200.00"]])
    return d.to_bytes()


def test_a_word_table_continued_under_a_continuation_mark_is_one_table() -> None:
    from auditor.document.reader import read_document

    ex, result = _check(_continued(False), "final.docx")
    assert "续" not in ex.text
    doc = read_document(ex.text, "final.docx", ex.origins)
    assert [t.caption for t in doc.tables] == ["表2 2024年基本支出决算明细表", "表3 2024年“三公”经费支出决算表"]
    assert result.findings == [], [f.message.zh for f in result.findings]
    held = [v.message.zh for v in _held(result, "TBL001")]
    assert any("861,200.00" in m for m in held) and any("114,500.50" in m for m in held) and any("15,200.00" in m for m in held)
    _, bad = _check(_continued(True), "final.docx")
    _only_finding(bad, "TBL001", "表2 第4行第2列")
    # the paragraphs keep Word's numbering: 表3's caption is the body's 5th paragraph
    at = next(i for i, line in enumerate(ex.text.splitlines()) if line.startswith("表3"))
    assert [o.cell for _, o in ex.origins[at]] == ["第5段"]


# ---------------------------------------------------------------- no width, no height


def _zero_size(bad: bool) -> bytes:
    """A helper column squeezed to no width (check sums beside each row) and a check row of
    no height, as tools other than Excel hide them: nothing of them is printed."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(["2025年项目支出预算表"])
    ws.append(["单位：万元"])
    ws.append(["项目名称", "校验", "预算数"])
    ws.append(["网络运维", 1, 35.6])
    ws.append(["档案数字化", 2, 64.4])
    ws.append(["校验行", 999, 999])
    ws.append(["合计", 3, 110 if bad else 100])
    ws.row_dimensions[6].height = 1  # written as customHeight; its size is set to 0 below
    return _sized(xlsx_bytes(wb), '<cols><col min="2" max="2" width="0" customWidth="1"/></cols>', {6: "0"})


def _sized(data: bytes, cols: str, heights: dict[int, str]) -> bytes:
    """The workbook with column sizes and row heights openpyxl will not write (0 is falsy to it)."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = xml.replace("<sheetData>", cols + "<sheetData>", 1)
    for r, ht in heights.items():
        xml = re.sub(rf'<row r="{r}"( [^>]*)?>', lambda m, r=r, ht=ht: f'<row r="{r}" ht="{ht}" customHeight="1">', xml, count=1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return out.getvalue()


def test_a_column_of_no_width_and_a_row_of_no_height_are_not_content() -> None:
    ex, result = _check(_zero_size(False))
    assert "校验" not in ex.text and "999" not in ex.text
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert len(_held(result, "TBL001")) == 1
    _, bad = _check(_zero_size(True))
    _only_finding(bad, "TBL001", "项目!C7")


# ---------------------------------------------------------------- a note under a cell's figure


def _noted(bad: bool, part: str = "88.00") -> bytes:
    """A cell of two lines, its figure and a note in brackets (「（含上年结转8.00）」), as
    authors type them in Word."""
    from officegen import Docx

    d = Docx()
    d.para("表4 2025年部门支出预算表")
    d.para("单位：万元")
    d.table([["功能分类科目", "基本支出", "项目支出"],
             ["教育支出", "300.00", {"text": [part, "（含上年结转8.00）"]}],
             ["卫生健康支出", "45.60", "12.00"],
             ["合计", "345.60", "110.00" if bad else "100.00"]])
    return d.to_bytes()


def test_a_note_in_brackets_under_a_figure_leaves_the_figure() -> None:
    _, result = _check(_noted(False), "dept.docx")
    assert result.findings == [], [f.message.zh for f in result.findings]
    held = [v.message.zh for v in _held(result, "TBL001")]
    assert len(held) == 2 and any(m.startswith("「合计」的项目支出 100.00 = 88.00") for m in held), held
    _, bad = _check(_noted(True), "dept.docx")
    _only_finding(bad, "TBL001", "表1 第4行第3列")


def test_a_part_that_cannot_be_read_leaves_its_total_unchecked() -> None:
    """A part written as a reference (「见附表3」) has no figure: its total is not checked,
    rather than summed without it; the other column still is."""
    _, result = _check(_noted(True, part="见附表3"), "dept.docx")
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert [v.message.zh for v in _held(result, "TBL001")] == ["「合计」的基本支出 345.60 = 300.00 + 45.60"]


# ---------------------------------------------------------------- a frame around a table


def _framed(bad: bool) -> bytes:
    """A one-column layout table framing a caption, the data table and a note (borders
    drawn around a page's content): the data table inside is a table of its own."""
    from officegen import Docx

    inner = Docx()
    inner.table([["资金来源", "2025年预算数"], ["一般公共预算拨款", "640.00"], ["政府性基金拨款", "60.00"],
                 ["收入合计", "710.00" if bad else "700.00"]])
    caption = Docx()
    caption.para("表1 2025年部门收入预算表")
    caption.para("单位：万元")
    note = Docx()
    note.para("注：本表不含上年结转。")
    d = Docx()
    d.para("三、部门预算表")
    d.body.append('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr/>'
                  + "".join(caption.body) + inner.body[0] + "".join(note.body) + "</w:tc></w:tr></w:tbl>")
    return d.to_bytes()


def test_a_table_inside_a_layout_frame_is_read_as_a_table() -> None:
    ex, result = _check(_framed(False), "frame.docx")
    assert "收入合计\t700.00" in ex.text
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert [v.message.zh for v in _held(result, "TBL001")] == ["「收入合计」的2025年预算数 700.00 = 640.00 + 60.00"]
    _, bad = _check(_framed(True), "frame.docx")
    _only_finding(bad, "TBL001", "表2 第4行第2列")


# ---------------------------------------------------------------- sums of money with their units in cells


def _money_cells(bad: bool) -> bytes:
    """A table with no unit line whose cells carry their own units, one part in 元."""
    from officegen import Docx

    d = Docx()
    d.para("表9 2025年重点项目资金安排表")
    d.table([["项目", "安排资金", "其中：中央补助"],
             ["高标准农田建设", "100万元", "60万元"],
             ["农技推广", "12,000元", "0元"],
             ["合计", "102.2万元" if bad else "101.2万元", "60万元"]])
    return d.to_bytes()


def test_sums_of_money_written_with_their_units_in_cells_add_up_in_those_units() -> None:
    _, result = _check(_money_cells(False), "project.docx")
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert any(m.startswith("「合计」的安排资金 101.2万元 =") for m in (v.message.zh for v in _held(result, "TBL001")))
    _, bad = _check(_money_cells(True), "project.docx")
    _only_finding(bad, "TBL001", "表1 第4行第2列")


# ---------------------------------------------------------------- SUBTOTAL


def _subtotals(bad: bool) -> bytes:
    """Groups closed by SUBTOTAL(9, …) and a total over items and subtotals alike by
    SUBTOTAL(9, …), which leaves the nested subtotals out; a second column by
    SUBTOTAL(109, …) over a range with a hidden row, which leaves the hidden row out."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分部门"
    ws.append(["部门", "2025年预算", "2024年执行"])
    ws.append(["办公室", 12.5, 11])
    ws.append(["财务科", 8.25, 7])
    ws.append(["机关小计", "=SUBTOTAL(9,B2:B3)", "=SUBTOTAL(109,C2:C3)"])
    ws.append(["一中心", 30, 28])
    ws.append(["二中心（已撤并）", 0, 9])
    ws.append(["三中心", 20.75, 19])
    ws.append(["事业单位小计", "=SUBTOTAL(9,B5:B7)", "=SUBTOTAL(109,C5:C7)"])
    ws.append(["合计", "=SUBTOTAL(9,B2:B8)", "=SUBTOTAL(109,C2:C8)"])
    ws.row_dimensions[6].hidden = True
    return xlsx_bytes(wb, {"分部门!B4": 20.75, "分部门!C4": 18, "分部门!B8": 50.75, "分部门!C8": 47,
                           "分部门!B9": 72.5 if bad else 71.5, "分部门!C9": 65})


def test_subtotal_formulas_leave_out_the_subtotals_inside_them_and_with_109_hidden_rows() -> None:
    ex, result = _check(_subtotals(False))
    assert "71.5<!-- =SUM(B2:B3,B5,B7) -->" in ex.text and "65<!-- =SUM(C2:C3,C5,C7) -->" in ex.text
    assert result.findings == [], [f.message.zh for f in result.findings]
    assert len(_held(result, "TBL007")) == 6
    _, bad = _check(_subtotals(True))
    _only_finding(bad, "TBL007", "分部门!B9")


# ---------------------------------------------------------------- Word tables one after another


def _adjacent(bad: bool) -> bytes:
    """Two Word tables with nothing but an empty paragraph between them: the second under a
    header of its own is another table (the text reader would otherwise join it to the
    first, as a table cut by a page break); a third repeating the second's header goes on
    with it."""
    from officegen import Docx

    d = Docx()
    d.para("表5 2025年项目支出预算表")
    d.para("单位：万元")
    d.table([["项目", "预算数"], ["合计", "100.00"], ["设备购置", "60.00"], ["系统运维", "40.00"]])
    d.para("")
    d.table([["编制类型", "人数"], ["行政编制", "12"], ["事业编制", "8"]])
    d.para("")
    d.table([["编制类型", "人数"], ["工勤编制", "3"], ["合计", "28" if bad else "23"]])
    return d.to_bytes()


def test_word_tables_one_after_another_are_separate_unless_the_header_repeats() -> None:
    from auditor.document.reader import read_document

    ex, result = _check(_adjacent(False), "plan.docx")
    doc = read_document(ex.text, "plan.docx", ex.origins)
    assert len(doc.tables) == 2
    assert result.findings == [], [f.message.zh for f in result.findings]
    held = sorted(v.message.zh for v in _held(result, "TBL001"))
    assert held == ["「合计」的人数 23 = 12 + 8 + 3", "「合计」的预算数 100.00 = 60.00 + 40.00"], held
    _, bad = _check(_adjacent(True), "plan.docx")
    _only_finding(bad, "TBL001", "表3 第3行第2列")
