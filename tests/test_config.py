"""Settings files: auditor.toml or [tool.auditor] in pyproject.toml; flags win; bad keys fail loudly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = "（一）投入。该指标分值 20 分，自评得分 20 分。\n\n（二）过程。该指标分值 30 分，自评得分 28 分。\n\n（三）产出。该指标分值 40 分，自评得分 36 分。\n"
SCORES = "经自评，总得分为 84 分，等级为“优”。\n\n（一）该指标分值 50 分，自评得分 42 分。\n\n（二）该指标分值 50 分，自评得分 42 分。\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)


def codes(proc: subprocess.CompletedProcess) -> list[str]:
    return sorted(f["check"] for file in json.loads(proc.stdout)["files"] for f in file["findings"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "weights.md").write_text(WEIGHTS, encoding="utf-8")
    (tmp_path / "reports" / "scores.md").write_text(SCORES, encoding="utf-8")
    return tmp_path


def test_without_settings_the_defaults_hold(project: Path) -> None:
    assert codes(run(project, "reports")) == ["SCR002", "SCR004"]  # 90 of 100; 84 is 良, not 优


def test_auditor_toml_in_a_parent_folder_sets_options_for_every_worker(project: Path) -> None:
    (project / "auditor.toml").write_text('[checks.SCR002]\nfull_mark = 90\n\n[checks.SCR004]\nbands = [["优", 80], ["良", 70], ["中", 60], ["差", 0]]\n', encoding="utf-8")
    for jobs in ("1", "2"):
        proc = run(project / "reports", ".", "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        assert codes(proc) == []


def test_tool_auditor_in_pyproject_and_flags_win(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\nignore = ["SCR004"]\nlang = "en"\n', encoding="utf-8")
    proc = run(project, "reports")
    assert codes(proc) == ["SCR002"]
    assert "does not equal" in proc.stdout or "add up" in proc.stdout  # English messages
    assert codes(run(project, "reports", "--ignore", "SCR002")) == ["SCR004"]  # the flag replaces the file's list


def test_explicit_config_path(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "strict.toml"
    other.write_text('select = ["SCR004"]\n', encoding="utf-8")
    assert codes(run(project, "reports", "--config", str(other))) == ["SCR004"]


@pytest.mark.parametrize(
    "content, words",
    [
        ('selct = ["TBL"]\n', "unknown setting selct"),
        ('[checks.SCR002]\nfull_marks = 90\n', "[checks.SCR002] full_marks"),
        ('[checks.XYZ001]\nx = 1\n', "[checks.XYZ001]: no such check"),
        ('lang = "fr"\n', "lang must be one of"),
        ('select = [\n', "not valid TOML"),
        ('select = ["NOPE"]\n', "auditor.toml: unknown check NOPE"),
    ],
)
def test_a_bad_setting_is_one_clear_line_and_exit_2(project: Path, content: str, words: str) -> None:
    (project / "auditor.toml").write_text(content, encoding="utf-8")
    proc = run(project, "reports")
    assert proc.returncode == 2
    assert words in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
