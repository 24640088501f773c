"""Word and Excel files read as their authors made them (issue 17): what is printed is the
report, tables as the author laid them out, formulas as declared structure, exact stored
values, the old .xls format. Every workbook is consistent in one version (silent, with
its relations verified and counted) and holds one planted error in the other (reported
once, at its cell)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from officegen import Docx, check_office, held, only_finding, xlsx_bytes

from auditor.document.reader import read_document
from auditor.document.readers import InputError, read_bytes

FIXTURES = Path(__file__).parent / "fixtures"


_check, _held, _only_finding = check_office, held, only_finding


# ---------------------------------------------------------------- hidden rows and columns


def _hidden(bad: bool) -> bytes:
    """A hidden code column (system tags), a hidden column of helper row numbers, a hidden
    check row between the items."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出"
    ws.append(["DEBT_T_TITLE", "2024年某区政府债务余额表", None, None])
    ws.append([None, "单位：万元", None, None])
    ws.append(["DEBT_T_CODE", "项目", "余额", "行号"])
    ws.append(["DEBT_T_01", "一般债务", 1200.5, 1])
    ws.append(["VALID#", "校验行", 99, 2])
    ws.append(["DEBT_T_02", "专项债务", 800.25, 3])
    ws.append(["DEBT_T_03", "合计", 2010.75 if bad else 2000.75, 4])
    for r in range(4, 8):
        ws[f"C{r}"].number_format = "#,##0.00"
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["D"].hidden = True
    ws.row_dimensions[5].hidden = True
    return xlsx_bytes(wb)


def test_hidden_rows_and_columns_are_not_content() -> None:
    ex, result = _check(_hidden(False))
    assert "DEBT_T" not in ex.text and "VALID" not in ex.text and "校验" not in ex.text and "行号" not in ex.text
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 1  # 合计 = 一般债务 + 专项债务, the hidden 99 not among them
    _, bad = _check(_hidden(True))
    # a region's debt table: the planted total is reported at its cell, as a note (its rows'
    # grouping is not confirmed in a region's budget: checks/tables._region_budget)
    assert [(f.check, f.span.cell, f.severity.value, f.reading) for f in bad.findings] == [("TBL001", "支出!C7", "info", "unconfirmed")]


# ---------------------------------------------------------------- print area


