"""Packaging: the wheel installs the built-in checks as ``auditor_checks`` (never a
top-level ``checks``), holds every module of the source tree, registers the families
through its entry points, and runs from an installation outside the source tree."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import auditor

ROOT = Path(__file__).resolve().parent.parent


def test_version_flag() -> None:
    from importlib.metadata import version

    proc = subprocess.run([sys.executable, "-m", "auditor", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert proc.stdout.strip() == f"auditor {project}"
    assert auditor.__version__ == project == version("auditor")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("auditor-*.whl")
    return whl


@pytest.mark.slow
def test_the_wheel_has_no_top_level_checks_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert "checks" not in tops
    assert {t for t in tops if not t.endswith(".dist-info")} == {"auditor", "auditor_checks"}
    # every module of the source tree is in the wheel (a new sub-package must be listed in pyproject.toml)
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "auditor").rglob("*.py")}
    source |= {"auditor_checks/" + p.name for p in (ROOT / "checks").glob("*.py")}
    assert source <= set(names), sorted(source - set(names))
    assert "auditor/py.typed" in names
    # the entry points name the installed package
    (ep,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser()
    parser.read_string(zipfile.ZipFile(wheel).read(ep).decode())
    families = dict(parser["auditor.checks"])
    assert len(families) == len(list((ROOT / "checks").glob("[!_]*.py")))
    assert all(v.startswith("auditor_checks.") for v in families.values())
    assert parser["console_scripts"]["auditor"] == "auditor.cli:main"


@pytest.mark.slow
def test_the_installed_wheel_checks_the_sample(wheel: Path, tmp_path: Path) -> None:
    """The wheel installed (without its dependencies, which this test borrows from the
    running environment) into a fresh environment, run from a folder outside the source
    tree: the checks come from the wheel's auditor_checks, and `checks` is not importable.
    (.ci/run does the full install of the wheel with its dependencies from PyPI.)"""
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # dependencies from this environment; a plain path entry, so its editable-install hooks do not run
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # --ignore-installed: the borrowed environment may hold auditor itself (a regular install
    # in CI); it must neither satisfy the requirement nor be uninstalled
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed", "-q", str(wheel)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    work = tmp_path / "work"
    shutil.copytree(ROOT / "samples", work / "samples")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import auditor, auditor_checks, importlib.util; "
                            "print(auditor.__file__); print(auditor_checks.__file__); print(importlib.util.find_spec('checks'))"],
                           capture_output=True, text=True, cwd=work, env=env, check=True).stdout.split()
    assert where[0].startswith(str(site)) and where[1].startswith(str(site)), where
    assert where[2] == "None"
    script = env_dir / "bin" / "auditor"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, cwd=work, env=env)
    assert version.stdout.strip() == f"auditor {auditor.__version__}"
    run = subprocess.run([str(script), "check", "samples/", "--format", "json"], capture_output=True, text=True, cwd=work, env=env)
    assert run.returncode == 1, run.stderr  # the Foshan sample has real errors
    assert "could not load" not in run.stderr
    import json

    summary = json.loads(run.stdout)["summary"]
    reports = [p for p in (ROOT / "samples").rglob("*") if p.suffix in (".md", ".txt", ".pdf", ".docx", ".xlsx")]
    assert summary["files_checked"] == len(reports) >= 3 and summary["errors"] >= 1
    listed = subprocess.run([str(script), "checks"], capture_output=True, text=True, cwd=work, env=env)
    from auditor.checking import registry

    assert all(code in listed.stdout for code in registry.load())
