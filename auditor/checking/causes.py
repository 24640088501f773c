"""Likely causes of a disagreement, when the numbers show one: the figure equals
another cell (wrong column or row), its digits are a transposition of the expected
figure's, it is off by a power of ten or by 10,000 (元 written as 万元), or it is the
figure of another year."""

from __future__ import annotations

from decimal import Decimal

from auditor.document import arith
from auditor.document.model import Quantity


def _digits(value: Decimal, like: Quantity) -> str:
    return arith.fmt(value, like, like.decimals).replace(",", "")


def transposed(stated: Quantity, expected: Decimal) -> bool:
    a = _digits(stated.value, stated)
    b = _digits(expected, stated)
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def typing_slip(a: Quantity, b: Quantity) -> bool:
    """Whether two figures differ the way a typed figure differs from the one meant: two
    neighbouring digits swapped, or one digit struck wrong, in figures of three significant
    digits or more, written to the same digit. Two different statistics rarely differ so;
    a figure copied by hand often does."""
    x = _digits(a.value, a)
    y = _digits(b.value, a)
    if len(x) != len(y) or x == y or len(x.replace(".", "").lstrip("0-")) < 3:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diff) == 1:
        return x[diff[0]].isdigit() and y[diff[0]].isdigit()
    return transposed(a, b.value)


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


def explain_sum(whole: Quantity, parts: list[tuple[Quantity, str]]) -> tuple[str, str] | None:
    """The likely cause when a total and its parts disagree: which single figure, changed
    in a recognisable way (digits transposed, decimal point moved), would make them agree,
    or a gap that is exactly one part (a part left out or counted twice)."""
    total = sum((q.value for q, _ in parts), Decimal(0))
    if transposed(whole, total):
        return (f"总数疑似数字顺序颠倒（{whole.raw} / {arith.fmt(total, whole)}）", f"the total looks like transposed digits ({whole.raw} / {arith.fmt(total, whole)})")
    for q, label in parts:
        needed = whole.value - (total - q.value)  # the value this part would need
        if transposed(q, needed):
            return (f"「{label}」{q.raw} 疑似数字顺序颠倒，应为 {arith.fmt(needed, q)}", f"'{label}' {q.raw} looks like transposed digits of {arith.fmt(needed, q)}")
        power = scale_slip(q.value, needed)
        if power is not None:
            shown = arith.fmt(needed, q, max(q.decimals, whole.decimals))
            return (f"「{label}」{q.raw} 疑似小数点位置错误（应为 {shown}）", f"'{label}' {q.raw} looks like a misplaced decimal point ({shown})")
    gap = abs(whole.value - total)
    for q, label in parts:
        if gap and q.value == gap:
            return (f"差额恰为「{label}」{q.raw}，该项可能漏计或重复计算", f"the gap is exactly '{label}' {q.raw}: left out or counted twice?")
    return None
