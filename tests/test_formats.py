"""CI output formats: SARIF (validated against the OASIS schema), GitHub workflow commands
(parsed back), GitLab Code Quality. Each lists the same findings, in the same order, as
``--format json``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.checking import registry

ROOT = Path(__file__).resolve().parent.parent
# The official schema is kept beside the repository (CI has ../shared next to the clone),
# not copied into it.
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The samples, plus every check's failing example in a file whose name needs escaping
    (comma, colon, space, Chinese) — so every check has at least one finding, with messages
    holding ``%`` and line breaks in hints."""
    root = tmp_path_factory.mktemp("formats")
    (root / "samples").mkdir()
    for src in (ROOT / "samples").rglob("*.md"):
        dst = root / "samples" / src.relative_to(ROOT / "samples")
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
    ex = root / "examples"
    ex.mkdir()
    for code, cls in registry.load().items():
        (ex / f"{code} 反例,a:b.md").write_text(cls.examples()["fail"], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def outputs(corpus: Path) -> dict[str, str]:
    out = {}
    for fmt in ("json", "sarif", "github", "gitlab"):
        proc = run("check", "samples", "examples", "--format", fmt, cwd=corpus)
        assert proc.returncode == 1, proc.stderr  # the samples have real errors
        out[fmt] = proc.stdout
    return out


def _json_findings(outputs) -> list[dict]:
    data = json.loads(outputs["json"])
    found = [{"path": f["path"], **x} for f in data["files"] for x in f["findings"]]
    assert len({x["path"] for x in found}) >= len(registry.load()) + 1  # each example file and the Foshan sample
    assert {x["check"] for x in found} >= set(registry.load())
    return found


def test_sarif_is_valid_against_the_official_schema(outputs) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (CI keeps ../shared beside the clone)")
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads(outputs["sarif"])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)
    # the validator does reject a broken log, so passing means something
    broken = json.loads(outputs["sarif"])
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_sarif_lists_the_json_findings_in_order(outputs) -> None:
    found = _json_findings(outputs)
    run_ = json.loads(outputs["sarif"])["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(registry.load())
    results = run_["results"]
    assert len(results) == len(found)
    level = {"error": "error", "warning": "warning", "info": "note"}
    for res, f in zip(results, found, strict=True):
        assert res["ruleId"] == f["check"]
        assert rules[res["ruleIndex"]]["id"] == f["check"]
        assert res["level"] == level[f["severity"]]
        assert res["message"]["text"].split("\n")[0] == f["message"]
        if f["hint"]:
            assert res["message"]["text"].endswith(f["hint"])
        loc = res["locations"][0]["physicalLocation"]
        from urllib.parse import unquote

        assert unquote(loc["artifactLocation"]["uri"]) == f["path"]
        assert loc["region"] == {"startLine": f["line"], "startColumn": f["column"], "endLine": f["end_line"], "endColumn": f["end_column"]}
        related = res.get("relatedLocations", [])
        assert [(r["physicalLocation"]["region"]["startLine"], r["physicalLocation"]["region"]["startColumn"], r["message"]["text"]) for r in related] \
            == [(r["line"], r["column"], r["message"]) for r in f["related"]]
        assert res["partialFingerprints"] == {"auditor/v1": f["fingerprint"]}
    # the fingerprints tell the findings apart
    assert len({r["partialFingerprints"]["auditor/v1"] for r in results}) == len(results)


def test_sarif_rules_describe_the_checks(outputs) -> None:
    rules = {r["id"]: r for r in json.loads(outputs["sarif"])["runs"][0]["tool"]["driver"]["rules"]}
    for code, cls in registry.load().items():
        r = rules[code]
        assert r["name"] == cls.name
        assert r["shortDescription"]["text"] == cls.title("zh")
        assert cls.title("en") in r["fullDescription"]["text"] and "反例" not in r["fullDescription"]["text"]
        assert cls.examples()["fail"].strip().splitlines()[0] in r["help"]["text"]
        assert "**反例" in r["help"]["markdown"] and "**正例" in r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[cls.severity.value]


def test_sarif_region_carries_the_page_of_a_pdf() -> None:
    from auditor.checking.engine import FileResult
    from auditor.checking.findings import Finding, Message, Related, Severity
    from auditor.document.model import Span
    from auditor.outputs.render import sarif_out

    span = Span(start=10, end=17, line=3, column=5, end_line=3, end_column=12, page=4)
    cell = Span(start=40, end=47, line=9, column=1, end_line=9, end_column=8, cell="Sheet1!C7")
    f = Finding(check="PRS001", name="prose.table-mismatch", severity=Severity.ERROR, message=Message(zh="不符", en="differs"),
                span=span, related=[Related(span=cell, message=Message(zh="表格", en="table"))], anchor="x")
    log = sarif_out.to_dict([FileResult(path="a.pdf", findings=[f])], list(registry.load().values()), "en")
    res = log["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["region"]["properties"] == {"page": 4}
    assert res["relatedLocations"][0]["physicalLocation"]["region"]["properties"] == {"cell": "Sheet1!C7"}
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))


_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


def parse_github(line: str) -> dict:
    m = _COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return {"command": m.group(1), **{k: _unescape(v) for k, v in props.items()}, "message": _unescape(m.group(3))}


