"""Findings of one check and one cause are folded into one entry with a count and the
list of places in the rich and HTML outputs; JSON (and SARIF) keep one result per place."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor import cli


def _real_pdfs() -> Path:
    root = Path(__file__).resolve().parent.parent
    candidates = [root / "samples" / "real" / "pdf", root.parent / "shared" / "samples" / "real" / "pdf"]
    if os.environ.get("AUDITOR_SHARED"):
        candidates.insert(0, Path(os.environ["AUDITOR_SHARED"]) / "samples" / "real" / "pdf")
    return next((c for c in candidates if any(c.glob("*.pdf"))), candidates[-1])


TEMPLATE = _real_pdfs() / "national-final-accounts-template.pdf"

# Three placeholders (one cause: the same advice) and two totals that are wrong each by
# their own figures (two causes, although the check is the same).
REPORT = """# XX局2024年度部门预算

一、概况

本局共有XX个处室。

单位：万元

| 项目 | 金额 |
| --- | --- |
| 一、基本支出 | 9.00 |
| 人员经费 | 5.00 |
| 公用经费 | 3.00 |
| 二、项目支出 | 7.00 |
| 设备购置 | 2.00 |
| 专项业务 | 4.00 |
| 合计 | 16.00 |

本年度由XXX负责编制。
"""


def _run(tmp_path: Path, fmt: str, *paths: Path) -> str:
    out = tmp_path / f"out.{fmt}"
    code = cli.main(["check", "--no-cache", "--format", fmt, "-o", str(out), *map(str, paths)])
    assert code == 1
    return out.read_text(encoding="utf-8")


class _Items(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "li":
            self.items.append(dict(attrs))


def _html_items(page: str) -> list[dict]:
    p = _Items()
    p.feed(page)
    return p.items


def test_one_cause_is_one_entry_and_figures_of_their_own_are_not_folded(tmp_path) -> None:
    src = tmp_path / "r.md"
    src.write_text(REPORT, encoding="utf-8")
    data = json.loads(_run(tmp_path, "json", src))
    checks = [f["check"] for f in data["files"][0]["findings"]]
    assert sorted(checks) == ["TBL001", "TBL001", "TPL002", "TPL002", "TPL002"]  # JSON: one per place
    rich = _run(tmp_path, "rich", src)
    heads = [line for line in rich.splitlines() if re.match(r"(error|warning|info)\[", line)]
    assert heads == [
        "warning[TPL002]: 模板占位符未替换 ×3",
        "error[TBL001]: 「一、基本支出」的金额 9.00 不等于其分项之和 8.00（5.00 + 3.00）",
        "error[TBL001]: 「二、项目支出」的金额 7.00 不等于其分项之和 6.00（2.00 + 4.00）",
    ]
    assert "共 3 处" in rich
    for f in data["files"][0]["findings"]:
        if f["check"] == "TPL002":  # every place listed with its own message
            assert f"{src}:{f['line']}:{f['column']}  {f['message']}" in rich
    page = _run(tmp_path, "html", src)
    items = _html_items(page)
    groups = [a for a in items if "group" in (a.get("class") or "").split()]
    assert [g["data-count"] for g in groups] == ["3"]
    places = [a for a in items if "place" in (a.get("class") or "").split()]
    singles = [a for a in items if "finding" in (a.get("class") or "").split() and "place" not in a["class"].split()]
    assert len(places) == 3 and len(singles) == 2


@pytest.mark.skipif(not TEMPLATE.is_file(), reason="shared real PDFs not present")
def test_the_national_templates_placeholders_are_one_entry(tmp_path) -> None:
    data = json.loads(_run(tmp_path, "json", TEMPLATE))
    findings = data["files"][0]["findings"]
    tpl2 = [f for f in findings if f["check"] == "TPL002"]
    tpl1 = [f for f in findings if f["check"] == "TPL001"]
    assert len(tpl2) >= 45 and len(tpl1) >= 25  # 45 and 25 when the issue was filed; the reader may find more
    rich = _run(tmp_path, "rich", TEMPLATE)
    heads = [line for line in rich.splitlines() if re.match(r"(error|warning|info)\[", line)]
    assert heads == [f"warning[TPL002]: 模板占位符未替换 ×{len(tpl2)}", f"error[TPL001]: 模板措辞未定稿 ×{len(tpl1)}"]
    assert sum(1 for f in tpl2 if f"{TEMPLATE}:{f['line']}:{f['column']} (第{f['page']}页)  {f['message']}" in rich) == len(tpl2)
    page = _run(tmp_path, "html", TEMPLATE)
    items = _html_items(page)
    groups = {a["data-count"] for a in items if "group" in (a.get("class") or "").split()}
    assert groups == {str(len(tpl2)), str(len(tpl1))}
    assert sum(1 for a in items if "place" in (a.get("class") or "").split()) == len(tpl1) + len(tpl2)
