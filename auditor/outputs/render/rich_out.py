"""``--format rich``: findings as compiler-style code frames, then a summary table.

Each finding: ``error[TBL001]: message``, ``--> path:line:col``, the source line with
``^^^^`` under the figure and its label, the related lines with ``----`` under theirs,
then the hint. Colour only on a terminal and never when ``NO_COLOR`` is set (rich
reads both).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.checking.engine import FileResult
from auditor.checking.findings import Finding, Severity
from auditor.document.source import SourceText
from auditor.document.terminal import one_line, visible
from auditor.outputs.render import common_message, group, place

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}
_WORDS = {
    "zh": {"help": "提示", "file": "文件", "errors": "错误", "warnings": "警告", "infos": "提示", "quantities": "数字",
           "covered": "已核对", "verified": "成立的关系", "unreadable": "无法读取", "total": "合计", "internal": "内部错误", "suppressed": "已按注释忽略",
           "summary": "汇总", "clean": "未发现问题", "time": "用时", "places": "共 {n} 处"},
    "en": {"help": "help", "file": "file", "errors": "errors", "warnings": "warnings", "infos": "info", "quantities": "figures",
           "covered": "covered", "verified": "relations held", "unreadable": "unreadable", "total": "total", "internal": "internal errors", "suppressed": "silenced by comments",
           "summary": "Summary", "clean": "no problems found", "time": "time", "places": "{n} places"},
}
TAB = 4


def _display(line: str) -> tuple[str, list[int]]:
    """Expand tabs; return the display line and the display column of every character."""
    out = []
    cols = []
    col = 0
    for ch in line:
        cols.append(col)
        if ch == "\t":
            step = TAB - col % TAB
            out.append(" " * step)
            col += step
        else:
            ch = visible(ch)  # a control character is shown, at the width it is shown
            out.append(ch)
            col += cell_len(ch)
    cols.append(col)
    return "".join(out), cols


MAX_CELLS = 110
CONTEXT = 36


def _window(display: str, first: int, last: int) -> tuple[str, int]:
    """Cut a long display line to the part around the marks; return it and the number
    of cells cut from the left (an ellipsis stands for each cut end)."""
    if cell_len(display) <= MAX_CELLS:
        return display, 0
    start = max(0, first - CONTEXT)
    end = max(last + CONTEXT, start + MAX_CELLS)
    out = []
    col = 0
    for ch in display:
        w = cell_len(ch)
        if col >= start and col + w <= end:
            out.append(ch)
        col += w
    text = "".join(out)
    lead = "…" if start > 0 else ""
    tail = "…" if end < col else ""
    return lead + text + tail, start - len(lead)


def _frame(f: Finding, src: SourceText, lang: str) -> list[Text]:
    marks: dict[int, list[tuple[int, int, str, str]]] = {}

    def add(span, text, primary):
        line = span.line
        start_col = span.column - 1
        end_col = span.end_column - 1 if span.end_line == span.line else len(src.line_text(line))
        marks.setdefault(line, []).append((start_col, max(end_col, start_col + 1), text, "^" if primary else "-"))

    add(f.span, f.label.get(lang) if f.label else "", True)
    for r in f.related:
        add(r.span, r.message.get(lang) + (place(r.span, lang) if r.span.page != f.span.page or r.span.cell else ""), False)
    width = len(str(max(marks)))
    gutter = " " * width + " │"
    out = [Text(gutter, style="blue")]
    last = None
    for line in sorted(marks):
        if last is not None and line > last + 1:
            out.append(Text(" " * width + " ┆", style="blue"))
        last = line
        display, cols = _display(src.line_text(line))
        spans = [(cols[min(a, len(cols) - 1)], cols[min(b, len(cols) - 1)]) for a, b, _, _ in marks[line]]
        shown, shift = _window(display, min(a for a, _ in spans), max(b for _, b in spans))
        row = Text(f"{line:>{width}} │ ", style="blue")
        row.append(shown)
        out.append(row)
        for (_start, _end, label, ch), (a, b) in sorted(zip(marks[line], spans, strict=True)):
            under = Text(gutter + " " + " " * max(0, a - shift), style="blue")
            under.append(ch * max(1, b - a) + (" " + label if label else ""), style=_STYLE[f.severity] if ch == "^" else "cyan")
            out.append(under)
    return out


def _entry(members: list[Finding], path: str, src: SourceText | None, console: Console, lang: str, w: dict[str, str]) -> None:
    """One finding as a code frame; a group of findings of one cause (see
    :func:`auditor.outputs.render.group`) as one entry: the shared message with the count, the first
    place's frame, the hint, then every place with its own message."""
    f = members[0]
    head = Text()
    head.append(f"{f.severity.value}[{f.check}]", style=_STYLE[f.severity])
    if len(members) == 1:
        head.append(f": {one_line(f.message.get(lang))}", style="bold")
    else:
        head.append(f": {one_line(common_message(members, lang))}", style="bold")
        head.append(f" ×{len(members)}", style=_STYLE[f.severity])
    console.print(head, soft_wrap=True)
    console.print(Text(one_line(f"  --> {path}:{f.span.line}:{f.span.column}{place(f.span, lang)}"), style="blue"), soft_wrap=True)
    if src is not None:
        for t in _frame(f, src, lang):
            console.print(t, soft_wrap=True)
    if f.hint:
        hint = Text("   = ", style="blue")
        hint.append(f"{w['help']}: ", style="bold")
        hint.append(one_line(f.hint.get(lang)))
        console.print(hint, soft_wrap=True)
    if len(members) > 1:
        console.print(Text(f"   = {w['places'].format(n=len(members))}:", style="blue"), soft_wrap=True)
        for m in members:
            line = Text(one_line(f"     {path}:{m.span.line}:{m.span.column}{place(m.span, lang)}  "), style="blue")
            line.append(one_line(m.message.get(lang)))
            console.print(line, soft_wrap=True)
    console.print()


