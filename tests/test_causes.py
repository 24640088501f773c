"""Likely causes named in hints: which single figure, changed in a recognisable way,
would make a total and its parts agree."""

from __future__ import annotations

from auditor.checking.causes import explain_sum
from auditor.document.numbers import read_quantities
from auditor.document.source import SourceText


def _q(text: str):
    src = SourceText(text)
    (q,) = read_quantities(src.norm, src.span)
    return q


def _cause(whole: str, *parts: str) -> str | None:
    found = explain_sum(_q(whole), [(_q(p), f"第{i + 1}项") for i, p in enumerate(parts)])
    return found[0] if found else None


def test_a_part_with_transposed_digits_is_named() -> None:
    assert _cause("860.00万元", "520.00万元", "430.00万元") == "「第2项」430.00万元 疑似数字顺序颠倒，应为 340.00"


def test_a_total_with_transposed_digits() -> None:
    assert "总数疑似数字顺序颠倒" in _cause("680.00万元", "520.00万元", "340.00万元")


def test_a_misplaced_decimal_point() -> None:
    assert "小数点位置错误" in _cause("860.00万元", "5200.0万元", "340.00万元")


def test_a_gap_that_is_exactly_one_part() -> None:
    assert "漏计或重复计算" in _cause("860.00万元", "520.00万元", "340.00万元", "340.00万元")


def test_no_cause_when_the_numbers_show_none() -> None:
    assert _cause("951.00万元", "520.00万元", "340.00万元") is None
