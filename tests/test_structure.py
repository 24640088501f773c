"""Table structure read from the figures as well as the labels (issue 15): each shape's
consistent variant is silent with its sum relations verified, each planted variant has
exactly one finding; the identities of a disclosure are reported as held, failed or not
attempted; a finding carries how sure its reading is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text

TBL = Path(__file__).parent / "cases" / "TBL"

# consistent case file -> TBL001/TBL002 relations that must be verified
SHAPES = {
    "culture-projects-two-level.md": 4,  # three projects = their items, 合计 = the projects
    "culture-procurement-item-column.md": 4,
    "water-total-above-items.md": 7,  # 合计 above its rows, three columns, and the column totals
    "street-grand-total-first.md": 2,  # 合计 = 本级 + members, 小计 = the members below it
    "education-subtotals-after-items.md": 3,
    "health-code-stray-space.md": 4,  # 210 01 and full-width ２１００４ are codes
    "civil-affairs-serial-number-column.md": 2,  # 1 … 11 is no code hierarchy
    "finance-summary-two-panels.md": 4,
    "finance-summary-three-panels.md": 6,
    "social-security-short-codes.md": 4,  # 款 printed 01 and 05, a 项 printed 99: completed from the neighbours
    "public-security-of-which-numbered-list.md": 2,  # 其中：（1）… then （2）…: both listed under 其中
    "education-income-two-header-rows.md": 9,  # 事业收入 over 金额 | 其中：教育收费: 5 column sums, 4 row totals
    "finance-truncated-figures.md": 3,  # every total a cent or three above its parts: the document truncates
    "statistics-shares-adjusted-to-100.md": 4,  # 33.33 + 33.33 + 33.34 = 100
    "debt-limits-county-subtotal-indented.md": 6,  # 全州 = 州本级 + 县市合计, 县市合计 = the counties below it
    "debt-balance-lower-level-total-numbered.md": 6,  # 全市合计 above 一、市本级 and 二、所辖区县合计 over its districts
    "debt-cities-own-districts-first.md": 6,  # each city = its 本级 and districts, its counties listed after them
    "debt-service-second-block-of-which.md": 14,  # second 合计 block: （二） after 其中 rows stays under 一、; 8 sums, 6 其中
    # 体育中心 over 场馆运行 over its venues, no code, indent or numbering: the levels from the figures
    "sports-nested-levels-no-codes.md": 12,
    # “三公”经费合计 heading a row of names; 会议费 and 培训费 beside the three items are no parts of it
    "forestry-three-public-with-meeting-and-training.md": 2,
}


def _tbl(result):
    return [v for v in result.verified if v.check in ("TBL001", "TBL002", "TBL003", "TBL006")]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_consistent_shape_is_verified(name: str) -> None:
    result = check_text((TBL / name).read_text(encoding="utf-8"))
    assert not [f for f in result.findings if f.check.startswith("TBL") and f.severity.value != "info"]
    assert len(_tbl(result)) == SHAPES[name]


@pytest.mark.parametrize("name", sorted(n for n in SHAPES if (TBL / n.replace(".md", "-broken.md")).exists()))
def test_planted_error_reported_once(name: str) -> None:
    broken = TBL / name.replace(".md", "-broken.md")
    text = broken.read_text(encoding="utf-8")
    result = check_text(text)
    found = [f for f in result.findings if f.check.startswith("TBL") and f.severity.value != "info"]
    noted = [no for no, line in enumerate(text.splitlines(), 1) if "<!-- note: TBL" in line]
    if noted:
        # a region's government budget: row sums without codes are notes until its tables are
        # read reliably, so the planted error is reported once, as a note on its line
        assert not found
        notes = [f for f in result.findings if f.check == "TBL001" and f.span.line in noted]
        assert len(notes) == 1 and notes[0].severity.value == "info" and notes[0].reading == "unconfirmed"
        return
    assert len(found) == 1
    assert found[0].reading == "confirmed"


def test_leading_parts_convention_does_not_report_a_row_it_cannot_read() -> None:
    """In a table whose rows equal their first parts (a city = 本级 + districts, its counties
    listed after them), a row that holds under neither reading is a note, not an error."""
    text = (TBL / "debt-cities-own-districts-first.md").read_text(encoding="utf-8")
    planted = text.replace("　　城西区\t22.20\t15.20\t7.00", "　　城西区\t22.20\t16.20\t7.00")
    assert planted != text
    result = check_text(planted)
    tbl = [f for f in result.findings if f.check == "TBL001"]
    assert not [f for f in tbl if f.severity.value != "info"]
    assert any("东州市」的一般债务" in f.message.zh and "结构未能识别" in f.message.zh for f in tbl)


_SPILL = """单位：万元