def test_github_lines_parse_back_into_every_finding(outputs) -> None:
    found = _json_findings(outputs)
    lines = outputs["github"].splitlines()
    assert len(lines) == len(found)
    assert any("," in f["path"] and ":" in f["path"] for f in found)  # properties needed escaping
    assert any("%" in f["message"] for f in found) or any("%" in (f["hint"] or "") for f in found)
    command = {"error": "error", "warning": "warning", "info": "notice"}
    for line, f in zip(lines, found, strict=True):
        assert "\n" not in line
        got = parse_github(line)
        assert got["command"] == command[f["severity"]]
        assert got["file"] == f["path"]
        assert (int(got["line"]), int(got["col"]), int(got["endLine"]), int(got["endColumn"])) == (f["line"], f["column"], f["end_line"], f["end_column"])
        assert got["title"] == f"{f['check']} {f['name']}"
        expected = [f["message"]] + ([f"提示: {f['hint']}"] if f["hint"] else []) + [f"{r['line']}:{r['column']} {r['message']}" for r in f["related"]]
        assert got["message"] == "\n".join(expected)


def test_github_escapes_as_the_toolkit_does() -> None:
    from auditor.outputs.render.github_out import escape_data, escape_property

    assert escape_data("50%\r\nb:c,d") == "50%25%0D%0Ab:c,d"
    assert escape_property("50%\r\nb:c,d") == "50%25%0D%0Ab%3Ac%2Cd"


def test_gitlab_code_quality_fields(outputs) -> None:
    found = _json_findings(outputs)
    issues = json.loads(outputs["gitlab"])
    assert isinstance(issues, list) and len(issues) == len(found)
    severity = {"error": "major", "warning": "minor", "info": "info"}
    for issue, f in zip(issues, found, strict=True):
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["check_name"] == f["check"]
        assert issue["description"].startswith(f["message"])
        assert issue["severity"] == severity[f["severity"]]
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] == f["path"]
        assert issue["location"]["lines"]["begin"] == f["line"]
        assert issue["fingerprint"] == f["fingerprint"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_formats_report_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "ok.md").write_text("单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n", encoding="utf-8")
    sarif = run("check", ".", "--format", "sarif", cwd=tmp_path)
    assert sarif.returncode == 2
    inv = json.loads(sarif.stdout)["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in inv["toolExecutionNotifications"]] == ["empty.md"]
    assert [r["ruleId"] for r in json.loads(sarif.stdout)["runs"][0]["results"]] == ["TBL001"]
    gh = run("check", ".", "--format", "github", cwd=tmp_path)
    assert gh.returncode == 2
    assert [parse_github(x)["title"] for x in gh.stdout.splitlines()] == ["auditor", "TBL001 table.total-mismatch"]


def test_github_and_gitlab_name_the_page_of_a_pdf() -> None:
    from auditor.checking.engine import FileResult
    from auditor.checking.findings import Finding, Message, Related, Severity
    from auditor.document.model import Span
    from auditor.outputs.render import github_out, gitlab_out

    span = Span(start=10, end=17, line=175, column=104, end_line=175, end_column=109, page=9)
    other = Span(start=1, end=5, line=175, column=64, end_line=175, end_column=70, page=9)
    f = Finding(check="RAT001", name="ratio.mismatch", severity=Severity.WARNING, message=Message(zh="增长率 0.53% 不符", en="rate 0.53% differs"),
                span=span, related=[Related(span=other, message=Message(zh="上期", en="before"))], anchor="x")
    got = parse_github(github_out.line("b,1.pdf", f, "zh"))
    assert got == {"command": "warning", "file": "b,1.pdf", "line": "175", "col": "104", "endLine": "175", "endColumn": "109",
                   "title": "RAT001 ratio.mismatch", "message": "增长率 0.53% 不符 (第9页)\n175:64 (第9页) 上期"}
    (issue,) = gitlab_out.to_list([FileResult(path="b,1.pdf", findings=[f])], "en")
    assert issue["description"] == "rate 0.53% differs (page 9)" and issue["severity"] == "minor"


def test_settings_choose_a_ci_format(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n", encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('format = "gitlab"\n', encoding="utf-8")
    proc = run("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert [i["check_name"] for i in json.loads(proc.stdout)] == ["TBL001"]
    # the command line wins over the file
    assert run("check", "a.md", "--format", "github", cwd=tmp_path).stdout.startswith("::error file=a.md,line=5,")
    (tmp_path / "auditor.toml").write_text('format = "xml"\n', encoding="utf-8")
    bad = run("check", "a.md", cwd=tmp_path)
    assert bad.returncode == 2 and "format must be one of rich, json, html, sarif, github, gitlab" in bad.stderr


def test_sarif_fingerprints_survive_line_shifts() -> None:
    from conftest import check_text

    from auditor.checking.engine import FileResult
    from auditor.outputs.render import sarif_out

    text = "# 2023 年度部门决算说明\n\n本年预算安排会议费 12.00 万元，实际支出 13.50 万元，实际支出数小于预算数。\n"
    shifted = text.replace("\n\n", "\n\n新增一段说明。\n\n另一段。\n\n", 1)
    logs = []
    for t in (text, shifted):
        r = check_text(t, path="a.md")
        logs.append(sarif_out.to_dict([FileResult(path="a.md", findings=r.findings)], [], "zh")["runs"][0]["results"])
    (a,), (b,) = logs
    assert a["ruleId"] == b["ruleId"] == "CMP001"
    assert a["locations"][0]["physicalLocation"]["region"]["startLine"] + 4 == b["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert a["partialFingerprints"] == b["partialFingerprints"]
