"""The pre-commit hook, run by the real ``pre-commit`` tool in a temporary repository of
report drafts that uses a git copy of this tree as its hook repository (no other network
than PyPI, from which pre-commit's pip installs the hook's dependencies)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = """# 2023 年度部门决算说明

单位：万元

| 项目 | 决算数 |
| --- | --- |
| 一、基本支出 | 120.50 |
| 人员经费 | 80.20 |
| 公用经费 | 30.30 |
| 二、项目支出 | 45.00 |
| 合计 | 165.50 |
"""
GOOD = BAD.replace("120.50", "110.50").replace("165.50", "155.50")
IGNORED = {".git", ".venv", ".venv-wheel", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist", "out"}

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("precommit-home")
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    e.update(PRE_COMMIT_HOME=str(home / "cache"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
             GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(home / "gitconfig"), NO_COLOR="1")
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    # pre-commit and the git hook it installs are found next to this interpreter
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    return e


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """A git repository holding this tree as it is now (committed or not)."""
    repo = tmp_path_factory.mktemp("hook-repo") / "auditor"
    shutil.copytree(ROOT, repo, ignore=lambda d, names: [n for n in names if n in IGNORED or n.endswith(".egg-info")])
    git("init", "-q", cwd=repo, env=env)
    git("add", "-A", cwd=repo, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=repo, env=env)
    return repo, git("rev-parse", "HEAD", cwd=repo, env=env).stdout.strip()


@pytest.fixture
def drafts(tmp_path: Path, env, hook_repo) -> Path:
    repo, rev = hook_repo
    d = tmp_path / "drafts"
    d.mkdir()
    git("init", "-q", cwd=d, env=env)
    (d / ".pre-commit-config.yaml").write_text(f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: auditor\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=d, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return d


def commit(d: Path, env: dict, message: str) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", "-A"], cwd=d, env=env, check=True)
    proc = subprocess.run(["git", "commit", "-m", message], cwd=d, env=env, capture_output=True, text=True)
    proc.stdout += proc.stderr  # git runs the hook with its output on stderr
    return proc


def test_hook_fails_a_commit_with_an_error_and_passes_a_clean_one(drafts: Path, env) -> None:
    (drafts / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    first = commit(drafts, env, "no report yet")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "(no files to check)Skipped" in first.stdout  # no report among the files

    (drafts / "决算说明.md").write_text(BAD, encoding="utf-8")
    bad = commit(drafts, env, "a report with an error")
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "TBL001" in bad.stdout and "决算说明.md" in bad.stdout
    log = subprocess.run(["git", "log", "--oneline"], cwd=drafts, env=env, capture_output=True, text=True).stdout
    assert "a report with an error" not in log

    (drafts / "决算说明.md").write_text(GOOD, encoding="utf-8")
    good = commit(drafts, env, "the report fixed")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    log = subprocess.run(["git", "log", "--oneline"], cwd=drafts, env=env, capture_output=True, text=True).stdout
    assert "the report fixed" in log
