"""The results cache: a second run on an unchanged folder checks nothing, a changed file
is checked again, a corrupt entry is ignored and rewritten, and the output is the same
byte for byte with and without the cache."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor import cli, engine

ROOT = Path(__file__).resolve().parent.parent
FOSHAN = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"
PUTUO = ROOT / "samples" / "real" / "putuo-commerce-2025-department-budget.md"
BAD = "单位：万元\n\n项目\t金额\n一、基本支出\t9.00\n人员经费\t5.00\n公用经费\t3.00\n"
STATS = re.compile(r"checked (\d+), from cache (\d+)")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    reports = tmp_path / "reports"
    (reports / "sub").mkdir(parents=True)
    (reports / "foshan.md").write_bytes(FOSHAN.read_bytes())
    (reports / "sub" / "putuo.md").write_bytes(PUTUO.read_bytes())
    (reports / "bad.txt").write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    return reports


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """Every document the engine checks in this process, by name."""
    seen: list[str] = []
    real = engine.check_text

    def counting(text, path, checks, *rest):
        seen.append(path)
        return real(text, path, checks, *rest)

    monkeypatch.setattr(engine, "check_text", counting)
    return seen


def run(capsys, *args: str) -> tuple[int, str, tuple[int, int]]:
    code = cli.main(["check", "--stats", *args])
    out, err = capsys.readouterr()
    m = STATS.search(err)
    assert m, err
    return code, out, (int(m.group(1)), int(m.group(2)))


def test_second_run_checks_nothing_and_prints_the_same(folder, counted, capsys) -> None:
    code1, out1, stats1 = run(capsys, "--format", "json", "--jobs", "1", str(folder))
    assert stats1 == (3, 0) and len(counted) == 3
    code2, out2, stats2 = run(capsys, "--format", "json", "--jobs", "1", str(folder))
    assert stats2 == (0, 3)
    assert len(counted) == 3, "a cached run checked a document"
    assert (code1, out1) == (code2, out2)
    assert json.loads(out1)["summary"]["errors"] >= 2  # the sample's error and the planted table total


@pytest.mark.parametrize("fmt", ["rich", "json"])
def test_output_identical_with_and_without_cache(folder, capsys, fmt) -> None:
    _, fresh, _ = run(capsys, "--format", fmt, "--no-cache", "--show-verified", str(folder))
    assert not (folder.parent / "cache").exists(), "--no-cache wrote a cache"
    _, first, stats = run(capsys, "--format", fmt, "--show-verified", str(folder))
    assert stats == (3, 0)
    _, cached, stats = run(capsys, "--format", fmt, "--show-verified", str(folder))
    assert stats == (0, 3)
    assert fresh == first == cached
    if fmt == "rich":  # the code frames need the text, which came from the cache
        assert "分页处" in cached and "│" in cached


def test_worker_processes_share_the_cache(folder, capsys) -> None:
    _, out1, stats = run(capsys, "--format", "json", "--jobs", "2", str(folder))
    assert stats == (3, 0)
    _, out2, stats = run(capsys, "--format", "json", "--jobs", "2", str(folder))
    assert stats == (0, 3)
    _, out3, stats = run(capsys, "--format", "json", "--jobs", "1", str(folder))
    assert stats == (0, 3)
    assert out1 == out2 == out3


def test_a_changed_file_is_checked_again(folder, counted, capsys) -> None:
    run(capsys, "--format", "json", "--jobs", "1", str(folder))
    (folder / "bad.txt").write_text(BAD.replace("9.00", "8.00"), encoding="utf-8")
    counted.clear()
    _, out, stats = run(capsys, "--format", "json", "--jobs", "1", str(folder))
    assert stats == (1, 2) and counted == [str(folder / "bad.txt")]
    bad = next(f for f in json.loads(out)["files"] if f["path"].endswith("bad.txt"))
    assert bad["findings"] == [] and bad["verified_count"] >= 1


def test_other_checks_or_options_are_other_entries(folder, capsys) -> None:
    run(capsys, "--format", "json", str(folder))
    _, out, stats = run(capsys, "--format", "json", "--select", "TBL", str(folder))
    assert stats == (3, 0)
    assert {f["check"] for x in json.loads(out)["files"] for f in x["findings"]} == {"TBL001"}
    _, _, stats = run(capsys, "--format", "json", "--select", "TBL", str(folder))
    assert stats == (0, 3)


def test_the_name_s_suffix_is_part_of_the_key(folder, capsys, tmp_path) -> None:
    # the same bytes as .md and as .txt are read by different readers' settings
    (folder / "copy.md").write_text(BAD, encoding="utf-8")
    _, _, stats = run(capsys, "--format", "json", str(folder))
    assert stats == (4, 0)


def entries(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").rglob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: b"\x00garbage",  # not JSON
        lambda raw: raw.replace(b'"severity":"error"', b'"severity":"fatal"'),  # does not validate
        lambda raw: raw.replace(b'"key":"', b'"key":"0', 1),  # another file's entry under this name
        lambda raw: b"[]",  # valid JSON, wrong shape
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(folder, capsys, counted, damage) -> None:
    _, out1, _ = run(capsys, "--format", "json", "--jobs", "1", str(folder / "bad.txt"))
    (entry,) = entries(folder)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    counted.clear()
    _, out2, stats = run(capsys, "--format", "json", "--jobs", "1", str(folder / "bad.txt"))
    assert stats == (1, 0) and len(counted) == 1
    assert out2 == out1
    assert json.loads(entry.read_bytes()) == json.loads(good)  # rewritten whole
    _, _, stats = run(capsys, "--format", "json", "--jobs", "1", str(folder / "bad.txt"))
    assert stats == (0, 1)


def test_cache_folder_is_tagged_and_ignored_by_git(folder, capsys) -> None:
    run(capsys, "--format", "json", str(folder))
    cache = folder.parent / "cache"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not list(cache.rglob(".tmp-*")), "a temporary file was left behind"
    assert len(entries(folder)) == 3


def test_default_folder_is_in_the_current_folder(folder, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("AUDITOR_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    run(capsys, "--format", "json", str(folder))
    assert (tmp_path / ".auditor_cache" / "CACHEDIR.TAG").is_file()
    _, _, stats = run(capsys, "--format", "json", str(folder))
    assert stats == (0, 3)


def test_unwritable_cache_does_not_fail_the_run(folder, capsys, monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))
    code, out, stats = run(capsys, "--format", "json", str(folder))
    assert code == 1 and stats == (3, 0)
    assert json.loads(out)["summary"]["files_checked"] == 3


def test_unreadable_files_are_not_cached(folder, capsys) -> None:
    (folder / "empty.md").write_bytes(b"")
    code, _, stats = run(capsys, "--format", "json", str(folder))
    assert code == 2 and stats == (3, 0)
    code, _, stats = run(capsys, "--format", "json", str(folder))
    assert code == 2 and stats == (0, 3)
    assert len(entries(folder)) == 3


def test_concurrent_runs_share_one_cache(folder, tmp_path) -> None:
    import os
    import subprocess
    import sys

    for i in range(8):
        (folder / f"more{i}.md").write_text(BAD.replace("9.00", f"{10 + i}.00"), encoding="utf-8")
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "auditor", "check", "--format", "json", "--jobs", "2", str(folder)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert len({out for out, _ in outs}) == 1 and all(p.returncode == 1 for p in procs)
    assert not list((tmp_path / "cache").rglob(".tmp-*"))
    for entry in entries(folder):
        json.loads(entry.read_bytes())  # whole entries only
    last = subprocess.run([*cmd, "--stats"], capture_output=True, env=env, timeout=300, check=False)
    assert STATS.search(last.stderr.decode()).groups() == ("0", "11")
    assert last.stdout == outs[0][0]


def test_baseline_from_cached_results_is_the_same(folder, capsys, tmp_path) -> None:
    first, second = tmp_path / "b1.json", tmp_path / "b2.json"
    _, _, stats = run(capsys, "--format", "json", "--write-baseline", str(first), str(folder))
    assert stats == (3, 0)
    _, _, stats = run(capsys, "--format", "json", "--write-baseline", str(second), str(folder))
    assert stats == (0, 3)
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["findings"]
