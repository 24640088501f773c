"""The Excel reader: tables per sheet (several per sheet), caption and unit rows, merged
cells, cached formula values shown in their number format, origins ``Sheet!C7``; checks
on what it reads; bad files."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from officegen import xlsx_bytes

from auditor.checking.engine import check_text
from auditor.checking.registry import load
from auditor.document.readers import InputError, read_bytes
from auditor.document.readers.xlsx import format_number

ACCOUNTING = '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-'


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1234.5, "0.00", "1234.50"), (1234.5, "#,##0.00", "1,234.50"), (1234567, "#,##0", "1,234,567"),
        (0.1234, "0.0%", "12.3%"), (0.5, "0%", "50%"), (12.3456, '0.00"万元"', "12.35万元"), (12, "0.00_ ", "12.00"),
        (1234.5, ACCOUNTING, "1,234.50"), (-5.5, ACCOUNTING, "-5.50"), (0, ACCOUNTING, "-"), (-3.25, "0.00;[Red]-0.00", "-3.25"),
        (3.5, "General", "3.5"), (42.0, "General", "42"), (2.675, "0.00", "2.68"), (1234567, "#,##0,", "1,235"),
    ],
)
def test_numbers_are_written_as_the_cell_shows_them(value, fmt, shown) -> None:
    assert format_number(value, fmt) == shown


def _sports_workbook(total: float = 250.0) -> bytes:
    """Two sheets; the first holds two tables (a merged title, a unit row, two header rows
    under merged cells, formula totals with cached values), the second a table whose
    caption stands apart above a blank row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收支"
    ws.append(["2025年某区体育局部门支出预算表"])
    ws.merge_cells("A1:D1")
    ws.append([None, None, None, "单位：万元"])
    ws.append(["项目", "本年预算", None, None])
    ws.merge_cells("B3:D3")
    ws.append([None, "合计", "基本支出", "项目支出"])
    ws.merge_cells("A3:A4")
    ws.append(["体育训练", "=C5+D5", 120.5, 30])
    ws.append(["体育场馆", "=C6+D6", 80, 19.5])
    ws.append(["合计", "=SUM(B5:B6)", "=SUM(C5:C6)", "=SUM(D5:D6)"])
    for row in ws.iter_rows(min_row=5, max_row=7, min_col=2):
        for c in row:
            c.number_format = "#,##0.00"
    ws.append([])
    ws.append(["表2 人员情况"])
    ws.append(["类别", "人数"])
    ws.append(["在职", 20])
    ws.append(["退休", 5])
    ws.append(["合计", "=B11+B12"])
    other = wb.create_sheet("三公")
    other.append(["2025年“三公”经费预算表"])
    other.append([])
    other.append(["单位：万元"])
    other.append(["项目", "预算数"])
    other.append(["因公出国（境）费", 0])
    other.append(["公务接待费", 3.2])
    other.append(["公务用车运行费", 6])
    other.append(["合计", "=SUM(B5:B7)"])
    other.append(["注：因公出国（境）费本年未安排预算，公务用车购置费为零，不列示。"])
    for r in range(5, 9):
        other[f"B{r}"].number_format = "0.00"
    hidden = wb.create_sheet("辅助")
    hidden.append(["合计", 999])
    hidden.sheet_state = "hidden"
    return xlsx_bytes(wb, {"收支!B5": 150.5, "收支!B6": 99.5, "收支!B7": total, "收支!C7": 200.5, "收支!D7": 49.5, "收支!B13": 25, "三公!B8": 9.2})


def test_sheets_come_out_as_tables_shaped_like_the_pdf_reader_writes_them() -> None:
    text = read_bytes(_sports_workbook(), "budget.xlsx").text
    assert text == (
        "<!-- sheet: 收支 -->\n\n"
        "2025年某区体育局部门支出预算表\n单位：万元\n"
        "项目\t本年预算\t\t\n\t合计\t基本支出\t项目支出\n"
        "体育训练\t150.50<!-- =SUM(C5:D5) -->\t120.50\t30.00\n体育场馆\t99.50<!-- =SUM(C6:D6) -->\t80.00\t19.50\n"
        "合计\t250.00<!-- =SUM(B5:B6) -->\t200.50<!-- =SUM(C5:C6) -->\t49.50<!-- =SUM(D5:D6) -->\n\n"
        "<!-- table -->\n\n"
        "表2 人员情况\n类别\t人数\n在职\t20\n退休\t5\n合计\t25<!-- =SUM(B11:B12) -->\n\n"
        "<!-- sheet: 三公 -->\n\n"
        "2025年“三公”经费预算表\n单位：万元\n"
        "项目\t预算数\n因公出国（境）费\t0.00\n公务接待费\t3.20\n公务用车运行费\t6.00\n合计\t9.20<!-- =SUM(B5:B7) -->\n\n"
        "注：因公出国（境）费本年未安排预算，公务用车购置费为零，不列示。\n\n"
    )


