"""Checking on a Dask cluster (``--scheduler``): a LocalCluster on loopback with two
workers; the output must be the same byte for byte as a local run, the files' bytes
travel with the tasks, the cache works as locally, and a bad address is one line.

The workers are threads of this process (``processes=False``): it starts in well under a
second where worker processes take several on a busy 2-core machine, and the `auditor`
command still talks to the scheduler over TCP from another process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

ROOT = Path(__file__).resolve().parent.parent
FOSHAN = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"
PUTUO = ROOT / "samples" / "real" / "putuo-commerce-2025-department-budget.md"
BAD = "单位：万元\n\n项目\t金额\n一、基本支出\t9.00\n人员经费\t5.00\n公用经费\t3.00\n"
STATS = re.compile(r"checked (\d+), from cache (\d+)")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None,
    ) as cluster:
        assert len(cluster.workers) == 2
        yield cluster.scheduler_address


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "sub").mkdir(parents=True)
    (reports / "foshan.md").write_bytes(FOSHAN.read_bytes())
    (reports / "sub" / "putuo.md").write_bytes(PUTUO.read_bytes())
    (reports / "bad.txt").write_text(BAD, encoding="utf-8")
    (reports / "empty.md").write_bytes(b"")
    for i in range(6):  # more documents than workers, so that they finish out of order
        (reports / f"copy{i}.md").write_text(BAD.replace("9.00", f"{8 + i}.00"), encoding="utf-8")
    return reports


def run(*args: str, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if cache is not None:
        env["AUDITOR_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "auditor", "check", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=120, check=False)


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_same_output_as_a_local_run(scheduler, folder, fmt) -> None:
    # relative paths from another folder than the workers' (this process's): a worker
    # that tried to open the file instead of using the bytes sent would fail
    local = run("--no-cache", "--format", fmt, "--jobs", "1", "reports", cwd=folder.parent)
    remote = run("--no-cache", "--format", fmt, "--stats", "--scheduler", scheduler, "reports", cwd=folder.parent)
    assert remote.returncode == local.returncode == 2  # the empty file
    assert remote.stdout == local.stdout
    assert f"cluster {scheduler}" in remote.stderr and STATS.search(remote.stderr).groups() == ("9", "0")
    assert "reports/empty.md: empty file" in remote.stderr
    assert "Traceback" not in remote.stderr


def test_cluster_and_cache(scheduler, folder, tmp_path) -> None:
    cache = tmp_path / "cache"
    first = run("--format", "json", "--stats", "--scheduler", scheduler, str(folder), cwd=tmp_path, cache=cache)
    assert STATS.search(first.stderr).groups() == ("9", "0")
    (folder / "bad.txt").write_text(BAD.replace("9.00", "8.00"), encoding="utf-8")
    second = run("--format", "json", "--stats", "--scheduler", scheduler, str(folder), cwd=tmp_path, cache=cache)
    assert STATS.search(second.stderr).groups() == ("1", "8")
    local = run("--format", "json", "--stats", "--jobs", "1", str(folder), cwd=tmp_path, cache=cache)
    assert STATS.search(local.stderr).groups() == ("0", "9")  # the cluster's results were cached here
    assert local.stdout == second.stdout


def test_bad_scheduler_address_is_one_line(tmp_path) -> None:
    proc = run("--scheduler", "not an address", str(FOSHAN), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "scheduler address" in proc.stderr


def test_unreachable_scheduler() -> None:
    from auditor.running import cluster

    with pytest.raises(cluster.ClusterError, match="cannot reach the Dask scheduler"):
        cluster.connect("tcp://127.0.0.1:9", timeout=1)
