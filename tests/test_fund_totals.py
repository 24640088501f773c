"""PRS001 on totals the prose names by their fund (一般公共预算财政拨款支出, 基本支出, “三公”经费):
linked by dimensions rather than by a row's name, so only a small slip is an error."""

from __future__ import annotations

from pathlib import Path

from conftest import check_text

CASE = (Path(__file__).parent / "cases" / "PRS" / "parks-fund-totals-consistent.md").read_text(encoding="utf-8")


def _prs(text: str):
    result = check_text(text, ["PRS001"])
    return [f for f in result.findings if f.check == "PRS001"], result


def test_small_slip_names_the_table_total() -> None:
    found, _ = _prs(CASE.replace("决算为 2,846.37 万元", "决算为 2,846.35 万元"))
    assert len(found) == 1
    f = found[0]
    assert "2,846.35" in f.message.zh and "2,846.37" in f.message.zh and "相差 0.02 万元" in f.message.zh
    assert f.related and f.related[0].span.line == 14  # the 合计 row of the table


def test_wide_gap_or_unnamed_fund_says_nothing() -> None:
    # 100 万元 apart: maybe another statistic, not a slip
    found, _ = _prs(CASE.replace("决算为 2,846.37 万元", "决算为 2,946.37 万元"))
    assert not found
    # a figure to 0.1 only: rounding may explain a small gap
    found, _ = _prs(CASE.replace("10.56 万元，", "10.6 万元，"))
    assert not found
    # the fund is the heading's only: which table's total is meant is not said
    text = CASE.replace("2025年度一般公共预算财政拨款支出决算为 2,846.37 万元。", "2025年度支出决算为 2,846.35 万元。")
    found, _ = _prs(text)
    assert not found
