"""Generated reports (benchmarks/corpus.py: seeded templates of other departments, tables
in 万元 or 元, tab-separated or pipe): the clean ones get no error or warning, and each
planted error is reported by the check of its class."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import check_text

_spec = importlib.util.spec_from_file_location("corpus", Path(__file__).resolve().parent.parent / "benchmarks" / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("corpus", corpus)  # dataclasses look their module up
_spec.loader.exec_module(corpus)

# The check that must report each kind of planted error, and the others that may also
# (a changed table cell that the prose quotes is also a prose/table mismatch).
MUST = {
    "table-cell": "TBL001", "prose-figure": "PRS001", "breakdown": "BRK001", "score": "SCR003", "weight": "SCR002",
    "grade": "SCR004", "rate": "RAT001", "enumeration": "ENU001", "heading": "NUM001", "claim": "CMP001", "repeat": "REP001",
}
MAY = {"table-cell": {"PRS001"}, "breakdown": {"PRS001"}}
# A statistic repeated in two sections with different wording around it is an error only
# when the wording ties the two together; otherwise it is an info (checks/repeats.py).
AT_LEAST_INFO = {"repeat"}

REPORTS = [corpus.generate(i, seed=7, plant_share=0.5) for i in range(60)]


def test_the_corpus_has_every_kind_and_clean_reports() -> None:
    kinds = {r.planted for r in REPORTS}
    assert None in kinds and len(kinds - {None}) >= 9


@pytest.mark.parametrize("report", REPORTS, ids=[f"{r.name}-{r.planted or 'clean'}" for r in REPORTS])
def test_generated_report(report) -> None:
    result = check_text(report.text, path=report.name)
    assert not result.internal_errors
    flagged = {f.check for f in result.findings if f.severity.value in ("error", "warning")}
    if report.planted is None:
        assert flagged == set(), [f.message.en for f in result.findings]
        assert len(result.verified) >= 10  # the table, the breakdown, the scores ... were checked
    elif report.planted in AT_LEAST_INFO:
        assert flagged <= {MUST[report.planted]}
        assert MUST[report.planted] in {f.check for f in result.findings}
    else:
        must = MUST[report.planted]
        assert must in flagged and flagged <= {must} | MAY.get(report.planted, set()), (report.planted, flagged)
