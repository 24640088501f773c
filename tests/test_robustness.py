"""Reliability: every regular expression against its worst case, a check that raises,
third-party checks through the entry-point door, deterministic output, CR line ends."""

from __future__ import annotations

import importlib
import itertools
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from conftest import FOSHAN, check_text

import auditor
import auditor_checks as checks
from auditor.checking.check import Check
from auditor.checking.engine import run_checks
from auditor.document.reader import read_document

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> list:
    out = []
    for pkg in (auditor, checks):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            out.append(importlib.import_module(info.name))
    return out


def _patterns() -> list[tuple[str, str, int]]:
    """(where, pattern source, flags) of every compiled pattern held by a module of the
    core or the checks, at module level or as a class attribute."""
    found: dict[tuple[str, int], str] = {}

    def take(where: str, value) -> None:
        if isinstance(value, (re.Pattern, regex.Pattern)) and isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags & ~(re.UNICODE | regex.VERSION0)), where)

    for mod in _modules():
        for name, value in vars(mod).items():
            take(f"{mod.__name__}.{name}", value)
            if isinstance(value, type) and value.__module__ == mod.__name__:
                for attr, inner in vars(value).items():
                    take(f"{mod.__name__}.{name}.{attr}", inner)
    return [(where, pattern, flags) for (pattern, flags), where in sorted(found.items(), key=lambda kv: kv[1])]


PATTERNS = _patterns()


def _worst_cases(pattern: str) -> list[str]:
    """Inputs that make a backtracking matcher explode when a pattern has nested or
    overlapping quantifiers: long runs of the characters the pattern names, in pairs,
    ending in a character that makes the match fail late."""
    literal = sorted({c for c in pattern if not c.isascii() or c.isalnum() or c in ",.+-%：:，、（）()"})[:40]
    base = ["1", "0", "一", "，", " ", "a", "。", "万", "（", "、"]
    chars = literal + [c for c in base if c not in literal]
    cases = [c * 20_000 + "\x00" for c in chars[:12]]
    cases += [(a + b) * 10_000 + "\x00" for a, b in itertools.pairwise(chars)][:12]
    cases.append(("1," * 5000) + "1.5.5.5" * 500 + "万亿" * 500 + "\x00")
    cases.append("（" * 3000 + "一" * 3000 + "）" * 3000)
    return cases


def test_the_patterns_were_found() -> None:
    # The collector must see the readers' and checks' patterns, or the next test proves nothing.
    modules = {w.rsplit(".", 1)[0] for w, _, _ in PATTERNS}
    assert len(PATTERNS) > 40
    assert {"auditor.document.numbers", "auditor.document.reader", "auditor_checks.repeats"} <= modules


def _backtracks(pattern: str, flags: int = 0, timeout: float = 2.0) -> bool:
    compiled = regex.compile(pattern, flags)
    try:
        for text in _worst_cases(pattern):
            for _ in compiled.finditer(text, timeout=timeout):
                pass
    except TimeoutError:
        return True
    return False


def test_the_worst_cases_expose_a_catastrophic_pattern() -> None:
    # A nested quantifier of the kind a number reader might be tempted to write.
    assert _backtracks(r"(?:\d+,?)+万", timeout=0.5)
    assert not _backtracks(r"\d+(?:,\d{3})*万", timeout=0.5)


@pytest.mark.parametrize("where, pattern, flags", PATTERNS, ids=[w for w, _, _ in PATTERNS])
def test_no_pattern_backtracks_catastrophically(where: str, pattern: str, flags: int) -> None:
    assert not _backtracks(pattern, flags), f"{where} ({pattern[:60]}) backtracks catastrophically"


def test_a_check_that_raises_is_an_internal_error_and_the_others_still_run() -> None:
    from auditor.checking import registry

    reg = registry.load()
    try:
        # defined here, not at module level: a registered check would run in every other test
        class _Raises(Check):
            """测试用：总是抛出异常的检查。
            A check that always raises (for tests).

            反例::

                （无）

            正例::

                （无）
            """

            code = "ZZT901"
            name = "test.always-raises"

            def evaluate(self, doc):
                yield from ()
                raise RuntimeError("boom\nsecond line")

        text = "单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n"
        result = run_checks(read_document(text, "x.md"), [_Raises(), reg["TBL001"]()])
    finally:
        Check.registry.pop("ZZT901", None)
    assert [(e.check, e.message) for e in result.internal_errors] == [("ZZT901", "RuntimeError: boom")]
    assert [f.check for f in result.findings] == ["TBL001"]


PLUGIN = '''
from auditor.checking.check import Check


class Explodes(Check):
    """插件检查：总是出错。
    A plugin check that always fails.

    反例::

        x

    正例::

        x
    """

    code = "PLG001"
    name = "plugin.explodes"

    def evaluate(self, doc):
        raise ValueError("plugin bug")
'''


