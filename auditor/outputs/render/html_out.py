"""``--format html``: one self-contained page for a reviewer.

The page holds a summary (files, findings by severity, how many figures took part in a
checked relation) and every document rendered from its document model — headings,
paragraphs, tables — with every figure marked by what is known of it: part of a relation
that held (verified), flagged by a finding (by severity), or not checked. Clicking a
finding scrolls to its figure and highlights the figures it was compared with; hovering a
figure shows what is known of it (:func:`figure_facts`) and the relations it takes part in.

Nothing is fetched: the styles and the script are inline, the fonts are the reader's own.
All report text goes through :func:`html.escape`; the data the script reads is JSON with
``<`` escaped, so a report cannot inject markup. The renderer decides nothing: the
statuses come from the findings and the verified relations the checks produced.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from auditor.checking.findings import Severity
from auditor.document.terminal import visible
from auditor.outputs.render import common_message, group

if TYPE_CHECKING:
    from auditor.checking.engine import FileResult
    from auditor.document.model import Document, Quantity
    from auditor.document.source import SourceText

_WORDS = {
    "zh": {
        "title": "报告数字一致性审核", "files": "文件", "findings": "问题", "errors": "错误", "warnings": "警告", "infos": "提示",
        "quantities": "数字", "covered": "已核对", "verified": "成立的关系", "unreadable": "无法读取", "legend": "图例",
        "st-ok": "已核对（关系成立）", "st-error": "错误", "st-warning": "警告", "st-info": "提示", "st-none": "未核对",
        "st-rel": "问题中用作比较的数字",
        "label": "标签", "context": "上下文", "value": "数值", "unit": "单位", "written": "原文", "page": "页", "cell": "位置",
        "relations": "关系", "none": "未发现问题", "hint": "提示", "line": "行", "outside": "文档结构以外的行",
        "internal": "内部错误", "coverage": "核对率", "held": "成立", "approx": "约数", "where": "位置",
    },
    "en": {
        "title": "Report consistency audit", "files": "files", "findings": "findings", "errors": "errors", "warnings": "warnings",
        "infos": "info", "quantities": "figures", "covered": "covered", "verified": "relations held", "unreadable": "unreadable",
        "legend": "Legend", "st-ok": "checked (relation held)", "st-error": "error", "st-warning": "warning", "st-info": "info",
        "st-none": "not checked", "st-rel": "compared in a finding", "label": "label", "context": "context", "value": "value", "unit": "unit", "written": "as written",
        "page": "page", "cell": "cell", "relations": "relations", "none": "no problems found", "hint": "help", "line": "line",
        "outside": "Lines outside the document structure", "internal": "internal errors", "coverage": "coverage", "held": "held",
        "approx": "approximate", "where": "where",
    },
}


def _num(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure_facts(q: Quantity, lang: str = "zh") -> list[tuple[str, str]]:
    """What is known of a figure, as (name, value) pairs for the hover card, in order.

    Today a quantity knows its label, context, unit and value; when a figure carries a
    fact (``q.fact``: item, measure, period, scope, ...) its dimensions are shown first,
    whatever fields it has, so the report shows them as soon as the fact layer fills them."""
    w = _WORDS.get(lang, _WORDS["zh"])
    out: list[tuple[str, str]] = []
    fact = getattr(q, "fact", None)
    if fact is not None:
        fields = getattr(fact, "model_dump", None)
        items = fields() if fields else getattr(fact, "__dict__", {})
        out += [(str(k), str(v)) for k, v in items.items() if v not in (None, "", [], {})]
    if q.label:
        out.append((w["label"], q.label))
    if q.context:
        out.append((w["context"], q.context))
    out.append((w["written"], q.raw))
    value = _num(q.value) + (f" {q.base_unit}" if q.base_unit else "")
    out.append((w["value"], value))
    if q.unit:
        out.append((w["unit"], q.unit))
    if q.approx:
        out.append((w["approx"], q.approx))
    if q.span.page is not None:
        out.append((w["page"], str(q.span.page)))
    if q.span.cell:
        out.append((w["cell"], q.span.cell))
    return out


class _Doc:
    """One document's marks: every figure and every finding's span, with an element id,
    a status and the relations it takes part in."""

    def __init__(self, index: int, result: FileResult, doc: Document, lang: str) -> None:
        self.index = index
        self.doc = doc
        self.lang = lang
        self.marks: dict[tuple[int, int], dict[str, Any]] = {}
        self.rels: list[dict[str, Any]] = []
        for q in doc.quantities():
            self._mark(q.span, figure=q)
        for f in result.findings:
            ids = [self._mark(f.span)["id"]]
            ids += [self._mark(r.span)["id"] for r in f.related]
            self.rels.append({
                "kind": "finding", "sev": f.severity.value, "check": f.check, "msg": f.message.get(lang),
                "hint": f.hint.get(lang) if f.hint else "", "line": f.span.line, "page": f.span.page, "ids": ids,
                "labels": [f.label.get(lang) if f.label else ""] + [r.message.get(lang) for r in f.related],
            })
            self._status(f.span, f.severity.value)
            for r in f.related:
                self._status(r.span, "rel")
        for v in result.verified:
            ids = [m["id"] for s in v.spans if (m := self.marks.get((s.start, s.end)))]
            self.rels.append({"kind": "verified", "check": v.check, "msg": v.message.get(lang), "rounding": v.rounding, "ids": ids})
            for s in v.spans:
                self._status(s, "ok")
        # findings come first in self.rels, in order: finding i is rel i
        index = {id(f): i for i, f in enumerate(result.findings)}
        self.groups = [(common_message(g, lang), [index[id(f)] for f in g]) for g in group(result.findings)]
        by_id = {m["id"]: m for m in self.marks.values()}
        for k, rel in enumerate(self.rels):
            for i in dict.fromkeys(rel["ids"]):
                by_id[i]["rels"].append(k)

    def _mark(self, span, figure: Quantity | None = None) -> dict[str, Any]:
        key = (span.start, span.end)
        if key not in self.marks:
            kind = "q" if figure is not None else "a"
            self.marks[key] = {
                "id": f"d{self.index}{kind}{len(self.marks)}", "start": span.start, "end": max(span.end, span.start + 1),
                "figure": figure, "status": "none", "rels": [], "line": span.line,
            }
        return self.marks[key]

    def _status(self, span, status: str) -> None:
        m = self.marks.get((span.start, span.end))
        if m is None:
            return
        rank = {"error": 0, "warning": 1, "info": 2, "ok": 3, "rel": 4, "none": 5}
        if rank[status] < rank[m["status"]]:
            m["status"] = status

    def data(self) -> dict[str, Any]:
        figs = {}
        for m in self.marks.values():
            q = m["figure"]
            facts = figure_facts(q, self.lang) if q is not None else []
            figs[m["id"]] = {"facts": facts, "status": m["status"], "rels": m["rels"], "line": m["line"]}
        return {"figs": figs, "rels": self.rels}


def _flow(text: str) -> str:
    """Escaped text of a paragraph's source: line breaks inside Chinese text vanish (the
    lines were one paragraph), others become a space."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\n":
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            out.append("" if _cjk(before) or _cjk(after) else " ")
        else:
            out.append(ch)
    # Markdown's bold markers are not part of the report's wording
    return html.escape("".join(out).replace("**", ""))


