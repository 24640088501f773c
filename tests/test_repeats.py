"""REP001 beyond the case files: a label repeated in other surroundings is at most info."""

from __future__ import annotations

from conftest import check_text

SUMMARY_AND_DETAIL = """# 区民政局2023年度工作总结

## 一、总体情况

2023年，我局围绕民生保障重点，发放临时救助资金 356.2 万元。全年工作平稳有序。

## 二、主要成效

加强社会救助体系建设。全年发放临时救助资金 365.2 万元，困难群众基本生活得到保障。
"""


def _rep(text: str):
    return [f for f in check_text(text, select=["REP"]).findings]


def test_same_label_in_other_surroundings_with_another_value_is_info() -> None:
    found = _rep(SUMMARY_AND_DETAIL)
    assert [(f.severity.value, f.span.line) for f in found] == [("info", 9)]
    assert "365.2" in found[0].message.zh and "356.2" in found[0].message.zh
    assert found[0].related[0].span.line == 5


def test_same_value_in_other_surroundings_says_nothing() -> None:
    assert _rep(SUMMARY_AND_DETAIL.replace("365.2", "356.2")) == []


def test_another_year_is_another_statistic() -> None:
    text = SUMMARY_AND_DETAIL.replace("全年发放临时救助资金 365.2", "2022年发放临时救助资金 365.2")
    assert _rep(text) == []


def test_one_label_per_unit_is_a_template_not_a_statistic() -> None:
    text = """# 县教育局所属单位情况

（一）第一中学：本年度组织教师培训 120 人次，完成校舍维修。

（二）第二中学：认真落实安全责任，组织教师培训 95 人次。

（三）实验小学：加强课后服务，组织教师培训 60 人次。
"""
    assert _rep(text) == []


def test_a_regions_budget_repeats_its_items_for_levels_and_years_so_a_difference_is_a_note() -> None:
    """A region's government budget tells each line item for 全市 and 市本级 and for two years
    in like words: a 全市 figure told twice with two values is reported, but as a note whose
    reading is not confirmed; the places that agree are verified."""
    from pathlib import Path

    text = (Path(__file__).parent / "cases" / "REP" / "finance-city-and-own-level.md").read_text(encoding="utf-8")
    result = check_text(text, select=["REP"])
    differs = [f for f in result.findings if "125860" in f.message.zh]
    assert [(f.severity.value, f.reading) for f in differs] == [("info", "inferred")]
    assert any("77841" in v.message.zh for v in result.verified)
    # the same text as a department's report: the difference is an error
    dept = text.replace("# 某市2024年全市和市本级财政决算", "# 某市财政局2024年部门决算")
    assert any(f.severity.value == "error" and "125860" in f.message.zh for f in check_text(dept, select=["REP"]).findings)
