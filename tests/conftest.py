"""Shared helpers: read a text into a document, run checks, collect expectations."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests run a modest number of examples in CI; AUDITOR_EXAMPLES raises it for a
# longer run, e.g. AUDITOR_EXAMPLES=2000 python -m pytest tests/test_properties.py
settings.register_profile(
    "auditor",
    max_examples=int(os.environ.get("AUDITOR_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("auditor")

# The results cache of every `auditor check` the tests run (in this process or a child)
# goes to a temporary folder, never into the source tree; tests of the cache set their own.
if "AUDITOR_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="auditor-test-cache-")
    os.environ["AUDITOR_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

from auditor.checking import registry
from auditor.checking.engine import FileResult, run_checks
from auditor.document.reader import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FOSHAN = SAMPLES / "foshan-hrss-2020-self-evaluation.md"
PUTUO = SAMPLES / "real" / "putuo-commerce-2025-department-budget.md"
EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")


def check_text(text: str, select: list[str] | None = None, path: str = "<test>") -> FileResult:
    classes, unknown = registry.select(select, None)
    assert not unknown
    return run_checks(read_document(text, path), [c() for c in classes])


def problems(result: FileResult, prefix: str = "") -> set[tuple[str, int]]:
    """(code, line) of every error and warning, optionally of one family only."""
    return {(f.check, f.span.line) for f in result.findings if f.severity.value in ("error", "warning") and f.check.startswith(prefix)}


def expectations(text: str, prefix: str = "") -> set[tuple[str, int]]:
    out = set()
    for no, line in enumerate(text.splitlines(), 1):
        for m in EXPECT.finditer(line):
            for code in m.group(1).split(","):
                if code.strip().startswith(prefix):
                    out.add((code.strip(), no))
    return out


@pytest.fixture(scope="session")
def foshan_text() -> str:
    return FOSHAN.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def putuo_text() -> str:
    return PUTUO.read_text(encoding="utf-8")
