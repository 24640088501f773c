"""Report year and periods (YR): the years a report names agree with the year it is about.

The report's year and kind come from :mod:`auditor.knowledge.report` (title, cover, captions); a
check whose premise needs them stays silent when they are not stated clearly. In a budget
of year Y the comparisons name Y−1 (``比Y−1年预算``, ``Y−1年预算执行数``); in a 决算 of
year Y the headings, captions, ``截至Y年12月31日`` and the statements compared with 上年
belong to Y. Years inside a document's title (《2024年…工作要点》) are names, not periods,
and are never read.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import prose
from auditor.document.model import Document, Heading, Paragraph, Table
from auditor.knowledge import report

_Y = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:度)?"
# 比2024年预算, 较2023年度, 与2024年预算执行数相比, 同2023年相比
_COMPARE = regex.compile(rf"(?:比|较|与|同)\s*{_Y}\s*(?P<what>当年预算执行数|预算执行数|年初预算|调整预算|全年预算|预算数|预算|执行数|决算数|决算|同期)?")
_COMPARED_AFTER = regex.compile(r"[^，,。；;：:]{0,24}?(?:相比|比较|对比|持平|增加|减少|增长|下降|上升|降低|增|减)")
_TITLE_QUOTE = regex.compile(r"《[^》]{0,80}》|“[^”]{0,40}”")
_LEADING_YEAR = regex.compile(rf"\s*{_Y}")
_AGAINST_PRIOR = regex.compile(r"(?:较|比|与)上年|同比")
_DATED = regex.compile(r"\s*\d{1,2}\s*月")
_AS_OF = regex.compile(rf"截至\s*{_Y}\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日")


def _unquoted(text: str) -> str:
    """The text with titles of documents blanked (years in them are names)."""
    return _TITLE_QUOTE.sub(lambda m: " " * len(m.group(0)), text)


def _by_paragraph(doc: Document) -> dict[int, list]:
    out: dict[int, list] = {}
    for s in prose.sentences(doc):
        out.setdefault(id(s.para), []).append(s)
    return out


def _para_span(doc: Document, para: Paragraph, a: int, b: int):
    return doc.source.span(para.source_offset(a), para.source_offset(b - 1) + 1)


class ComparisonYearWrong(Check):
    """比较年度与报告年度不符：Y 年预算中写“比 Y 年预算”，或个别处写 Y−2 而其余各处都写 Y−1。
    A comparison names the report's own year, or a stale year where its siblings say Y−1.

    预算（Y 年）中的比较应指向 Y−1 年（比Y−1年预算、Y−1年预算执行数）；决算（Y 年）中与 Y 年预算的比较
    （决算数与2024年年初预算相比）、预算中与 Y−2 年决算的比较（较2023年决算数，最近一个已完成的决算）
    是正常的，不报告。

    反例::

        # 区水务局2025年部门预算

        2025年财政拨款支出预算 2,860.40 万元，比2025年预算增加 126.30 万元。

    正例::

        # 区水务局2025年部门预算

        2025年财政拨款支出预算 2,860.40 万元，比2024年预算增加 126.30 万元。
    """

    code = "YR001"
    name = "period.comparison-year"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        if info.year is None or info.kind not in ("预算", "决算"):
            return
        y0 = info.year
        found = []
        for p in doc.paragraphs:
            text = _unquoted(p.text)
            for m in _COMPARE.finditer(text):
                y = int(m.group("y"))
                what = m.group("what") or ""
                if not what and prose.event_year(text, text.index("年", m.end("y")) + 1):
                    continue  # 与1998年成立的…合并: a founding year, not a comparison
                if m.group(0).lstrip().startswith(("与", "同")) and not _COMPARED_AFTER.match(text, m.end()):
                    continue  # 2025年预算执行情况与2026年预算草案: "and", not a comparison
                if not what and _DATED.match(text, m.end()):
                    continue  # 与2024年1月向人大会议报告的执行数相比: when the figures were told, not a year compared
                if regex.search(r"(?:19|20)\d\d\s*年度?\s*$", text[max(0, m.start() - 8) : m.start()]):
                    continue  # 2015年比2014年增加的年终奖: two other years compared with each other, named both
                clause = text[prose.clause_start(text, m.start(), "。；;！？!?") : m.start()]
                if y != y0 - 1 and str(y + 1) in regex.findall(r"(?:19|20)\d\d(?=\s*年)", clause):
                    continue  # 2025年底结转结余较2024年底有所下降: a year told in the clause against the year before it
                ahead = text[m.end() : m.end() + 8]
                if not what and (w := regex.match(r"[^，,。；;\d]{0,6}?(预算执行数|执行数|预算|决算)", ahead)):
                    what = w.group(1)  # 与2024年度部门预算相比
                if info.kind == "决算" and "预算" in what and "执行" not in what:
                    continue  # 决算数与2024年年初预算相比: the same year's budget
                found.append((p, m, y, what))
        prior = [(p, m) for p, m, y, _w in found if y == y0 - 1]
        # the earlier years named where the siblings say Y−1: a slip only while they are the few
        stale = [m for _p, m, y, w in found if y < y0 - 1 and not (info.kind == "预算" and y == y0 - 2 and "决算" in w)]
        for p, m, y, what in found:
            at = _para_span(doc, p, m.start(), m.end())
            if y == y0 - 1:
                yield self.verified(f"比较年度 {y} = {y0} − 1", f"compared year {y} = {y0} − 1", [at])
                continue
            if y == y0:
                zh = f"{y0}年{info.kind}中“{m.group(0)}”与本年度自身比较，应为 {y0 - 1} 年"
                en = f"the {y0} {info.kind} compares with its own year ('{m.group(0)}'); it should be {y0 - 1}"
            elif y < y0 - 1 and len(prior) > len(stale) and not info.government and not (info.kind == "预算" and y == y0 - 2 and "决算" in what):
                # (a region's report on last year's execution compares it with the year before)
                # (a budget of Y compares with the Y−2 决算, the latest one closed, as a matter of course)
                zh = f"“{m.group(0)}”比较的是 {y} 年，而文中其他 {len(prior)} 处比较都写 {y0 - 1} 年"
                en = f"'{m.group(0)}' compares with {y}, while the other {len(prior)} comparisons name {y0 - 1}"
            elif y > y0:
                zh = f"{y0}年{info.kind}中“{m.group(0)}”与以后年度比较"
                en = f"the {y0} {info.kind} compares with a later year ('{m.group(0)}')"
            else:
                continue
            related = [(_para_span(doc, q, n.start(), n.end()), f"同类表述：{n.group(0)}", f"a sibling: {n.group(0)}") for q, n in prior[:2]]
            yield self.finding(
                zh, en, at,
                label=(f"应为 {y0 - 1} 年", f"should be {y0 - 1}"),
                related=related,
                hint=(f"改为“{m.group(0).replace(str(y), str(y0 - 1), 1)}”", f"write {y0 - 1}"),
            )


_REPORT_PART = regex.compile(rf"{_Y}\s*(?:(?!(?:19|20)\d\d|执行|和|与|及)[^\s，。；]){{0,14}}?(?P<kind>预算|决算)(?:编制)?(?:情况)?(?:说明|总表|明细表|表|公开)")


_POLICY = regex.compile(r"^\s*(?:的)?(?:工作|有关|相关|编制)?(?:的)?(?:通知|要求|办法|规定|方案|意见|规程|指引|指南|口径|工作)")
_POLICY_LEAD = regex.compile(r"(?:关于|根据|按照|依据|依照|做好|贯彻|落实|执行)[^，。；]{0,10}$")


class ReportYearInconsistent(Check):
    """决算的日期、标题、表名或“与上年相比”的表述不属于报告年度。
    A date, heading, caption or 与上年相比 statement of a report names another year than the report's.

    Y 年决算中：“截至…年12月31日”应为 Y 年；各部分标题和表名中的“X年度…决算（表）”应为 Y 年；
    以 X 年决算数与上年比较的句子，X 应为 Y。预算中各表名的年度应为预算年度。

    反例::

        # 区人力资源和社会保障局2023年度部门决算

        截至2022年12月31日，本部门共有车辆 6 辆。

    正例::

        # 区人力资源和社会保障局2023年度部门决算

        截至2023年12月31日，本部门共有车辆 6 辆。
    """

    code = "YR002"
    name = "period.report-year"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        if info.year is None or info.kind not in ("预算", "决算"):
            return
        y0 = info.year
        for b in doc.blocks:
            if isinstance(b, Paragraph):
                yield from self._paragraph(doc, b, y0, info.kind)
            if isinstance(b, Heading | Table):
                text = b.title if isinstance(b, Heading) else b.caption
                span = b.span if isinstance(b, Heading) else b.caption_span
                if not text or span is None:
                    continue
                for m in _REPORT_PART.finditer(_unquoted(text)):
                    if _POLICY.search(text, m.end(), m.end() + 12) or _POLICY_LEAD.search(text, max(0, m.start() - 12), m.start()):
                        continue  # 关于做好2024年部门预算公开工作的通知: a policy's name, not this report's
                    y = int(m.group("y"))
                    if m.group("kind") != info.kind:
                        continue
                    if y == y0:
                        yield self.verified(f"“{m.group(0)}”属于报告年度 {y0}", f"'{m.group(0)}' is of the report's year {y0}", [span])
                        continue
                    yield self.finding(
                        f"{y0}年{info.kind}中的标题或表名写作“{m.group(0)}”",
                        f"a heading or caption of the {y0} {info.kind} reads '{m.group(0)}'",
                        span,
                        label=(f"应为 {y0} 年", f"should be {y0}"),
                        hint=(f"改为 {y0} 年", f"write {y0}"),
                    )

    def _paragraph(self, doc, p: Paragraph, y0: int, kind: str) -> Iterator[Finding | Verified]:
        text = _unquoted(p.text)
        # a 绩效评价 appended to the volume is of the funds it evaluates, whose year it keeps
        # (2020年…专项资金…截至2020年12月31日 in the 2021 决算's evaluation of 2020 funds)
        evaluation = any("评价" in sec.title for sec in doc.section_path(p.section))
        if kind == "决算" and not evaluation:
            for m in _AS_OF.finditer(text):
                y = int(m.group("y"))
                if int(m.group("m")) != 12 or int(m.group("d")) != 31:
                    continue
                at = _para_span(doc, p, m.start(), m.end())
                if y == y0:
                    yield self.verified(f"“{m.group(0)}”为决算年度末", f"'{m.group(0)}' is the end of the year", [at])
                    continue
                yield self.finding(
                    f"{y0}年度决算中写“{m.group(0)}”，应为决算年度末 {y0}年12月31日",
                    f"the {y0} 决算 says '{m.group(0)}'; the end of its year is 31 December {y0}",
                    at,
                    label=(f"应为 {y0} 年", f"should be {y0}"),
                    hint=(f"改为“截至{y0}年12月31日”", f"write 截至{y0}年12月31日"),
                )
            # 2022年“三公”经费支出决算为 X 万元，较上年增加 …: a 决算 statement about another year
            by_para = doc.cached("period-sentences-by-paragraph", lambda: _by_paragraph(doc))
            for s in by_para.get(id(p), []):
                st = _unquoted(s.text)
                if "决算" not in st or not _AGAINST_PRIOR.search(st):
                    continue
                m = _LEADING_YEAR.match(st)
                if m is None:
                    continue
                y = int(m.group("y"))
                if y == y0 or not s.quantities or str(y0) in st or "本年" in st:
                    continue  # 2022年决算 X，2023年决算 Y，较上年增加: both years are named
                yield self.finding(
                    f"{y0}年度决算中，以“{m.group(0).strip()}”开头的决算数与上年比较，年度应为 {y0}",
                    f"in the {y0} 决算 a statement of {y}'s figures against the year before: the year should be {y0}",
                    _para_span(doc, p, s.start + m.start("y"), s.start + m.end("y")),
                    label=(f"应为 {y0} 年", f"should be {y0}"),
                    hint=(f"改为 {y0} 年", f"write {y0}"),
                )


# (what stands between the year and 执行数 names no other year and no comparison: in
# 2026年预算数比2025年执行数 the 执行数 is 2025's)
_BETWEEN = r"(?:(?!(?:19|20)\d\d|比|较|与)[^\s，。；、]){0,10}?"
_EXECUTED = regex.compile(rf"{_Y}\s*(?:当年)?{_BETWEEN}(?:预算)?执行数")
_PLANNED = regex.compile(rf"{_Y}\s*{_BETWEEN}预算(?:安排|数)(?!执行)")


class PlanYearEqualsExecutionYear(Check):
    """“执行数 … 预算安排”一对中，预算安排的年度与执行数的年度相同。
    In a 执行数 … 预算安排 pair, the plan names the same year as the execution.

    预算说明常写“Y−1年预算执行数为 A 万元，Y年预算安排 B 万元”：两个年度相同时，其中一个写错。

    反例::

        2024年当年预算执行数为 86.20 万元，2024年预算安排 92.50 万元，比2024年预算执行数增加 7.31%。

    正例::

        2024年当年预算执行数为 86.20 万元，2025年预算安排 92.50 万元，比2024年预算执行数增加 7.31%。
    """

    code = "YR003"
    name = "period.plan-year-equals-execution"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        if info.kind not in ("预算", None):
            return
        for s in prose.sentences(doc):
            text = _unquoted(s.text)
            executed = [m for m in _EXECUTED.finditer(text) if not regex.search(r"[比较与]\s*$", text[max(0, m.start() - 2) : m.start()])]
            planned = list(_PLANNED.finditer(text))
            if not executed or not planned:
                continue
            e, pl = executed[0], next((x for x in planned if x.start() > executed[0].end()), None)
            if pl is None:
                continue
            ye, yp = int(e.group("y")), int(pl.group("y"))
            at = _para_span(doc, s.para, s.start + pl.start(), s.start + pl.end())
            if yp == ye + 1:
                yield self.verified(f"预算安排 {yp} = 执行数 {ye} + 1", f"plan {yp} = execution {ye} + 1", [at])
                continue
            if yp != ye:
                continue
            yield self.finding(
                f"“{e.group(0)}”与“{pl.group(0)}”是同一年度：预算安排应为下一年度",
                f"'{e.group(0)}' and '{pl.group(0)}' name the same year: the plan is for the year after",
                at,
                label=("与执行数同年", "same year as the execution"),
                related=[(_para_span(doc, s.para, s.start + e.start(), s.start + e.end()), e.group(0), e.group(0))],
                hint=(f"预算安排应为 {ye + 1} 年（或执行数为 {yp - 1} 年）", f"the plan would be {ye + 1} (or the execution {yp - 1})"),
            )


def _cells_by_value(doc: Document) -> dict:
    """Table value -> [(table, column, row label, cell)] for every figure cell."""
    def build():
        out: dict = {}
        for t in doc.tables:
            for sr in t.side_rows:
                for ci, cell in sr.values.items():
                    q = cell.quantity
                    if q is None or q.family != "money" or q.value == 0:
                        continue
                    out.setdefault(q.value, []).append((t, ci, sr, cell))
        return out
    return doc.cached("period-cells-by-value", build)


_CARRIED_IN = regex.compile(r"上年.{0,4}(?:结转|结余)|年初结转|结转")


def _column_year(t: Table, ci: int) -> int | None:
    if ci >= len(t.columns):
        return None
    found = prose.YEAR.findall(t.columns[ci].header)
    return int(found[-1]) if len(set(found)) == 1 else None


class FigureYearContradictsTable(Check):
    """正文数字标注的年度与其所等于的表格列的年度不符。
    A figure is labelled with a year that contradicts the table column it equals.

    正文“2023年执行数 A 万元”，而 A 只出现在表中一行（该行名称见于本段）的“2024年执行数”列时报告。
    只比较不少于三位有效数字、非零的金额；同句中另一年度的数字与之相等（持平）时不报。

    反例::

        # 区统计局2025年部门预算

        财政拨款支出预算表

        单位：万元

        | 项目 | 2024年执行数 | 2025年预算数 |
        | --- | --- | --- |
        | 统计调查支出 | 312.46 | 338.20 |

        统计调查支出2025年预算 338.20 万元，2023年执行数 312.46 万元。

    正例::

        # 区统计局2025年部门预算

        财政拨款支出预算表

        单位：万元

        | 项目 | 2024年执行数 | 2025年预算数 |
        | --- | --- | --- |
        | 统计调查支出 | 312.46 | 338.20 |

        统计调查支出2025年预算 338.20 万元，2024年执行数 312.46 万元。
    """

    code = "YR004"
    name = "period.figure-year-against-table"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        cells = _cells_by_value(doc)
        if not cells:
            return
        for s in prose.sentences(doc):
            for q in s.quantities:
                if q.family != "money" or not q.is_exact_figure or q.value == 0 or len(q.raw.replace(",", "").strip("0. 万元亿千")) < 3:
                    continue
                if prose.is_change(s, q):
                    continue
                clause = _unquoted(prose.clause_before(s, q))
                years = prose.YEAR.findall(clause)
                if not years:
                    continue
                yq = int(years[-1])
                matches = cells.get(q.value, [])
                if not matches:
                    continue
                col_years = [(_column_year(t, ci), t, ci, sr, cell) for t, ci, sr, cell in matches]
                if any(y is None or y == yq or (y == yq + 1 and _CARRIED_IN.search(t.columns[ci].header)) for y, t, ci, *_ in col_years):
                    # (a 2026 table's 上年结余、结转 column holds 2025's money carried over)
                    if any(y == yq for y, *_ in col_years):
                        y, t, ci, sr, cell = next(c for c in col_years if c[0] == yq)
                        yield self.verified(f"{q.raw}（{yq}年）= 表中“{t.columns[ci].header}”列", f"{q.raw} ({yq}) = the table's {t.columns[ci].header} column", [q.span, cell.span])
                    continue
                if len({(id(t), sr.row) for _y, t, _ci, sr, _c in col_years}) != 1:
                    continue  # the value stands in several rows: which one is meant is not clear
                y, t, ci, sr, cell = col_years[0]
                label = regex.sub(r"\s|^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", "", sr.label)
                if len(label) < 2 or label not in s.para.text:
                    continue  # the row the figure equals is not what the sentence speaks of
                if any(o is not q and o.value == q.value for o in s.quantities):
                    continue  # 2023年执行数 10.00，2024年预算 10.00: equal years' figures, either may be meant
                own = [k for k in sr.values if _column_year(t, k) == yq]
                yield self.finding(
                    f"{q.raw} 标为 {yq} 年，但它是表中“{sr.label}”行“{t.columns[ci].header}”列（{y} 年）的数字",
                    f"{q.raw} is labelled {yq}, but it is the table's '{t.columns[ci].header}' ({y}) figure of '{sr.label}'",
                    q.span,
                    label=(f"表中为 {y} 年", f"{y} in the table"),
                    related=[(cell.span, f"{t.columns[ci].header} {cell.text}", f"{t.columns[ci].header} {cell.text}")],
                    hint=(f"年度应为 {y} 年" + (f"，或数字应取“{t.columns[own[0]].header}”列" if own else ""), f"the year would be {y}" + (f", or the figure that of the {t.columns[own[0]].header} column" if own else "")),
                )
