"""The 绩效自评 forms (EVA): the national 项目支出绩效自评表 and 部门整体支出绩效自评表, read
row by row as the form lays them out, whatever the file format.

The form has a funds block (a header row naming 全年预算数, 全年执行数, 执行率 and, in most
versions, 分值 and 得分, then 年度资金总额 and its parts) and an indicator block (a header
row naming 年度指标值, 实际完成值, 分值, 得分 and 偏差原因, then one row per indicator),
closed by a 总分 row. The checks find the header rows by their words and read the cells
below them by column, so a form that puts its blocks in other columns is read as well;
a row whose cells do not hold figures where the header says is not read.

Relations: 执行率 = 全年执行数 ÷ 全年预算数 (EVA001); the execution indicator's score =
分值 × 执行率, at most the 分值, when the form states that rule (EVA002); 总分 = the
execution score + the indicators' scores (EVA003); an indicator whose 实际完成值 misses
its 年度指标值 has a 偏差原因 (EVA004).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from auditor.checking.check import Check, LazyOptions
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, lexicon
from auditor.document.model import Cell, Document, Paragraph, Quantity, Row, Table
from auditor.document.numbers import read_quantities
from auditor.document.source import squeeze

_BUDGET = ("全年预算数", "全年预算", "调整后预算数", "调整预算数")
_SPENT = ("全年执行数", "执行数", "实际执行数", "实际支出数")
_RATE = ("执行率", "预算执行率")
_WEIGHT = ("分值", "权重")
_SCORE = ("得分", "自评得分")
_TARGET = ("年度指标值", "指标值", "年度目标值")
_ACTUAL = ("实际完成值", "全年实际值", "实际值", "完成值")
_REASON = ("偏差原因",)
_FUND_ROW = regex.compile(r"资金|拨款|总额|合计")
_TOTAL_ROW = regex.compile(r"^(?:总分|合计|总计|自评总分|得分合计)$|^(?:总分值|评价总分|自评总分)[、，,（(]?")
# 预算执行率得分 = 执行率 × 分值 (the rule the form states in a note or its header)
_RULE = regex.compile(r"执行率\s*[×xX*＊]\s*(?:该指标)?分值|分值\s*[×xX*＊]\s*(?:预算)?执行率|执行率.{0,4}乘以.{0,6}分值|分值.{0,4}乘以.{0,6}执行率")


def _col(row: Row, words: tuple[str, ...], exact: bool = False) -> int | None:
    texts = [squeeze(c.text) for c in row.cells]  # once per cell, not once per word
    found = [i for i, t in enumerate(texts) if (t in words if exact else any(w in t for w in words))]
    return found[0] if len(found) == 1 else None


_FIGURE = regex.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%％]?")


def _q(doc: Document, cell: Cell) -> Quantity | None:
    """The one figure a cell holds, as written (never scaled by a header's 万元, so that
    the amounts of one row compare alike whether the reader scaled them or not); a cell
    that is not exactly one figure is not read."""
    text = cell.text.strip()
    if not _FIGURE.fullmatch(text):
        return None
    start = cell.span.start
    qs = read_quantities(doc.source.norm[start : cell.span.end], lambda a, b: doc.source.span(start + a, start + b))
    if len(qs) != 1 or qs[0].raw.strip() != text or qs[0].scale != 1:
        return None
    return qs[0]


def _num(doc: Document, row: Row, i: int | None) -> Quantity | None:
    if i is None or i >= len(row.cells):
        return None
    q = _q(doc, row.cells[i])
    return q if q is not None and q.is_exact_figure else None


def _label(row: Row, upto: int) -> str:
    texts = [squeeze(c.text) for c in row.cells[:upto] if regex.search(r"\p{Han}", c.text)]
    return texts[-1] if texts else ""


@dataclass
class FundsBlock:
    table: Table
    budget: int
    spent: int
    rate: int | None
    weight: int | None
    score: int | None
    rows: list[Row]
    at: int = 0
    """Index of the header row in its table."""


@dataclass
class IndicatorBlock:
    table: Table
    target: int
    actual: int
    weight: int | None
    score: int | None
    reason: int | None
    rows: list[Row]
    total: Row | None
    at: int = 0


def _blocks(doc: Document) -> tuple[list[FundsBlock], list[IndicatorBlock]]:
    def build():
        funds: list[FundsBlock] = []
        indicators: list[IndicatorBlock] = []
        for t in doc.tables:
            rows = t.rows
            for k, r in enumerate(rows):
                b, e = _col(r, _BUDGET), _col(r, _SPENT)
                if b is not None and e is not None and b != e:
                    below = []
                    for r2 in rows[k + 1 : k + 40]:
                        if _num(doc, r2, b) is None and _num(doc, r2, e) is None:
                            if below:
                                break
                            continue
                        below.append(r2)
                    if below:
                        funds.append(FundsBlock(t, b, e, _col(r, _RATE), _col(r, _WEIGHT), _col(r, _SCORE), below, k))
                    continue
                tg, ac = _col(r, _TARGET), _col(r, _ACTUAL)
                if tg is not None and ac is not None and tg < ac:
                    body, total = [], None
                    for r2 in rows[k + 1 :]:
                        if _col(r2, _TARGET) is not None or _col(r2, _BUDGET) is not None:
                            break
                        first = next((squeeze(c.text) for c in r2.cells if c.text.strip()), "")
                        if _TOTAL_ROW.match(first):
                            total = r2
                            break
                        body.append(r2)
                    indicators.append(IndicatorBlock(t, tg, ac, _col(r, _WEIGHT), _col(r, _SCORE), _col(r, _REASON), body, total, k))
        return funds, indicators

    return doc.cached("selfeval-blocks", build)


def _mark(q: Quantity) -> arith.Interval:
    """A mark as a form writes it: a whole mark (18) is exactly that, as awarded; a mark
    with decimals (9.20, from 分值 × 执行率) stands for what rounds to it."""
    return arith.exact(q.value) if q.decimals == 0 else arith.interval(q)


def _pct(q: Quantity) -> Decimal:
    """A rate cell as a fraction of 1: 92.00% or 92.00 (the header says 执行率) -> 0.92."""
    return q.value / 100


def _rule_stated(doc: Document, table: Table) -> bool:
    where = doc.block_index()
    i = where.get(id(table), -1)
    texts = [c.text for r in table.rows for c in r.cells] + [table.caption]
    texts += [b.text for b in doc.blocks[max(0, i - 2) : i + 4] if isinstance(b, Paragraph)]
    return any(_RULE.search(squeeze(x)) for x in texts)


class ExecutionRateMismatch(Check):
    """绩效自评表中的预算执行率不等于 全年执行数 ÷ 全年预算数。
    The 预算执行率 of a self-evaluation form does not equal 全年执行数 ÷ 全年预算数.

    反例::

        | 项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 60.00 | 50.00 | 46.00 | 10 | 96.00% | 9.20 |

    正例::

        | 项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 60.00 | 50.00 | 46.00 | 10 | 92.00% | 9.20 |
    """

    code = "EVA001"
    name = "selfeval.execution-rate"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        funds, _ = _blocks(doc)
        for fb in funds:
            if fb.rate is None:
                continue
            for r in fb.rows:
                if not _FUND_ROW.search(_label(r, min(fb.budget, fb.spent))):
                    continue
                b, e, rate = _num(doc, r, fb.budget), _num(doc, r, fb.spent), _num(doc, r, fb.rate)
                if b is None or e is None or rate is None or b.value <= 0:
                    continue
                if rate.value == 0 and not _LINE_TOTAL.search(_label(r, min(fb.budget, fb.spent))):
                    continue  # 0.0% on a part line: the form's placeholder (the rate is the total line's)
                computed = arith.ratio(arith.interval(e), arith.interval(b))
                if computed is None:
                    continue
                if arith.compare(arith.interval(rate), computed) is not arith.Verdict.MISMATCH or arith.truncated(rate, computed):
                    yield self.verified(f"执行率 {rate.raw} = {e.raw} ÷ {b.raw}", f"rate {rate.raw} = {e.raw} ÷ {b.raw}", [rate.span, e.span, b.span])
                    continue
                value = arith.fmt_rate(computed, rate)
                yield self.finding(
                    f"「{_label(r, min(fb.budget, fb.spent))}」的执行率 {rate.raw} 不等于 全年执行数 ÷ 全年预算数 = {value}",
                    f"the execution rate {rate.raw} does not equal 全年执行数 ÷ 全年预算数 = {value}",
                    rate.span,
                    label=(f"应为 {value}", f"should be {value}"),
                    related=[(e.span, f"全年执行数 {e.raw}", f"spent {e.raw}"), (b.span, f"全年预算数 {b.raw}", f"budget {b.raw}")],
                    hint=(f"执行率应为 {value}（{e.raw} ÷ {b.raw}），或核对两个金额", f"the rate should be {value} ({e.raw} ÷ {b.raw}), or check the amounts"),
                )


class ExecutionScoreMismatch(Check):
    """绩效自评表中预算执行率指标的得分不等于 分值 × 执行率（以分值为上限）。
    The execution indicator's score is not weight × rate (capped at the weight) where the form states that rule.

    只在表格、表题或表下说明写明“执行率 × 分值”的计分规则时检查。

    反例::

        | 项目资金（万元） |  | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
        | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 50.00 | 46.00 | 10 | 92.00% | 10.00 |

        注：预算执行率得分 = 执行率 × 分值。

    正例::

        | 项目资金（万元） |  | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
        | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 50.00 | 46.00 | 10 | 92.00% | 9.20 |

        注：预算执行率得分 = 执行率 × 分值。
    """

    code = "EVA002"
    name = "selfeval.execution-score"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        funds, _ = _blocks(doc)
        for fb in funds:
            if fb.rate is None or fb.weight is None or fb.score is None or not _rule_stated(doc, fb.table):
                continue
            for r in fb.rows:
                w, rate, score = _num(doc, r, fb.weight), _num(doc, r, fb.rate), _num(doc, r, fb.score)
                if w is None or rate is None or score is None:
                    continue
                # a weight is a whole mark as set by the form, not a rounded figure
                lo = min(w.value, w.value * arith.interval(rate).lo / 100)
                hi = min(w.value, w.value * arith.interval(rate).hi / 100)
                want = arith.Interval(lo, hi)
                b, e = _num(doc, r, fb.budget), _num(doc, r, fb.spent)
                if b is not None and e is not None and b.value > 0 and arith.compare(arith.interval(score), want) is arith.Verdict.MISMATCH:
                    # a rate that is itself wrong (EVA001): the score may follow the true rate
                    true = arith.ratio(arith.interval(e), arith.interval(b))
                    if true is not None and arith.compare(arith.interval(score), arith.Interval(min(w.value, w.value * true.lo / 100), min(w.value, w.value * true.hi / 100))) is not arith.Verdict.MISMATCH:
                        continue
                if arith.compare(arith.interval(score), want) is not arith.Verdict.MISMATCH:
                    yield self.verified(f"得分 {score.raw} = 分值 {w.raw} × 执行率 {rate.raw}", f"score {score.raw} = {w.raw} × {rate.raw}", [score.span, w.span, rate.span])
                    continue
                value = arith.fmt(min(w.value, w.value * _pct(rate)), score, max(score.decimals, 2))
                yield self.finding(
                    f"预算执行率得分 {score.raw} 不等于 分值 × 执行率 = {value}（{w.raw} × {rate.raw}，以分值为上限）",
                    f"the execution score {score.raw} is not weight × rate = {value} ({w.raw} × {rate.raw}, at most the weight)",
                    score.span,
                    label=(f"应为 {value}", f"should be {value}"),
                    related=[(w.span, f"分值 {w.raw}", f"weight {w.raw}"), (rate.span, f"执行率 {rate.raw}", f"rate {rate.raw}")],
                    hint=(f"按表中的计分规则，得分应为 {value}", f"by the form's own rule the score is {value}"),
                )


def _stated_total(doc: Document, ib: IndicatorBlock) -> Quantity | None:
    """The 总分 line's score: under the 得分 column, or the line's one figure (总分值、评价总分(S)
    written across the form with its figure under another column)."""
    if ib.total is None:
        return None
    stated = _num(doc, ib.total, ib.score)
    if stated is None:
        figures = [q for i in range(len(ib.total.cells)) if (q := _num(doc, ib.total, i)) is not None]
        stated = figures[0] if len(figures) == 1 else None
    return stated


_FULL_MARK = Decimal(100)
_LINE_TOTAL = regex.compile(r"年度资金总额|资金总额|金额合计|^合计$|^总计$")


def _execution_line(fb: FundsBlock) -> Row | None:
    """The funds block's line that carries the execution indicator's weight and score."""
    if fb.weight is None or fb.score is None:
        return None
    found = [r for r in fb.rows if _LINE_TOTAL.search(_label(r, min(fb.budget, fb.spent)))]
    return found[0] if len(found) == 1 else None


_EXECUTION_WEIGHT = Decimal(20)  # the most the execution indicator weighs on the usual forms (10 or 20)


def _may_hold_execution(doc: Document, funds: list, ib, excess: Decimal) -> bool:
    """Whether a total above its indicators' scores may hold the execution score: the form
    has a funds block above the indicators, and the excess is no more than the execution
    line's weight (its 分值 when read, else the most the forms give it)."""
    above = [fb for fb in funds if fb.table is ib.table and fb.at < ib.at]
    if not above or excess <= 0:
        return False
    line = _execution_line(above[-1])
    w = _num(doc, line, above[-1].weight) if line is not None and above[-1].weight is not None else None
    return excess <= (w.value if w is not None else _EXECUTION_WEIGHT)


