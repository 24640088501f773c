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