项目	本年预算数	上年预算数
1、人员经费和公用经费支出	226.40	210.00
（1）工资福利支出	180.20	170.00
（2）商品和服务支出	40.00	35.00
（3）对个人和家庭的补助	6.20	5.00
2、专项业务经费支出	73.60	60.00
本年支出合计	300.00	270.00
"""


def test_figure_behind_a_spilled_label_tail_is_not_understood() -> None:
    """Value cells holding the tail of the label before them and the figure (出 226.40 on a
    group row, 助 6.20 on one of its parts: labels run past their ruling, as in a 收支总表's
    panels): the total over that group is summed from the parts that were read and misses
    one, so that column's sums are a note, never an error; the other column of the same
    table is still checked and its planted error reported once."""
    clean = check_text(_SPILL)
    assert not [f for f in clean.findings if f.check == "TBL001"]
    assert len([v for v in clean.verified if v.check == "TBL001"]) == 4
    spilled = (_SPILL.replace("1、人员经费和公用经费支出\t226.40", "1、人员经费和公用经费支\t出 226.40")
               .replace("（3）对个人和家庭的补助\t6.20", "（3）对个人和家庭的补\t助 6.20")
               .replace("2、专项业务经费支出\t73.60\t60.00", "2、专项业务经费支出\t73.60\t61.00"))
    assert spilled.count("\t出 ") == 1 and spilled.count("\t助 ") == 1 and "61.00" in spilled
    result = check_text(spilled)
    tbl = [f for f in result.findings if f.check == "TBL001"]
    errors = [f for f in tbl if f.severity.value != "info"]
    assert [("上年预算数" in f.message.zh) for f in errors] == [True]  # the planted 61.00 in the clean column
    assert any("本年预算数" in f.message.zh and "结构未能识别" in f.message.zh for f in tbl)


def test_all_relations_failing_is_structure_not_understood() -> None:
    """A table none of whose relations hold (columns read out of line) says so as info."""
    text = "单位：万元\n\n项目\t预算数\n一、基本支出\t50.00\n人员经费\t1.00\n公用经费\t2.00\n二、项目支出\t70.00\n办公设备\t3.00\n合计\t4.00\n"
    result = check_text(text)
    tbl = [f for f in result.findings if f.check == "TBL001"]
    assert tbl and all(f.severity.value == "info" for f in tbl)
    assert "结构未能识别" in tbl[0].message.zh


def test_identities_reported_per_document() -> None:
    result = check_text((TBL / "finance-summary-three-panels.md").read_text(encoding="utf-8"))
    by = {(a.check, a.identity.zh): a for a in result.identities}
    dis001 = next(a for (c, _), a in by.items() if c == "DIS001")
    assert dis001.status == "held" and dis001.held == 2  # one balance a 支出 panel
    basic = next(a for (c, z), a in by.items() if c == "DIS003" and "人员经费" in z)
    assert basic.status == "not-attempted" and basic.reason is not None and "未见" in basic.reason.zh


def test_three_panel_economic_total_differs() -> None:
    text = (Path(__file__).parent / "cases" / "DIS" / "finance-three-panels-economic-total-differs.md").read_text(encoding="utf-8")
    result = check_text(text)
    assert [f.check for f in result.findings if f.check == "DIS001"] == ["DIS001"]
    assert next(a for a in result.identities if a.check == "DIS001").status == "failed"


def test_no_identities_outside_disclosures(foshan_text: str) -> None:
    assert check_text(foshan_text).identities == []


def test_json_carries_reading_and_identities() -> None:
    from auditor.outputs.render import json_out

    result = check_text((TBL / "water-total-above-items-broken.md").read_text(encoding="utf-8"))
    out = json_out.to_dict([result], "zh")
    finding = next(f for f in out["files"][0]["findings"] if f["check"] == "TBL001")
    assert finding["reading"] == "confirmed"
    assert "identities" in out["files"][0]


def test_conventions_are_notes_with_their_reason() -> None:
    truncated = check_text((TBL / "finance-truncated-figures.md").read_text(encoding="utf-8"))
    notes = [f for f in truncated.findings if f.check == "TBL001"]
    assert len(notes) == 3 and all(f.severity.value == "info" and "截位" in f.message.zh for f in notes)
    shares = check_text((TBL / "statistics-shares-adjusted-to-100.md").read_text(encoding="utf-8"))
    notes = [f for f in shares.findings if f.check == "TBL006"]
    assert len(notes) == 1 and notes[0].severity.value == "info" and "100" in notes[0].message.zh


def test_one_truncation_gap_is_no_convention() -> None:
    """A single total a few cents above its parts does not make a document a truncating one."""
    text = "单位：万元\n\n项目\t预算数\n甲\t10.00\n乙\t20.00\n丙\t30.00\n丁\t40.00\n合计\t100.03\n\n说明\n\n项目\t预算数\n戊\t5.00\n己\t6.00\n合计\t11.00\n"
    result = check_text(text)
    assert [f.severity.value for f in result.findings if f.check == "TBL001"] == ["error"]


def test_sample_summary_identities_all_held(putuo_text: str) -> None:
    """The hand-audited budget: both summary tables balance, and the 一般公共预算 income of
    the 财政拨款 summary equals its expenditure total (three DIS001 relations)."""
    result = check_text(putuo_text)
    assert sum(1 for v in result.verified if v.check == "DIS001") == 3
    assert {a.status for a in result.identities} == {"held"}


def test_coverage_words_keep_tables_apart() -> None:
    """A 市本级 table and a 全市 table list the same items for different entities."""
    base = "单位：万元\n\n科目编码\t科目名称\t合计\n{code}\t国有企业资本金注入\t{v}\n合计\t\t{v}\n"
    text = "2025年市本级国有资本经营预算支出表\n\n" + base.format(code="22301", v="100.00") + "\n2025年全市国有资本经营预算支出表\n\n" + base.format(code="22301", v="300.00")
    result = check_text(text)
    assert not [f for f in result.findings if f.check == "DIS002"]


def test_identities_from_column_headers_of_any_layout() -> None:
    """支出合计 = 基本支出 + 项目支出 with the total as 当年预算/小计 over two header rows and a
    总计 row, and 基本支出 = 人员经费 + 公用经费 with the columns named 人员支出 and 日常公用支出:
    both attempted and held; a planted 项目支出 total fails the split, reported once."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "water-budget-identities-by-column-headers.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    status = {a.identity.zh: a.status for a in good.identities if a.check == "DIS003"}
    assert status["基本支出 = 人员经费 + 公用经费"] == "held" and status["支出合计 = 基本支出 + 项目支出"] == "held"
    said = [v.message.zh for v in good.verified if v.check == "DIS003"]
    assert any("410.00 = 人员经费、公用经费 330.00 + 80.00" in m for m in said)
    assert any("660.00 = 基本支出、项目支出、经营支出 410.00 + 250.00 + 0.00" in m for m in said)
    bad = check_text((dis / "water-budget-identities-by-column-headers-broken.md").read_text(encoding="utf-8"))
    found = [f for f in bad.findings if f.severity.value != "info"]
    assert [f.check for f in found] == ["TBL002"] and "650.00" in found[0].message.zh
    assert {a.identity.zh: a.status for a in bad.identities if a.check == "DIS003"}["支出合计 = 基本支出 + 项目支出"] == "failed"