def render(results: list[FileResult], sources: dict[str, SourceText], console: Console, lang: str, show_verified: bool = False, outcome=None) -> None:
    w = _WORDS["en" if lang == "en" else "zh"]
    for r in results:
        if r.error:
            continue
        src = sources.get(r.path)
        for members in group(r.findings):
            _entry(members, r.path, src, console, lang, w)
        for e in r.internal_errors:
            console.print(Text(one_line(f"{r.path}: internal error in check {e.check}: {e.message}"), style="bold magenta"), soft_wrap=True)
        if show_verified and r.verified:
            console.print(Text(f"{one_line(r.path)}: {w['verified']} ({len(r.verified)})", style="bold green"), soft_wrap=True)
            for v in r.verified:
                line = v.spans[0].line if v.spans else 0
                mark = "≈" if v.rounding else "✓"
                console.print(Text(one_line(f"  {mark} {v.check} {r.path}:{line}  {v.message.get(lang)}"), style="green"), soft_wrap=True)
            console.print()
        if show_verified and r.identities:
            console.print(Text(one_line(f"{r.path}: {_IDENTITY_WORDS[lang == 'en']['title']}"), style="bold"), soft_wrap=True)
            for a in r.identities:
                console.print(_identity_line(a, lang), soft_wrap=True)
            console.print()
    _summary(results, console, w)
    _identities(results, console, lang)
    _directives(results, console, lang)
    if outcome is not None:
        from auditor.running.baseline import describe

        for line in describe(outcome, lang):
            console.print(Text(one_line(line)), soft_wrap=True)


_IDENTITY_WORDS = {
    False: {"title": "标准恒等式", "held": "成立", "failed": "不成立", "not-attempted": "未核对", "line": "恒等式"},
    True: {"title": "standard identities", "held": "held", "failed": "failed", "not-attempted": "not attempted", "line": "identities"},
}


def _identity_line(a, lang: str) -> Text:
    w = _IDENTITY_WORDS[lang == "en"]
    mark, style = {"held": ("✓", "green"), "failed": ("✗", "red"), "not-attempted": ("?", "yellow")}[a.status]
    text = f"  {mark} {a.check} {a.identity.get(lang)}: {w[a.status]}"
    if a.status != "not-attempted":
        text += f" ({a.held}/{a.held + a.failed})"
    elif a.reason is not None:
        text += f" — {a.reason.get(lang)}"
    return Text(one_line(text), style=style)