def test_origins_name_the_sheet_and_cell() -> None:
    ex = read_bytes(_sports_workbook(), "budget.xlsx")
    rows = ex.text.splitlines()
    no = next(i for i, r in enumerate(rows) if r.startswith("体育场馆\t")) + 1
    line = rows[no - 1]
    assert [ex.origin_at(no, line.index(t) + 1).cell for t in ("体育场馆", "99.50", "80.00", "19.50")] == ["收支!A6", "收支!B6", "收支!C6", "收支!D6"]
    assert ex.origin_at(next(i for i, r in enumerate(rows) if r.startswith("合计\t9.20")) + 1, 4).cell == "三公!B8"


def _check(data: bytes):
    ex = read_bytes(data, "budget.xlsx")
    return check_text(ex.text, "budget.xlsx", [cls() for cls in load().values()], ex.origins)


def test_consistent_workbook_has_no_finding_and_its_totals_hold() -> None:
    result = _check(_sports_workbook())
    assert result.findings == []
    held = [v for v in result.verified if v.check == "TBL007"]
    assert len(held) == 7  # the formulas: two row totals, three column totals, the 人数 total, the 三公 total


def test_stale_formula_value_is_reported_once_at_its_cell() -> None:
    result = _check(_sports_workbook(total=260.0))  # B7 =SUM(B5:B6) saved as 260, its cells add to 250
    assert [(f.check, f.span.cell) for f in result.findings] == [("TBL007", "收支!B7")]
    assert "SUM(B5:B6)" in result.findings[0].message.zh


def test_formula_without_a_cached_value_reads_empty() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 1])
    ws.append(["乙", 2])
    ws.append(["合计", "=SUM(B2:B3)"])  # saved by a library: no result stored
    text = read_bytes(xlsx_bytes(wb), "f.xlsx").text
    assert "合计\t\n" in text or text.rstrip().endswith("合计")
    assert "SUM" not in text


def test_xlsx_and_the_same_table_as_text_give_the_same_findings() -> None:
    """Typed figures (no formulas), shown with all their digits: the workbook and its text
    say the same; a formula's declaration survives in the text."""
    wb = openpyxl.load_workbook(io.BytesIO(_code_table_xlsx()))
    wb.active["E5"] = 3466.78  # the 合计 row, 10 more than its items
    ex = read_bytes(xlsx_bytes(wb), "budget.xlsx")
    plain = "\n".join(ln for ln in ex.text.splitlines() if not ln.startswith("<!--")) + "\n"
    checks = [cls() for cls in load().values()]
    a = check_text(ex.text, "a", checks, ex.origins)
    b = check_text(plain, "b", checks)
    assert [(f.check, f.message.en) for f in a.findings] == [(f.check, f.message.en) for f in b.findings]
    assert [(f.check, f.span.cell) for f in a.findings if f.severity.value != "info"] == [("TBL002", "支出!E5")]


BAD_XLSX = {
    "not-a-zip.xlsx": (b"plain words, not a workbook \x00\x02", "not an Excel"),
    "truncated.xlsx": (None, "truncated"),
    "encrypted.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100, "encrypted"),
}


def _bad(name: str) -> bytes:
    data, _ = BAD_XLSX[name]
    return data if data is not None else _sports_workbook()[:400]


@pytest.mark.parametrize("name", sorted(BAD_XLSX))
def test_bad_excel_files_get_one_line(name) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(_bad(name), name)
    msg = str(exc.value)
    assert msg.startswith(name) and "\n" not in msg and BAD_XLSX[name][1] in msg


def test_broken_workbook_part_gets_one_line() -> None:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_sports_workbook()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in src.namelist():
            z.writestr(n, b"<worksheet><sheetData><row" if n == "xl/worksheets/sheet1.xml" else src.read(n))
    with pytest.raises(InputError) as exc:
        read_bytes(buf.getvalue(), "broken.xlsx")
    assert str(exc.value).startswith("broken.xlsx") and "\n" not in str(exc.value)


def test_cli_bad_excel_files_one_line_each_others_still_checked(tmp_path) -> None:
    (tmp_path / "good.md").write_text("单位：万元\n\n项目\t金额\n人员经费\t5.00\n公用经费\t3.00\n合计\t8.00\n", encoding="utf-8")
    (tmp_path / "fine.xlsx").write_bytes(_sports_workbook())
    for name in BAD_XLSX:
        (tmp_path / name).write_bytes(_bad(name))
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(tmp_path), "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == len(BAD_XLSX) and all(any(n in line for line in err) for n in BAD_XLSX)
    data = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(proc.stdout)["files"]}
    assert data["good.md"]["verified_count"] >= 1
    assert data["fine.xlsx"]["findings"] == [] and data["fine.xlsx"]["verified_count"] >= 7