def test_basic_expenditure_from_economic_classes() -> None:
    """A 基本支出表 that lists classes only ([301]工资福利支出 …): 人员经费 = 301 + 303 and
    公用经费 = the other classes, against the 基本支出 total of the 一般公共预算支出表; a
    class raised with its table's total is one difference between the tables, told once."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "archives-basic-expenditure-by-class.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    basic = next(a for a in good.identities if a.check == "DIS003" and "人员经费" in a.identity.zh)
    assert basic.status == "held"
    assert any("560.00 = 401.20 + 52.50（人员经费） + 96.30 + 10.00（公用经费）" in v.message.zh for v in good.verified if v.check == "DIS003")
    bad = check_text((dis / "archives-basic-expenditure-by-class-broken.md").read_text(encoding="utf-8"))
    assert [f.check for f in bad.findings if f.severity.value != "info"] == ["DIS002"]
    assert next(a for a in bad.identities if a.check == "DIS003" and "人员经费" in a.identity.zh).status == "failed"


def test_split_with_staff_public_and_special_columns_under_a_colon_total() -> None:
    """合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出 on a 总计： row of a table of no
    standard name (…支出明细表): 支出合计 = 基本支出 (its two parts) + 项目支出 attempted and held;
    a planted item row is reported once."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "culture-budget-special-funds-columns.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    assert {a.identity.zh: a.status for a in good.identities if a.check == "DIS003"}["支出合计 = 基本支出 + 项目支出"] == "held"
    assert any("500.00 = 人员经费、公用经费、项目支出 200.00 + 50.00 + 250.00" in v.message.zh for v in good.verified if v.check == "DIS003")
    bad = check_text((dis / "culture-budget-special-funds-columns-broken.md").read_text(encoding="utf-8"))
    assert [f.check for f in bad.findings if f.severity.value != "info"] == ["TBL002"]


