"""Template residue (TPL): text of the model report that was never filled in.

Disclosure reports are written from a template whose sentences offer both directions
(``增加（减少）``), name a placeholder organisation (``XX局``, ``【单位名称】``) or stop at a
cue for the author to complete (``主要原因是：``). Left in a published report, each is a
line a reviewer marks. Only prose, headings and table captions are read: a table header
such as ``本年增加（减少）`` is the standard column's name, not residue.

Decided: ``XX`` (or ``xx``, ``××``) is a placeholder only where it stands between Chinese
characters or before a unit or figure word (``XX局``, ``XX万元``, ``XX年``), never inside
a longer run of Latin letters or digits (``XXL``, ``GB/T 2XX``); a formula written with
``XX`` as a variable is rare enough in these reports that it is not looked for.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import prose
from auditor.document.model import Document, Heading, Paragraph, Span, Table

_UP = ("增加", "增长", "上升", "提高", "大于", "高于", "多于", "超过")
_DOWN = ("减少", "下降", "降低", "小于", "低于", "少于")
_DIRS = "|".join(_UP + _DOWN + ("持平", "增", "减"))
# 增加（减少）, 下降(增长), 增加/减少, 大于（小于/等于）, 小于（或与预算数持平）
_BOTH = regex.compile(
    rf"(?P<a>{_DIRS})\s*(?:[（(]\s*(?:或\s*)?(?P<b>(?:与[^）)]{{0,8}}?)?(?:{_DIRS}))(?:\s*[/、或]\s*(?:{_DIRS}))?\s*[)）]|[/／]\s*(?P<c>{_DIRS}))"
)
# 小于预算数（或与预算数持平）: the alternative offered after the compared item
_OR_ALTERNATIVE = regex.compile(rf"(?P<a>{_DIRS})[^，,。；;（()）]{{0,6}}[（(]\s*或\s*(?P<b>[^）)]{{0,10}}?(?:{_DIRS}))[^）)]{{0,4}}[)）]")
# 增 or 减 as part of a word (新增, 调增, 核减): not a direction offered for choice
_COMPOUND_BEFORE = regex.compile(r"(?:新|调|核|追)(?=[增减]$)")
_OPPOSITE = {**{w: "up" for w in (*_UP, "增")}, **{w: "down" for w in (*_DOWN, "减")}, "持平": "flat"}

_PLACEHOLDER = regex.compile(
    r"(?<![A-Za-z0-9])(?:X{2,}|x{2,}|Xx|Ｘ{2,}|×{2,}|✕{2,})(?![A-Za-z0-9])"
    # 占基本支出预算%: the figure before the % was never filled in; but a column's name with
    # its figures after it (预算数比上年执行数增长%69.5%…, a table's one column printed on a
    # page of its own) is a header, not a blank
    r"|(?:占|率为?|增长|下降|增幅|降幅)[^，,。；;：:\d%％（()）]{0,12}?(?<=\p{Han})[%％](?!\s*[-+−]?\d)"
    r"|某某|【[^】]{0,12}(?:名称|单位|部门|填写|金额|数字|年度)[^】]{0,6}】|待填写|待补充|（请填写[^）]*）|\(请填写[^)]*\)|请在此处填写"
    # a drafting instruction left in: （注：上年 A 万元，公开时请删除注释）
    r"|公开时请?删除|发布前请?删除|请删除(?:此|本|该)?(?:注释|批注|说明|提示)|请根据(?:实际|本单位|本部门)情况(?:填写|修改|调整|删除|选择)"
)
_HAN_OR_FIGURE = regex.compile(r"[\p{Han}\d%％]")
# 主要原因：XXXXXXXX。 — a run of three X or more right after a cue's colon is the blank to
# fill; the cue (its last words before the colon) is shown with it
_CUE_BEFORE = regex.compile(r"\p{Han}{1,8}\s*[：:]\s*$")


def _cue_before(text: str, pos: int):
    """The cue right before ``pos`` (its words and colon), looked for in the few characters
    it can span, not from the paragraph's start at every blank."""
    return _CUE_BEFORE.search(text, max(0, pos - 24), pos)
# A sentence that stops at its cue: 主要原因是。 主要用于：。 原因是：；
# (具体情况如下。 introduces the lines after it and is not looked for.)
_STOPS = regex.compile(r"(?P<cue>(?:主要)?原因(?:是|为|在于)|主要用于|主要包括|主要是|用于)\s*[:：]?\s*(?=[。；;！!]|$)")


def _blocks(doc: Document) -> Iterator[tuple[str, Span, Paragraph | None]]:
    """Prose paragraphs, headings and table captions with their spans."""
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            yield b.text, b.span, b
        elif isinstance(b, Heading):
            yield b.text, b.span, None
        elif isinstance(b, Table) and b.caption and b.caption_span is not None:
            yield b.caption, b.caption_span, None


def _span(doc: Document, text_span: Span, para: Paragraph | None, a: int, b: int) -> Span:
    if para is None:
        return text_span
    return doc.source.span(para.source_offset(a), para.source_offset(b - 1) + 1)


