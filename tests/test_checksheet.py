"""``--format xlsx``: the reviewers' check sheet, read back with openpyxl. One row per
required part of the report's kind, 是否公开 and pages, 符合要求 是/否 consistent with the
findings that stand in the part, every finding in exactly one row; a summary sheet of
documents × parts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor import cli
from auditor.render import checksheet

ROOT = Path(__file__).resolve().parent.parent
WATER = ROOT / "tests" / "cases" / "DIS" / "water-final-accounts-consistent.md"


def _real_pdfs() -> Path:
    root = ROOT
    candidates = [root / "samples" / "real" / "pdf", root.parent / "shared" / "samples" / "real" / "pdf"]
    if os.environ.get("AUDITOR_SHARED"):
        candidates.insert(0, Path(os.environ["AUDITOR_SHARED"]) / "samples" / "real" / "pdf")
    return next((c for c in candidates if any(c.glob("*.pdf"))), candidates[-1])


REAL = _real_pdfs()
HEADER = ["序号", "类别", "检查内容", "是否公开", "所在页", "符合要求", "存在问题", "问题数", "检查项"]


def budget(unit: str = "某区档案馆", placeholder: bool = True, glossary: bool = False) -> str:
    """A 单位预算 of our own making: parts titled 第X部分 / （一）, the nine tables, a wrong
    total in the 收入预算总表 and (optionally) a placeholder in the 机构设置."""
    tables = [
        ("财务收支预算总表", "项目\t预算数\n一、财政拨款收入\t300.00\n本年收入合计\t300.00"),
        ("收入预算总表", "科目编码\t科目名称\t合计\t财政拨款收入\n201\t一般公共服务支出\t300.00\t300.00\n20126\t档案事务\t300.00\t300.00\n"
                         "2012601\t行政运行\t180.00\t180.00\n2012604\t档案馆\t100.00\t100.00\n\t合计\t300.00\t300.00"),
        ("支出预算总表", "项目\t合计\t基本支出\t项目支出\n档案事务\t300.00\t180.00\t120.00\n合计\t300.00\t180.00\t120.00"),
        ("财政拨款收支预算总表", "项目\t预算数\n一、一般公共预算\t300.00\n收入总计\t300.00"),
        ("一般公共预算支出功能分类预算表", "项目\t合计\n档案事务\t300.00\n合计\t300.00"),
        ("政府性基金预算支出功能分类预算表", "项目\t合计\n合计\t"),
        ("国有资本经营预算支出功能分类预算表", "项目\t合计\n合计\t"),
        ("一般公共预算基本支出经济分类预算表", "项目\t合计\n人员经费\t150.00\n公用经费\t30.00\n合计\t180.00"),
        ("“三公”经费和机关运行经费预算表", "项目\t预算数\n公务接待费\t1.00\n合计\t1.00"),
    ]
    out = [f"# {unit}2025年单位预算", "", "## 第一部分 单位概况", "", "### （一）单位主要职能", "",
           f"{unit}负责全区档案的收集、保管和利用。", "", "### （二）单位机构设置", "",
           f"{unit}内设{'XX' if placeholder else '3'}个科室。", "", "## 第二部分 2025年单位预算表", ""]
    for i, (name, body) in enumerate(tables, 1):
        out += [f"表{i} 2025年单位{name}", "单位：万元", "", body, "", "注：本表为空。" if "\t\n" in body + "\n" and body.endswith("\t") else "", ""]
    out += ["## 第三部分 2025年单位预算编制说明", "", "2025年收入预算300.00万元，支出预算300.00万元。", "",
            "## 第四部分 其他相关情况说明", "", "### 一、“三公”经费预算情况说明", "", "2025年“三公”经费预算数为1.00万元。", "",
            "### 二、机关运行经费预算", "", "机关运行经费预算为30.00万元。", "", "### 三、政府采购预算情况", "", "政府采购预算为0万元。", "",
            "### 四、国有资产占有使用情况", "", "共有车辆0辆。", "", "### 五、绩效目标设置情况", "", "编报绩效目标的项目共2个。", ""]
    if glossary:
        out += ["## 第五部分 名词解释", "", "财政拨款收入：指本级财政当年拨付的资金。", ""]
    return "\n".join(out)


def run(tmp_path: Path, *paths: Path) -> tuple[object, dict]:
    out = tmp_path / "sheet.xlsx"
    code = cli.main(["check", "--no-cache", "--format", "xlsx", "-o", str(out), *map(str, paths)])
    assert code in (0, 1)
    js = tmp_path / "r.json"
    cli.main(["check", "--no-cache", "--format", "json", "-o", str(js), *map(str, paths)])
    return load_workbook(out), json.loads(js.read_text(encoding="utf-8"))


def doc_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if list(r[: len(HEADER)]) == HEADER)
    return [dict(zip(HEADER, r, strict=False)) for r in rows[start + 1 :] if r[0] is not None]


def consistent(ws, file_json: dict) -> list[dict]:
    """Every finding in one row; 否 exactly where an error or warning stands."""
    rows = doc_rows(ws)
    assert sum(int(r["问题数"]) for r in rows) == len(file_json["findings"])
    failing_codes = {f["check"] for f in file_json["findings"] if f["severity"] != "info"}
    for r in rows:
        problems = (r["存在问题"] or "").split("\n") if r["存在问题"] else []
        assert len(problems) <= int(r["问题数"])
        serious = [p for p in problems if not p.startswith("（提示）")]
        if r["符合要求"] == "否":
            assert serious and set((r["检查项"] or "").split("、")) & failing_codes, r
        elif r["符合要求"] in ("是", "待核"):
            assert not serious, r
        if r["是否公开"] == "未找到":
            assert r["符合要求"] in ("待核", "否") and not r["所在页"]
    return rows


def test_generated_budget_one_row_per_part(tmp_path) -> None:
    src = tmp_path / "archive-unit-budget.md"
    src.write_text(budget(), encoding="utf-8")
    wb, data = run(tmp_path, src)
    assert wb.sheetnames == ["汇总", "1-archive-unit-budget"]
    ws = wb["1-archive-unit-budget"]
    assert ws["B3"].value.startswith("2025年度单位预算")
    rows = consistent(ws, data["files"][0])
    labels = [r["检查内容"] for r in rows]
    expected = [p.label.replace("{scope}", "单位") for p in checksheet.PARTS["预算"]]
    assert labels == [*expected, "其他（封面及未列入检查表的内容）"]
    by = {r["检查内容"]: r for r in rows}
    # every table found by its caption, with its lines
    for t in ("财务收支预算总表", "一般公共预算基本支出经济分类预算表", "“三公”经费和机关运行经费预算表"):
        assert by[t]["是否公开"] == "是" and by[t]["所在页"].startswith("第"), by[t]
    # the planted problems, each in its part and only there
    tpl = [f for f in data["files"][0]["findings"] if f["check"] == "TPL002"]
    assert len(tpl) == 1 and by["单位机构设置"]["符合要求"] == "否" and by["单位机构设置"]["检查项"] == "TPL002"
    assert f"第{tpl[0]['line']}行" in by["单位机构设置"]["存在问题"]
    assert by["收入预算总表"]["符合要求"] == "否" and "TBL001" in by["收入预算总表"]["检查项"]
    assert by["单位主要职能"]["符合要求"] == "是" and by["“三公”经费"]["符合要求"] == "是"
    # no 目录 and no 名词解释: not found, to be checked by hand, never a guessed 否
    assert by["名词解释"]["是否公开"] == "未找到" and by["名词解释"]["符合要求"] == "待核"
    assert by["目录"]["是否公开"] == "未找到"


def test_generated_budget_fixed_is_all_yes_and_summary_counts(tmp_path) -> None:
    good = tmp_path / "a-good.md"
    good.write_text(budget(placeholder=False, glossary=True).replace("档案馆\t100.00\t100.00", "档案馆\t120.00\t120.00"), encoding="utf-8")
    bad = tmp_path / "b-bad.md"
    bad.write_text(budget(), encoding="utf-8")
    wb, data = run(tmp_path, tmp_path)
    rows = consistent(wb["1-a-good"], data["files"][0])
    assert not data["files"][0]["findings"] or all(f["severity"] == "info" for f in data["files"][0]["findings"])
    assert {r["符合要求"] for r in rows[:-1]} == {"是", "待核"} and [r for r in rows if r["符合要求"] == "待核"] == [rows[0]]  # only the 目录
    consistent(wb["2-b-bad"], data["files"][1])
    summary = list(wb["汇总"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(summary) if r[0] == "文件")
    cols = summary[head]
    lines = {r[0]: dict(zip(cols, r, strict=False)) for r in summary[head + 1 :] if r[0]}
    assert lines[str(good)]["不符合要求的部分"] == 0 and lines[str(bad)]["不符合要求的部分"] == 2
    assert lines[str(bad)]["预算·收入预算总表"].startswith("否（") and lines[str(good)]["预算·收入预算总表"] == "是"
    assert lines[str(bad)]["错误"] == sum(1 for f in data["files"][1]["findings"] if f["severity"] == "error")


def test_final_accounts_case_and_same_bytes(tmp_path) -> None:
    wb, data = run(tmp_path, WATER)
    rows = consistent(wb.worksheets[1], data["files"][0])
    by = {r["检查内容"]: r for r in rows}
    assert len(rows) == len(checksheet.PARTS["决算"]) + 1
    assert by["收入支出决算总表"]["是否公开"] == "是" and by["目录"]["是否公开"] == "是"
    assert by["部门主要职能"]["是否公开"] == "未找到"
    first = (tmp_path / "sheet.xlsx").read_bytes()
    run(tmp_path, WATER)
    assert (tmp_path / "sheet.xlsx").read_bytes() == first  # same input, same bytes


def test_no_workbook_onto_a_terminal_and_bytes_through_a_pipe(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--no-cache", "--format", "xlsx", str(WATER)],
                          capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert proc.stdout.startswith(b"PK\x03\x04") and proc.returncode == 0


@pytest.mark.skipif(not REAL.is_dir(), reason="shared real PDFs not present")
def test_real_pdfs(tmp_path) -> None:
    pdfs = sorted(REAL.glob("*.pdf"))
    wb, data = run(tmp_path, *pdfs)
    assert len(wb.sheetnames) == len(pdfs) + 1
    files = {f["path"]: f for f in data["files"]}
    sheets = {}
    for ws, pdf in zip(wb.worksheets[1:], pdfs, strict=True):
        assert ws["B2"].value == str(pdf)
        sheets[pdf.name] = {r["检查内容"]: r for r in consistent(ws, files[str(pdf)])}
    # the six budgets: every required part found with its pages
    for name, rows in sheets.items():
        kind = "决算" if "final" in name else "预算"
        assert len(rows) == len(checksheet.PARTS[kind]) + 1, name
        for label, r in rows.items():
            if not label.startswith("其他（"):
                assert r["是否公开"] == "是" and r["所在页"].startswith("第") and r["所在页"].endswith("页"), (name, r)
    commerce = sheets["putuo-commerce-2025-dept-budget.pdf"]
    assert {r["符合要求"] for r in commerce.values() if not r["检查内容"].startswith("其他（")} == {"是"}
    assert commerce["“三公”经费和机关运行经费预算表"]["所在页"] == "第21-22页"
    wanli = sheets["putuo-wanli-street-2024-dept-budget.pdf"]
    assert wanli["部门预算编制说明"]["符合要求"] == "否" and "（第9页，RAT001）" in wanli["部门预算编制说明"]["存在问题"]
    assert wanli["“三公”经费和机关运行经费预算表"]["符合要求"] == "否" and "第31页，DIS005" in wanli["“三公”经费和机关运行经费预算表"]["存在问题"]
    template = sheets["national-final-accounts-template.pdf"]
    assert template["收入支出决算总表"]["符合要求"] == "是"  # its tables are empty, not wrong
    assert template["部门决算情况说明"]["符合要求"] == "否" and "TPL001" in template["部门决算情况说明"]["检查项"]


def test_unreadable_files_control_characters_and_other_kinds(tmp_path) -> None:
    empty = tmp_path / "a-empty.md"
    empty.write_bytes(b"")
    odd = tmp_path / "b-odd.md"
    odd.write_text("一、概况\n\n本局共有XX个处室\x1b[31m。\n", encoding="utf-8")  # an escape sequence in the text
    out = tmp_path / "sheet.xlsx"
    assert cli.main(["check", "--no-cache", "--format", "xlsx", "-o", str(out), str(tmp_path)]) == 2  # the empty file
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "1-a-empty", "2-b-odd"]
    assert wb["1-a-empty"]["A3"].value == "无法读取"
    rows = doc_rows(wb["2-b-odd"])
    # neither a 预算 nor a 决算: no required parts, its findings in the one row left
    assert [r["检查内容"] for r in rows] == ["其他（封面及未列入检查表的内容）"]
    assert "\\x1b" in rows[0]["存在问题"] and "TPL002" in rows[0]["检查项"] and rows[0]["符合要求"] == "否"


def test_the_contents_page_ends_where_the_body_begins() -> None:
    """On pages (a PDF): the 目录 is its own page (and next pages of entries only); a short
    title at the top of the next page is the body's, not a 目录 entry. Entries carry
    leaders and page numbers here, the titles in the body are worded otherwise."""
    from auditor import registry
    from auditor.engine import run_checks
    from auditor.reader import read_document
    from auditor.readers import Origin

    lines = ["某区体育局2025年部门预算", "", "目录", "", "一、部门主要职能……………………3", "", "二、部门机构设置……………………4", "",
             "某区体育局（部门）主要职能", "", "负责全区体育事业的规划和管理。", "", "某区体育局（部门）机构设置", "", "内设3个科室。", ""]
    pages = [1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]
    text = "\n".join(lines) + "\n"
    origins = {i: [(0, Origin(page=p))] for i, p in enumerate(pages) if lines[i]}
    from auditor.source import SourceText

    doc = read_document(text, "sport.pdf", origins)
    assert isinstance(doc.source, SourceText)
    result = run_checks(doc, [c() for c in registry.load().values()])
    sheet = checksheet.build(doc, result.findings)
    by = {r.label: r for r in sheet.rows}
    assert sheet.kind == "预算"
    assert by["目录"].pages and set(by["目录"].pages) == {2}
    assert by["部门主要职能"].found and by["部门主要职能"].where() == "第3页"
    assert by["部门机构设置"].found and by["部门机构设置"].where() == "第4页"
    assert not by["名词解释"].found and by["名词解释"].verdict() == "待核"


def test_a_word_report_names_paragraphs_and_cells(tmp_path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from officegen import Docx

    d = Docx()
    d.heading("某区水务局2024年度部门决算", level=1)
    d.heading("一、主要职能", level=2).para("负责全区水务管理。")
    d.heading("二、机构设置", level=2).para("本局内设XX个科室。")
    d.para("收入决算表").para("单位：万元")
    d.table([["项目", "金额"], ["一、基本支出", "90.00"], ["人员经费", "50.00"], ["公用经费", "30.00"]])
    path = tmp_path / "water.docx"
    d.save(path)
    wb, data = run(tmp_path, path)
    rows = {r["检查内容"]: r for r in consistent(wb.worksheets[1], data["files"][0])}
    assert rows["部门主要职能"]["所在页"].startswith("第") and rows["部门主要职能"]["所在页"].endswith("段")
    assert rows["收入决算表"]["是否公开"] == "是" and rows["收入决算表"]["所在页"] == "表1"
    assert rows["收入决算表"]["符合要求"] == "否" and "TBL001" in rows["收入决算表"]["检查项"]
    assert rows["部门决算单位构成（或机构设置）"]["符合要求"] == "否" and "第" in rows["部门决算单位构成（或机构设置）"]["存在问题"]