def _cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


class _Writer:
    def __init__(self, d: _Doc, src: SourceText) -> None:
        self.d = d
        self.text = src.text
        self.sorted = sorted(d.marks.values(), key=lambda m: (m["start"], m["figure"] is None, -m["end"]))
        self.starts = [m["start"] for m in self.sorted]
        self.placed: set[str] = set()

    def marked(self, start: int, end: int) -> str:
        """The source text from ``start`` to ``end`` with its marks as elements; marks that
        overlap one already placed are left to the enclosing block."""
        import bisect

        out = []
        pos = start
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.sorted) and self.sorted[i]["start"] < end:
            m = self.sorted[i]
            i += 1
            if m["start"] < pos or m["end"] > end or m["id"] in self.placed:
                continue
            out.append(_flow(self.text[pos : m["start"]]))
            out.append(self.element(m))
            pos = m["end"]
        out.append(_flow(self.text[pos:end]))
        return "".join(out)

    def element(self, m: dict[str, Any]) -> str:
        self.placed.add(m["id"])
        cls = "fig" if m["figure"] is not None else "anc"
        return f'<span class="{cls} st-{m["status"]}" id="{m["id"]}" tabindex="0">{_flow(self.text[m["start"] : m["end"]])}</span>'


def _page_badge(span, w) -> str:
    if span.page is None and not span.cell:
        return ""
    where = f"{w['page']} {span.page}" if span.page is not None else ""
    if span.cell:
        where = f"{where} · {span.cell}" if where else span.cell
    return f'<span class="origin">{html.escape(where)}</span>'