def test_three_public_per_fund_columns() -> None:
    """A 三公 table with each item once per fund (合计/一般公共预算, 因公出国（境）费/政府性基金,
    公务用车购置及运行费/小计/…) and a row per unit: 三公 = its three items on every row and
    fund; a planted 公务接待费 is reported once, by DIS003."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "port-three-public-fund-columns.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    tp = next(a for a in good.identities if a.check == "DIS003" and "三公" in a.identity.zh)
    assert tp.status == "held" and tp.held == 3
    bad = check_text((dis / "port-three-public-fund-columns-broken.md").read_text(encoding="utf-8"))
    found = [f for f in bad.findings if f.severity.value != "info"]
    assert [f.check for f in found] == ["DIS003"] and "37.40" in found[0].message.zh


def test_basic_expenditure_panels_with_their_totals_on_the_last_row() -> None:
    """The national 基本支出决算表: 人员经费 | 公用经费 panels side by side, 人员经费合计 and
    公用经费合计 on the last row with the latter's figure in the last panel: 基本支出 =
    人员经费 + 公用经费 against the 一般公共预算 table; a planted 基本支出 total reported once."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "statistics-final-basic-panels-totals.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    assert any("520.00 = 人员经费 + 公用经费 445.00 + 75.00" in v.message.zh for v in good.verified if v.check == "DIS003")
    bad = check_text((dis / "statistics-final-basic-panels-totals-broken.md").read_text(encoding="utf-8"))
    assert [f.check for f in bad.findings if f.severity.value != "info"] == ["DIS003"]


def test_rows_equal_to_each_other_are_no_nesting() -> None:
    """Twelve rows of 10.00 under a 合计 of 30.00: chains of rows equal to the row above
    would make the total hold, but a group of one part proves nothing: the rows stay one
    level and the total is not verified (120.00 as read)."""
    text = "单位：万元\n\n项目\t金额\n" + "".join(f"项目{k}\t10.00\n" for k in range(12)) + "合计\t30.00\n"
    result = check_text(text)
    found = [f for f in result.findings if f.check == "TBL001"]
    assert len(found) == 1 and "120.00" in found[0].message.zh
    assert not [v for v in result.verified if v.check == "TBL001"]