class FormTotalMismatch(Check):
    """绩效自评表的总分不等于预算执行率得分与各指标得分之和。
    The 总分 of a self-evaluation form is not the execution score plus the indicators' scores.

    反例::

        | 项目资金（万元） |  | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |  |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 50.00 | 50.00 | 10 | 100% | 10 |  |
        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | 产出指标 | 数量指标 | 培训人次 | ≥300人次 | 320人次 | 50 | 50 |  |
        | 满意度指标 | 服务对象满意度 | 学员满意度 | ≥90% | 95% | 40 | 40 |  |
        | 总分 |  |  |  |  | 100 | 95 |  |

    正例::

        | 项目资金（万元） |  | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |  |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        |  | 年度资金总额 | 50.00 | 50.00 | 10 | 100% | 10 |  |
        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | 产出指标 | 数量指标 | 培训人次 | ≥300人次 | 320人次 | 50 | 50 |  |
        | 满意度指标 | 服务对象满意度 | 学员满意度 | ≥90% | 95% | 40 | 40 |  |
        | 总分 |  |  |  |  | 100 | 100 |  |
    """

    code = "EVA003"
    name = "selfeval.total-score"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        funds, indicators = _blocks(doc)
        for ib in indicators:
            if ib.total is None or ib.score is None:
                continue
            stated = _stated_total(doc, ib)
            if stated is None or stated.base_unit in ("%",):
                continue
            parts: list[Quantity] = []
            for r in ib.rows:
                q = _num(doc, r, ib.score)
                if q is not None:
                    parts.append(q)
                elif any(c.text.strip() for c in r.cells):
                    if _num(doc, r, ib.weight) is not None:
                        return  # an indicator with a weight and no score: not read
            if len(parts) < 2:
                continue
            # Which scores the 总分 adds up is told by its 分值: the indicators' weights alone
            # (some forms leave the execution indicator out), or those and the execution
            # line's weight (the funds block right above: its 年度资金总额 or 合计 line).
            # the 总分 line's 分值, when its score stands under the 得分 column (not its only figure)
            stated_weight = _num(doc, ib.total, ib.weight) if _num(doc, ib.total, ib.score) is not None else None
            weights = [w for r in ib.rows if (w := _num(doc, r, ib.weight)) is not None]
            if len(weights) != len(parts):
                continue
            # no 分值 on the 总分 line: the weights add up to the full mark of 100
            full = stated_weight.value if stated_weight is not None else _FULL_MARK
            indicator_weight = sum((w.value for w in weights), Decimal(0))
            execution: list[Quantity] = []
            if indicator_weight != full:
                above = [fb for fb in funds if fb.table is ib.table and fb.at < ib.at]
                line = _execution_line(above[-1]) if above else None
                if line is None:
                    continue
                w, q = _num(doc, line, above[-1].weight), _num(doc, line, above[-1].score)
                if w is None or q is None or indicator_weight + w.value != full:
                    continue  # the weights do not say what the total is made of
                execution = [q]
            terms = execution + parts
            computed = arith.ZERO
            for q in terms:
                computed = computed + _mark(q)
            formula = arith.terms(q.raw for q in terms)
            if arith.compare(_mark(stated), computed) is not arith.Verdict.MISMATCH:
                yield self.verified(f"总分 {stated.raw} = {formula}", f"total {stated.raw} = {formula}", [stated.span, *[q.span for q in terms]])
                continue
            value = arith.fmt(arith.exact_sum(terms), stated, max(stated.decimals, max(q.decimals for q in terms)))
            if not execution and _may_hold_execution(doc, funds, ib, stated.value - arith.exact_sum(parts)):
                # 总分 93 over indicator scores 83 under a funds block with its 执行率: the
                # total may add the execution score (10) that the 分值 line left out
                yield self.finding(
                    f"总分 {stated.raw} 比各指标得分之和 {value} 多出的部分可能是预算执行率得分，未能核对",
                    f"the total {stated.raw} exceeds the indicators' scores {value} by no more than the execution indicator's weight: not checked",
                    stated.span,
                    reading="unconfirmed",
                )
                continue
            yield self.finding(
                f"总分 {stated.raw} 不等于各项得分之和 {value}（{formula}）",
                f"the total {stated.raw} is not the sum of the scores {value} ({formula})",
                stated.span,
                label=(f"各项之和为 {value}", f"the scores add up to {value}"),
                related=[(q.span, f"得分 {q.raw}", f"score {q.raw}") for q in terms[:6]],
                hint=(f"总分应为 {value}，或其中一项得分有误", f"the total should be {value}, or one of the scores is wrong"),
            )


