"""Claims of comparison (CMP): ``实际支出数小于预算数``, ``超额完成…任务``,
``比上年的 X 增长``: the claim holds for the figures it refers to."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, prose
from auditor.document.model import Document, Quantity

_CUES = r"实际支出|支出决算|决算|执行数|实际|支出|年初预算|调整预算|全年预算|调整后预算|预算安排|预算|计划|目标"
_CLAIM = regex.compile(rf"(?P<a>{_CUES})数?(?P<op>小于|低于|少于|未超过|大于|高于|多于|超过|超出|等于|持平于|与)(?P<b>{_CUES})数?(?:持平|相等|一致)?")
_OPS = {"小于": "<", "低于": "<", "少于": "<", "未超过": "<=", "大于": ">", "高于": ">", "多于": ">", "超过": ">", "超出": ">", "等于": "=", "持平于": "="}
_SYMBOL_ZH = {"<": "小于", "<=": "不超过", ">": "大于", "=": "等于"}
_REACH = 8  # how many figures back (or on) a claim may refer to
_EXCEED = regex.compile(r"超额完成")
_VS = regex.compile(r"(?:比|较)(?P<prior>(?:[^，,；;。]|(?<=\d),(?=\d{3})){0,24}?)(?P<dir>增长|增加|上升|提高|下降|减少|降低|持平)")


_TARGET = regex.compile(r"计划|目标|任务|预算")
_ACHIEVED = regex.compile(r"实际|完成|执行|决算")
_COMPLETION = regex.compile(r"超额完成|未(?:能)?(?:全部)?完成")


def _previous_with_figures(sents: list, s, index: dict):
    """The sentence right before ``s`` (in its paragraph, or the last of the paragraph
    right before), when it has figures; a claim without figures of its own refers to it."""
    if s.index == 0:
        return None
    p = sents[s.index - 1]
    if p.para is not s.para and index.get(id(s.para), -1) - index.get(id(p.para), -9) != 1:
        return None
    if p.para is not s.para and getattr(s.para, "numbering", None) is not None:
        return None  # 7.…执行数为0.14亿元。/ 8.地方政府债务收入执行数大于调整预算数: a numbered item of its own
    return p if p.quantities else None


def _role(word: str) -> str:
    for w, role in prose.SENTENCE_CUES:
        if word.startswith(w) or w == word:
            return role
    if word in ("计划", "目标"):
        return "plan"
    if word == "支出":
        return "final"
    return word


def _holds(a: arith.Interval, op: str, b: arith.Interval) -> bool:
    """Whether the claim can hold for some values the written figures stand for."""
    if op == "<":
        return a.lo < b.hi
    if op == "<=":
        return a.lo <= b.hi
    if op == ">":
        return a.hi > b.lo
    return a.overlaps(b)


class ComparisonClaimFalse(Check):
    """正文对数字大小关系的表述与数字本身不符。
    A claim of comparison does not hold for the figures it refers to.

    “实际支出数小于预算数”“超额完成……N 的任务”“比上年的 X 增长”等表述，按同句中措辞对应的
    数字检查。

    反例::

        本年预算安排会议费 12.00 万元，实际支出 13.50 万元，实际支出数小于预算数。

    正例::

        本年预算安排会议费 12.00 万元，实际支出 10.50 万元，实际支出数小于预算数。
    """

    code = "CMP001"
    name = "claim.comparison-false"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        sents = prose.sentences(doc)
        index = doc.block_index()
        for s in sents:
            previous = _previous_with_figures(sents, s, index) if not s.quantities else None
            # every comparison word of _CLAIM holds 于, 超 or 与: most sentences, without the search
            claims = _CLAIM.finditer(s.text) if "于" in s.text or "超" in s.text or "与" in s.text else ()
            subjects = positions = None
            for m in claims:
                if subjects is None:
                    subjects, positions = prose.subjects(s), [q.pos for q in s.quantities]
                op = _OPS.get(m.group("op"))
                if op is None:
                    op = "=" if "持平" in m.group(0) or "相等" in m.group(0) or "一致" in m.group(0) else None
                if op is None:
                    continue
                ra, rb = _role(m.group("a")), _role(m.group("b"))
                if ra == rb:
                    continue
                k = bisect.bisect_left(positions, s.start + m.start())
                # the figures a claim speaks of stand just before it
                before = [(q, cue) for q, _subj, cue in subjects[max(0, k - _REACH) : k] if q.is_exact_figure and q.family is not None]
                if not before and previous is not None:
                    # 决算数小于预算数的主要原因是…: a sentence without figures speaks of the one before
                    before = [(q, cue) for q, _subj, cue in prose.subjects(previous)[-_REACH:] if q.is_exact_figure and q.family is not None]
                qa = next((q for q, cue in reversed(before) if cue == ra), None)
                qb = next((q for q, cue in reversed(before) if cue == rb), None)
                if qa is None or qb is None or qa is qb or qa.family != qb.family:
                    continue
                if m.group("b") == "预算" and rb == "initial_budget":
                    # a bare 预算 may be the 全年预算 (调整预算) when the figures give both
                    adjusted = next((q for q, cue in reversed(before) if cue == "adjusted_budget"), None)
                    if adjusted is not None and adjusted.family == qa.family and _holds(arith.interval(qa), op, arith.interval(adjusted)):
                        qb = adjusted
                yield from self._judge(doc, s, m, qa, op, qb)
            if s.quantities:  # both compare figures of the sentence itself
                yield from self._exceed(doc, s)
                yield from self._versus(doc, s)
            if previous is not None:
                yield from self._completion(doc, s, previous)

    def _completion(self, doc, s, previous) -> Iterator[Finding | Verified]:
        """超额完成 / 未完成 in a sentence without figures (未完成年度目标的主要原因是…):
        the achieved and target figures are the sentence before's."""
        m = _COMPLETION.search(s.text)
        if m is None:
            return
        target = actual = None
        for q in previous.quantities:
            if not q.is_exact_figure or q.family is None or q.base_unit in ("%", "百分点"):
                continue
            clause = prose.clause_before(previous, q)
            if _TARGET.search(clause) and not _ACHIEVED.search(clause):
                target = q
            elif _ACHIEVED.search(clause):
                actual = q
        if target is None or actual is None or target.family != actual.family:
            return
        exceeded = m.group(0).startswith("超额")
        op = ">" if exceeded else "<"
        if _holds(arith.interval(actual), op, arith.interval(target)):
            yield self.verified(f"“{m.group(0)}”：{actual.raw} {op} {target.raw}", f"'{m.group(0)}': {actual.raw} {op} {target.raw}", [actual.span, target.span])
            return
        yield self.finding(
            f"称“{m.group(0)}”，但上一句的完成数 {actual.raw} {'未超过' if exceeded else '已达到'}目标 {target.raw}",
            f"'{m.group(0)}' is claimed, but the sentence before gives {actual.raw} against the target {target.raw}",
            self._claim_span(doc, s, m.start(), m.end()),
            related=[(actual.span, f"完成 {actual.raw}", f"achieved {actual.raw}"), (target.span, f"目标 {target.raw}", f"target {target.raw}")],
            hint=("改正表述或数字", "correct the claim or the figures"),
        )

    def _claim_span(self, doc: Document, s: prose.Sentence, a: int, b: int):
        para = s.para
        return doc.source.span(para.source_offset(s.start + a), para.source_offset(s.start + b - 1) + 1)

    def _judge(self, doc, s, m, qa: Quantity, op: str, qb: Quantity) -> Iterator[Finding | Verified]:
        claim = m.group(0)
        if _holds(arith.interval(qa), op, arith.interval(qb)):
            yield self.verified(f"“{claim}”：{qa.raw} {op} {qb.raw}", f"'{claim}': {qa.raw} {op} {qb.raw}", [qa.span, qb.span])
            return
        yield self.finding(
            f"表述“{claim}”与数字不符：{qa.raw} 并不{_SYMBOL_ZH[op]} {qb.raw}",
            f"the claim '{claim}' does not hold: {qa.raw} is not {op} {qb.raw}",
            self._claim_span(doc, s, m.start(), m.end()),
            label=(f"{qa.raw} 对 {qb.raw}", f"{qa.raw} vs {qb.raw}"),
            related=[(qa.span, f"{m.group('a')} {qa.raw}", f"{m.group('a')} {qa.raw}"), (qb.span, f"{m.group('b')} {qb.raw}", f"{m.group('b')} {qb.raw}")],
            hint=("改正表述或数字", "correct the claim or the figures"),
        )

    def _exceed(self, doc, s) -> Iterator[Finding | Verified]:
        positions = [q.pos for q in s.quantities]
        for m in _EXCEED.finditer(s.text):
            pos = s.start + m.end()
            k = bisect.bisect_left(positions, pos)
            target = next((q for q in s.quantities[k : k + _REACH] if q.is_exact_figure), None)
            if target is None or ("的" not in s.para.text[target.pos_end : target.pos_end + 3] and "任务" not in s.para.text[target.pos_end : target.pos_end + 6]):
                continue
            k0 = bisect.bisect_left(positions, s.start + m.start())
            actual = next((q for q in reversed(s.quantities[max(0, k0 - _REACH) : k0]) if q.family == target.family and q.is_exact_figure), None)
            if actual is None:
                continue
            if arith.interval(actual).hi > arith.interval(target).lo:
                yield self.verified(f"超额完成：{actual.raw} > {target.raw}", f"exceeded: {actual.raw} > {target.raw}", [actual.span, target.span])
                continue
            yield self.finding(
                f"称“超额完成”，但完成数 {actual.raw} 未超过任务数 {target.raw}",
                f"'exceeded the target' is claimed, but {actual.raw} does not exceed the target {target.raw}",
                self._claim_span(doc, s, m.start(), m.end()),
                related=[(actual.span, f"完成 {actual.raw}", f"achieved {actual.raw}"), (target.span, f"任务 {target.raw}", f"target {target.raw}")],
                hint=("改正表述或数字", "correct the claim or the figures"),
            )

    def _versus(self, doc, s) -> Iterator[Finding | Verified]:
        positions = [q.pos for q in s.quantities]
        for m in _VS.finditer(s.text):
            a, b = s.start + m.start("prior"), s.start + m.end("prior")
            ka, kb = bisect.bisect_left(positions, a), bisect.bisect_left(positions, b)
            prior = next((q for q in s.quantities[ka:kb] if q.is_exact_figure), None)
            if prior is None:
                continue
            k0 = bisect.bisect_left(positions, s.start + m.start())
            current = next((q for q in reversed(s.quantities[max(0, k0 - _REACH) : k0]) if q.family == prior.family and q.is_exact_figure), None)
            if current is None:
                continue
            text = s.para.text
            if prose.ADJUSTED_BASIS.search(text, prior.pos_end, min(len(text), s.start + m.end() + 40)):
                continue  # 较年初预算 A 同口径减少 B（剔除…）: compared after an adjustment the figures do not show
            opened = text.rfind("（", 0, current.pos_end)
            if opened > text.rfind("）", 0, current.pos) and text.find("）", current.pos_end, prior.pos) >= 0:
                # 公务用车费 A（购置 a，运维 b），较年初预算 C 增加…: the subject is A, before the bracket
                current = next((q for q in reversed(s.quantities) if q.pos_end <= opened and q.family == prior.family and q.is_exact_figure), None)
                if current is None:
                    continue
            d = m.group("dir")
            op = "=" if d == "持平" else ">" if d in ("增长", "增加", "上升", "提高") else "<"
            if _holds(arith.interval(current), op, arith.interval(prior)):
                yield self.verified(f"“比…{d}”：{current.raw} {op} {prior.raw}", f"'{d}': {current.raw} {op} {prior.raw}", [current.span, prior.span])
                continue
            yield self.finding(
                f"称“{d}”，但本期 {current.raw} 与比较基数 {prior.raw} 不符合该关系",
                f"'{d}' is claimed, but {current.raw} against {prior.raw} does not show it",
                self._claim_span(doc, s, m.start("dir"), m.end("dir")),
                related=[(current.span, f"本期 {current.raw}", f"current {current.raw}"), (prior.span, f"基数 {prior.raw}", f"base {prior.raw}")],
                hint=("改正表述或数字", "correct the claim or the figures"),
            )