def test_basic_expenditure_classes_under_the_unit_line() -> None:
    """A 基本支出总表 with no 合计 row: the unit's line heads flat rows, the classes known by
    their names (工资福利支出 …) among their items; 基本支出 = 人员经费 + 公用经费 on the 总计
    column; a class raised with its item (the unit's line kept) is reported once."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / "harbour-basic-expenditure-unit-line.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    assert any("300.00 = 210.00 + 30.00（人员经费） + 60.00（公用经费）" in v.message.zh for v in good.verified if v.check == "DIS003")
    bad = check_text((dis / "harbour-basic-expenditure-unit-line-broken.md").read_text(encoding="utf-8"))
    found = [f for f in bad.findings if f.severity.value != "info"]
    assert [f.check for f in found] == ["DIS003"] and "310.00" in found[0].message.zh


def test_identities_not_attempted_when_the_tables_are_an_attachment() -> None:
    """A report of words whose tables are published as an attachment says why each
    identity was not attempted: the tables are not in this file."""
    text = ("# 某市园林局2026年度部门预算信息公开\n\n目录\n\n一、收支总表\n\n二、一般公共预算基本支出表\n\n"
            "第一部分 部门预算情况说明\n\n2026年收入预算1,200.00万元，支出预算1,200.00万元。\n\n"
            "第二部分 部门预算报表\n\n附件：某市园林局2026年度部门预算报表\n")
    result = check_text(text)
    reasons = {a.identity.zh: a.reason.zh for a in result.identities if a.status == "not-attempted" and a.reason}
    assert reasons["收入总计 = 支出总计（收支总表）"] == "所需的标准表不在本文件中（报表见附件）"
    assert reasons["基本支出 = 人员经费 + 公用经费"] == "所需的标准表不在本文件中（报表见附件）"
    plain = check_text(text.replace("附件：某市园林局2026年度部门预算报表", "本部门报表从略。"))
    assert {a.reason.zh for a in plain.identities if a.check == "DIS001"} == {"报告中未见所需的标准表"}


def test_indicator_value_columns_do_not_add_up() -> None:
    """A performance-target table's 本年绩效指标值 holds targets of many units (≥ 480 个, ＝ 6 篇,
    95 %): the column is not additive, while the amount column beside it is."""
    from auditor.document.reader import read_document

    path = TBL / "statistics-project-targets-indicator-values.md"
    doc = read_document(path.read_text(encoding="utf-8"), str(path))
    cols = {c.header: c.additive for c in doc.tables[0].columns}
    assert cols.get("本年绩效指标值") is False
    assert cols.get("项目总额") is True


def test_a_group_cut_short_by_an_unindented_row_is_not_judged() -> None:
    """An indented group interrupted by a row printed flush (a project code): the group and
    the table's 合计 both fail under that reading with different gaps, so the rows are grouped
    wrong and neither is an error; a group that holds is still verified."""
    result = check_text((TBL / "data-bureau-group-cut-by-unindented-row.md").read_text(encoding="utf-8"))
    tbl = [f for f in result.findings if f.check == "TBL001"]
    assert tbl and not [f for f in tbl if f.severity.value != "info"]
    assert any("数字政府运营中心」的总计" in f.message.zh and "结构未能识别" in f.message.zh for f in tbl)
    assert any("数据局」的总计 300.00" in v.message.zh for v in result.verified if v.check == "TBL001")


def test_figures_run_together_are_no_amount() -> None:
    """A cell whose figures the reader ran together (4571008 and 1806884 … as one number of
    twenty digits) holds no amount: no sum is built on it, and the rest of the table still is."""
    text = "单位：万元\n\n项目\t调整预算\t执行数\n合计\t45710081806884751696\t300\n一般公共服务支出\t100\t120\n教育支出\t200\t180\n"
    result = check_text(text)
    assert not [f for f in result.findings if f.check.startswith("TBL")]
    assert any("300 = 120 + 180" in v.message.zh for v in result.verified if v.check == "TBL001")


def test_department_identities_in_a_government_budget_say_why() -> None:
    """A region's government budget holds a 一般公共预算基本支出表 by the government's economic
    classes (机关工资福利支出 …), with no
    人员经费 / 公用经费 columns: the department identity is not attempted because a
    government's tables do not split them, not because the table was misread; the same
    table in a department's report is 'structure not understood'. Its own sum is checked."""
    table = ("2026年市本级一般公共预算基本支出预算表\n\n单位：万元\n\n项目\t预算数\n"
             "机关工资福利支出\t300.00\n机关商品和服务支出\t120.00\n对事业单位经常性补助\t80.00\n合计\t500.00\n")
    gov = check_text("# 关于某市2025年预算执行情况和2026年预算草案的报告\n\n" + table)
    dept = check_text("# 某市园林局2026年度部门预算\n\n" + table)
    for result in (gov, dept):
        assert [v for v in result.verified if v.check == "TBL001"], "the table's own sum is checked"
        assert not [f for f in result.findings if f.severity.value != "info"]
    gov_why, dept_why = (next(a.reason.zh for a in r.identities if a.check == "DIS003" and "人员经费" in a.identity.zh) for r in (gov, dept))
    assert gov_why == "地区（政府）预算的表不按部门口径分列基本支出、人员经费与公用经费"
    assert dept_why == "表中未找到基本支出、人员经费与公用经费：表格结构未能识别"


