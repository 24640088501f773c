"""The wording families (TPL, DIR, YR, NAM, TXT hygiene) and the rounding convention of
RAT001: what each decides, beyond the case files' line-level expectations."""

from __future__ import annotations

from pathlib import Path

from conftest import check_text

CASES = Path(__file__).parent / "cases"


def test_truncating_document_holds_its_cut_off_rates() -> None:
    text = (CASES / "RAT" / "forestry-truncating-document.md").read_text(encoding="utf-8")
    result = check_text(text, ["RAT001"])
    held = [v for v in result.verified if "截位" in v.message.zh]
    assert len(held) == 2 and all(v.rounding for v in held)
    assert not [f for f in result.findings if f.severity.value == "info"]
    # a rate off by more is still an error in a truncating document
    assert [f.span.line for f in result.findings if f.severity.value == "error"] == [7]


def test_rounding_document_keeps_a_lone_cut_off_rate_as_info() -> None:
    text = (CASES / "RAT" / "archives-rounding-document.md").read_text(encoding="utf-8")
    result = check_text(text, ["RAT001"])
    infos = [f for f in result.findings if f.severity.value == "info"]
    assert len(infos) == 1 and "45.55%" in infos[0].message.zh
    assert not [v for v in result.verified if "截位" in v.message.zh]
    assert any("32.88%" in v.message.zh for v in result.verified)


def test_wrong_signed_rate_is_never_silent() -> None:
    """RAT001 cannot compute a negative change rate; DIR002 speaks and gives the magnitude."""
    text = "2024年全区新增个体工商户 1,820 户，2023年新增 2,000 户，同比增长 9.00%。\n"
    result = check_text(text)
    found = [f for f in result.findings if f.severity.value in ("error", "warning")]
    assert [f.check for f in found] == ["DIR002"]
    assert "减少 9.00%" in found[0].message.zh


def test_growth_from_zero_is_no_direction_error() -> None:
    text = "2025年新设区数据中心，预算 120.00 万元，比上年增加 120.00 万元，增长 100%。\n"
    result = check_text(text)
    assert not [f for f in result.findings if f.severity.value in ("error", "warning")]
    assert any(v.check == "DIR001" for v in result.verified)
