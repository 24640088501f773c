"""Likely causes of a disagreement, when the numbers show one: the figure equals
another cell (wrong column or row), its digits are a transposition of the expected
figure's, it is off by a power of ten or by 10,000 (元 written as 万元), or it is the
figure of another year."""

from __future__ import annotations

from decimal import Decimal

from auditor import arith
from auditor.model import Quantity


def _digits(value: Decimal, like: Quantity) -> str:
    return arith.fmt(value, like, like.decimals).replace(",", "")


def transposed(stated: Quantity, expected: Decimal) -> bool:
    a = _digits(stated.value, stated)
    b = _digits(expected, stated)
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def scale_slip(stated: Decimal, expected: Decimal) -> int | None:
    """The power of ten between two figures, when one is the other shifted."""
    if not stated or not expected:
        return None
    ratio = stated / expected
    for power in range(1, 9):
        f = Decimal(10) ** power
        if ratio == f:
            return power
        if ratio * f == 1:
            return -power
    return None


def explain(stated: Quantity, expected: Decimal, others: list[tuple[Quantity, str, str]] | None = None) -> tuple[str, str] | None:
    """A short (zh, en) sentence naming the likely cause, or None."""
    for q, zh, en in others or []:
        if q is not stated and arith.compare_quantities(stated, q) is not arith.Verdict.MISMATCH:
            return (f"{stated.raw} 与{zh}相同，可能取错了栏目", f"{stated.raw} equals {en}: probably taken from the wrong column or row")
    if transposed(stated, expected):
        return (f"疑似数字顺序颠倒（{stated.raw} / {arith.fmt(expected, stated)}）", f"looks like transposed digits ({stated.raw} / {arith.fmt(expected, stated)})")
    power = scale_slip(stated.value, expected)
    if power is not None:
        if abs(power) == 4:
            return ("相差一万倍，疑似元与万元混用", "off by a factor of 10,000: 元 and 万元 mixed up?")
        return (f"相差 10^{abs(power)} 倍，疑似小数点位置错误", f"off by a factor of 10^{abs(power)}: a misplaced decimal point?")
    return None
