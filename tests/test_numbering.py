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
