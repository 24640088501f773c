"""The relation families (REL, GAP, EVA, and DIS004's prose forms): every consistent case
file of theirs is silent *and* shows its relations verified, so a silent case cannot pass
by reading nothing; every failing case names a second place (a related span) where the
relation has one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, expectations

CASES = Path(__file__).parent / "cases"
FAMILIES = ("REL", "EVA")
CONSISTENT = sorted(p for f in FAMILIES for p in (CASES / f).glob("*.md") if not expectations(p.read_text(encoding="utf-8")))
FAILING = sorted(p for f in FAMILIES for p in (CASES / f).glob("*.md") if expectations(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", CONSISTENT, ids=[p.stem for p in CONSISTENT])
def test_consistent_case_verifies_its_relations(case: Path) -> None:
    family = case.parent.name
    result = check_text(case.read_text(encoding="utf-8"), [family])
    assert not [f for f in result.findings if f.severity.value in ("error", "warning")]
    codes = {v.check for v in result.verified}
    # each check that the failing twin of this file exercises has verified something here
    twin = case.with_name(case.name.replace("-consistent", "")) if "-consistent" in case.name else None
    if twin is not None and twin.exists():
        wanted = {code for code, _line in expectations(twin.read_text(encoding="utf-8"), family)}
        assert wanted <= codes, (wanted - codes)
    assert codes, "a consistent case must show its relations verified"


@pytest.mark.parametrize("case", FAILING, ids=[p.stem for p in FAILING])
def test_failing_case_names_both_places(case: Path) -> None:
    family = case.parent.name
    result = check_text(case.read_text(encoding="utf-8"), [family])
    found = [f for f in result.findings if f.check.startswith(family) and f.severity.value in ("error", "warning")]
    assert found
    for f in found:
        assert f.related, f"{f.check} at line {f.span.line} names no second place"
        assert f.hint is not None


def test_dis004_reads_the_short_prose_form() -> None:
    text = (CASES / "DIS" / "parks-final-prose-carry-over-short-words.md").read_text(encoding="utf-8")
    result = check_text(text, ["DIS004"])
    assert [f.span.line for f in result.findings] == [5]
    assert any("104.80" in v.message.zh for v in result.verified)