def _document(d: _Doc, src: SourceText, w: dict[str, str]) -> str:
    wr = _Writer(d, src)
    parts: list[str] = []
    covered_to = 0
    for bi, block in enumerate(d.doc.blocks):
        covered_to = max(covered_to, block.span.end)
        if block.kind == "heading":
            level = min(6, 3 + max(0, block.level))
            parts.append(f'<h{level} class="hd" id="d{d.index}b{bi}">{wr.marked(block.span.start, block.span.end)}{_page_badge(block.span, w)}</h{level}>')
        elif block.kind == "paragraph":
            parts.append(f'<p id="d{d.index}b{bi}">{_page_badge(block.span, w)}{wr.marked(block.span.start, block.span.end)}</p>')
        else:
            parts.append(_table(d, bi, block, wr, w))
    # findings and relations whose figure lies outside every block (a line the reader
    # did not take into the model) are shown on their own source line
    left = sorted({m["line"] for m in d.marks.values() if m["id"] not in wr.placed and m["rels"]})
    if left:
        parts.append(f'<div class="outside"><h4>{w["outside"]}</h4>')
        starts = [0] + [i + 1 for i, ch in enumerate(src.text) if ch == "\n"]
        for line in left:
            start = starts[line - 1]
            end = start + len(src.line_text(line))
            parts.append(f'<div class="srcline"><span class="ln">{line}</span> {wr.marked(start, end)}</div>')
        parts.append("</div>")
    return "\n".join(parts)


def _table(d: _Doc, bi: int, t, wr: _Writer, w: dict[str, str]) -> str:
    out = [f'<div class="tbl" id="d{d.index}b{bi}">']
    if t.caption_span is not None or t.unit_span is not None:
        out.append('<div class="caption">')
        if t.caption_span is not None:
            out.append(f"<b>{wr.marked(t.caption_span.start, t.caption_span.end)}</b> ")
        if t.unit_span is not None:
            out.append(f'<span class="unit">{wr.marked(t.unit_span.start, t.unit_span.end)}</span>')
        out.append(_page_badge(t.span, w) + "</div>")
    out.append("<table>")
    for row in t.rows:
        tag = "th" if row.header else "td"
        cells = []
        for c in row.cells:
            title = f' title="{html.escape(c.span.cell)}"' if c.span.cell else ""
            cells.append(f"<{tag}{title}>{wr.marked(c.span.start, c.span.end)}</{tag}>")
        out.append(f'<tr data-line="{row.line}">{"".join(cells)}</tr>')
    out.append("</table></div>")
    return "".join(out)


def _finding_item(d: _Doc, k: int, w: dict[str, str], in_group: bool = False) -> str:
    rel = d.rels[k]
    hint = f'<div class="hint">{w["hint"]}: {html.escape(rel["hint"])}</div>' if rel["hint"] and not in_group else ""
    where = f'{w["page"]} {rel["page"]} · ' if rel.get("page") is not None else ""
    head = "" if in_group else f'<span class="sev">{rel["sev"]}[{html.escape(rel["check"])}]</span> '
    return (
        f'<li class="finding sev-{rel["sev"]}{" place" if in_group else ""}" data-doc="{d.index}" data-rel="{k}" tabindex="0">'
        f'{head}<span class="loc">{where}{w["line"]} {rel["line"]}</span>'
        f'<div class="msg">{html.escape(rel["msg"])}</div>{hint}</li>'
    )


