"""Missing pieces (GAP) a reviewer marks at once: an amount left out before its unit
(``政府性基金支出预算支出万元``), a change written without its unit (``减少 3.25，``), a
paragraph that ends without its final mark right before the next heading, and the
placeholders a Word chart leaves when its data were never filled in (``[值]``,
``[类别名称]``).

Related checks elsewhere: a sentence that stops at its cue (``主要原因是。``) is TPL003,
a template placeholder (``XX局``) TPL002, a rate without % whose figure is written with %
elsewhere TXT005.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import prose
from auditor.document.model import Document, Heading, Paragraph, Span, Table


def _span(doc: Document, para: Paragraph, a: int, b: int) -> Span:
    return doc.source.span(para.source_offset(a), para.source_offset(max(a, b - 1)) + 1)


# A money unit right after the word that should have been followed by the amount: 支出万元,
# 预算为万元, 增加万元. Not after 单位/以/按/百/千/十/亿/万 (单位为万元, 以万元计, 数百万元).
_NO_AMOUNT = regex.compile(
    r"(?<![单以按计折])(?P<cue>支出|收入|预算|决算|安排|拨款|经费|合计|总计|共计|结余|结转|增加|减少|增长|下降|为|达|约|是)"
    r"\s*(?P<unit>万元|亿元|元)(?=[，,。；;、）)]|$)"
)
_UNIT_WORDS = regex.compile(r"单位\s*[:：为]?\s*$|计量\s*$|金额单位")


class AmountMissing(Check):
    """句中缺少金额：单位“万元”紧跟在应写金额的词后（……预算支出万元）。
    An amount is missing: a money unit follows the word that should have been followed by the figure.

    反例::

        2024年政府性基金预算支出万元，主要用于城市更新项目。

    正例::

        2024年政府性基金预算支出 120.00 万元，主要用于城市更新项目。
    """

    code = "GAP001"
    name = "gap.amount-missing"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        missing = []
        for p in doc.paragraphs:
            text = p.text
            for m in _NO_AMOUNT.finditer(text):
                if _UNIT_WORDS.search(text[max(0, m.start() - 6) : m.start("unit")]):
                    continue  # 单位为万元: a unit line, not a figure
                figure = regex.search(r"\d[\d,，.]*\s*$", text[max(0, m.start() - 16) : m.start()])
                if figure is not None:
                    # 预算数3,623.98为万元: the figure is there, a word stands between it and its unit
                    shown = prose.excerpt(text, m.start(), m.end(), 10, 4)
                    yield self.finding(
                        f"金额与单位被“{m.group('cue')}”隔开：“{shown}”",
                        f"'{m.group('cue')}' stands between the figure and its unit: '{shown}'",
                        _span(doc, p, m.start("cue"), m.end("unit")),
                        label=("语序有误", "words out of order"),
                        hint=(f"写作“{m.group('cue')}{figure.group(0).strip()}{m.group('unit')}”", f"write '{m.group('cue')}{figure.group(0).strip()}{m.group('unit')}'"),
                    )
                    continue
                missing.append((p, m))
        # many amounts missing on one page, most of its amounts: the page's text layer lost its
        # figures (a newspaper's columns, text laid out out of order), not the author: one note
        by_page: dict = {}
        for p, m in missing:
            by_page.setdefault(_span(doc, p, m.start("unit"), m.end("unit")).page, []).append((p, m))
        for page, hits in by_page.items():
            if page is not None and len(hits) >= _LOST_PAGE and len(hits) * 2 >= _amounts_on(doc, page):
                p, m = hits[0]
                yield self.finding(
                    f"本页 {len(hits)} 处单位前没有数字，多于本页金额的一半：文本层可能缺失或顺序错乱（如报纸分栏），未逐处核对",
                    f"{len(hits)} units on this page have no figure before them, more than half its amounts: the text layer may have lost them (newspaper columns, text out of order); not checked one by one",
                    _span(doc, p, m.start("unit"), m.end("unit")),
                    severity=Severity.INFO,
                    label=("本页数字缺失", "figures missing on this page"),
                )
                continue
            for p, m in hits:
                text = p.text
                shown = prose.excerpt(text, m.start(), m.end(), 10, 4)
                yield self.finding(
                    f"缺少金额：“{shown}”",
                    f"an amount is missing: '{shown}'",
                    _span(doc, p, m.start("unit"), m.end("unit")),
                    label=("此处缺少数字", "the figure is missing here"),
                    hint=(f"在“{m.group('cue')}”与“{m.group('unit')}”之间补上金额", f"write the amount between '{m.group('cue')}' and '{m.group('unit')}'"),
                    # several on one page may be the text layer's loss (columns read across), not
                    # the author's: a note; one alone is the author's blank
                    reading="confirmed" if len(hits) == 1 or page is None else "inferred",
                )


# 比上年减少 3.25，: a change figure with no unit at all, before a mark
_CHANGE_WORD = regex.compile(r"(?:增长|下降|增加|减少|提高|降低|上升|增幅为?|降幅为?)了?\s*$")


_LOST_PAGE = 5
"""Units without a figure on one page from which the page, not each place, is reported."""


def _amounts_on(doc: Document, page: int) -> int:
    """How many money figures the paragraphs of a page hold."""
    return sum(1 for p in doc.paragraphs for q in p.quantities if q.family == "money" and q.span.page == page)


class ChangeUnitMissing(Check):
    """增减幅度漏写单位（比上年减少 3.25，），无从知道是百分比还是金额。
    A change is written without its unit (减少 3.25，): neither % nor an amount.

    只在增减词紧接数字、数字后紧接标点、且同句另有带单位的金额或百分比时报告；同一数字在文中他处
    写有“%”的由 TXT005 报告。

    反例::

        2024年一般公共预算财政拨款支出 1,280.60 万元，比上年减少 3.25，主要是会议费压减。

    正例::

        2024年一般公共预算财政拨款支出 1,280.60 万元，比上年减少 3.25%，主要是会议费压减。
    """

    code = "GAP002"
    name = "gap.change-unit-missing"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        with_percent = {q.raw.rstrip("%％ ").strip() for p in doc.paragraphs for q in p.quantities if q.base_unit == "%"}
        for s in prose.sentences(doc):
            if not any(q.family in ("money", "percent") for q in s.quantities):
                continue
            for q in s.quantities:
                if q.unit is not None or q.family is not None or q.decimals < 1:
                    continue
                text = s.para.text
                if not _CHANGE_WORD.search(text[max(s.start, q.pos - 8) : q.pos]):
                    continue
                after = text[q.pos_end : q.pos_end + 1]
                if after not in ("，", ",", "。", "；", ";", ""):
                    continue
                if q.raw.strip() in with_percent:
                    continue  # TXT005 says it, naming the place written with %
                shown = prose.excerpt(text, q.pos, q.pos_end, 10, 4)
                yield self.finding(
                    f"增减幅度 {q.raw} 缺少单位：“{shown}”",
                    f"the change {q.raw} has no unit: '{shown}'",
                    q.span,
                    label=("缺少 % 或金额单位", "no % or money unit"),
                    hint=(f"写作 {q.raw}% 或 {q.raw} 万元（按实际含义）", f"write {q.raw}% or {q.raw} 万元, whichever is meant"),
                )


_ENDS = ("。", "；", ";", "！", "？", "!", "?", "：", ":", "…", "”", "’", "）", ")", "》", "」", "】")


class FinalMarkMissingBeforeHeading(Check):
    """标题前的一段话没有句末标点（句子写到一半就进入下一标题）。
    A paragraph of prose ends without its final mark right before the next heading.

    只看由多个分句组成（含逗号、至少 20 字）、以汉字结尾、后面紧接标题的段落；文中其他这样的段落
    大多以句号结尾时才报告。

    反例::

        # 区司法局2024年度部门决算

        ## 一、部门职责

        负责全区法治宣传教育，指导人民调解工作，管理社区矫正和安置帮教工作。

        本部门由机关和所属2家事业单位组成，均纳入本部门决算编制范围。

        ## 二、机关运行经费

        本年度机关运行经费支出 18.60 万元，比上年减少 1.20 万元，主要是压减一般性支出

        ## 三、政府采购情况

        本年度政府采购支出总额 42.00 万元，其中政府采购货物支出 12.00 万元，服务支出 30.00 万元。

    正例::

        # 区司法局2024年度部门决算

        ## 一、部门职责

        负责全区法治宣传教育，指导人民调解工作，管理社区矫正和安置帮教工作。

        本部门由机关和所属2家事业单位组成，均纳入本部门决算编制范围。

        ## 二、机关运行经费

        本年度机关运行经费支出 18.60 万元，比上年减少 1.20 万元，主要是压减一般性支出。

        ## 三、政府采购情况

        本年度政府采购支出总额 42.00 万元，其中政府采购货物支出 12.00 万元，服务支出 30.00 万元。
    """

    code = "GAP003"
    name = "gap.final-mark-before-heading"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        candidates: list[Paragraph] = []
        prose_ends = closed = 0
        for i, b in enumerate(doc.blocks):
            nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            if not isinstance(b, Paragraph) or b.numbering is not None:
                continue
            text = b.text.rstrip()
            if len(text) < 20 or "，" not in text or "\n" in text.strip():
                continue
            prose_ends += 1
            if text.endswith(_ENDS):
                closed += 1
                continue
            if isinstance(nxt, Heading) and regex.match(r"\p{Han}", text[-1]) and text.count("，") >= 2:
                candidates.append(b)
        others = prose_ends - len(candidates)
        if not candidates or closed < 3 or closed < 0.9 * others or len(candidates) > 3:
            return  # a document whose paragraphs are not closed as a rule, or a reading that lost its marks
        for p in candidates:
            text = p.text.rstrip()
            at = len(text)
            yield self.finding(
                f"标题前的段落没有句末标点：“…{text[-14:]}”",
                f"the paragraph before the next heading ends without a final mark: '…{text[-14:]}'",
                _span(doc, p, at - 1, at),
                label=("缺少句号", "no full stop"),
                hint=("补上句号；若句子未写完，补全内容", "add the full stop, or finish the sentence"),
            )


# The placeholders Word and WPS put in a chart's data labels and legend until its data are
# filled in (Word's 数据标签 fields, localised): [值], [类别名称], [系列名称], [百分比],
# [X 值], [Y 值], [单元格区域], [气泡大小].
_CHART_PLACEHOLDER = regex.compile(r"[\[［【]\s*(?:值|类别名称|系列名称|百分比|X\s*值|Y\s*值|单元格区域|气泡大小)\s*[\]］】]")


class ChartPlaceholderLeft(Check):
    """图表占位符未替换（[值]、[类别名称]、[百分比]）。
    A chart's placeholder was left in the report ([值], [类别名称], [百分比]).

    Word、WPS 图表的数据标签在数据未填入时显示这些占位符；每段报告一次。

    反例::

        [类别名称] [值] 万元 [百分比]

    正例::

        基本支出 1,420.00 万元 62.83%
    """

    code = "GAP004"
    reads_layout = False  # matches the placeholder's words themselves
    name = "gap.chart-placeholder"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for b in doc.blocks:
            if isinstance(b, Paragraph):
                found = list(_CHART_PLACEHOLDER.finditer(b.text))
                if found:
                    first = found[0]
                    yield self._one(_span(doc, b, first.start(), first.end()), [_span(doc, b, m.start(), m.end()) for m in found[1:]], [m.group(0) for m in found])
            elif isinstance(b, Heading):
                found = list(_CHART_PLACEHOLDER.finditer(b.text))
                if found:
                    yield self._one(b.span, [], [m.group(0) for m in found])
            elif isinstance(b, Table):
                cells = [c for r in b.rows for c in r.cells if _CHART_PLACEHOLDER.search(c.text)]
                if cells:
                    yield self._one(cells[0].span, [c.span for c in cells[1:4]], [_CHART_PLACEHOLDER.search(c.text).group(0) for c in cells])

    def _one(self, span: Span, more: list[Span], words: list[str]) -> Finding:
        shown = "、".join(dict.fromkeys(words))
        return self.finding(
            f"图表占位符未替换：{shown}",
            f"a chart's placeholder was left in: {shown}",
            span,
            label=("占位符", "placeholder"),
            related=[(s, "占位符", "placeholder") for s in more],
            hint=("填入图表的数据，或删去未完成的图表", "fill in the chart's data or remove the unfinished chart"),
        )