def _print_area(bad: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三公"
    ws.append(["2025年“三公”经费预算表", None, None, "打印"])
    ws.append(["项目", "预算数", "上年预算数", "是/否"])
    ws.append(["公务接待费", 3.2, 3.5, "是"])
    ws.append(["公务用车运行费", 6, 6.5, "否"])
    ws.append(["合计", 9.2, 10.5 if bad else 10.0, "是"])
    ws["F1"], ws["F2"], ws["G2"] = "草稿", 123.45, 678.9  # a scratch area beside the table
    for r in range(3, 6):
        for c in "BC":
            ws[f"{c}{r}"].number_format = "0.00"
    ws.print_area = "A1:C5"
    return xlsx_bytes(wb)


def test_cells_outside_the_print_area_are_not_content() -> None:
    ex, result = _check(_print_area(False))
    assert "打印" not in ex.text and "是/否" not in ex.text and "草稿" not in ex.text and "123.45" not in ex.text
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 2
    _, bad = _check(_print_area(True))
    _only_finding(bad, "TBL001", "三公!C5")


# ---------------------------------------------------------------- sheets and continuation


def _sheets(bad: bool) -> bytes:
    """表1 over two sheets (the second says 续表 and repeats the header); 表2 on a third sheet
    starts with rows of figures of its own and must not go on from 表1."""
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "表1"
    a.append(["表1 2024年部门收入决算表"])
    a.append(["项目", "决算数"])
    for label, v in (("财政拨款收入", 500), ("事业收入", 120), ("经营收入", 30)):
        a.append([label, v])
    b = wb.create_sheet("表1续")
    b.append(["表1 2024年部门收入决算表（续）"])
    b.append(["项目", "决算数"])
    b.append(["附属单位上缴收入", 20])
    b.append(["其他收入", 10])
    b.append(["合计", 690 if bad else 680])
    c = wb.create_sheet("表2")
    c.append(["基本支出", 400])
    c.append(["项目支出", 250])
    c.append(["合计", 650])
    return xlsx_bytes(wb)


def test_each_sheet_is_its_own_table_unless_it_continues() -> None:
    ex, result = _check(_sheets(False))
    doc = read_document(ex.text, "b", ex.origins)
    assert len(doc.tables) == 2
    assert [r.cells[0].text for r in doc.tables[0].data_rows][-1] == "合计"
    assert len(doc.tables[0].data_rows) == 6  # the repeated header is not a row
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 2  # 表1's 合计 over its five items on two sheets; 表2's own
    _, bad = _check(_sheets(True))
    _only_finding(bad, "TBL001", "表1续!B5")


# ---------------------------------------------------------------- tables side by side


def _side_by_side(bad: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["表1 收入", None, None, "表2 支出", None, None, "表3 人员", None])
    ws.append(["项目", "金额", None, "项目", "金额", None, "类别", "人数"])
    ws.append(["财政拨款", 100, None, "基本支出", 70, None, "在职", 12])
    ws.append(["其他收入", 20, None, "项目支出", 50, None, "退休", 3])
    ws.append(["合计", 120, None, "合计", 130 if bad else 120, None, "合计", 15])
    return xlsx_bytes(wb)


def test_three_tables_side_by_side_are_three_tables() -> None:
    ex, result = _check(_side_by_side(False))
    doc = read_document(ex.text, "b", ex.origins)
    assert [t.caption for t in doc.tables] == ["表1 收入", "表2 支出", "表3 人员"]
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 3
    _, bad = _check(_side_by_side(True))
    _only_finding(bad, "TBL001", "汇总!E5")


# ---------------------------------------------------------------- formulas as structure


def _declared(bad: bool) -> bytes:
    """A grand total first (本级 + 小计), the 小计 of the members after it; subtotals after
    their items; the workbook's formulas say which cell adds which."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位名称", "支出"])
    ws.append(["合计", "=B3+B4"])
    ws.append(["本级", 15])
    ws.append(["小计", "=SUM(B5:B6)"])
    ws.append(["    甲单位", 10])
    ws.append(["    乙单位", 20])
    ws.append(["一、工资福利支出", 7])
    ws.append(["二、商品和服务支出", 8])
    ws.append(["小计", "=SUM(B7:B8)"])
    return xlsx_bytes(wb, {"汇总!B2": 45, "汇总!B4": 30, "汇总!B9": 16 if bad else 15})


def test_sum_formulas_are_the_structure_and_a_stale_value_is_reported() -> None:
    ex, result = _check(_declared(False))
    assert "<!-- =SUM(B3:B4) -->" in ex.text and "<!-- =SUM(B5:B6) -->" in ex.text
    assert result.findings == []
    assert len(_held(result, "TBL007")) == 3
    assert not _held(result, "TBL001")  # nothing inferred where the formulas speak
    _, bad = _check(_declared(True))
    _only_finding(bad, "TBL007", "汇总!B9")


def _typed(bad: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "决算"
    ws.append(["项目", "年初预算", "调整预算", "决算数"])
    ws.append(["工资福利支出", 100.5, 110.5, 108.25])
    ws.append(["商品和服务支出", 40, 45, 44.5])
    ws.append(["合计", "=SUM(B2:B3)", "=SUM(C2:C3)", 162.75 if bad else 152.75])  # D4 typed where its siblings are formulas
    for r in range(2, 5):
        for c in "BCD":
            ws[f"{c}{r}"].number_format = "#,##0.00"
    return xlsx_bytes(wb, {"决算!B4": 140.5, "决算!C4": 155.5})


def test_a_total_typed_among_formulas_is_checked_by_their_formula() -> None:
    _, result = _check(_typed(False))
    assert result.findings == []
    assert len(_held(result, "TBL007")) == 2 and len(_held(result, "TBL008")) == 1
    _, bad = _check(_typed(True))
    _only_finding(bad, "TBL008", "决算!D4")
    assert "SUM" not in bad.findings[0].message.zh or "公式" in bad.findings[0].message.zh


def test_a_formula_over_a_hidden_cell_declares_nothing_checkable() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 10])
    ws.append(["乙", 20])
    ws.append(["丙（隐藏）", 5])
    ws.append(["合计", "=SUM(B2:B4)"])
    ws.row_dimensions[4].hidden = True
    ex, result = _check(xlsx_bytes(wb, {"Sheet!B5": 35}))
    assert "<!-- =? -->" in ex.text
    assert result.findings == []  # 10 + 20 is not 35, but the workbook says a hidden cell is a part


# ---------------------------------------------------------------- serial numbers, exact values


def _serial(bad: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append([None, "项目名称", "金额"])
    for i in range(1, 12):
        ws.append([i, f"项目{'甲乙丙丁戊己庚辛壬癸子'[i - 1]}", 10 * i])
    ws.append(["合计", None, 670 if bad else 660])
    return xlsx_bytes(wb)


def test_serial_numbers_are_not_a_code_hierarchy() -> None:
    _, result = _check(_serial(False))
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 1  # 合计 over eleven items, none a parent of 10 and 11
    _, bad = _check(_serial(True))
    _only_finding(bad, "TBL001", "项目!C13")


def _general(total: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人数"
    ws.append(["类别", "人数"])
    ws.append(["在职", 10])
    ws.append(["退休", 20])
    ws.append(["合计", total])
    return xlsx_bytes(wb)


def test_stored_values_are_exact_whatever_their_format() -> None:
    _, result = _check(_general(30))
    assert result.findings == [] and len(_held(result, "TBL001")) == 1
    _, bad = _check(_general(31))
    _only_finding(bad, "TBL001", "人数!B4")  # an error, not "within rounding"


def test_hidden_digits_keep_the_written_figures_rounding() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 10.4])
    ws.append(["乙", 20.4])
    ws.append(["合计", 31])  # typed as the rounded sum of 30.8: shown 10 + 20 = 31 is rounding
    for r in range(2, 5):
        ws[f"B{r}"].number_format = "0"
    _, result = _check(xlsx_bytes(wb))
    assert [f.severity.value for f in result.findings] == ["info"]


# ---------------------------------------------------------------- Word: appended tables


def _word(bad: bool) -> bytes:
    d = Docx()
    d.para("附表")
    span = {"span": 3}
    d.table([
        [{"text": "表1 2024年收入决算表", **span}],
        ["项目", "调整预算数", "决算数"],
        ["财政拨款收入", "100.00", "98.00"],
        ["其他收入", "20.00", "19.50"],
        ["合计", "120.00", "117.50"],
        [{"text": "表2 2024年支出决算表", **span}],
        [{"text": "单位：万元", **span}],
        ["项目", "年初预算数", "实际支出"],
        ["基本支出", "80.00", "79.00"],
        ["项目支出", "40.00", "38.00"],
        ["合计", "120.00", "117.00"],
        [{"text": "表3 2024年“三公”经费支出表", **span}],
        ["项目", "预算数", "决算数"],
        ["公务接待费", "3.00", "2.50"],
        ["公务用车运行费", "6.00", "5.80"],
        ["合计", "9.00", "8.40" if bad else "8.30"],
    ])
    return d.to_bytes()


def test_tables_appended_in_one_word_table_are_split_each_with_its_own_header() -> None:
    ex, result = _check(_word(False), "report.docx")
    doc = read_document(ex.text, "r", ex.origins)
    assert [t.caption for t in doc.tables] == ["表1 2024年收入决算表", "表2 2024年支出决算表", "表3 2024年“三公”经费支出表"]
    assert [c.leaf for c in doc.tables[1].columns] == ["项目", "年初预算数", "实际支出"]
    assert doc.tables[1].unit == "万元"
    assert result.findings == []
    assert len(_held(result, "TBL001")) == 6
    _, bad = _check(_word(True), "report.docx")
    _only_finding(bad, "TBL001", "表1 第16行第3列")


def test_a_category_row_inside_a_word_table_does_not_split_it() -> None:
    d = Docx()
    d.table([
        ["项目", "金额"],
        ["一、基本支出", "30.00"],
        ["人员经费", "20.00"],
        ["公用经费", "10.00"],
        [{"text": "二、项目支出明细表", "span": 2}],
        ["培训费", "5.00"],
        ["合计", "35.00"],
    ])
    ex = read_bytes(d.to_bytes(), "r.docx")
    assert "<!-- table -->" not in ex.text


# ---------------------------------------------------------------- .xls and old formats


def test_xls_reads_with_the_same_locations_and_table_model() -> None:
    ok = (FIXTURES / "budget-ok.xls").read_bytes()
    ex, result = _check(ok, "budget-ok.xls")
    assert ex.format == "xls" and "校验" not in ex.text and "草稿" not in ex.text and "99,999" not in ex.text
    assert result.findings == [] and len(_held(result, "TBL001")) == 2
    _, bad = _check((FIXTURES / "budget-bad.xls").read_bytes(), "budget-bad.xls")
    _only_finding(bad, "TBL001", "支出!C8")


def test_xls_renamed_xlsx_is_read_by_its_contents() -> None:
    ex, _ = _check((FIXTURES / "budget-ok.xls").read_bytes(), "budget.xlsx")
    assert ex.format == "xls"


@pytest.mark.parametrize(("name", "target"), [("old.doc", "docx"), ("old.wps", "docx"), ("old.et", "xlsx")])
def test_other_old_formats_are_refused_with_the_conversion_command(name, target) -> None:
    data = (FIXTURES / "budget-ok.xls").read_bytes() if name.endswith(".et") else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(InputError, match=rf"--convert-to {target} "):
        read_bytes(data, name)


def test_a_broken_old_workbook_renamed_xlsx_names_xlsx_as_the_target() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le") + b"\0" * 500
    with pytest.raises(InputError, match=r"--convert-to xlsx ") as err:
        read_bytes(data, "renamed.xlsx")
    assert "docx" not in str(err.value)


def test_a_qualified_total_over_the_members_listed_after_it() -> None:
    """昌都市 first, then 本级 and 县区合计, then the counties: 县区合计 adds the rows after
    it (verified); were neither reading to hold, the layout is not understood, not wrong."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "限额"
    ws.append(["地区", "债务余额"])
    rows = [("某市", 600.5), ("某市本级", 200.25), ("县区合计", 400.25), ("甲县", 100), ("乙县", 150.25), ("丙县", 150)]
    for label, v in rows:
        ws.append([label, v])
        ws[f"B{ws.max_row}"].number_format = "0.00"
    _, result = _check(xlsx_bytes(wb))
    assert result.findings == []
    assert [v.message.en for v in _held(result, "TBL001")] == ["'县区合计' (债务余额) 400.25 = 100.00 + 150.25 + 150.00"]
    ws["B4"] = 410.25
    _, odd = _check(xlsx_bytes(wb))
    assert odd.findings == [] and not _held(odd, "TBL001")


def test_side_by_side_tables_under_their_own_titles_without_a_gap() -> None:
    def book(bad: bool) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "汇总"
        ws.append(["表1 收入", None, "表2 支出", None, "表3 人员", None])
        ws.append(["项目", "金额", "项目", "金额", "类别", "人数"])
        ws.append(["财政拨款", 100, "基本支出", 70, "在职", 12])
        ws.append(["其他收入", 20, "项目支出", 50, "退休", 3])
        ws.append(["合计", 120, "合计", 130 if bad else 120, "合计", 15])
        return xlsx_bytes(wb)

    ex, result = _check(book(False))
    assert [t.caption for t in read_document(ex.text, "b", ex.origins).tables] == ["表1 收入", "表2 支出", "表3 人员"]
    assert result.findings == [] and len(_held(result, "TBL001")) == 3
    _, bad = _check(book(True))
    _only_finding(bad, "TBL001", "汇总!D5")


def test_the_sheet_scan_reads_hidden_rows_columns_and_shared_formulas_as_excel_writes_them() -> None:
    """Excel writes shared formulas (one master, followers with only an index), prefixed
    elements in some exporters, and column ranges."""
    import io
    import zipfile

    from auditor.document.readers.xlsx import scan_sheet

    xml = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:cols><x:col min="2" max="4" hidden="1" width="0"/><x:col min="5" max="5" width="9"/></x:cols><x:sheetData>'
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="2" hidden="true" spans="1:5"><x:c r="A2"><x:v>2</x:v></x:c></x:row>'
        '<x:row r="5"><x:c r="A5" s="1"><x:f t="shared" ref="A5:C5" si="0">SUM(A1:A4)</x:f><x:v>3</x:v></x:c>'
        '<x:c r="B5"><x:f t="shared" si="0"/><x:v>0</x:v></x:c><x:c r="C5"><x:f>B5&amp;"x"</x:f><x:v>0</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", xml)
    layout = scan_sheet(zipfile.ZipFile(buf), "xl/worksheets/sheet1.xml")
    assert layout.hidden_rows == {2}
    assert layout.hidden_cols == {2, 3, 4}
    assert layout.formulas == {(5, 1): "SUM(A1:A4)", (5, 2): "SUM(B1:B4)", (5, 3): 'B5&"x"'}


def test_a_subtotal_before_its_members_typed_without_formulas() -> None:
    """合计, 本级, 小计, then the members: the 小计 adds the rows after it (verified), not
    本级 above it; subtotals after their items keep being checked against them."""
    def book(rows) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "汇总"
        ws.append(["单位名称", "支出"])
        for row in rows:
            ws.append(list(row))
        return xlsx_bytes(wb)

    _, first = _check(book([("合计", 45), ("本级", 15), ("小计", 30), ("甲单位", 10), ("乙单位", 20)]))
    assert first.findings == [] and "'小计' (支出) 30 = 10 + 20" in [v.message.en for v in _held(first, "TBL001")]
    _, after = _check(book([("甲", 1), ("乙", 2), ("小计", 4), ("丙", 4), ("丁", 5), ("小计", 9)]))
    _only_finding(after, "TBL001", "汇总!B4")

