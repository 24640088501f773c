"""PRS001 on a row whose name only ends with the prose's subject (劳务派遣人员经费 for
人员经费): it may be another item, so a mismatch is a note on an inferred reading, while
the same mismatch on a row the subject names exactly is an error."""

from __future__ import annotations

from conftest import check_text

TABLE = """
2026年专项业务经费支出预算表

单位：万元

| 项目名称 | 金额 |
| --- | --- |
| 劳务派遣人员经费 | 16.07 |
| 救助站运行经费 | 58.00 |
| 合计 | 74.07 |
"""


def _prs(prose: str) -> list:
    result = check_text("# 某区民政局2026年部门预算\n\n" + prose + "\n" + TABLE)
    return [f for f in result.findings if f.check == "PRS001"]


def test_a_row_that_only_ends_with_the_subject_gives_a_note() -> None:
    found = _prs("2026年人员经费 35.00 万元，主要用于在职人员工资。")
    assert [(f.severity.value, f.reading) for f in found] == [("info", "inferred")]


def test_the_same_mismatch_on_an_exactly_named_row_is_an_error() -> None:
    found = _prs("2026年劳务派遣人员经费 35.00 万元，救助站运行经费 58.00 万元，主要用于购买服务。")
    assert [(f.severity.value, f.reading) for f in found] == [("error", "confirmed")]


def test_a_mismatch_no_other_figure_confirms_is_a_note() -> None:
    """The prose names the row, but no other of its figures agrees with that table: which
    table it speaks of rests on the name alone."""
    found = _prs("2026年劳务派遣人员经费 35.00 万元，主要用于购买服务。")
    assert [(f.severity.value, f.reading) for f in found] == [("info", "inferred")]
    assert "未经证实" in found[0].hint.zh


def test_a_qualified_name_is_exact_enough() -> None:
    text = "# 某区民政局2026年部门预算\n\n2026年人员经费 40.00 万元，公用经费 12.00 万元。\n\n2026年基本支出预算表\n\n单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 人员经费 | 40.00 |\n| 日常公用经费 | 10.00 |\n| 合计 | 50.00 |\n"
    found = [f for f in check_text(text).findings if f.check == "PRS001"]
    assert [(f.severity.value, f.reading) for f in found] == [("error", "confirmed")]


YUAN_TABLE = """
2021年收入预算表

单位：元

| 项目 | 预算数 |
| --- | --- |
| 一般公共预算拨款收入 | 535,987,100.00 |
| 上年实户资金余额 | 19,968,361.41 |
| 合计 | 555,955,461.41 |
"""


def test_a_coarser_figure_less_than_one_step_off_is_a_note() -> None:
    """1,996.83 万元 for 19,968,361.41 元 (1,996.836 万元): cut off, or adjusted so that
    a sum adds up — a note; 1,996.85 万元 is another figure — an error."""
    for written, wanted in (("1,996.83", "info"), ("1,996.85", "error")):
        text = f"# 某市民政局2021年部门预算\n\n2021年一般公共预算拨款收入 53,598.71 万元，上年实户资金余额 {written} 万元。\n" + YUAN_TABLE
        found = [f.severity.value for f in check_text(text).findings if f.check == "PRS001"]
        assert found == [wanted], (written, found)