def _findings_list(d: _Doc, w: dict[str, str]) -> str:
    """The findings beside the document; findings of one cause (see
    :func:`auditor.outputs.render.group`) folded into one entry with their count and places."""
    items = []
    for title, ks in d.groups:
        if len(ks) == 1:
            items.append(_finding_item(d, ks[0], w))
            continue
        first = d.rels[ks[0]]
        hint = f'<div class="hint">{w["hint"]}: {html.escape(first["hint"])}</div>' if first["hint"] else ""
        places = "".join(_finding_item(d, k, w, in_group=True) for k in ks)
        items.append(
            f'<li class="group sev-{first["sev"]}" data-count="{len(ks)}"><details><summary>'
            f'<span class="sev">{first["sev"]}[{html.escape(first["check"])}]</span> <span class="count">×{len(ks)}</span>'
            f'<div class="msg">{html.escape(title)}</div>{hint}</summary><ol class="places">{places}</ol></details></li>'
        )
    if not items:
        return f'<p class="clean">{w["none"]}</p>'
    return f'<ol class="findings">{"".join(items)}</ol>'


def _page_images(d: _Doc, r: FileResult, src: SourceText) -> dict:
    """For a PDF: the pages its findings stand on as images, and on each finding's data
    the boxes of its figure and of the figures it was compared with (``boxes``: page, x,
    y, width, height in points from the top left, and whether it is the finding's own
    figure). Nothing for other formats, or when the file cannot be read again as it was."""
    if not r.findings or not any(e[1].page is not None for entries in src.origins.values() for e in entries[:1]):
        return {}
    wanted = sorted({s.page for f in r.findings for s in (f.span, *(x.span for x in f.related)) if s.page is not None})
    try:
        from auditor.outputs.render.pages import PdfPages

        pdf = PdfPages(r.path, src.text)
        images = pdf.render(wanted)
    except Exception:  # noqa: BLE001 -- no page images is not an error of the report
        return {}
    for k, f in enumerate(r.findings):
        rel = d.rels[k]
        boxes = [[*b, True] for b in pdf.boxes(f.span)] + [[*b, False] for x in f.related for b in pdf.boxes(x.span)]
        rel["boxes"] = boxes
        rel["pages"] = list(dict.fromkeys(b[0] for b in boxes if b[0] in images))
    return images


def _figures(d: _Doc, images: dict, w: dict[str, str]) -> str:
    """The page images, hidden until a finding on their page is selected."""
    out = []
    for number, img in sorted(images.items()):
        out.append(
            f'<figure class="pageimg" id="d{d.index}pg{number}" data-page="{number}" hidden>'
            f'<div class="pagebox"><img alt="{w["page"]} {number}" src="{img.uri}">'
            f'<svg viewBox="0 0 {img.width:.1f} {img.height:.1f}" preserveAspectRatio="none"></svg></div>'
            f'<figcaption>{w["page"]} {number}</figcaption></figure>'
        )
    return f'<div class="pageimgs">{"".join(out)}</div>' if out else ""


