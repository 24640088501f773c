"""All arithmetic on reported figures: intervals, tolerance, sums, ratios, formatting.

A written figure stands for every value that rounds to it: ``16113.02`` (two decimals)
is [16113.015, 16113.025]; ``8.6万人`` is [85500, 86500] 人. A sum or ratio of figures
is the interval computed from its operands' intervals. A stated figure disagrees with a
computed one only when their intervals do not overlap. This is the rounding rule of
XBRL Calculations 1.1: it never flags a gap that rounding explains, and never misses one
that it does not. Every check calls this module; none rounds numbers its own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from auditor.document.model import Quantity

_HALF = Decimal("0.5")


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))


ZERO = Interval(Decimal(0), Decimal(0))


def exact(value: Decimal) -> Interval:
    return Interval(value, value)


def interval(q: Quantity) -> Interval:
    """The values a written figure stands for, in its base unit."""
    half = q.resolution * _HALF
    return Interval(q.value - half, q.value + half)


def total(quantities: Iterable[Quantity | None]) -> Interval:
    """Interval of a sum; a missing operand (an empty cell) counts as an exact zero."""
    acc = ZERO
    for q in quantities:
        if q is not None:
            acc = acc + interval(q)
    return acc


def exact_sum(quantities: Iterable[Quantity | None]) -> Decimal:
    return sum((q.value for q in quantities if q is not None), Decimal(0))


def ratio(num: Interval, den: Interval, factor: Decimal = Decimal(100)) -> Interval | None:
    """Interval of num/den*factor for non-negative operands; None when den may be zero."""
    if den.lo <= 0 or num.lo < 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return Interval(num.lo / den.hi * factor, num.hi / den.lo * factor)


class Verdict(StrEnum):
    EQUAL = "equal"
    """The figures are equal as written."""
    ROUNDING = "rounding"
    """They differ, but rounding of the written figures explains the gap."""
    MISMATCH = "mismatch"
    """No rounding of the written figures makes them agree."""


def compare(stated: Interval, computed: Interval, stated_value: Decimal | None = None, computed_value: Decimal | None = None) -> Verdict:
    if not stated.overlaps(computed):
        return Verdict.MISMATCH
    sv = stated.mid if stated_value is None else stated_value
    cv = computed.mid if computed_value is None else computed_value
    return Verdict.EQUAL if sv == cv else Verdict.ROUNDING


_NOISE = Decimal("1e-11")


def stored_verdict(whole: Quantity, parts: Iterable[Quantity | None]) -> Verdict | None:
    """A sum judged on the exact values a workbook stores (``Quantity.exact``), when every
    figure has one: equal when they agree to float noise; a mismatch when they do not and
    every figure shows its stored value in full (a 31 over 10 + 20 in the General format
    is no rounding); None — judge the written figures — when a format hides digits that
    might explain the gap, or a figure has no stored value."""
    qs = [q for q in parts if q is not None]
    if whole.exact is None or any(q.exact is None for q in qs):
        return None
    got = sum((q.exact for q in qs), Decimal(0))
    noise = max([abs(whole.exact), *(abs(q.exact) for q in qs)]) * _NOISE
    if abs(whole.exact - got) <= noise:
        return Verdict.EQUAL
    if whole.exact == whole.value and all(q.exact == q.value for q in qs):
        return Verdict.MISMATCH
    return None


def truncated(stated: Quantity, computed: Interval) -> bool:
    """Whether a stated figure is what cutting off the computed one at its last written
    digit gives (38.2877% written 38.28%), where rounding would not. Cutting off only ever
    lowers a figure, so one stated above the computed value is never explained this way.
    Such a gap is worth a note, not an error."""
    step = stated.resolution
    if step <= 0:
        return False
    cut_from = Interval(stated.value, stated.value + step)
    return cut_from.overlaps(computed) and computed.hi > stated.value and not interval(stated).overlaps(computed)


def coarser_within_step(stated: Quantity, finer: Quantity) -> bool:
    """Whether a figure written with fewer digits than the one it copies (1,996.83 万元 for
    a cell of 19,968,361.41 元) is less than one step of its last digit away from it: cut
    off, or nudged so a group of figures adds up, rather than rounded. A presentation
    choice, not a different figure: worth a note, not an error."""
    step = stated.resolution
    if step <= 0 or finer.resolution >= step:
        return False
    return abs(stated.value - finer.value) < step


def truncated_interval(q: Quantity) -> Interval:
    """The values a figure stands for when the document cuts off (rather than rounds) at
    its last written digit: ``16113.02`` is [16113.02, 16113.03)."""
    return Interval(q.value, q.value + q.resolution)


def truncation_explains(whole: Quantity, parts: Iterable[Quantity | None]) -> bool:
    """Whether a sum that rounding does not explain is what truncating every figure gives:
    each written figure may then be up to one step below its true value."""
    acc = ZERO
    for q in parts:
        if q is not None:
            acc = acc + truncated_interval(q)
    w = truncated_interval(whole)
    return w.lo < acc.hi and acc.lo < w.hi  # half-open: [v, v + step)


def shares_adjusted(stated: Quantity, computed: Interval, group: Iterable[Quantity]) -> bool:
    """Whether a share that differs from its computed value by one step of its last digit
    belongs to a group of shares written to total exactly 100: shares nudged so the group
    adds up (largest remainder), a presentation convention rather than a slip."""
    step = stated.resolution
    if step <= 0:
        return False
    nudged = Interval(stated.value - step - step * _HALF, stated.value + step + step * _HALF)
    total_written = sum((q.value for q in group), Decimal(0))
    return nudged.overlaps(computed) and total_written == Decimal(100)


def compare_quantities(a: Quantity, b: Quantity) -> Verdict:
    return compare(interval(a), interval(b), a.value, b.value)


def compare_unit_unstated(a: Quantity, b: Quantity) -> Verdict:
    """``a`` against a table's figure ``b`` whose table states no unit (no 单位 line, no unit
    in its header): ``b`` is read in its own terms and in ``a``'s unit (5.40 万元 against a
    bare 5.4), and agrees when either reading does."""
    plain = compare_quantities(a, b)
    if plain is not Verdict.MISMATCH or b.unit or b.base_unit or a.scale == 1:
        return plain
    return compare(interval(a), interval(b).scale(a.scale), a.value, b.value * a.scale)


def at_most(part: Interval, whole: Interval) -> bool:
    """True unless the part certainly exceeds the whole."""
    return part.lo <= whole.hi


def fmt(value: Decimal, like: Quantity | None = None, decimals: int | None = None) -> str:
    """Format a base-unit value in the written unit of ``like`` with its number of decimals."""
    scale = like.scale if like is not None else Decimal(1)
    if decimals is None:
        decimals = like.decimals if like is not None else 2
    v = value / scale
    q = Decimal(1).scaleb(-decimals)
    with localcontext() as ctx:
        ctx.prec = max(40, v.adjusted() + decimals + 5)  # a figure of hundreds of digits formats too
        v = v.quantize(q)
    text = f"{v:,.{decimals}f}" if like is not None and "," in like.raw else f"{v:.{decimals}f}"
    return text


def terms(texts: Iterable[str]) -> str:
    """A sum as written: ``82.55 + 3.55 − 23.60`` rather than ``+ -23.60``."""
    out = ""
    for t in texts:
        t = t.strip()
        if not out:
            out = t
        elif t.startswith(("-", "−")):
            out += " − " + t[1:].lstrip()
        else:
            out += " + " + t
    return out


def fmt_rate(computed: Interval, like: Quantity) -> str:
    """A computed rate written like the stated one: its decimals (at least two), and its
    % sign if it has one (a table may put the % in the column header instead)."""
    percent = like.raw.rstrip().endswith(("%", "％"))
    return fmt(computed.mid, like, max(like.decimals, 2)) + ("%" if percent else "")


def fmt_with_unit(value: Decimal, like: Quantity, decimals: int | None = None) -> str:
    """Format a value as ``like`` is written: its unit, and a space before it if it has one."""
    unit = like.unit or ""
    if like.where == "table" or not unit:
        return fmt(value, like, decimals)
    return fmt(value, like, decimals) + (" " if f" {unit}" in like.raw else "") + unit