_BOUND = regex.compile(
    r"^\s*(?P<op>≥|>=|＞=|≧|≤|<=|＜=|≦|＞|>|＜|<|=|＝|不低于|不少于|大于等于|至少|不高于|不超过|不多于|小于等于|达到)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|[\p{Han}]{0,4})\s*$"
)
_AT_LEAST = {"≥", ">=", "＞=", "≧", "不低于", "不少于", "大于等于", "至少", "达到"}
_AT_MOST = {"≤", "<=", "＜=", "≦", "不高于", "不超过", "不多于", "小于等于"}


def _bound(text: str) -> tuple[str | None, Decimal, str] | None:
    m = _BOUND.match(text.replace(",", ""))
    if m is None:
        return None
    return m.group("op"), Decimal(m.group("num")), m.group("unit").replace("％", "%")


def _misses(op: str | None, target: Decimal, actual: Decimal, deducted: bool) -> bool:
    if op in _AT_LEAST:
        return actual < target
    if op in _AT_MOST:
        return actual > target
    if op in ("＞", ">"):
        return actual <= target
    if op in ("＜", "<"):
        return actual >= target
    if op in ("=", "＝"):
        return actual != target
    # no operator: a miss only when the actual is below the target and points were taken off
    return actual < target and deducted


class DeviationReasonMissing(Check):
    """绩效自评表中实际完成值未达到年度指标值，却没有填写偏差原因。
    An indicator whose 实际完成值 misses its 年度指标值 has no 偏差原因.

    指标值带“≥、≤、＞、＜、=”（或不低于、不超过等）时按其方向判断；不带时，实际值低于指标值且扣了分
    才算未达到。单位不同或不是数字的指标不比较。

    反例::

        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | 产出指标 | 数量指标 | 巡查河道里程 | ≥400公里 | 360公里 | 20 | 18 |  |

    正例::

        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | 产出指标 | 数量指标 | 巡查河道里程 | ≥400公里 | 360公里 | 20 | 18 | 汛期停巡一个月，下年度增加巡查频次 |
    """

    code = "EVA004"
    name = "selfeval.deviation-reason-missing"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        _, indicators = _blocks(doc)
        for ib in indicators:
            if ib.reason is None:
                continue
            for r in ib.rows:
                if max(ib.target, ib.actual, ib.reason) >= len(r.cells):
                    continue
                t, a = _bound(r.cells[ib.target].text), _bound(r.cells[ib.actual].text)
                if t is None or a is None or a[0] is not None or (t[2] != a[2] and a[2] != ""):
                    continue  # (an actual without a unit is in its target's: 20 against ≥30次)
                w, s = _num(doc, r, ib.weight), _num(doc, r, ib.score)
                deducted = w is not None and s is not None and s.value < w.value
                if not _misses(t[0], t[1], a[1], deducted) or (a[2] != t[2] and not deducted):
                    continue  # an actual read in its target's unit counts as a miss only where points were taken off
                reason = r.cells[ib.reason]
                if not reason.is_empty and len(reason.text.strip()) >= 2:
                    yield self.verified(f"未达指标值，已说明偏差原因：{r.cells[ib.actual].text.strip()} 对 {r.cells[ib.target].text.strip()}", f"missed and explained: {r.cells[ib.actual].text.strip()} against {r.cells[ib.target].text.strip()}", [r.cells[ib.actual].span, reason.span])
                    continue
                name = _label(r, ib.target)
                yield self.finding(
                    f"指标「{name}」实际完成值 {r.cells[ib.actual].text.strip()} 未达到年度指标值 {r.cells[ib.target].text.strip()}，但未填写偏差原因",
                    f"the indicator '{name}' achieved {r.cells[ib.actual].text.strip()} against a target of {r.cells[ib.target].text.strip()}, and gives no reason for the gap",
                    r.cells[ib.actual].span,
                    label=("未达到指标值", "target missed"),
                    related=[(r.cells[ib.target].span, f"年度指标值 {r.cells[ib.target].text.strip()}", f"target {r.cells[ib.target].text.strip()}")],
                    hint=("在“偏差原因分析及改进措施”栏说明未完成的原因和改进措施", "state the reason and the remedy in the 偏差原因 column"),
                )


