"""Start-up loads only what the run needs: the checks selected, the renderer used, the
reader of the file's format. Measured in a new interpreter, by the modules it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOSHAN = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"

PROBE = """
import io, json, sys
from auditor import cli
out = io.StringIO()
real, sys.stdout = sys.stdout, out
code = cli.main(sys.argv[1:])
sys.stdout = real
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def modules_after(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return data["code"], set(data["modules"])


def families(mods: set[str]) -> set[str]:
    """The built-in check modules imported, by family module name (installed as
    ``auditor_checks.*``, or ``checks.*`` from a source tree)."""
    return {m.split(".", 1)[1] for m in mods if m.startswith(("checks.", "auditor_checks."))}


def test_json_run_loads_no_renderer_reader_or_cluster_it_does_not_use(tmp_path) -> None:
    code, mods = modules_after(tmp_path, "check", "--format", "json", str(FOSHAN))
    assert code == 1
    assert "auditor.outputs.render.json_out" in mods and "auditor.document.readers.text" in mods
    unused = {"rich", "auditor.outputs.render.rich_out", "auditor.outputs.render.html_out", "auditor.document.readers.pdf", "auditor.document.readers.docx",
              "auditor.document.readers.xlsx", "pypdfium2", "openpyxl", "docx", "tomllib", "distributed", "auditor.running.cluster"}
    assert not (unused & mods), unused & mods
    assert families(mods) >= {
        "tables", "prose_tables", "breakdowns", "repeats", "scores", "ratios", "enumerations", "claims", "numbering", "artefacts",
    }


def test_selected_checks_only(tmp_path) -> None:
    code, mods = modules_after(tmp_path, "check", "--format", "json", "--select", "PRS,TBL001", str(FOSHAN))
    assert code == 1  # the sample's PRS001 error
    assert families(mods) == {"prose_tables", "tables"}


def test_a_selection_by_name_still_works(tmp_path) -> None:
    # dotted names cannot be mapped to a family without importing: every family is loaded
    code, mods = modules_after(tmp_path, "check", "--format", "json", "--select", "prose.table-mismatch", str(FOSHAN))
    assert code == 1 and "artefacts" in families(mods)


def test_an_unknown_code_is_still_reported(tmp_path) -> None:
    code, _ = modules_after(tmp_path, "check", "--format", "json", "--select", "PRS999", str(FOSHAN))
    assert code == 2


def test_rich_run_loads_rich_not_json_or_html(tmp_path) -> None:
    code, mods = modules_after(tmp_path, "check", str(FOSHAN))
    assert code == 1 and "auditor.outputs.render.rich_out" in mods
    assert not {"auditor.outputs.render.json_out", "auditor.outputs.render.html_out"} & mods


SMALL = "# 测试报告\n\n一、部门收支总体情况\n\n收入总计 120.00 万元，其中财政拨款收入 100.00 万元，其他收入 20.00 万元。\n"


def test_a_check_imports_no_pydantic_without_options(tmp_path) -> None:
    # the document model, findings and results are plain dataclasses; pydantic (and the
    # entry-point scan it makes) is for validating options and configuration only
    report = tmp_path / "report.md"
    report.write_text(SMALL, encoding="utf-8")
    for args in (("check", "--no-cache", "--format", "json"), ("check",), ("check", "--format", "sarif")):  # the second writes the cache, the third reads it
        code, mods = modules_after(tmp_path, *args, str(report))
        assert code in (0, 1) and "auditor.checking.engine" in mods and {"scores", "selfeval"} <= families(mods)  # checks with options
        assert "pydantic" not in mods and "importlib.metadata" not in mods, args  # entry points are read without it too
    assert any((tmp_path / "cache").rglob("*.json"))  # the runs did use the cache


def test_options_in_a_configuration_still_go_through_pydantic(tmp_path) -> None:
    report = tmp_path / "report.md"
    report.write_text(SMALL, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text("[checks.SCR002]\nfull_mark = 150\n", encoding="utf-8")
    code, mods = modules_after(tmp_path, "check", "--no-cache", "--format", "json", str(report))
    assert code in (0, 1) and "pydantic" in mods
    (tmp_path / "auditor.toml").write_text("[checks.SCR002]\nfull_marks = 150\n", encoding="utf-8")
    code, _ = modules_after(tmp_path, "check", "--no-cache", "--format", "json", str(report))
    assert code == 2  # an unknown option is refused, as before