def _identities(results: list[FileResult], console: Console, lang: str) -> None:
    """One line a disclosure document: how many standard identities held, failed, or could
    not be attempted (``--show-verified`` lists each with its reason)."""
    w = _IDENTITY_WORDS[lang == "en"]
    for r in results:
        if r.error or not r.identities:
            continue
        counts = {k: sum(1 for a in r.identities if a.status == k) for k in ("held", "failed", "not-attempted")}
        if len(results) > SUMMARY_ALL_FILES and not counts["failed"] and not counts["not-attempted"]:
            continue
        parts = "，".join(f"{w[k]} {n}" for k, n in counts.items()) if lang != "en" else ", ".join(f"{w[k]} {n}" for k, n in counts.items())
        console.print(Text(one_line(f"{r.path}: {w['line']} {parts}")), soft_wrap=True, highlight=False)


# With more files than this the summary lists only the files with something to say.
SUMMARY_ALL_FILES = 20


def _summary(results: list[FileResult], console: Console, w: dict[str, str]) -> None:
    table = Table(title=w["summary"], title_justify="left", show_edge=False, pad_edge=False)
    table.add_column(w["file"], overflow="fold")
    for key in ("errors", "warnings", "infos", "quantities", "covered", "verified"):
        table.add_column(w[key], justify="right")
    tot = dict.fromkeys(("e", "w", "i", "q", "c", "v"), 0)
    quiet = len(results) > SUMMARY_ALL_FILES
    for r in results:
        if r.error:
            table.add_row(Text(one_line(r.path)), Text(w["unreadable"], style="bold magenta"), "", "", "", "", "")
            continue
        e, wa, i = r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.INFO)
        pct = f"{r.covered}/{r.quantities}" if r.quantities else "0/0"
        if not quiet or e or wa or r.internal_errors:
            table.add_row(Text(one_line(r.path)), _n(e, "red"), _n(wa, "yellow"), str(i), str(r.quantities), pct, str(len(r.verified)))
        for k, v in zip("ewiqcv", (e, wa, i, r.quantities, r.covered, len(r.verified)), strict=True):
            tot[k] += v
    if len(results) > 1:
        table.add_section()
        table.add_row(f"{w['total']}（{len(results)}）" if w is _WORDS["zh"] else f"{w['total']} ({len(results)})", _n(tot["e"], "red"), _n(tot["w"], "yellow"), str(tot["i"]), str(tot["q"]), f"{tot['c']}/{tot['q']}", str(tot["v"]))
    console.print(table)
    unreadable = sum(1 for r in results if r.error)
    parts = [f"{w['errors']} {tot['e']}", f"{w['warnings']} {tot['w']}", f"{w['infos']} {tot['i']}"]
    if unreadable:
        parts.append(f"{w['unreadable']} {unreadable}")
    internal = sum(len(r.internal_errors) for r in results)
    if internal:
        parts.append(f"{w['internal']} {internal}")
    suppressed = sum(r.suppressed for r in results)
    if suppressed:
        parts.append(f"{w['suppressed']} {suppressed}")
    line = " · ".join(parts)
    if not tot["e"] and not tot["w"] and not unreadable and not internal:
        line = f"{w['clean']} · " + line
    console.print(line, soft_wrap=True, highlight=False)


def _n(n: int, colour: str) -> Text:
    return Text(str(n), style=colour if n else "")


def _directives(results: list[FileResult], console: Console, lang: str) -> None:
    """Every ``auditor-ignore`` comment found: those applied with what they silenced, and
    those not applied with why (a PDF's or a spreadsheet's text, ``--no-inline-suppress``)."""
    found = [(r, d) for r in results if not r.error for d in r.directives]
    if not found:
        return
    zh = lang != "en"
    console.print(Text("忽略注释" if zh else "auditor-ignore comments", style="bold"), soft_wrap=True)
    for r, d in found:
        what = ("文件内 " if zh else "file-wide ") if d.file_wide else ""
        codes = ", ".join(d.codes) or ("全部检查" if zh else "every check")
        if d.not_applied is None:
            did = f"已忽略 {d.silenced} 条" if zh else f"silenced {d.silenced}"
        elif d.not_applied == "--no-inline-suppress":
            did = "未采用（--no-inline-suppress）" if zh else "not applied (--no-inline-suppress)"
        else:
            did = (f"未采用：{d.not_applied.upper()} 中的文字可能不可见或为数据" if zh
                   else f"not applied: text in a {d.not_applied.upper()} may be invisible or data")
        console.print(Text(one_line(f"  {r.path}:{d.line}  {what}{codes}  {did}")), soft_wrap=True)
