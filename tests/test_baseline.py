"""The baseline: record today's findings, then report only new ones, count the matched,
and list the recorded findings that no longer occur."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import check_text

from auditor.checking import fingerprints

TABLE = """单位：万元

| 项目 | 决算数 |
| --- | --- |
| 一、基本支出 | 120.50 |
| 人员经费 | 80.20 |
| 公用经费 | 30.30 |
| 二、项目支出 | 45.00 |
| 合计 | 165.50 |
"""
BREAKDOWN = "2023 年本单位支出合计 520.00 万元，其中：基本支出 300.00 万元，项目支出 210.00 万元。"
BREAKDOWN_FIXED = BREAKDOWN.replace("210.00", "220.00")
CLAIM = "本年预算安排会议费 12.00 万元，实际支出 13.50 万元，实际支出数小于预算数。"
COUNT = "局机关内设 5 个处室，包括办公室、政策法规处、财务处、人事处。"


def report(*paragraphs: str) -> str:
    return "# 2023 年度部门决算说明\n\n" + "\n\n".join(paragraphs) + "\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


def problems(proc: subprocess.CompletedProcess) -> list[tuple[str, str, int]]:
    data = json.loads(proc.stdout)
    return [(f["path"], x["check"], x["line"]) for f in data["files"] for x in f["findings"] if x["severity"] in ("error", "warning")]


def test_fingerprints_ignore_line_shifts_and_see_the_figure() -> None:
    before = check_text(report(TABLE, CLAIM))
    shifted = check_text("前言。\n\n另一段。\n\n" + report(TABLE, CLAIM))
    changed = check_text(report(TABLE, CLAIM.replace("13.50", "13.60")))
    assert [f.check for f in before.findings] == [f.check for f in shifted.findings] == ["TBL001", "CMP001"]
    assert [f.span.line for f in before.findings] != [f.span.line for f in shifted.findings]
    fp = [fingerprints.fingerprint("a.md", f) for f in before.findings]
    assert fp == [fingerprints.fingerprint("a.md", f) for f in shifted.findings]
    assert fp[0] == fingerprints.fingerprint("a.md", changed.findings[0])  # the table did not change
    assert fp[1] != fingerprints.fingerprint("a.md", changed.findings[1])  # the flagged claim did
    assert fp[0] != fingerprints.fingerprint("b.md", before.findings[0])  # another file


def test_the_same_finding_twice_is_two_entries() -> None:
    twice = check_text(report(CLAIM, CLAIM))
    assert [f.check for f in twice.findings] == ["CMP001", "CMP001"]
    assert twice.findings[0].anchor != twice.findings[1].anchor
    once = check_text(report(CLAIM))
    assert once.findings[0].anchor == twice.findings[0].anchor  # the first keeps its identity


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_baseline_reports_only_the_new_error_and_the_fixed_entry(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    a = reports / "a.md"
    b = reports / "b.md"
    a.write_text(report(BREAKDOWN, CLAIM), encoding="utf-8")
    b.write_text(report(TABLE, COUNT), encoding="utf-8")
    first = run("check", "reports", "--format", "json", "--write-baseline", "auditor-baseline.json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr  # recorded findings are accepted
    assert "wrote 4 finding(s)" in first.stderr
    found = [("reports/a.md", "BRK001", line_of(a, "520.00")), ("reports/a.md", "CMP001", line_of(a, "会议费")),
             ("reports/b.md", "TBL001", line_of(b, "一、基本支出")), ("reports/b.md", "ENU001", line_of(b, "处室"))]
    assert problems(first) == found
    saved = json.loads((tmp_path / "auditor-baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["check"], e["line"]) for e in saved["findings"]] == found
    same = run("check", "reports", "--format", "json", "--baseline", "auditor-baseline.json", cwd=tmp_path)
    assert same.returncode == 0 and problems(same) == []
    assert json.loads(same.stdout)["baseline"] == {"file": "auditor-baseline.json", "matched": 4, "fixed": []}
    # the messages' language is not part of a finding's identity
    english = run("check", "reports", "--lang", "en", "--format", "json", "--baseline", "auditor-baseline.json", cwd=tmp_path)
    assert english.returncode == 0 and json.loads(english.stdout)["baseline"]["matched"] == 4

    # lines inserted above every finding of a.md, one finding fixed, a new error added
    a.write_text("前言第一段。\n\n前言第二段。\n\n" + report(BREAKDOWN_FIXED, CLAIM, CLAIM.replace("会议费", "培训费")), encoding="utf-8")
    after = run("check", "reports", "--format", "json", "--baseline", "auditor-baseline.json", cwd=tmp_path)
    assert after.returncode == 1
    assert problems(after) == [("reports/a.md", "CMP001", line_of(a, "培训费"))]
    assert line_of(a, "会议费") != found[1][2]  # the kept finding did move
    data = json.loads(after.stdout)
    assert data["summary"]["baselined"] == 3 and data["summary"]["errors"] == 1
    assert [f["baselined"] for f in data["files"]] == [1, 2]
    assert [(e["path"], e["check"], e["line"]) for e in data["baseline"]["fixed"]] == [found[0]]
    rich = run("check", "reports", "--baseline", "auditor-baseline.json", cwd=tmp_path)
    assert rich.returncode == 1
    assert "已匹配 3 条" in rich.stdout and "1 条已不再出现" in rich.stdout and f"已修正：reports/a.md:{found[0][2]} BRK001" in rich.stdout
    # the other formats say it on stderr
    gh = run("check", "reports", "--format", "github", "--baseline", "auditor-baseline.json", "--lang", "en", cwd=tmp_path)
    assert len(gh.stdout.splitlines()) == 1 and "title=CMP001" in gh.stdout
    assert "3 finding(s) matched" in gh.stderr and f"fixed: reports/a.md:{found[0][2]} BRK001" in gh.stderr


def test_fixed_entries_only_for_files_and_checks_that_ran(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(report(TABLE, CLAIM), encoding="utf-8")
    (tmp_path / "b.md").write_text(report(COUNT), encoding="utf-8")
    assert run("check", ".", "--write-baseline", "base.json", "--format", "json", cwd=tmp_path).returncode == 0
    only_a = run("check", "a.md", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert json.loads(only_a.stdout)["baseline"] == {"file": "base.json", "matched": 2, "fixed": []}
    only_tbl = run("check", ".", "--select", "TBL", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert json.loads(only_tbl.stdout)["baseline"]["matched"] == 1
    assert json.loads(only_tbl.stdout)["baseline"]["fixed"] == []


def test_settings_key_and_paths_relative_to_the_baseline(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(report(TABLE), encoding="utf-8")
    assert run("check", "drafts", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    (tmp_path / "auditor.toml").write_text('baseline = "base.json"\n', encoding="utf-8")
    # run from the sub-folder: the settings file and the baseline are found above it
    proc = run("check", "a.md", "--format", "json", cwd=tmp_path / "drafts")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["summary"]["baselined"] == 1
    (tmp_path / "drafts" / "a.md").write_text(report(TABLE, CLAIM), encoding="utf-8")
    proc = run("check", "a.md", "--format", "json", cwd=tmp_path / "drafts")
    assert proc.returncode == 1 and problems(proc) == [("a.md", "CMP001", line_of(tmp_path / "drafts" / "a.md", "会议费"))]


def test_bad_baselines_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(report(TABLE), encoding="utf-8")
    missing = run("check", "a.md", "--baseline", "nope.json", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nope.json" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    bad = run("check", "a.md", "--baseline", "bad.json", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("auditor: bad.json: not a baseline file")
    (tmp_path / "other.json").write_text('{"findings": []}', encoding="utf-8")
    assert run("check", "a.md", "--baseline", "other.json", cwd=tmp_path).returncode == 2
    both = run("check", "a.md", "--baseline", "x.json", "--write-baseline", "y.json", cwd=tmp_path)
    assert both.returncode == 2 and not (tmp_path / "y.json").exists()
    (tmp_path / "auditor.toml").write_text("baseline = 3\n", encoding="utf-8")
    assert run("check", "a.md", cwd=tmp_path).returncode == 2
