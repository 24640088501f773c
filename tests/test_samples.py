"""The two real reports: the Foshan sample's table adds up, and any single changed
number cell of it is caught; the Putuo budget (hand-audited, consistent) gets no error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FOSHAN, check_text

from auditor.document.reader import read_document


def _table_cells(text: str):
    doc = read_document(text)
    table = doc.tables[0]
    return table, [c for r in table.data_rows for c in r.cells if c.quantity is not None]


def test_foshan_table_adds_up(foshan_text: str) -> None:
    result = check_text(foshan_text, ["TBL"])
    assert [f for f in result.findings if f.severity.value != "info"] == []
    assert len(result.verified) >= 6


def test_putuo_budget_has_no_error(putuo_text: str) -> None:
    result = check_text(putuo_text)
    assert [f for f in result.findings if f.severity.value == "error"] == []
    assert not result.internal_errors
    assert len(result.verified) > 100  # its many tables were really checked


def test_every_single_changed_cell_of_the_foshan_table_is_caught(foshan_text: str) -> None:
    table, cells = _table_cells(foshan_text)
    assert len(cells) == 15  # 5 rows with figures x 3 columns
    for cell in cells:
        # change the tenths digit: a gap of 0.10 that no rounding of 2-decimal figures explains
        raw = cell.text
        changed = raw[:-2] + str((int(raw[-2]) + 1) % 10) + raw[-1]
        text = foshan_text[: cell.span.start] + changed + foshan_text[cell.span.end :]
        result = check_text(text, ["TBL"])
        errors = [f for f in result.findings if f.severity.value == "error"]
        assert errors, f"changing {raw} -> {changed} went unnoticed"
        spans = [f.span for f in errors] + [r.span for f in errors for r in f.related]
        assert all(table.span.line <= s.line <= table.span.end_line for s in spans)
        assert any(s.start == cell.span.start for s in spans)


def test_a_gap_that_rounding_explains_is_info_not_error(foshan_text: str) -> None:
    # 13983.71 + 1118.90 = 15102.61; 15102.62 is within what rounding two figures explains
    text = foshan_text.replace("一、基本支出\t15102.61", "一、基本支出\t15102.62")
    result = check_text(text, ["TBL"])
    severities = [f.severity.value for f in result.findings]
    assert severities and set(severities) == {"info"}  # the parent row and the total both differ within rounding


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_changed_cell_is_reported_in_json_and_rich(tmp_path, foshan_text: str, fmt: str) -> None:
    planted = foshan_text.replace("人员经费\t13983.71\t15051.22\t15051.22", "人员经费\t13983.71\t15051.22\t15051.32")
    assert planted != foshan_text
    path = tmp_path / "planted.md"
    path.write_text(planted, encoding="utf-8")
    line = planted[: planted.index("一、基本支出\t")].count("\n") + 1
    proc = _cli("check", str(path), "--format", fmt, "--select", "TBL")
    assert proc.returncode == 1
    if fmt == "json":
        data = json.loads(proc.stdout)
        (finding,) = data["files"][0]["findings"]
        assert finding["check"] == "TBL001" and finding["severity"] == "error"
        assert finding["line"] == line
        assert "16113.57" in finding["hint"]
    else:
        assert "error[TBL001]" in proc.stdout
        assert f"planted.md:{line}:" in proc.stdout
        assert "^^^^^^^^" in proc.stdout and "16113.57" in proc.stdout


def test_unchanged_sample_passes_the_table_check_on_the_cli() -> None:
    proc = _cli("check", str(FOSHAN), "--format", "json", "--select", "TBL")
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["summary"]["errors"] == 0


def test_the_pdf_sample_has_exactly_its_three_true_findings() -> None:
    """samples/real/putuo-wanli-street-2024-dept-budget.pdf, as published: p. 9 states a
    rise of 0.53% for 348.52 -> 352.67 万元 (1.19%); p. 31 the 三公 table holds 47.91 万元
    under a note saying the department has none and the table is empty; p. 33 a 地上建筑面积
    of 8013 m² whose parts add up to 8103 m² (and 8103 + 5356 = 13459, the total it gives)."""
    from auditor.checking.registry import load
    from auditor.running.batch import check_file, plan_for

    pdf = Path(__file__).resolve().parent.parent / "samples" / "real" / "putuo-wanli-street-2024-dept-budget.pdf"
    result, _ = check_file(str(pdf), plan_for(list(load())), keep_text=False)
    bad = sorted((f.check, f.span.page) for f in result.findings if f.severity.value in ("error", "warning"))
    assert bad == [("BRK002", 33), ("DIS005", 31), ("RAT001", 9)]
    assert result.covered > 0.9 * result.quantities and len(result.verified) > 500