def test_extract_command_prints_excel_text(tmp_path) -> None:
    p = tmp_path / "b.xlsx"
    p.write_bytes(_sports_workbook())
    proc = subprocess.run([sys.executable, "-m", "auditor", "extract", str(p)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0 and "体育训练\t150.50<!-- =SUM(C5:D5) -->\t120.50\t30.00" in proc.stdout


# A code table as published: 类/款/项 code columns under a merged 科目编码, 科目名称 over two
# header rows, 本年支出 over three columns; a 合计 row written across the code columns.
CODE_ROWS = [
    ["科目编码", "", "", "科目名称", "本年支出", "", ""],
    ["类", "款", "项", "", "合计", "基本支出", "项目支出"],
    ["合计", "", "", "", "3,456.78", "1,256.78", "2,200.00"],
    ["214", "", "", "交通运输支出", "3,100.00", "900.00", "2,200.00"],
    ["", "01", "", "公路水路运输", "3,100.00", "900.00", "2,200.00"],
    ["", "", "01", "行政运行", "900.00", "900.00", ""],
    ["", "", "99", "其他公路水路运输支出", "2,200.00", "", "2,200.00"],
    ["221", "", "", "住房保障支出", "356.78", "356.78", ""],
    ["221", "02", "", "住房改革支出", "356.78", "356.78", ""],
    ["221", "02", "01", "住房公积金", "356.78", "356.78", ""],
]
CODE_MERGES = [(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 0, 6), (2, 0, 2, 3)]


def _code_table_xlsx() -> bytes:
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出"
    ws.append(["一般公共预算财政拨款支出决算表"])
    ws.append(["编制单位：某市交通运输局", None, None, None, None, None, "单位：万元"])
    for row in CODE_ROWS:
        out = []
        for text in row:
            if text and text[0].isdigit() and "," in text:
                out.append(float(text.replace(",", "")))
            else:
                out.append(text or None)
        ws.append(out)
        for c in ws[ws.max_row]:
            if isinstance(c.value, float):
                c.number_format = "#,##0.00"
    for r0, c0, r1, c1 in CODE_MERGES:
        ws.merge_cells(f"{get_column_letter(c0 + 1)}{r0 + 3}:{get_column_letter(c1 + 1)}{r1 + 3}")
    return xlsx_bytes(wb)


def test_code_table_from_excel_reads_as_the_same_table_from_pdf() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from pdfgen import Doc, Table

    d = Doc()
    d.line("一般公共预算财政拨款支出决算表", size=12)
    d.line("编制单位：某市交通运输局", "单位：万元")
    d.table(Table(CODE_ROWS, [40, 40, 40, 150, 70, 70, 70], merges=CODE_MERGES, header_rows=2))
    pdf = read_bytes(d.bytes(), "t.pdf").text
    xlsx = read_bytes(_code_table_xlsx(), "t.xlsx").text

    def rows(text: str) -> list[str]:
        return [ln for ln in text.splitlines() if "\t" in ln]

    assert rows(xlsx) == rows(pdf)
    assert rows(xlsx)[4] == "21401\t公路水路运输\t3,100.00\t900.00\t2,200.00"
    lines = xlsx.splitlines()
    at = lines.index(rows(xlsx)[0])
    assert lines[at - 2 : at] == ["一般公共预算财政拨款支出决算表", "编制单位：某市交通运输局 单位：万元"]
    result = check_text(xlsx, "t.xlsx", [cls() for cls in load().values()], read_bytes(_code_table_xlsx(), "t.xlsx").origins)
    assert result.findings == [] and any(v.check == "TBL001" and "住房改革支出" in v.message.zh for v in result.verified)


_value = st.one_of(
    st.none(), st.text(alphabet="项目合计类款项单位：万元注说明一二（）0123456789. ", max_size=10),
    st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False), st.booleans(),
)
_format = st.sampled_from(["General", "0.00", "#,##0.00", "0%", "0.0%", ACCOUNTING, "#,##0,", '0.00"万元"', "@", "0.00;[Red]-0.00"])


@given(st.lists(st.lists(st.tuples(_value, _format), min_size=0, max_size=6), min_size=1, max_size=12))
def test_any_sheet_reads_with_every_text_cell_kept_and_checks_never_raise(grid) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(grid, start=1):
        for c, (value, fmt) in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.number_format = fmt
    try:
        ex = read_bytes(xlsx_bytes(wb), "any.xlsx")
    except InputError as exc:
        assert "without data" in str(exc)
        assert not any(isinstance(v, (int, float)) or (isinstance(v, str) and v.strip()) for row in grid for v, _ in row)
        return
    flat = ex.text.replace("\t", " ").replace("\n", " ")
    for row in grid:
        for value, _ in row:
            if isinstance(value, str) and value.strip() and not value.strip().isdigit():
                assert value.strip() in flat
    check_text(ex.text, "any.xlsx", [cls() for cls in load().values()], ex.origins)
