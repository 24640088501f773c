"""Case files may also say which relations must hold: a line marked
``<!-- verified: CODE -->`` must carry a relation of that check that held (its first
span on that line), at least as many as the marker names. A "must stay silent" case thus shows
that its check did the work rather than skipping the text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import check_text

VERIFIED = re.compile(r"<!--\s*verified:\s*([A-Z0-9, ]+?)\s*-->")
CASES = [p for p in sorted((Path(__file__).parent / "cases").glob("*/*.md")) if VERIFIED.search(p.read_text(encoding="utf-8"))]


def _wanted(text: str) -> Counter:
    out: Counter = Counter()
    for no, line in enumerate(text.splitlines(), 1):
        for m in VERIFIED.finditer(line):
            for code in m.group(1).split(","):
                out[(code.strip(), no)] += 1
    return out


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}-{p.stem}" for p in CASES])
def test_relations_verified(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    result = check_text(text)
    wanted = _wanted(text)
    held = Counter((v.check, v.spans[0].line) for v in result.verified if v.spans and (v.check, v.spans[0].line) in wanted)
    missing = {k: n for k, n in wanted.items() if held[k] < n}
    assert not missing, f"relations that did not hold (check, line): {missing}"


def test_some_case_files_name_their_relations() -> None:
    assert len(CASES) >= 5
