"""Silencing a finding from the report itself: ``<!-- auditor-ignore: CODE -->``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import check_text

ROOT = Path(__file__).resolve().parent.parent
TABLE = "单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |{mark}\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n"
PROSE = "全县中小学校 58 所，其中小学 61 所。{mark}\n"


def _codes(text: str) -> tuple[list[str], int]:
    r = check_text(text)
    return [f.check for f in r.findings if f.severity.value == "error"], r.suppressed


def test_a_comment_on_the_line_silences_that_check_there() -> None:
    assert _codes(TABLE.format(mark="")) == (["TBL001"], 0)
    assert _codes(TABLE.format(mark=" <!-- auditor-ignore: TBL001 -->")) == ([], 1)
    assert _codes(TABLE.format(mark=" <!-- auditor-ignore: TBL -->")) == ([], 1)  # a prefix
    assert _codes(TABLE.format(mark=" <!-- auditor-ignore: table.total-mismatch -->")) == ([], 1)  # a name
    assert _codes(TABLE.format(mark=" <!-- auditor-ignore -->")) == ([], 1)  # every check


def test_another_code_or_another_line_does_not_silence() -> None:
    assert _codes(TABLE.format(mark=" <!-- auditor-ignore: PRS001 -->")) == (["TBL001"], 0)
    text = TABLE.format(mark="").replace("| 人员经费 | 5.00 |", "| 人员经费 | 5.00 | <!-- auditor-ignore: TBL001 -->")
    assert _codes(text) == (["TBL001"], 0)


def test_a_file_wide_comment() -> None:
    text = "<!-- auditor-ignore-file: BRK002, TBL001 -->\n\n" + PROSE.format(mark="") + "\n" + TABLE.format(mark="")
    assert _codes(text) == ([], 2)
    text = "<!-- auditor-ignore-file: BRK002 -->\n\n" + PROSE.format(mark="") + "\n" + TABLE.format(mark="")
    assert _codes(text) == (["TBL001"], 1)


def test_silenced_findings_do_not_fail_the_run_and_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(PROSE.format(mark="<!-- auditor-ignore: BRK002 -->"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", str(path)], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["files"][0]["findings"] == [] and data["summary"]["suppressed"] == 1