def test_third_party_checks_come_through_the_entry_point_and_their_crash_is_contained(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "auditor_plugin_demo-1.0.dist-info").mkdir(parents=True)
    (site / "auditor_plugin_demo-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: auditor-plugin-demo\nVersion: 1.0\n")
    (site / "auditor_plugin_demo-1.0.dist-info" / "entry_points.txt").write_text("[auditor.checks]\nPLG = demo_checks\n")
    (site / "demo_checks.py").write_text(PLUGIN, encoding="utf-8")
    report = tmp_path / "r.md"
    report.write_text("单位：万元\n\n| 项目 | 金额 |\n| --- | --- |\n| 一、基本支出 | 9.00 |\n| 人员经费 | 5.00 |\n| 公用经费 | 3.00 |\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    listed = subprocess.run([sys.executable, "-m", "auditor", "checks"], capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert "PLG001" in listed.stdout and "plugin.explodes" in listed.stdout
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", str(report)], capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["files"][0]["internal_errors"] == [{"check": "PLG001", "message": "ValueError: plugin bug"}]
    assert [f["check"] for f in data["files"][0]["findings"]] == ["TBL001"]
    assert "Traceback" not in proc.stderr
    rich = subprocess.run([sys.executable, "-m", "auditor", "check", str(report)], capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert rich.returncode == 2 and "PLG001" in rich.stdout and "plugin bug" in rich.stdout


def _corpus(folder: Path) -> list[Path]:
    """A few reports of different shapes: the sample, a clean one, a broken one, a GBK one."""
    folder.mkdir()
    shutil.copy(FOSHAN, folder / "b-foshan.md")
    (folder / "a-clean.md").write_text("单位：元\n\n项目\t金额\n一、基本支出\t800.00\n人员经费\t500.00\n公用经费\t300.00\n", encoding="utf-8")
    (folder / "c-broken.txt").write_text("该指标分值 10 分，自评得分 12 分。\n", encoding="utf-8")
    (folder / "d-gbk.md").write_bytes("本局内设 3 个科室，包括办公室、财务科。\n".encode("gb18030"))
    (folder / "e-empty.md").write_bytes(b"")
    return sorted(folder.iterdir())


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_output_is_the_same_byte_for_byte_whatever_the_order_or_job_count(tmp_path: Path, fmt: str) -> None:
    files = [str(p) for p in _corpus(tmp_path / "in")]
    runs = [
        _run("check", "--format", fmt, "--jobs", "1", *files),
        _run("check", "--format", fmt, "--jobs", "1", *reversed(files)),
        _run("check", "--format", fmt, "--jobs", "2", *files[2:], *files[:2]),
        _run("check", "--format", fmt, "--jobs", "2", *files, files[0]),  # a file given twice is checked once
    ]
    assert runs[0].returncode == 2  # the empty file
    assert b"e-empty.md" in runs[0].stderr
    assert all(r.stdout == runs[0].stdout for r in runs), "output depends on file order or job count"
    assert all(r.returncode == runs[0].returncode for r in runs)
    if fmt == "json":
        data = json.loads(runs[0].stdout)
        assert [Path(f["path"]).name for f in data["files"]] == ["a-clean.md", "b-foshan.md", "c-broken.txt", "d-gbk.md", "e-empty.md"]
        assert "error" in data["files"][-1] and data["summary"]["unreadable"] == 1


def test_folder_listing_order_does_not_matter(tmp_path: Path) -> None:
    # The same files created in opposite orders in two folders give the same report.
    one, two = tmp_path / "one", tmp_path / "two"
    _corpus(one)
    two.mkdir()
    for p in sorted(one.iterdir(), reverse=True):
        (two / p.name).write_bytes(p.read_bytes())
    a = _run("check", "--format", "json", str(one))
    b = _run("check", "--format", "json", str(two))
    # fingerprints name the file (see auditor/checking/fingerprints.py), so they differ with the folder
    fp = re.compile(rb'"fingerprint": "[0-9a-f]+"')
    assert fp.search(a.stdout)
    assert fp.sub(b"", a.stdout.replace(b"/one/", b"/X/")) == fp.sub(b"", b.stdout.replace(b"/two/", b"/X/"))


def test_cr_only_line_ends_read_like_lf() -> None:
    text = FOSHAN.read_text(encoding="utf-8")
    lf = check_text(text)
    cr = check_text(text.replace("\n", "\r"))
    assert [(f.check, f.span.line, f.span.column) for f in cr.findings] == [(f.check, f.span.line, f.span.column) for f in lf.findings]
    assert len(cr.verified) == len(lf.verified) > 50


def test_an_unreadable_file_is_never_reported_clean(tmp_path: Path) -> None:
    bad = tmp_path / "x.md"
    bad.write_bytes(b"\xff\xfe\x00")  # a UTF-16 BOM and half a character
    proc = _run("check", str(bad))
    assert proc.returncode == 2
    assert "未发现问题" not in proc.stdout.decode("utf-8") and "no problems" not in proc.stdout.decode("utf-8")
    assert proc.stderr.decode("utf-8").count("\n") == 1 and "x.md" in proc.stderr.decode("utf-8")


def test_text_in_no_supported_encoding(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Résumé du budget: 12 000 €, total ".encode("cp1252") * 3 + b"\x80\xff\x80\xff")
    proc = _run("check", str(bad))
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "latin.txt" in err and "not text in UTF-8, UTF-16 or GB18030" in err
