"""The 预算/决算 disclosure identities (DIS) and the fact layer they read.

The consistent table sets of tests/cases/DIS are silent (test_cases checks that) while
each identity is verified on them; the facts carry the dimensions the identities need."""

from __future__ import annotations

from pathlib import Path

from conftest import check_text

from auditor import facts
from auditor.document.reader import read_document
from auditor.knowledge import disclosure

CASES = Path(__file__).parent / "cases" / "DIS"


def _verified(name: str) -> dict[str, int]:
    result = check_text((CASES / name).read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    for v in result.verified:
        out[v.check] = out.get(v.check, 0) + 1
    assert not [f for f in result.findings if f.severity.value in ("error", "warning")], result.findings
    return out


def test_final_accounts_set_verifies_every_identity() -> None:
    got = _verified("water-final-accounts-consistent.md")
    for code in ("DIS001", "DIS002", "DIS003", "DIS004", "DIS005", "DIS006"):
        assert got.get(code, 0) >= 1, (code, got)
    assert got["DIS001"] == 2  # both 总表
    assert got["DIS006"] == 9  # every table of the contents is present
    assert got["DIS004"] >= 4  # the two 总表 and the fund table's rows


def test_real_budget_verifies_its_identities(putuo_text: str) -> None:
    result = check_text(putuo_text)
    codes = {v.check for v in result.verified}
    assert {"DIS001", "DIS002", "DIS003", "DIS005", "DIS006"} <= codes
    assert not [f for f in result.findings if f.check.startswith("DIS")]


def test_captions_of_other_years_and_provinces() -> None:
    cases = {
        "2025年部门财务收支预算总表": "budget.summary",
        "表1 部门收支总体情况表": "budget.summary",
        "2023年度部门收入预算总表": "budget.income",
        "部门支出总体情况表（预算）": "budget.expenditure",
        "财政拨款收支总体情况表": "budget.fiscal-summary",
        "一般公共预算支出情况表": "budget.gpb-function",
        "一般公共预算基本支出情况表": "budget.gpb-basic",
        "2025年部门“三公”经费和机关运行经费预算表": "budget.three-public",
        "收入支出决算总表": "final.summary",
        "收入决算表": "final.income",
        "支出决算表": "final.expenditure",
        "财政拨款收入支出决算总表": "final.fiscal-summary",
        "一般公共预算财政拨款支出决算表": "final.gpb",
        "一般公共预算财政拨款基本支出决算表": "final.gpb-basic",
        "财政拨款“三公”经费支出决算表": "final.three-public",
        "政府性基金预算财政拨款收入支出决算表": "final.gf",
        "国有资本经营预算财政拨款收入支出决算表": "final.soe",
    }
    for caption, key in cases.items():
        std = disclosure.identify(caption)
        assert std is not None and std.key == key, (caption, std)
    # tables of other provinces' sets that are none of the nine: never taken for one of them
    for other in ("财政拨款支出决算明细表", "一般公共预算财政拨款支出决算明细表", "一般公共预算财政拨款项目支出决算表",
                  "项目绩效目标表", "2024年度重点工作完成情况", "收入", ""):
        assert disclosure.identify(other) is None


def test_a_fact_has_its_dimensions() -> None:
    doc = read_document((CASES / "water-final-accounts-consistent.md").read_text(encoding="utf-8"), "x")
    base = facts.facts(doc)
    fiscal = [f for f in base.table_facts if f.standard is not None and f.standard.key == "final.fiscal-summary"]
    gpb_213 = [f for f in fiscal if f.item == "213" and f.fund == "一般公共预算"]
    assert len(gpb_213) == 1
    f = gpb_213[0]
    assert (f.measure, f.period, f.flow, f.role, f.part) == ("决算", 2023, "支出", "level", None)
    assert f.q.raw == "1,256.80"
    # the fund lines under 年初财政拨款结转和结余 are its breakdown, not income
    carry = [f for f in fiscal if f.item == "年初财政拨款结转和结余"]
    assert {f.fund for f in carry} == {"财政拨款", "一般公共预算", "政府性基金"}
    # prose: a change is never a level, and a list's measures go to the nearest cue word
    prose = {f.q.raw: f for f in base.prose_facts}
    assert prose["12.40万元"].role == "change"
    assert prose["990.00万元"].measure in ("调整预算", "决算")
    assert prose["0万元"].measure == "年初预算"
    assert prose["0万元"].item == "2130306"


def test_unknown_never_matches_known() -> None:
    doc = read_document((CASES / "water-final-accounts-consistent.md").read_text(encoding="utf-8"), "x")
    base = facts.facts(doc)
    a = base.table_facts[0]
    b = facts.Fact(q=a.q, item=a.item, measure=a.measure, period=a.period, fund=None, role=a.role, where="prose", part=a.part, flow=a.flow)
    assert facts.same_fact(a, a)
    assert not facts.same_fact(b, a) and not facts.same_fact(a, b)


def test_department_and_unit_tables_are_different_facts() -> None:
    """The unit's own 支出预算总表 lists 207 with another amount than the department's: not
    the same fact (coverage differs), so nothing is reported, while the department's two
    tables are held to each other."""
    text = (CASES / "culture-department-and-unit-tables.md").read_text(encoding="utf-8")
    base = facts.facts(read_document(text, "x"))
    by_coverage = {f.coverage for f in base.table_facts if f.item == "207"}
    assert by_coverage == {"部门", "单位"}
    got = _verified("culture-department-and-unit-tables.md")
    assert got.get("DIS002", 0) == 2


def test_captions_with_the_kind_in_their_number_or_without_a_kind() -> None:
    """收入总表(预算表2): the kind stands in the table's number only; 财政拨款“三公”经费支出表:
    a budget's table named without 预算. Not taken: a 绩效目标表 that says 项目支出, a 基本支出总表
    for the 支出总表, a 项目支出总表 of no kind (its own scope)."""
    cases = {
        "收入总表(预算表2)": "budget.income",
        "支出总表（预算表3）": "budget.expenditure",
        "项目支出表(预算表9)": "budget.projects",
        "财政拨款“三公”经费支出表": "budget.three-public",
        "收入总表": "budget.income",
        "2025年收入决算表（公开02表）": "final.income",
    }
    for caption, key in cases.items():
        std = disclosure.identify(caption)
        assert std is not None and std.key == key, (caption, std)
    for other in ("长春市信访局2026年项目支出绩效目标表预算表（预算表11）", "基本支出总表", "项目支出总表"):
        assert disclosure.identify(other) is None, other


def test_caption_broken_over_two_lines_is_one_caption() -> None:
    """A caption the page broke over two lines: after a word that cannot end a title (、),
    a qualifier on its own line, or a year's title whose next line ends with 表. A heading
    or a sentence above a caption is not joined to it."""
    from auditor.document.reader import read_document

    table = "\n\n单位：万元\n\n项目\t金额\n甲\t1.00\n合计\t1.00\n"
    cases = {
        "2024年部门一般公共预算拨款“三公”经费、\n\n会议费、培训费表（不含上年结转）": "2024年部门一般公共预算拨款“三公”经费、会议费、培训费表（不含上年结转）",
        "2024年部门一般公共预算支出明细表\n\n（按经济分类科目分）": "2024年部门一般公共预算支出明细表（按经济分类科目分）",
        "2024年部门政府采购（资产配置、购买服务）\n\n预算表（不含上年结转）": "2024年部门政府采购（资产配置、购买服务）预算表（不含上年结转）",
        "（三）政府采购情况\n\n政府采购预算表": "政府采购预算表",
        "本年度无变化。\n\n政府采购预算表": "政府采购预算表",
    }
    for head, caption in cases.items():
        doc = read_document(head + table)
        assert [t.caption for t in doc.tables] == [caption], head
    three = read_document("2024年部门一般公共预算拨款“三公”经费、\n\n会议费、培训费表" + table).tables[0]
    assert disclosure.identify(three.caption).key == "budget.three-public"
    assert disclosure.identify("2022年专项资金总体支出绩效目标表") is None
