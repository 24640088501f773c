"""The relation families (REL, GAP, EVA, and DIS004's prose forms): every consistent case
file of theirs is silent *and* shows its relations verified, so a silent case cannot pass
by reading nothing; every failing case names a second place (a related span) where the
relation has one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, expectations

CASES = Path(__file__).parent / "cases"
FAMILIES = ("REL", "EVA")
CONSISTENT = sorted(p for f in FAMILIES for p in (CASES / f).glob("*.md") if not expectations(p.read_text(encoding="utf-8")))
FAILING = sorted(p for f in FAMILIES for p in (CASES / f).glob("*.md") if expectations(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", CONSISTENT, ids=[p.stem for p in CONSISTENT])
def test_consistent_case_verifies_its_relations(case: Path) -> None:
    family = case.parent.name
    result = check_text(case.read_text(encoding="utf-8"), [family])
    assert not [f for f in result.findings if f.severity.value in ("error", "warning")]
    codes = {v.check for v in result.verified}
    # each check that the failing twin of this file exercises has verified something here
    twin = case.with_name(case.name.replace("-consistent", "")) if "-consistent" in case.name else None
    if twin is not None and twin.exists():
        wanted = {code for code, _line in expectations(twin.read_text(encoding="utf-8"), family)}
        assert wanted <= codes, (wanted - codes)
    assert codes, "a consistent case must show its relations verified"


@pytest.mark.parametrize("case", FAILING, ids=[p.stem for p in FAILING])
def test_failing_case_names_both_places(case: Path) -> None:
    family = case.parent.name
    result = check_text(case.read_text(encoding="utf-8"), [family])
    found = [f for f in result.findings if f.check.startswith(family) and f.severity.value in ("error", "warning")]
    assert found
    for f in found:
        assert f.related, f"{f.check} at line {f.span.line} names no second place"
        assert f.hint is not None


def test_dis004_reads_the_short_prose_form() -> None:
    text = (CASES / "DIS" / "parks-final-prose-carry-over-short-words.md").read_text(encoding="utf-8")
    result = check_text(text, ["DIS004"])
    assert [f.span.line for f in result.findings] == [5]
    assert any("104.80" in v.message.zh for v in result.verified)


# -- the 绩效自评 form in Word and Excel: the same checks on the same layout ------------

FORM = [
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", 300.0, 250.0, 230.0, 10, 0.95, 9.2, ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "维修公厕座数", "≥40座", "36座", 30, 27, ""],
    ["", "效益指标", "社会效益指标", "公厕开放率", "≥98%", "99%", 30, 30, ""],
    ["", "满意度指标", "服务对象满意度", "市民满意度", "≥90%", "92%", 30, 30, ""],
    ["总分", "", "", "", "", "", 100, 96.2, ""],
]


def _run(data: bytes, name: str):
    from auditor.checking import registry
    from auditor.checking.engine import check_text as run_text
    from auditor.document.readers import read_bytes

    extracted = read_bytes(data, name)
    classes, _ = registry.select(["EVA"], None)
    return run_text(extracted.text, name, [c() for c in classes], extracted.origins)


def _expect_form_findings(result) -> None:
    codes = sorted((f.check, f.severity.value) for f in result.findings)
    # 95% is not 230 ÷ 250 = 92%; 36 of ≥40 lost points and gives no reason
    assert codes == [("EVA001", "error"), ("EVA004", "warning")], [f.message.zh for f in result.findings]
    assert any(v.check == "EVA003" for v in result.verified)  # 96.2 = 9.2 + 27 + 30 + 30


def test_selfeval_form_in_excel() -> None:
    import openpyxl
    from officegen import xlsx_bytes

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.append(["区环卫所2024年度项目支出绩效自评表"])
    for row in FORM:
        ws.append(row)
    ws["G3"].number_format = "0.00%"
    ws["C3"].number_format = ws["D3"].number_format = ws["E3"].number_format = "0.00"
    ws["H3"].number_format = "0.00"
    ws["H8"].number_format = "0.0"
    _expect_form_findings(_run(xlsx_bytes(wb), "form.xlsx"))


def test_selfeval_form_in_word() -> None:
    from officegen import Docx

    def text(v):
        if isinstance(v, float):
            return f"{v * 100:.2f}%" if v < 1 else f"{v:.2f}"
        return str(v)

    rows = [[text(v) for v in row] for row in FORM]
    rows[-1][7] = "96.2"
    data = Docx().para("区环卫所2024年度项目支出绩效自评表").table(rows).to_bytes()
    _expect_form_findings(_run(data, "form.docx"))


def test_totals_of_a_regions_budget_that_differ_are_a_note() -> None:
    """In a region's budget the totals told in prose are of several kinds (a year's, five
    years'), so two that differ are a note; left over after the totals (略有结余), not even that;
    equal ones are verified."""
    from pathlib import Path

    from conftest import check_text

    text = (Path(__file__).parent / "cases" / "REL" / "finance-totals-with-balance-left.md").read_text(encoding="utf-8")
    result = check_text(text, select=["REL001"])
    assert [(f.severity.value, f.reading, f.span.line) for f in result.findings] == [("info", "inferred", 7)]
    assert any(v.check == "REL001" and "19,273" in v.message.zh for v in result.verified)
