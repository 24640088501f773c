"""RAT001 beyond the case files: a rate cut off rather than rounded is an info."""

from __future__ import annotations

from conftest import check_text


def _rat(text: str) -> list[tuple[str, int]]:
    return [(f.severity.value, f.span.line) for f in check_text(text, select=["RAT001"]).findings]


def test_a_rate_cut_off_at_its_last_digit_is_info() -> None:
    # 2570.97 ÷ (4143.91 + 2570.97) = 38.2877…%: written 38.28% (cut off) instead of 38.29%
    text = "本年支出合计 4143.91 万元，比上年减少 2570.97 万元，下降 38.28%。\n"
    assert _rat(text) == [("info", 1)]
    finding = check_text(text, select=["RAT001"]).findings[0]
    assert "38.29%" in finding.message.zh and "截位" in finding.message.zh


def test_rounded_correctly_is_verified_and_two_steps_off_is_an_error() -> None:
    assert _rat("本年支出合计 4143.91 万元，比上年减少 2570.97 万元，下降 38.29%。\n") == []
    assert _rat("本年支出合计 4143.91 万元，比上年减少 2570.97 万元，下降 38.27%。\n") == [("error", 1)]


def test_a_change_after_a_comparison_at_the_start_of_the_sentence() -> None:
    text = "2023 年收入总计 980.00 万元。与 2022 年相比，收入总计增加 80.00 万元，增长 9.89%。\n"
    assert _rat(text) == [("error", 1)]  # 80 ÷ 900 = 8.89%
    assert _rat(text.replace("9.89%", "8.89%")) == []


def test_a_rate_above_the_computed_one_is_never_a_cut_off() -> None:
    # 64 ÷ 65 = 98.4615…%: 98.46% is right, 98.47% cannot come from cutting off, 98.45% is off too
    base = "本年度项目共 65 个，对 64 个项目开展了自评，项目自评覆盖率为 {}。\n"
    assert _rat(base.format("98.46%")) == []
    assert _rat(base.format("98.47%")) == [("error", 1)]
    assert _rat(base.format("98.45%")) == [("error", 1)]


def test_list_shares_and_qualified_changes_are_verified_or_left_alone() -> None:
    """Shares in a 其中 list are of the whole before 其中 (verified), never of a sibling; a
    change measured after 扣除… or given after a cause is left alone; a change after a long
    comparison phrase (比2025年…年初预算增加) is a change, not a level."""
    from pathlib import Path

    text = (Path(__file__).parent / "cases" / "RAT" / "list-shares-and-qualified-changes-correct.md").read_text(encoding="utf-8")
    result = check_text(text)
    assert [f.check for f in result.findings if f.check.startswith("RAT")] == []
    verified = [v.message.zh for v in result.verified if v.check == "RAT001"]
    assert "62.5% = 54,000.00 万元 ÷ 86,400.00 万元" in verified
    assert "20.0% = 40.00 万元 ÷ (240.00 万元 − 40.00 万元)" in verified
    assert not any("2.56%" in v or "150.0%" in v for v in verified)
