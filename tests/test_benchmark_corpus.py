"""The evaluation corpus of published reports (benchmarks/corpus): its manifest and verdicts
are well-formed, rebuild.py restores files from a local git mirror and refuses a wrong hash,
and precision.py matches findings to verdicts by fingerprint."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"
MANIFEST_COLUMNS = ["file", "sha256", "bytes", "province", "issuer", "year", "kind", "entity", "format", "source_repo", "source_commit", "source_path"]
VERDICT_COLUMNS = ["file", "page", "check", "severity", "fingerprint", "verdict", "reason"]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))


def test_manifest_is_well_formed_and_holds_no_putuo_document() -> None:
    rows = _rows(CORPUS / "manifest.tsv")
    assert list(rows[0].keys()) == MANIFEST_COLUMNS
    assert len(rows) >= 40 and len({r["file"] for r in rows}) == len(rows)
    for r in rows:
        assert re.fullmatch(r"[a-z0-9.-]+", r["file"]), r["file"]  # ASCII names
        assert re.fullmatch(r"[0-9a-f]{64}", r["sha256"]) and int(r["bytes"]) > 0
        assert re.fullmatch(r"[0-9a-f]{40}", r["source_commit"])
        assert r["kind"] in {"预算", "决算", "绩效自评", "other"} and r["entity"] in {"department", "unit", "other"}
        assert r["file"].lower().endswith("." + r["format"])
        assert "普陀" not in r["source_path"] and "putuo" not in r["file"]
    assert len({r["province"] for r in rows}) >= 6
    assert sum(r["format"] in {"docx", "xlsx", "xls"} for r in rows) >= 8


def test_verdicts_are_complete_and_refer_to_manifest_files() -> None:
    files = {r["file"] for r in _rows(CORPUS / "manifest.tsv")}
    rows = _rows(CORPUS / "verdicts.tsv")
    assert list(rows[0].keys())[: len(VERDICT_COLUMNS)] == VERDICT_COLUMNS
    keys = set()
    for r in rows:
        assert r["file"] in files
        assert r["verdict"] in {"true", "false"} and r["reason"].strip()
        assert r["severity"] in {"error", "warning"} and re.fullmatch(r"[0-9a-f]{32}", r["fingerprint"])
        assert r["verdict"] == "true" or r["class"].strip()  # every false alarm is classed
        keys.add((r["file"], r["fingerprint"]))
    assert len(keys) == len(rows)


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, str, bytes]:
    """A local 'mirror' of owner/name holding one report file at one commit."""
    work = tmp_path / "src"
    work.mkdir()
    _git("init", "-q", cwd=work)
    data = b"%PDF-1.4 not really a report\n"
    (work / "reports").mkdir()
    (work / "reports" / "r.pdf").write_bytes(data)
    _git("add", ".", cwd=work)
    _git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "r", cwd=work)
    commit = _git("rev-parse", "HEAD", cwd=work)
    mirrors = tmp_path / "mirrors"
    mirrors.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirrors / "owner+name" / "repo")], check=True)
    return mirrors, commit, data


def _manifest(path: Path, commit: str, sha: str, size: int) -> Path:
    row = dict(
        file="x-y-2024-yusuan.pdf",
        sha256=sha,
        bytes=str(size),
        province="x",
        issuer="y",
        year="2024",
        kind="预算",
        entity="department",
        format="pdf",
        source_repo="owner/name",
        source_commit=commit,
        source_path="reports/r.pdf",
    )
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    return path


def _rebuild(args: list[str], mirrors: Path) -> subprocess.CompletedProcess:
    env = {"AUDITOR_CORPUS_MIRRORS": str(mirrors), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, str(CORPUS / "rebuild.py"), *args], capture_output=True, text=True, env=env)


def test_rebuild_restores_a_file_from_the_mirror_and_verifies_it(tmp_path: Path, mirror) -> None:
    mirrors, commit, data = mirror
    manifest = _manifest(tmp_path / "m.tsv", commit, hashlib.sha256(data).hexdigest(), len(data))
    out = tmp_path / "corpus"
    done = _rebuild([str(out), "--manifest", str(manifest)], mirrors)
    assert done.returncode == 0, done.stdout
    assert "rebuilt  x-y-2024-yusuan.pdf" in done.stdout
    assert (out / "x-y-2024-yusuan.pdf").read_bytes() == data
    again = _rebuild([str(out), "--manifest", str(manifest)], mirrors)
    assert again.returncode == 0 and "ok       x-y-2024-yusuan.pdf" in again.stdout


def test_rebuild_refuses_a_wrong_hash_and_names_what_to_fetch(tmp_path: Path, mirror) -> None:
    mirrors, commit, data = mirror
    bad = _manifest(tmp_path / "bad.tsv", commit, "0" * 64, len(data))
    done = _rebuild([str(tmp_path / "c1"), "--manifest", str(bad)], mirrors)
    assert done.returncode == 1 and "MISMATCH x-y-2024-yusuan.pdf" in done.stdout
    assert not (tmp_path / "c1" / "x-y-2024-yusuan.pdf").exists()
    missing = _rebuild([str(tmp_path / "c2"), "--manifest", str(bad)], tmp_path / "no-mirrors")
    assert missing.returncode == 1
    assert "missing  x-y-2024-yusuan.pdf: fetch github:owner/name reports/r.pdf" in missing.stdout


def test_precision_matches_findings_to_verdicts_by_fingerprint(tmp_path: Path, monkeypatch, capsys) -> None:
    precision = _load("precision_under_test", ROOT / "benchmarks" / "precision.py")
    folder = tmp_path / "corpus"
    folder.mkdir()
    finding = {"severity": "error", "page": 3, "line": 1, "message": "m"}
    fake = {
        "files": [
            {
                "path": "a.pdf",
                "findings": [
                    {**finding, "check": "TBL001", "fingerprint": "1" * 32},
                    {**finding, "check": "TBL001", "fingerprint": "2" * 32},
                    {**finding, "check": "RAT001", "fingerprint": "3" * 32},
                    {**finding, "severity": "info", "check": "RAT001", "fingerprint": "4" * 32},
                ],
                "identities": [
                    {"name": "收入总计=支出总计", "status": "not attempted", "reason": "no 收支总表"},
                    {"name": "基本支出=人员+公用", "status": "held"},
                ],
            },
            {"path": "b.xlsx", "findings": [{**finding, "check": "TBL001", "fingerprint": "5" * 32}]},
            {"path": "c.xls", "error": "Excel 97-2003 workbook (.xls) is not read", "findings": []},
        ]
    }
    monkeypatch.setattr(precision, "run_auditor", lambda folder, jobs, manifest=None: fake)
    verdicts = tmp_path / "v.tsv"
    with verdicts.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow([*VERDICT_COLUMNS, "class", "message"])
        w.writerow(["a.pdf", "3", "TBL001", "error", "1" * 32, "true", "real", "", "m"])
        w.writerow(["a.pdf", "3", "TBL001", "error", "2" * 32, "false", "panels", "side-by-side-panels", "m"])
        w.writerow(["b.xlsx", "Sheet!C3", "TBL001", "error", "5" * 32, "false", "hidden", "hidden-column", "m"])
        w.writerow(["a.pdf", "9", "REP001", "error", "9" * 32, "true", "gone", "", "m"])
    assert precision.main(["precision.py", str(folder), "--verdicts", str(verdicts)]) == 0
    out = capsys.readouterr().out
    assert "PDF: precision 50.0% (1 true / 2 judged; 1 without a verdict)" in out
    assert "Word/Excel: precision 0.0% (0 true / 1 judged; 0 without a verdict)" in out
    assert "overall: precision 33.3% (1 true / 3 judged; 1 without a verdict)" in out
    assert "a.pdf 3 RAT001: m" in out  # the new finding is listed, the info is not counted
    assert "1 true (catches lost), 0 false" in out and "lost: a.pdf 9 REP001: m" in out
    assert "matched to a verdict by message (fingerprint moved): 0" in out
    assert "a.pdf: 收入总计=支出总计 (no 收支总表)" in out and "基本支出" not in out.split("not attempted")[-1]
    assert "c.xls: Excel 97-2003" in out
    assert "1  side-by-side-panels" in out and "1  hidden-column" in out


def test_precision_takes_a_verdict_by_message_when_the_fingerprint_moved(tmp_path: Path, monkeypatch, capsys) -> None:
    precision = _load("precision_under_test2", ROOT / "benchmarks" / "precision.py")
    folder = tmp_path / "corpus"
    folder.mkdir()
    moved = {"severity": "error", "check": "TBL002", "page": 4, "message": "「合计」 10 不等于各分列之和 11"}
    fake = {
        "files": [
            {
                "path": "a.pdf",
                "findings": [
                    {**moved, "fingerprint": "8" * 32},  # same place and words, new fingerprint: takes the verdict
                    {**moved, "page": 5, "fingerprint": "6" * 32},  # another page: new
                    {**moved, "fingerprint": "1" * 32},  # its own verdict, matched by fingerprint
                    {**moved, "fingerprint": "2" * 32},  # same words again, but no unmatched verdict left: new
                ],
            }
        ]
    }
    monkeypatch.setattr(precision, "run_auditor", lambda folder, jobs, manifest=None: fake)
    verdicts = tmp_path / "v.tsv"
    with verdicts.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow([*VERDICT_COLUMNS, "class", "message"])
        w.writerow(["a.pdf", "4", "TBL002", "error", "7" * 32, "false", "panels", "side-by-side-panels", moved["message"]])
        w.writerow(["a.pdf", "4", "TBL002", "error", "1" * 32, "true", "real", "", moved["message"]])
    assert precision.main(["precision.py", str(folder), "--verdicts", str(verdicts)]) == 0
    out = capsys.readouterr().out
    assert "PDF: precision 50.0% (1 true / 2 judged; 2 without a verdict)" in out
    assert "matched to a verdict by message (fingerprint moved): 1" in out
    assert "0 true (catches lost), 0 false (false alarms gone)" in out
    assert "a.pdf 5 TBL002" in out and "a.pdf 4 TBL002" in out


def test_precision_never_fails_its_caller(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "precision.py"), str(tmp_path / "absent")], capture_output=True, text=True)
    assert done.returncode == 0 and "no such folder" in done.stdout
    json.dumps(done.stdout)  # printable


def test_precision_runs_on_the_documents_its_manifest_lists(tmp_path: Path, monkeypatch) -> None:
    """A set of Markdown conversions lists its ``.md`` files: those are run, not the folder's
    notes; without a manifest, the folder's PDF, Word and Excel files are."""
    precision = _load("precision_manifest_under_test", ROOT / "benchmarks" / "precision.py")
    folder = tmp_path / "set"
    folder.mkdir()
    for name in ("a.md", "notes.md", "b.pdf"):
        (folder / name).write_text("x", encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("file\tsha256\na.md\t0\n", encoding="utf-8")
    ran: list[list[str]] = []

    class Done:
        stdout, stderr = '{"files": []}', ""

    monkeypatch.setattr(precision.subprocess, "run", lambda cmd, **kw: ran.append(cmd) or Done())
    precision.run_auditor(folder, 1, manifest)
    precision.run_auditor(folder, 1, tmp_path / "none.tsv")
    assert ran[0][-1:] == ["a.md"] and "notes.md" not in ran[0]
    assert ran[1][-1:] == ["b.pdf"] and "a.md" not in ran[1]