def _silent_and_broken(stem: str) -> tuple:
    """A DIS case file and its ``-broken`` variant, checked; the first has no error or warning."""
    dis = Path(__file__).parent / "cases" / "DIS"
    good = check_text((dis / f"{stem}.md").read_text(encoding="utf-8"))
    assert not [f for f in good.findings if f.severity.value != "info"]
    bad = check_text((dis / f"{stem}-broken.md").read_text(encoding="utf-8"))
    return good, bad, [f for f in bad.findings if f.severity.value != "info"]


def _status(result, check: str) -> dict[str, str]:
    return {a.identity.zh: a.status for a in result.identities if a.check == check}


def test_split_over_one_line_of_figures_with_a_column_the_identity_does_not_name() -> None:
    """A 部门支出预算总表 that is one line of figures under 合计 | 基本支出 | 项目支出 |
    单位预留机动经费 | 结转下年资金: the line is the table's total, and 支出合计 = 基本支出 + 项目支出
    is held with the reserve column counted in; a planted reserve figure is the row sum's
    error (TBL002), reported once, and the split is then not claimed to hold."""
    good, bad, found = _silent_and_broken("court-expenditure-one-line-with-reserve-column")
    assert _status(good, "DIS003")["支出合计 = 基本支出 + 项目支出"] == "held"
    assert any("9,416.50 = 基本支出、项目支出、单位预留机动经费 6,102.35 + 3,250.00 + 64.15" in v.message.zh for v in good.verified if v.check == "DIS003")
    assert [f.check for f in found] == ["TBL002"] and "9,398.50" in found[0].message.zh
    assert _status(bad, "DIS003")["支出合计 = 基本支出 + 项目支出"] != "held"


def test_same_fact_across_tables_of_a_volume_that_names_no_year() -> None:
    """A volume of tables (预算05表 …, 预算06表 …) that names no year anywhere: its tables are
    of one year, unknown but the same, so the 基本支出 total of the function table and of the
    basic table are one fact — compared and held; a planted 商品和服务支出 (the basic table
    consistent in itself) is the one difference, reported once by DIS002."""
    good, _bad, found = _silent_and_broken("forestry-table-volume-without-a-year")
    assert _status(good, "DIS002")["同一事实在各标准表中一致（资金栏与资金表等）"] == "held"
    assert any("902.75 在 「预算05表 一般公共预算支出表」、「预算06表 一般公共预算基本支出表」 中一致" in v.message.zh for v in good.verified if v.check == "DIS002")
    assert [f.check for f in found] == ["DIS002"] and "884.75" in found[0].message.zh and "902.75" in found[0].message.zh
    # the facts' period is said to be unstated, not shown as an unknown "?"
    said = [v.message for v in good.verified if v.check == "DIS002"]
    assert said and all("·年度未注明·" in m.zh and "·year not stated·" in m.en for m in said)
