"""The documentation: the README stays short and points at docs/ where everything else
lives; every relative link resolves; the plugin example of docs/writing-a-check.md runs
as written, installed through the entry-point door as a third-party package would be."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "writing-a-check.md"


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_readme_is_short_and_keeps_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 10 * 1024
    commands = _blocks(text, "sh")
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/auditor check samples/\n" in commands
    assert "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest\n" in commands
    for page in ("docs/user-guide.md", "docs/checks/index.md", "docs/writing-a-check.md", "docs/benchmarks.md"):
        assert f"({page}" in text, page


def test_every_relative_link_resolves() -> None:
    pages = [README, *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            assert (page.parent / path).exists(), f"{page.relative_to(ROOT)}: broken link {target}"


def test_the_plugin_example_runs_as_written(tmp_path) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    (code,) = _blocks(text, "python")
    (entry,) = _blocks(text, "toml")
    group = tomllib.loads(entry)["project"]["entry-points"]["auditor.checks"]
    (family, target), = group.items()
    package, module = target.split(".")
    site = tmp_path / "site"
    (site / package).mkdir(parents=True)
    (site / package / "__init__.py").write_text("", encoding="utf-8")
    (site / package / f"{module}.py").write_text(code, encoding="utf-8")
    info = site / "my_checks-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: my-checks\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[auditor.checks]\n{family} = {target}\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]), AUDITOR_CACHE_DIR=str(tmp_path / "cache"))

    def auditor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8", env=env, check=False)

    listed = auditor("checks")
    assert "HR001" in listed.stdout and "staff.count-mismatch" in listed.stdout
    explained = auditor("explain", "HR001")
    assert explained.returncode == 0 and "编制 30 人，实有 28 人，空编 3 人。" in explained.stdout
    fail, good = tmp_path / "fail.md", tmp_path / "pass.md"
    fail.write_text("本单位编制 30 人，实有 28 人，空编 3 人。\n", encoding="utf-8")
    good.write_text("本单位编制 30 人，实有 28 人，空编 2 人。\n", encoding="utf-8")
    bad = auditor("check", "--format", "json", "--select", "HR", str(fail))
    assert bad.returncode == 1, bad.stderr
    (finding,) = json.loads(bad.stdout)["files"][0]["findings"]
    assert finding["check"] == "HR001" and finding["hint"] == "应为 2 人" and len(finding["related"]) == 2
    ok = auditor("check", "--format", "json", "--show-verified", "--select", "HR", str(good))
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)["files"][0]
    assert data["findings"] == [] and [v["check"] for v in data["verified"]] == ["HR001"]