class BothDirectionsWritten(Check):
    """模板中的“增加（减少）”等两个方向的措辞未删去其一。
    Template wording offering both directions (增加（减少）) was left unfilled.

    模板给出两个方向供选择（增加（减少）、下降（增长）、大于（小于）、小于（或与预算数持平）），
    正式报告应按数字只保留一个。表格列名（如“本年增加（减少）”）是标准表的名称，不检查。

    反例::

        2024年度水务局一般公共预算财政拨款支出 3,260.15 万元，比上年增加（减少）215.40 万元。

    正例::

        2024年度水务局一般公共预算财政拨款支出 3,260.15 万元，比上年增加 215.40 万元。
    """

    code = "TPL001"
    reads_layout = False  # matches the template's words themselves
    name = "template.both-directions"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for text, span, para in _blocks(doc):
            found = list(_BOTH.finditer(text))
            found += [m for m in _OR_ALTERNATIVE.finditer(text) if not any(f.start() <= m.start() < f.end() for f in found)]
            for m in found:
                a = m.group("a")
                b = m.group("b") or m.group("c") or ""
                b_word = regex.search(_DIRS, b).group(0) if regex.search(_DIRS, b) else b
                if _OPPOSITE.get(a) == _OPPOSITE.get(b_word):
                    continue  # 增长（增加）: one direction said twice
                if len(a) == 1 and _COMPOUND_BEFORE.search(text, 0, m.start("a") + 1):
                    continue  # 新增债务限额（或减去调减限额）: 增 of a word of its own, not a direction to choose
                yield self.finding(
                    f"模板措辞未定稿：“{m.group(0)}”同时写了两个方向",
                    f"template wording left unfilled: '{m.group(0)}' states both directions",
                    _span(doc, span, para, m.start(), m.end()),
                    label=("两个方向", "both directions"),
                    hint=("按数字的实际变化只保留一个方向", "keep the one direction the figures show"),
                )


class PlaceholderLeft(Check):
    """模板占位符或填写说明未删除（XX局、××、某某、【单位名称】、待填写、公开时请删除注释）。
    A template placeholder or drafting instruction was left in the report (XX局, ××, 某某,
    【单位名称】, 待填写, 公开时请删除注释).

    前后紧挨汉字或数字的 XX 才算占位符；前后都是空格或标点的 XX 不算，但紧跟在提示语冒号之后的
    三个以上 X（主要原因：XXXXXXXX。）算。每段报告一次：第一处为主位置，其余各处列为相关位置。
    One finding a paragraph: the first placeholder, the others as related places.

    反例::

        XX局2024年部门预算收入 1,820.00 万元。

    正例::

        区体育局2024年部门预算收入 1,820.00 万元。
    """

    code = "TPL002"
    reads_layout = False  # matches the template's words themselves
    name = "template.placeholder"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        # One finding a paragraph, the first placeholder flagged and the others as related
        # spans: a draft still full of template text gets one line per paragraph to fill
        # in, not one per blank.
        for text, span, para in _blocks(doc):
            found = []
            for m in _PLACEHOLDER.finditer(text):
                if m.group(0)[0] in "Xx×✕Ｘ":
                    around = text[max(0, m.start() - 2) : m.start()].strip()[-1:] + text[m.end() : m.end() + 2].strip()[:1]
                    if not _HAN_OR_FIGURE.search(around) and not (len(m.group(0)) >= 3 and _cue_before(text, m.start())):
                        continue  # a bare XX between spaces or marks: not clearly a placeholder
                found.append(m)
            if not found:
                continue
            first = found[0]
            instruction = "删除" in first.group(0) or "请根据" in first.group(0)
            what_zh = "填写说明未删除" if instruction else "模板占位符未替换"
            what_en = "a drafting instruction was left in" if instruction else "a template placeholder was left in"
            more_zh = f"（本段共 {len(found)} 处）" if len(found) > 1 else ""
            more_en = f" ({len(found)} in this paragraph)" if len(found) > 1 else ""
            shown = prose.excerpt(text, first.start(), first.end())
            cue = _cue_before(text, first.start())
            if shown == first.group(0) and cue:
                shown = text[cue.start() : first.end()]  # 主要原因：XXXXXXXX, not the bare blank alone
            yield self.finding(
                f"{what_zh}：“{shown}”{more_zh}",
                f"{what_en}: '{shown}'{more_en}",
                _span(doc, span, para, first.start(), first.end()),
                label=("占位符", "placeholder"),
                related=[(_span(doc, span, para, m.start(), m.end()), "占位符", "placeholder") for m in found[1:]],
                hint=("替换为实际的名称或数字", "replace it with the real name or figure"),
            )


class SentenceStopsAtCue(Check):
    """句子停在提示语处，没有写出内容（主要原因是。主要用于：。）。
    A sentence stops at its cue with nothing after it (主要原因是。).

    反例::

        2024年度“三公”经费支出决算数小于预算数，主要原因是。

    正例::

        2024年度“三公”经费支出决算数小于预算数，主要原因是严格控制公务接待。
    """

    code = "TPL003"
    reads_layout = False  # matches the template's words themselves
    name = "template.empty-after-cue"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for b in doc.blocks:
            if not isinstance(b, Paragraph):
                continue
            text = b.text
            for m in _STOPS.finditer(text):
                end = m.end()
                if end >= len(text.rstrip()) and text.rstrip().endswith(("：", ":")):
                    continue  # 主要原因如下： at a paragraph's end introduces the next lines
                if end >= len(text.rstrip()) and not text[m.start() :].rstrip().endswith(("。", "；", ";")):
                    continue  # a heading-like line or one continued below
                yield self.finding(
                    f"句子停在“{m.group('cue')}”处，没有写出内容",
                    f"the sentence stops at '{m.group('cue')}' with nothing after it",
                    _span(doc, b.span, b, m.start(), max(m.end(), m.start() + 1)),
                    label=("内容缺失", "nothing follows"),
                    hint=("补写原因或用途，或删去该句", "write the reason or use, or drop the sentence"),
                )
