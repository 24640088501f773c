"""One guard for every write: --output, --write-baseline and --annotate never write to a
file being checked (by path, through a symlink, or through a hard link), and a refused
write leaves the input byte for byte as it was, exit 2 with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = "# 2023 年度部门决算说明\n\n2023 年本单位支出合计 520.00 万元，其中：基本支出 300.00 万元，项目支出 210.00 万元。\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("flag", ["--write-baseline", "--output"])
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "in-folder"])
def test_a_write_onto_an_input_is_refused_and_the_input_kept(tmp_path: Path, flag: str, how: str) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    src = folder / "a.md"
    src.write_text(REPORT, encoding="utf-8")
    target = {"same": src, "symlink": tmp_path / "link.json", "hardlink": tmp_path / "hard.json", "in-folder": src}[how]
    if how == "symlink":
        target.symlink_to(src)
    elif how == "hardlink":
        os.link(src, target)
    checked = str(folder) if how == "in-folder" else str(src)
    proc = run("check", flag, str(target), checked, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "never writes to the files it reads" in lines[0] and flag in lines[0]
    assert src.read_text(encoding="utf-8") == REPORT


def test_output_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    proc = run("check", "--format", "json", "--output", str(link), "a.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert elsewhere.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and '"BRK' in link.read_text(encoding="utf-8")


def test_write_baseline_elsewhere_still_works(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    proc = run("check", "--write-baseline", "base.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"findings"' in (tmp_path / "base.json").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".auditor-")]  # no temporary file left