_GRADE_CELL = regex.compile(r"^(?:自评|评价|绩效|综合)?(?:等级|等次|结果)$")
_GRADE_VALUE = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "及格": "中", "差": "差", "较差": "差", "不合格": "差"}


_BandOptions = LazyOptions(
    "_BandOptions",
    bands=(list[tuple[str, Decimal]], [(g, Decimal(v)) for g, v in lexicon.GRADE_BANDS], "(grade, lowest total) from best to worst"),
)


class FormGradeMismatch(Check):
    """绩效自评表中填写的等级与总分所在的分数段不符。
    The grade a self-evaluation form states does not fit its 总分's band.

    读表中“自评等级/评价等级”单元格右侧的等级，与同一表格中总分行的得分比较（默认 优 ≥ 90、良 ≥ 80、
    中 ≥ 60、差 < 60，可用选项 bands 改）。

    反例::

        | 一级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | --- | --- | --- | --- | --- | --- | --- |
        | 产出指标 | 培训人次 | ≥300人次 | 320人次 | 50 | 50 |  |
        | 满意度指标 | 学员满意度 | ≥90% | 85% | 50 | 36 | 课程安排偏紧 |
        | 总分 |  |  |  | 100 | 86 |  |
        | 自评等级 | 优 |  |  |  |  |  |

    正例::

        | 一级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
        | --- | --- | --- | --- | --- | --- | --- |
        | 产出指标 | 培训人次 | ≥300人次 | 320人次 | 50 | 50 |  |
        | 满意度指标 | 学员满意度 | ≥90% | 85% | 50 | 36 | 课程安排偏紧 |
        | 总分 |  |  |  | 100 | 86 |  |
        | 自评等级 | 良 |  |  |  |  |  |
    """

    code = "EVA005"
    name = "selfeval.grade-band"
    severity = Severity.ERROR
    Options = _BandOptions

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        _, indicators = _blocks(doc)
        for ib in indicators:
            total = _stated_total(doc, ib)
            if total is None or total.base_unit == "%":
                continue
            rows = ib.table.rows
            start = next((k for k, r in enumerate(rows) if r is ib.total), None)
            if start is None:
                continue
            for r in rows[start : start + 4]:
                cells = [c for c in r.cells if c.text.strip()]
                for k, c in enumerate(cells[:-1]):
                    if not _GRADE_CELL.match(squeeze(c.text)):
                        continue
                    word = regex.sub(r"[（(].*$", "", squeeze(cells[k + 1].text)).strip("“”\"")  # 优（S≧90）
                    grade = _GRADE_VALUE.get(word)
                    if grade is None:
                        continue
                    expected = next((g for g, low in self.options.bands if total.value >= low), self.options.bands[-1][0])
                    if grade == expected:
                        yield self.verified(f"等级“{grade}”与总分 {total.raw} 相符", f"grade '{grade}' fits the total {total.raw}", [cells[k + 1].span, total.span])
                        continue
                    bands = "，".join(f"{g} ≥ {low}" for g, low in self.options.bands)
                    yield self.finding(
                        f"表中等级“{cells[k + 1].text.strip()}”与总分 {total.raw} 不符，按分数段应为“{expected}”",
                        f"the grade '{cells[k + 1].text.strip()}' does not fit the total {total.raw}; the bands give '{expected}'",
                        cells[k + 1].span,
                        label=(f"应为“{expected}”", f"should be '{expected}'"),
                        related=[(total.span, f"总分 {total.raw}", f"total {total.raw}")],
                        hint=(f"等级标准：{bands}", f"bands: {bands}"),
                    )