def render(results: list[FileResult], sources: dict[str, SourceText], stream, lang: str, show_verified: bool = False) -> None:
    from auditor.document.reader import read_document

    w = _WORDS["en" if lang == "en" else "zh"]
    docs: list[dict[str, Any]] = []
    articles: list[str] = []
    rows: list[str] = []
    tot = dict.fromkeys(("e", "wa", "i", "q", "c", "v"), 0)
    for di, r in enumerate(results):
        e, wa, i = r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.INFO)
        if r.error:
            rows.append(f'<tr class="unreadable"><td>{html.escape(r.path)}</td><td colspan="6">{w["unreadable"]}: {html.escape(r.error)}</td></tr>')
            docs.append({"figs": {}, "rels": []})
            continue
        for k, v in zip(("e", "wa", "i", "q", "c", "v"), (e, wa, i, r.quantities, r.covered, len(r.verified)), strict=True):
            tot[k] += v
        pct = f"{r.covered}/{r.quantities}"
        rows.append(
            f'<tr><td><a href="#doc{di}">{html.escape(r.path)}</a></td><td class="n e">{e}</td><td class="n w">{wa}</td><td class="n">{i}</td>'
            f'<td class="n">{r.quantities}</td><td class="n">{pct}</td><td class="n">{len(r.verified)}</td></tr>'
        )
        src = sources.get(r.path)
        if src is None:
            docs.append({"figs": {}, "rels": []})
            continue
        d = _Doc(di, r, read_document(src.text, r.path, src.origins), lang)
        images = _page_images(d, r, src)
        docs.append(d.data())
        internal = "".join(f'<li>{w["internal"]}: {html.escape(x.check)}: {html.escape(x.message)}</li>' for x in r.internal_errors)
        articles.append(
            f'<article class="doc" id="doc{di}"><h2>{html.escape(r.path)}</h2>'
            f'<div class="cols"><aside class="side">{_findings_list(d, w)}{f"<ul>{internal}</ul>" if internal else ""}{_figures(d, images, w)}</aside>'
            f'<div class="body">{_document(d, src, w)}</div></div></article>'
        )
    count = tot["e"] + tot["wa"] + tot["i"]
    summary = (
        f'<div class="summary"><span>{w["files"]} <b id="file-count">{len(results)}</b></span>'
        f'<span>{w["findings"]} <b id="finding-count" data-count="{count}">{count}</b></span>'
        f'<span class="e">{w["errors"]} <b>{tot["e"]}</b></span><span class="w">{w["warnings"]} <b>{tot["wa"]}</b></span>'
        f'<span>{w["infos"]} <b>{tot["i"]}</b></span>'
        f'<span>{w["coverage"]} <b>{tot["c"]}/{tot["q"]}</b></span><span>{w["verified"]} <b>{tot["v"]}</b></span></div>'
    )
    table = (
        f'<table class="files"><thead><tr><th>{w["files"]}</th><th>{w["errors"]}</th><th>{w["warnings"]}</th><th>{w["infos"]}</th>'
        f'<th>{w["quantities"]}</th><th>{w["covered"]}</th><th>{w["verified"]}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    legend = "".join(f'<span class="fig st-{s}">{w["st-" + s]}</span>' for s in ("ok", "error", "warning", "info", "rel", "none"))
    payload = json.dumps({"docs": docs, "words": {k: w[k] for k in ("relations", "held", "st-ok", "st-none", "st-error", "st-warning", "st-info", "st-rel")}},
                         ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    payload = _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", payload)
    # a control character of a report's text or a file name is shown (␛), never sent raw
    stream.write(visible(
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">'
        f"<title>{w['title']}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{w["title"]}</h1>{summary}{table}<div class="legend">{w["legend"]}: {legend}</div></header>'
        f'<main>{"".join(articles)}</main><div id="tip" role="tooltip" hidden></div>'
        f'<script type="application/json" id="data">{payload}</script><script>{_JS}</script></body></html>\n'
    ))


_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_CSS = """
:root{--ok:#1a7f37;--err:#cf222e;--warn:#9a6700;--info:#0969da;--none:#8c959f;--hl:#fff8c5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.7 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #d0d7de}
h1{font-size:20px;margin:0 0 8px}
.summary{display:flex;flex-wrap:wrap;gap:18px;margin-bottom:8px}
.summary .e b{color:var(--err)}.summary .w b{color:var(--warn)}
table.files{border-collapse:collapse;font-size:13px;margin:6px 0}
table.files td,table.files th{border-bottom:1px solid #d0d7de;padding:2px 10px;text-align:left}
table.files td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.unreadable td{color:var(--err)}
.legend{font-size:13px;display:flex;gap:12px;flex-wrap:wrap;align-items:center}
article.doc{margin:16px 24px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
article.doc>h2{font-size:16px;margin:0;padding:10px 16px;border-bottom:1px solid #d0d7de;background:#f6f8fa;border-radius:6px 6px 0 0}
.cols{display:grid;grid-template-columns:minmax(240px,340px) 1fr}
aside.side{border-right:1px solid #d0d7de;padding:8px;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
.body{padding:8px 24px;min-width:0}
ol.findings{list-style:none;margin:0;padding:0}
li.finding{padding:6px 8px;margin:0 0 6px;border-left:4px solid var(--none);cursor:pointer;border-radius:3px;font-size:13px}
li.finding:hover,li.finding.active{background:#f6f8fa}
li.sev-error{border-color:var(--err)}li.sev-warning{border-color:var(--warn)}li.sev-info{border-color:var(--info)}
li.finding .sev{font-weight:600}li.sev-error .sev{color:var(--err)}li.sev-warning .sev{color:var(--warn)}li.sev-info .sev{color:var(--info)}
li.finding .loc{color:#656d76;float:right}
li.group{padding:6px 8px;margin:0 0 6px;border-left:4px solid var(--none);border-radius:3px;font-size:13px}
li.group summary{cursor:pointer}li.group .count{font-weight:600}
li.group.sev-error{border-color:var(--err)}li.group.sev-warning{border-color:var(--warn)}li.group.sev-info{border-color:var(--info)}
li.group .sev{font-weight:600}li.group.sev-error .sev{color:var(--err)}li.group.sev-warning .sev{color:var(--warn)}li.group.sev-info .sev{color:var(--info)}
ol.places{list-style:none;margin:4px 0 0;padding:0}li.finding.place{border-left-width:2px;margin:0 0 2px;padding:2px 6px}
.hint{color:#656d76}
.clean{color:var(--ok)}
.fig,.anc{border-radius:2px;padding:0 1px;cursor:help}
.fig.st-none{border-bottom:1px dotted var(--none)}
.fig.st-ok,.anc.st-ok{background:#dafbe1;border-bottom:2px solid var(--ok)}
.st-error{background:#ffebe9;border-bottom:2px solid var(--err);font-weight:600}
.st-warning{background:#fff8c5;border-bottom:2px solid var(--warn)}
.st-info{background:#ddf4ff;border-bottom:2px solid var(--info)}
.anc.st-none{border-bottom:1px dashed var(--none)}
.st-rel{background:#fbefff;border-bottom:2px solid #8250df}
h3.hd{font-size:18px}h4.hd{font-size:16px}h5.hd,h6.hd{font-size:15px}
.hd{margin:18px 0 6px}
.hl{outline:2px solid var(--info);outline-offset:1px;background:var(--hl)}
.hl-main{outline:3px solid var(--err)}
.origin{float:right;font-size:11px;color:#656d76;border:1px solid #d0d7de;border-radius:8px;padding:0 6px;margin-left:8px}
.tbl{margin:10px 0;overflow-x:auto}
.tbl .caption{font-size:14px;margin-bottom:2px}.tbl .unit{color:#656d76;font-size:13px;margin-left:8px}
.tbl table{border-collapse:collapse;font-size:13px}
.tbl td,.tbl th{border:1px solid #d0d7de;padding:2px 8px;vertical-align:top}
.tbl th{background:#f6f8fa}
.tbl td{font-variant-numeric:tabular-nums}
figure.pageimg{margin:4px 0 10px;cursor:zoom-in}figure.pageimg figcaption{font-size:12px;color:#656d76;text-align:center}
.pagebox{position:relative;border:1px solid #d0d7de;background:#fff;line-height:0}
.pagebox img{width:100%;height:auto;display:block}.pagebox svg{position:absolute;inset:0;width:100%;height:100%}
.pagebox rect{fill:rgba(255,214,0,.25);stroke:#8250df;stroke-width:1.2}.pagebox rect.main{fill:rgba(207,34,46,.18);stroke:#cf222e;stroke-width:1.8}
figure.pageimg.zoom{position:fixed;z-index:20;top:2vh;left:50%;transform:translateX(-50%);height:96vh;margin:0;background:#fff;padding:6px;box-shadow:0 6px 24px rgba(0,0,0,.3);cursor:zoom-out;overflow:auto}
figure.pageimg.zoom .pagebox{height:calc(96vh - 40px);aspect-ratio:auto}figure.pageimg.zoom .pagebox img{width:auto;height:100%}
.outside{margin-top:16px;border-top:1px dashed #d0d7de}.srcline{font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap}.ln{color:#656d76}
#tip{position:absolute;z-index:10;max-width:420px;background:#fff;border:1px solid #d0d7de;border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.15);padding:8px 10px;font-size:13px;line-height:1.5}
#tip dl{display:grid;grid-template-columns:auto 1fr;gap:0 8px;margin:0 0 6px}#tip dt{color:#656d76}#tip dd{margin:0}
#tip ul{margin:0;padding-left:16px}#tip .s{font-weight:600}
@media print{
 body{background:#fff;font-size:11pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 #tip{display:none!important}
 .cols{display:block}
 aside.side{position:static;max-height:none;border:0;overflow:visible}
 article.doc{border:0;margin:0 0 12pt;break-before:page}
 article.doc:first-of-type{break-before:auto}
 .tbl{overflow:visible}.tbl tr,li.finding{break-inside:avoid}
 .hl,.hl-main{outline:none}
 a{color:inherit;text-decoration:none}
}
"""

_JS = """
(function(){
"use strict";
var data=JSON.parse(document.getElementById("data").textContent);
var W=data.words,tip=document.getElementById("tip");
function esc(s){var d=document.createElement("div");d.textContent=String(s);return d.innerHTML;}
function docOf(id){var m=/^d(\\d+)/.exec(id);return m?data.docs[+m[1]]:null;}
function clear(){document.querySelectorAll(".hl,.hl-main").forEach(function(e){e.classList.remove("hl","hl-main");});
 document.querySelectorAll("li.finding.active").forEach(function(e){e.classList.remove("active");});}
function select(li){
 var doc=data.docs[+li.dataset.doc],rel=doc.rels[+li.dataset.rel];clear();li.classList.add("active");
 rel.ids.forEach(function(id,i){var e=document.getElementById(id);if(e)e.classList.add(i===0?"hl-main":"hl");});
 var first=document.getElementById(rel.ids[0]);if(first)first.scrollIntoView({block:"center",inline:"nearest"});
 showPages(li,doc,rel);
}
var SVG="http://www.w3.org/2000/svg";
function showPages(li,doc,rel){
 var art=li.closest("article");if(!art)return;
 art.querySelectorAll("figure.pageimg").forEach(function(f){f.hidden=true;f.classList.remove("zoom");});
 var after=li;
 (rel.pages||[]).forEach(function(p){
  var fig=document.getElementById("d"+li.dataset.doc+"pg"+p);if(!fig)return;
  var svg=fig.querySelector("svg");while(svg.firstChild)svg.removeChild(svg.firstChild);
  rel.boxes.forEach(function(b){if(b[0]!==p)return;var r=document.createElementNS(SVG,"rect");
   r.setAttribute("x",b[1]-2);r.setAttribute("y",b[2]-2);r.setAttribute("width",b[3]+4);r.setAttribute("height",b[4]+4);
   if(b[5])r.setAttribute("class","main");svg.appendChild(r);});
  after.after(fig);after=fig;fig.hidden=false;
 });
}
document.querySelectorAll("figure.pageimg").forEach(function(f){f.addEventListener("click",function(){f.classList.toggle("zoom");});});
document.querySelectorAll("li.finding").forEach(function(li){
 li.addEventListener("click",function(){select(li);});
 li.addEventListener("keydown",function(ev){if(ev.key==="Enter"||ev.key===" "){ev.preventDefault();select(li);}});
});
// a printed report lists every place of a folded group
window.addEventListener("beforeprint",function(){document.querySelectorAll("li.group details").forEach(function(d){d.open=true;});});
function show(el){
 var doc=docOf(el.id);if(!doc)return;var f=doc.figs[el.id];if(!f)return;
 var h="";
 if(f.facts.length){h+="<dl>";f.facts.forEach(function(p){h+="<dt>"+esc(p[0])+"</dt><dd>"+esc(p[1])+"</dd>";});h+="</dl>";}
 h+="<div class='s'>"+esc(W["st-"+f.status]||f.status)+"</div>";
 if(f.rels.length){h+="<div>"+esc(W.relations)+":</div><ul>";
  f.rels.forEach(function(k){var r=doc.rels[k];h+="<li>"+(r.kind==="verified"?"\\u2713 ":"\\u2717 ")+esc(r.check)+" "+esc(r.msg)+"</li>";});h+="</ul>";}
 tip.innerHTML=h;tip.hidden=false;
 var b=el.getBoundingClientRect(),x=window.scrollX+b.left,y=window.scrollY+b.bottom+6;
 tip.style.left=Math.max(4,Math.min(x,window.scrollX+document.documentElement.clientWidth-tip.offsetWidth-8))+"px";tip.style.top=y+"px";
}
function hide(){tip.hidden=true;}
document.querySelectorAll(".fig,.anc").forEach(function(el){
 el.addEventListener("mouseenter",function(){show(el);});el.addEventListener("mouseleave",hide);
 el.addEventListener("focus",function(){show(el);});el.addEventListener("blur",hide);
});
})();
"""
