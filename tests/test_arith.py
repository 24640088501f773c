from decimal import Decimal

from auditor import arith
from auditor.numbers import read_quantities
from auditor.source import SourceText


def q(text: str):
    src = SourceText(text)
    return read_quantities(src.norm, src.span)[0]


def test_interval_of_written_precision() -> None:
    assert arith.interval(q("16113.02万元")) == arith.Interval(Decimal("161130150"), Decimal("161130250"))
    assert arith.interval(q("8.6万人")) == arith.Interval(Decimal(85500), Decimal(86500))
    assert arith.interval(q("65个")) == arith.Interval(Decimal(65), Decimal(65))


def test_rounded_figures_agree_with_precise_ones() -> None:
    assert arith.compare_quantities(q("5.19亿元"), q("51935.06万元")) is arith.Verdict.ROUNDING
    assert arith.compare_quantities(q("8.6万人"), q("86000人")) is arith.Verdict.EQUAL
    assert arith.compare_quantities(q("8.6万人"), q("89000人")) is arith.Verdict.MISMATCH


def test_sum_within_rounding_is_not_a_mismatch() -> None:
    parts = [q("0.74亿元"), q("0.43亿元")]
    whole = q("1.2亿元")
    assert arith.compare(arith.interval(whole), arith.total(parts)) is arith.Verdict.ROUNDING
    assert arith.compare(arith.interval(q("1.3亿元")), arith.total(parts)) is arith.Verdict.MISMATCH


def test_ratio_interval() -> None:
    r = arith.ratio(arith.exact(Decimal(64)), arith.exact(Decimal(65)))
    assert r.lo == r.hi and abs(r.lo - Decimal("98.4615")) < Decimal("0.001")
    assert arith.ratio(arith.exact(Decimal(1)), arith.exact(Decimal(0))) is None


def test_fmt_uses_written_unit_and_separators() -> None:
    assert arith.fmt(Decimal("161135700"), q("16113.47万元")) == "16113.57"
    assert arith.fmt(Decimal("1500000"), q("1,200,000.00元")) == "1,500,000.00"


def test_truncation_and_adjusted_shares() -> None:
    parts = [q("10.00"), q("20.00"), q("30.00"), q("40.00")]
    assert arith.truncation_explains(q("100.03"), parts)
    assert not arith.truncation_explains(q("99.99"), parts)  # cutting off never raises a figure
    assert not arith.truncation_explains(q("100.05"), parts)
    third = arith.Interval(Decimal("33.3328"), Decimal("33.3339"))
    # shares written as bare numbers in a % column
    group = [q("33.33"), q("33.33"), q("33.34")]
    assert arith.shares_adjusted(q("33.34"), third, group)
    assert not arith.shares_adjusted(q("33.34"), third, [q("33.33"), q("33.33"), q("33.35")])
    assert not arith.shares_adjusted(q("33.35"), third, [q("33.32"), q("33.33"), q("33.35")])
