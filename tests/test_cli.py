"""The command line: exit codes, JSON schema, unreadable files, selection, read-only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_TABLE = "单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n"
GOOD_TABLE = BAD_TABLE.replace("9.00", "8.00")


def run(*args: str, env: dict | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8", env=e, cwd=cwd)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.md"
    good.write_text(GOOD_TABLE, encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text(BAD_TABLE, encoding="utf-8")
    return {"good": good, "bad": bad, "dir": tmp_path}


def test_exit_0_when_clean(files) -> None:
    proc = run("check", str(files["good"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "未发现问题" in proc.stdout


def test_exit_1_on_errors(files) -> None:
    proc = run("check", str(files["bad"]))
    assert proc.returncode == 1
    assert "error[TBL001]" in proc.stdout


def test_exit_2_on_unreadable_file_and_others_still_checked(files, tmp_path) -> None:
    missing = tmp_path / "missing.md"
    proc = run("check", str(missing), str(files["bad"]), "--format", "json")
    assert proc.returncode == 2
    assert "missing.md" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    data = json.loads(proc.stdout)
    assert data["files"][0]["findings"][0]["check"] == "TBL001"


@pytest.mark.parametrize(
    "content, words",
    [(b"", "empty"), (b"\x00\x01\x02binary\x00", "binary"), (b"\xff\xfe\xfa\x00\x00\xd8", "utf-16"), (b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "binary")],
)
def test_bad_input_gets_one_clear_line(tmp_path, content: bytes, words: str) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr and words in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_gbk_and_utf16_files_are_read(tmp_path) -> None:
    for enc, name in (("gb18030", "gbk.md"), ("utf-16", "u16.md"), ("utf-8-sig", "bom.md")):
        (tmp_path / name).write_bytes(BAD_TABLE.encode(enc))
    proc = run("check", str(tmp_path), "--format", "json")
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [len(f["findings"]) for f in data["files"]] == [1, 1, 1]


def test_usage_errors_exit_2() -> None:
    assert run("check").returncode == 2
    assert run("check", "x.md", "--format", "xml").returncode == 2
    proc = run("check", "x.md", "--select", "NOPE999")
    assert proc.returncode == 2 and "NOPE999" in proc.stderr
    assert run("frobnicate").returncode == 2


def test_folder_without_reports(tmp_path) -> None:
    (tmp_path / "notes.odt").write_bytes(b"PK")
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2 and "no reports (.md .txt .pdf .docx .xlsx)" in proc.stderr


def test_json_schema(files) -> None:
    proc = run("check", str(files["bad"]), str(files["good"]), "--format", "json", "--lang", "en")
    data = json.loads(proc.stdout)
    assert set(data) == {"files", "summary"}
    assert [f["path"] for f in data["files"]] == [str(files["bad"]), str(files["good"])]
    finding = data["files"][0]["findings"][0]
    for key, typ in [("check", str), ("severity", str), ("message", str), ("line", int), ("column", int), ("end_line", int), ("end_column", int), ("related", list)]:
        assert isinstance(finding[key], typ), key
    assert finding["severity"] in ("error", "warning", "info")
    assert isinstance(finding["hint"], str) and "8.00" in finding["hint"]
    assert finding["message"].isascii() is False or "does not equal" in finding["message"]
    assert "does not equal" in finding["message"]
    for rel in finding["related"]:
        assert isinstance(rel["line"], int) and isinstance(rel["column"], int) and isinstance(rel["message"], str)
    # 1-based line/column in characters of the decoded text
    text = BAD_TABLE.splitlines()[finding["line"] - 1]
    assert text[finding["column"] - 1 : finding["end_column"] - 1] == "9.00"
    s = data["summary"]
    assert s["errors"] == 1 and s["files"] == 2 and s["warnings"] == 0


def test_chinese_is_the_default_language(files) -> None:
    data = json.loads(run("check", str(files["bad"]), "--format", "json").stdout)
    assert "不等于" in data["files"][0]["findings"][0]["message"]


def test_select_and_ignore(files) -> None:
    assert run("check", str(files["bad"]), "--ignore", "TBL001").returncode == 0
    assert run("check", str(files["bad"]), "--select", "TBL002").returncode == 0
    assert run("check", str(files["bad"]), "--select", "table.total-mismatch").returncode == 1


def test_no_colour_when_piped_or_no_color(files) -> None:
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}):
        proc = run("check", str(files["bad"]), env=env)
        assert "\x1b[" not in proc.stdout


def test_checks_and_explain() -> None:
    proc = run("checks")
    assert proc.returncode == 0 and "TBL001" in proc.stdout and "table.total-mismatch" in proc.stdout
    proc = run("explain", "TBL001")
    assert proc.returncode == 0 and "反例" in proc.stdout and "正例" in proc.stdout
    assert run("explain", "XYZ999").returncode == 2


def test_files_are_never_written(files) -> None:
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (files["good"], files["bad"])}
    run("check", str(files["dir"]), "--format", "json")
    run("check", str(files["dir"]))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (files["good"], files["bad"])}
    assert before == after
    assert sorted(p.name for p in files["dir"].iterdir()) == ["bad.md", "good.md"]


def test_fail_on_sets_which_findings_make_exit_code_1(tmp_path) -> None:
    # a doubled character at a page break is a warning; mixed brackets an info
    text = "推进事业单位人事制度改革，完善岗位设置和公开招聘管理\n\n理制度，规范聘用合同管理。\n"
    path = tmp_path / "w.md"
    path.write_text(text, encoding="utf-8")
    assert run("check", str(path)).returncode == 1
    assert run("check", str(path), "--fail-on", "error").returncode == 0
    assert run("check", str(path), "--fail-on", "never").returncode == 0
    assert run("check", str(path), "--fail-on", "warning").returncode == 1
    assert run("check", "x.md", "--fail-on", "sometimes").returncode == 2


def test_a_report_on_standard_input() -> None:
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "-", "--format", "json"], input=BAD_TABLE.encode("gb18030"),
                          capture_output=True, check=False)
    assert proc.returncode == 1
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["files"][0]["path"] == "<stdin>" and data["files"][0]["findings"][0]["check"] == "TBL001"
    empty = subprocess.run([sys.executable, "-m", "auditor", "check", "-"], input=b"", capture_output=True, check=False)
    assert empty.returncode == 2 and b"<stdin>: empty file" in empty.stderr


def test_legacy_and_broken_office_files_in_a_folder(files) -> None:
    """Each bad file gets one line naming it and the problem; the good reports are still checked."""
    (files["dir"] / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (files["dir"] / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (files["dir"] / "cut.docx").write_bytes(b"PK\x03\x04" + b"\0" * 30)
    proc = run("check", "--format", "json", str(files["dir"]))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in proc.stderr
    assert any("old.doc" in x and "soffice --headless --convert-to docx" in x for x in lines)
    assert any("old.xls" in x and "--convert-to xlsx" in x for x in lines)
    assert any("cut.docx" in x and "truncated" in x for x in lines)
    data = json.loads(proc.stdout)
    checked = {Path(f["path"]).name: f for f in data["files"]}
    assert checked["bad.md"]["findings"][0]["check"] == "TBL001"
    assert "error" in checked["old.doc"] and checked["old.doc"]["findings"] == []


def test_extract_prints_what_the_reader_saw(files) -> None:
    proc = run("extract", str(files["good"]))
    assert proc.returncode == 0 and proc.stdout == GOOD_TABLE
    proc = run("extract", str(files["dir"] / "missing.pdf"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "missing.pdf" in proc.stderr


def test_output_piped_into_a_reader_that_closes_early_is_quiet(files) -> None:
    """`auditor check ... | head -1`: no error line about the pipe, no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "check", "--format", "sarif", str(files["bad"])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "cannot write" not in err
