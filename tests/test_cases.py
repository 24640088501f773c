"""Per-check case files: tests/cases/<FAMILY>/*.md, each line that must be flagged
marked with ``<!-- expect: CODE -->``. Every error and warning of the family must be
expected and every expectation met. A line marked ``<!-- note: CODE -->`` must carry a note
of that check on an unsure reading (``info``, reading not ``confirmed``): the misreading it
guards against is still told, never as an error. ``pytest -k TBL`` runs one family's cases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXPECT, check_text, expectations, problems

NOTE = re.compile(r"<!--\s*note:\s*([A-Z0-9, ]+?)\s*-->")

CASES = sorted((Path(__file__).parent / "cases").glob("*/*.md"))


def _counted(text: str, family: str) -> Counter:
    """Expectations with multiplicity: a line marked ``PRS001, PRS001`` expects two."""
    out: Counter = Counter()
    for no, line in enumerate(text.splitlines(), 1):
        for m in EXPECT.finditer(line):
            for code in m.group(1).split(","):
                if code.strip().startswith(family):
                    out[(code.strip(), no)] += 1
    return out


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}-{p.stem}" for p in CASES])
def test_case_file(case: Path) -> None:
    family = case.parent.name
    text = case.read_text(encoding="utf-8")
    result = check_text(text)
    assert not result.internal_errors
    assert problems(result, family) == expectations(text, family)
    # and as many findings on a line as it expects: a second finding cannot hide behind the first
    found = Counter((f.check, f.span.line) for f in result.findings if f.severity.value in ("error", "warning") and f.check.startswith(family))
    assert found == _counted(text, family)
    for no, line in enumerate(text.splitlines(), 1):
        for m in NOTE.finditer(line):
            for code in (c.strip() for c in m.group(1).split(",")):
                notes = [f for f in result.findings if f.check == code and f.span.line == no]
                assert notes and all(f.severity.value == "info" and f.reading != "confirmed" for f in notes), (code, no, notes)


def test_every_family_has_failing_and_passing_cases() -> None:
    families = {p.parent.name for p in CASES}
    for family in families:
        texts = [p.read_text(encoding="utf-8") for p in CASES if p.parent.name == family]
        assert any(expectations(t) for t in texts), f"{family} has no failing case"
        assert any(not expectations(t) for t in texts), f"{family} has no passing case"


def test_every_check_fails_on_two_texts_of_ours_at_least() -> None:
    """Each error or warning check is shown failing by its docstring's 反例 and by at least
    one case file of another shape (info checks have their own tests)."""
    from auditor.checking import registry

    failing: dict[str, int] = {}
    for p in CASES:
        for code, _line in expectations(p.read_text(encoding="utf-8")):
            failing[code] = failing.get(code, 0) + 1
    for code, cls in registry.load().items():
        if cls.severity.value == "info":
            continue
        assert "fail" in cls.examples(), code
        assert failing.get(code, 0) >= 1, f"{code} has no failing case file"
