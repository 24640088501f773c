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


PASSING = {
    "DIR/civil-affairs-directions-correct.md": ("DIR001", "DIR002", "DIR003"),
    "YR/street-budget-years-correct.md": ("YR001", "YR003"),
    "YR/sports-final-accounts-correct.md": ("YR001", "YR002"),
    "NAM/finance-names-correct.md": ("NAM001", "NAM003"),
    "CMP/claims-next-sentence-correct.md": ("CMP001",),
}


def test_passing_cases_are_silent_because_the_relations_hold() -> None:
    """Each passing case file of the wording families raises nothing of its family and
    verified at least one relation of each of its checks (the check did the work)."""
    for name, codes in PASSING.items():
        text = (CASES / name).read_text(encoding="utf-8")
        result = check_text(text)
        family = name.split("/")[0]
        assert not [f for f in result.findings if f.check.startswith(family) and f.severity.value != "info"], name
        for code in codes:
            assert any(v.check == code for v in result.verified), (name, code)


def test_traps_hold() -> None:
    """Growth from zero, 持平 with equal figures, a right comparison year."""
    text = (CASES / "DIR" / "civil-affairs-directions-correct.md").read_text(encoding="utf-8")
    verified = [v.message.zh for v in check_text(text, ["DIR"]).verified]
    assert any("增长 100%" in m for m in verified)
    assert any(m.startswith("持平") for m in verified)
    text = (CASES / "YR" / "street-budget-years-correct.md").read_text(encoding="utf-8")
    assert any("2023 = 2024 − 1" in v.message.zh for v in check_text(text, ["YR001"]).verified)


def test_template_table_header_is_not_residue() -> None:
    text = "| 项目 | 年初数 | 本年增加（减少） | 年末数 |\n| --- | --- | --- | --- |\n| 固定资产 | 1,250.00 | -35.00 | 1,215.00 |\n"
    assert not check_text(text, ["TPL"]).findings
    assert [f.check for f in check_text("固定资产本年增加（减少）35.00 万元。\n", ["TPL"]).findings] == ["TPL001"]


def test_abbreviation_of_an_organisation_name() -> None:
    from auditor_checks.names import abbreviates

    assert abbreviates("区商务委", "上海市普陀区商务委员会")
    assert not abbreviates("区经委", "上海市普陀区商务委员会")
    assert not abbreviates("上海市普陀区经济委员会", "上海市普陀区商务委员会")


def test_placeholders_of_one_paragraph_are_one_finding_with_each_place() -> None:
    """A draft still full of template text gets one TPL002 a paragraph, every blank located."""
    from conftest import check_text

    text = "一、概况\n\n某某街道2024年收入XXX万元，占XX%；支出待填写。\n\n二、说明\n\n本年无变化。\n"
    [finding] = check_text(text, select=["TPL002"]).findings
    assert finding.span.line == 3 and len(finding.related) == 3 and "本段共 4 处" in finding.message.zh
    assert [r.span.line for r in finding.related] == [3, 3, 3]
