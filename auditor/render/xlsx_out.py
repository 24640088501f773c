"""``--format xlsx``: the reviewers' check sheet (公开情况检查表) as an Excel workbook.

One sheet per document, one row per required part of its report kind
(:mod:`auditor.render.checksheet`): 是否公开, 所在页, 符合要求 (是 / 否 / 待核), the
problems of that part in words with page and check code; then a row for what lies outside
the listed parts. A first sheet, 汇总, has the documents × parts with their counts.

The document's structure (headings, standard tables, pages) is read again from the
extracted text the run keeps for the rich and HTML formats (the cache keeps it too), so
the results carry nothing more. The workbook is the same byte for byte from run to run:
its time stamps are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from auditor.findings import Severity
from auditor.render import checksheet

if TYPE_CHECKING:
    from auditor.engine import FileResult
    from auditor.source import SourceText

HEADER = ("序号", "类别", "检查内容", "是否公开", "所在页", "符合要求", "存在问题", "问题数", "检查项")
SUMMARY_HEADER = ("文件", "报告类型", "错误", "警告", "提示", "不符合要求的部分", "待核的部分", "其他处的问题")
WIDTHS = (6, 14, 30, 9, 16, 9, 90, 7, 16)
FIXED_TIME = "2000-01-01T00:00:00Z"


def sheets(results: list[FileResult], sources: dict[str, SourceText]) -> list[tuple[FileResult, checksheet.Sheet | None]]:
    """Each result with its check sheet (None for a file that could not be read)."""
    from auditor.reader import read_document

    out = []
    for r in results:
        src = sources.get(r.path)
        if r.error or src is None:
            out.append((r, None))
            continue
        doc = read_document(src.text, r.path, src.origins)
        out.append((r, checksheet.build(doc, r.findings)))
    return out


def _title(sheet: checksheet.Sheet) -> str:
    if sheet.kind is None:
        return "未识别为部门/单位预算或决算公开，不列必备部分；问题见“其他”行"
    year = f"{sheet.year}年度" if sheet.year else ""
    org = f" · {sheet.organisation}" if sheet.organisation else ""
    return f"{year}{sheet.scope}{sheet.kind}{org}"


def _sheet_name(i: int, path: str, used: set[str]) -> str:
    stem = re.sub(r"[\[\]:*?/\\]", "_", path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "doc"
    name = f"{i}-{stem}"[:31]
    while name in used:
        name = name[:28] + f"~{len(used)}"
    used.add(name)
    return name


def _clean(value):
    """A cell value openpyxl accepts: control characters from a document or a file name
    are shown as their code (``\\x1b``) instead of making the workbook fail."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)
    return value


def _append(ws, values: list) -> None:
    ws.append([_clean(v) for v in values])


def render(results: list[FileResult], sources: dict[str, SourceText], lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    red = PatternFill("solid", fgColor="FFEBE9")
    grey = PatternFill("solid", fgColor="F6F8FA")
    pairs = sheets(results, sources)
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    # the parts of every kind present, in the data's order, by their generic label
    columns: list[tuple[str, str]] = []
    for kind in ("预算", "决算"):
        if any(s is not None and s.kind == kind for _, s in pairs):
            columns += [(kind, p.key) for p in checksheet.PARTS[kind]]
    labels = {(k, p.key): f"{k}·{p.label.replace('{scope}', '')}" for k in checksheet.PARTS for p in checksheet.PARTS[k]}
    _append(summary, ["公开情况检查表 · 汇总"])
    summary["A1"].font = Font(bold=True, size=14)
    _append(summary, ["依据", checksheet.SOURCE])
    _append(summary, [])
    _append(summary, [*SUMMARY_HEADER, *(labels[c] for c in columns)])
    for cell in summary[4]:
        cell.font = bold
        cell.fill = grey
        cell.alignment = wrap
    used = {"汇总"}
    for i, (r, sheet) in enumerate(pairs, 1):
        ws = wb.create_sheet(_sheet_name(i, r.path, used))
        _append(ws, ["公开情况检查表"])
        ws["A1"].font = Font(bold=True, size=14)
        _append(ws, ["文件", r.path])
        if sheet is None:
            _append(ws, ["无法读取", r.error or "无法读取"])
            _append(summary, [r.path, f"无法读取：{r.error or ''}"])
            continue
        _append(ws, ["报告", _title(sheet)])
        _append(ws, ["依据", checksheet.SOURCE])
        _append(ws, [])
        _append(ws, list(HEADER))
        for cell in ws[6]:
            cell.font = bold
            cell.fill = grey
        for n, row in enumerate([*sheet.rows, sheet.other], 1):
            problems = row.problems(lang)
            is_other = row is sheet.other
            _append(ws, [
                n, row.part.group, row.label,
                "" if is_other else ("是" if row.found else "未找到"),
                row.where(), ("否" if row.failing else "—") if is_other else row.verdict(),
                "\n".join(problems), len(row.findings), "、".join(dict.fromkeys(f.check for f in row.findings)),
            ])
            for cell in ws[ws.max_row]:
                cell.alignment = wrap
            if row.failing:
                ws.cell(ws.max_row, 6).fill = red
        for col, width in enumerate(WIDTHS, 1):
            ws.column_dimensions[chr(64 + col)].width = width
        ws.freeze_panes = "A7"
        by_key = {row.part.key: row for row in sheet.rows}
        cells = []
        for kind, key in columns:
            row = by_key.get(key) if kind == sheet.kind else None
            if row is None:
                cells.append("")
            elif row.failing:
                cells.append(f"否（{len(row.failing)}）")
            else:
                cells.append(row.verdict())
        _append(summary, [
            r.path, _title(sheet), r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.INFO),
            sum(1 for row in sheet.rows if row.verdict() == "否"), sum(1 for row in sheet.rows if row.verdict() == "待核"),
            len(sheet.other.findings), *cells,
        ])
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 36
    summary.freeze_panes = "C5"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed(buf.getvalue())


def _fixed(data: bytes) -> bytes:
    """The workbook with its time stamps (the zip entries' and docProps/core.xml's) fixed,
    so that the same results give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + FIXED_TIME.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
