"""NUM002 (info): one level of numbering written with brackets of both widths."""

from __future__ import annotations

from conftest import check_text

MIXED = """# 县审计局2023年度工作报告

## 一、基本情况

（一）机构设置。本局内设 5 个股室。

(二) 人员情况。在职人员 32 人。

（三）经费情况。全年支出 860.00 万元。
"""


def test_mixed_bracket_widths_in_one_level_are_info_only() -> None:
    result = check_text(MIXED, select=["NUM"])
    found = [(f.check, f.severity.value, f.span.line) for f in result.findings]
    assert found == [("NUM002", "info", 7)]


def test_one_width_throughout_says_nothing() -> None:
    assert check_text(MIXED.replace("(二) ", "（二）"), select=["NUM"]).findings == []


def test_half_width_throughout_says_nothing() -> None:
    text = MIXED.replace("（一）", "(一) ").replace("（三）", "(三) ")
    assert check_text(text, select=["NUM"]).findings == []


BARE_ROWS = """# {title}

## 一、收入情况

全年收入 100 亿元。

## 二、支出情况

全年支出 90 亿元。

附表

一、农网还贷资金收入

二、港口建设费收入

七、大中型水库库区基金收入
"""


def test_bare_names_numbered_out_of_sequence_in_a_regions_budget_are_a_note() -> None:
    """A region's budget appends its tables, often read as text: a break between numbered bare
    item names there is a note (its reading inferred); in a department's report an error."""
    region = check_text(BARE_ROWS.format(title="某省2025年预算执行情况和2026年预算草案的报告"), select=["NUM001"])
    assert [(f.severity.value, f.reading) for f in region.findings] == [("info", "inferred")]
    dept = check_text(BARE_ROWS.format(title="某局2026年部门预算"), select=["NUM001"])
    assert [f.severity.value for f in dept.findings] == ["error"]
    assert "“七、”紧接在“二、”之后" in region.findings[0].message.zh
