"""Scores (SCR): indicator scores of a performance self-evaluation — each score at most
its weight, the weights add up to the full mark, the scores to the stated total, and
the stated grade fits the total."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from auditor.checking.check import Check, LazyOptions
from auditor.checking.findings import Finding, Verified
from auditor.document import arith, lexicon, prose
from auditor.document.model import Document, Heading, Paragraph, Quantity, Span
from auditor.document.numbers import read_quantities
from auditor.document.source import squeeze
from auditor.knowledge import report

_WEIGHT = ("分值", "权重", "标准分", "满分值", "指标分")
_SCORE = ("得分", "评分", "自评分", "考核分")
_TOTAL = ("绩效得分", "总得分", "综合得分", "总分", "自评总分", "评价得分", "自评得分为", "得分合计", "最终得分")
_TOTAL_HINTS = ("绩效", "总", "综合", "整体", "最终", "该项目", "本项目")
_FULL = ("满分", "总分值", "总分为")
_GRADE = regex.compile(r"(?:绩效|评价|自评|综合)?(?:等级|等次|结果)(?:为|是|评定为|确定为|评为)[“\"「]?(?P<grade>优秀|优|良好|良|中等|中|合格|及格|差|不合格|较差)")
_GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "及格": "中", "差": "差", "较差": "差", "不合格": "差"}


@dataclass
class ScoreSheet:
    pairs: list[tuple[Quantity, Quantity]]
    total: Quantity | None
    full_mark: Quantity | None
    grade: tuple[str, Span] | None
    totals: list[Quantity] = field(default_factory=list)
    grades: list[tuple[str, Span]] = field(default_factory=list)


# A bound of a grade band, not a score: 90（含）-100分为优, 80分以上为良, 60-80 分为合格
_BAND_AFTER = regex.compile(r"^\s*(?:[（(]含[）)])?\s*(?:及?以上|以下|之间|（不含）)?\s*(?:的|者)?\s*(?:为|评为|定为|属于|确定为)\s*[“\"「]?(?:优秀|优|良好|良|中等|中|合格|及格|差|不合格|较差)")
_BAND_BEFORE = regex.compile(r"\d\s*(?:分)?\s*(?:[（(]含[）)])?\s*[-—–～~至到]\s*$")


def _band_bound(q: Quantity) -> bool:
    after = q.context[q.context_pos + len(q.raw) : q.context_pos + len(q.raw) + 16]
    before = q.context[max(0, q.context_pos - 12) : q.context_pos]
    return bool(_BAND_AFTER.match(after) or _BAND_BEFORE.search(before))


def _kind(q: Quantity) -> str | None:
    if q.base_unit != "分":
        return None
    if _band_bound(q):
        return None  # a grade band's bound (综合得分在90（含）-100分为优), not a score
    label = q.label
    context = q.context
    if any(w in label for w in _FULL) and not any(w in label for w in _SCORE):
        return "full"
    if any(w in label for w in _WEIGHT):
        return "weight"
    if any(w in label for w in _TOTAL) or any(w in context[: q.context_pos] for w in ("绩效得分", "总得分", "综合得分")):
        return "total"
    if any(w in label for w in _SCORE):
        return "score"
    return None


def sheet(doc: Document) -> ScoreSheet:
    def build() -> ScoreSheet:
        pairs: list[tuple[Quantity, Quantity]] = []
        total = full = None
        grade = None
        totals: list[Quantity] = []
        grades: list[tuple[str, Span]] = []
        for s in prose.sentences(doc):
            pending: Quantity | None = None
            for q in s.quantities:
                kind = _kind(q)
                if kind == "weight":
                    pending = q
                elif kind in ("score", "total") and pending is not None:
                    pairs.append((pending, q))
                    pending = None
                elif kind == "total" or (kind == "score" and any(w in q.label for w in _TOTAL_HINTS)):
                    totals.append(q)
                    total = total or q
                elif kind == "full" and full is None:
                    full = q
            # every grade is told after 等级, 等次 or 结果: most sentences, without the search
            m = _GRADE.search(s.text) if "等" in s.text or "结果" in s.text else None
            if m:
                start = s.start + m.start("grade")
                grades.append((_GRADE_WORDS[m.group("grade")], _span(doc, s.para, start, start + len(m.group("grade")))))
                grade = grade or grades[-1]
        if not pairs:
            pairs = _rubric_pairs(doc)
        return ScoreSheet(pairs, total, full, grade, totals, grades)

    return doc.cached("scores", build)


def _appended(doc: Document) -> bool:
    """Whether the evaluations are appended to a budget or final-accounts volume (a 决算
    with the 绩效评价 reports of several projects after its tables): how its weights, scores
    and totals group into sheets is not established there, so a disagreement is a note."""
    return report.infer(doc).kind in ("预算", "决算")


def sheets(doc: Document) -> list[ScoreSheet]:
    """One score sheet per evaluation. A report that evaluates several projects, one per
    top-level section, has one sheet per section — its own indicators, total and grade;
    a report with its indicators in one section has one sheet for the whole document
    (its total may be stated in a summary elsewhere)."""

    def build() -> list[ScoreSheet]:
        whole = sheet(doc)
        numbered = [h for h in doc.headings if h.numbering is not None]
        if len(whole.pairs) < 2 or not numbered:
            return [whole]
        top = min(h.level for h in numbered)
        cuts = sorted(h.span.start for h in numbered if h.level == top)

        def part(q: Quantity) -> int:
            return bisect.bisect_right(cuts, q.span.start)

        groups: dict[int, list[tuple[Quantity, Quantity]]] = {}
        for w, sc in whole.pairs:
            groups.setdefault(part(sc), []).append((w, sc))
        if len(groups) <= 1 or any(len(g) < 2 for g in groups.values()):
            return [whole]  # sections of one indicator each are one evaluation's parts
        out = []
        for g, pairs in groups.items():
            totals = [t for t in whole.totals if part(t) == g]
            grades = [gr for gr in whole.grades if bisect.bisect_right(cuts, gr[1].start) == g]
            out.append(ScoreSheet(pairs, totals[0] if len(totals) == 1 else None, whole.full_mark, grades[0] if len(grades) == 1 else None, totals, grades))
        return out

    return doc.cached("score-sheets", build)


# （一）预算编制（10分）。……每发现一处扣 2 分……本项得 8 分。
_RUBRIC_WEIGHT = regex.compile(r"^[^，,。；;：:（(]{2,24}[（(]\s*$")
_RUBRIC_SCORE = ("本项得", "该项得", "本指标得", "该指标得", "本项自评得", "实际得", "最终得")


_HEADING_WEIGHT = regex.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*$")


def _heading_weight(doc: Document, h: Heading) -> Quantity | None:
    """The weight in brackets at the end of a numbered heading: ### （一）预算编制（10分）."""
    if h.numbering is None:
        return None
    m = _HEADING_WEIGHT.search(h.text)
    if m is None:
        return None
    start = h.span.start
    qs = read_quantities(doc.source.norm[start : h.span.end], lambda a, b: doc.source.span(start + a, start + b))
    return next((q for q in qs if q.base_unit == "分" and m.start() <= q.pos < m.end()), None)


def _scored(para, q: Quantity) -> bool:
    return q.base_unit == "分" and any(w in para.text[max(0, q.pos - 8) : q.pos] for w in _RUBRIC_SCORE)


def _rubric_pairs(doc: Document) -> list[tuple[Quantity, Quantity]]:
    """Indicators that carry their weight in brackets after the title — in a numbered
    heading or at the start of a numbered paragraph — and say what they scored: the
    weight is the bracketed figure, the score the one figure after 本项得/该指标得 in that
    indicator's text (the rubric's own figures are neither)."""
    pairs = []
    open_weight: tuple[Quantity, int] | None = None
    scores: list[Quantity] = []

    def close() -> None:
        if open_weight is not None and len(scores) == 1:
            pairs.append((open_weight[0], scores[0]))

    for block in doc.blocks:
        if isinstance(block, Heading):
            if open_weight is not None and block.level <= open_weight[1]:
                close()
                open_weight, scores = None, []
            weight = _heading_weight(doc, block)
            if weight is not None:
                open_weight, scores = (weight, block.level), []
        elif isinstance(block, Paragraph) and open_weight is not None:
            scores.extend(q for q in block.quantities if _scored(block, q))
    close()
    for para in doc.paragraphs:
        if para.numbering is None or not para.quantities:
            continue
        first = para.quantities[0]
        at = para.text.find(para.numbering.raw)
        title_from = at + len(para.numbering.raw) if 0 <= at <= 2 else 0
        if first.base_unit != "分" or not _RUBRIC_WEIGHT.match(para.text[title_from : first.pos].lstrip()):
            continue
        if para.text[first.pos_end : first.pos_end + 1] not in ("）", ")"):
            continue
        scored = [q for q in para.quantities[1:] if _scored(para, q)]
        if len(scored) == 1:
            pairs.append((first, scored[0]))
    return pairs


@dataclass
class ScoreTable:
    """A table with a weight (分值) column and a score (得分) column."""

    rows: list[tuple[str, Quantity, Quantity]]  # (indicator, weight, score)
    total: tuple[Quantity | None, Quantity] | None  # the 合计/总分 row's (weight, score)




def score_tables(doc: Document) -> list[ScoreTable]:
    def build() -> list[ScoreTable]:
        out = []
        for t in doc.tables:
            values = [c for c in t.columns if c.role == "value"]
            weight = [c for c in values if any(w in squeeze(c.leaf) for w in (*_WEIGHT, "满分"))]
            score = [c for c in values if any(w in squeeze(c.leaf) for w in _SCORE) and "率" not in c.leaf and c not in weight]
            if len(weight) != 1 or len(score) != 1 or weight[0].side != score[0].side:
                continue
            wc, sc = weight[0].index, score[0].index
            rows, total = [], None
            for r in t.side_rows:
                w, sq = r.values.get(wc), r.values.get(sc)
                if sq is None or sq.quantity is None:
                    continue
                if r.role == "total":
                    total = (w.quantity if w is not None else None, sq.quantity)
                elif w is not None and w.quantity is not None:
                    rows.append((r.label, w.quantity, sq.quantity))
            if rows:
                out.append(ScoreTable(rows, total))
        return out

    return doc.cached("score-tables", build)


def _span(doc: Document, para, s: int, e: int) -> Span:
    return doc.source.span(para.source_offset(s), para.source_offset(e - 1) + 1)


_ScoreOptions = LazyOptions(
    "_ScoreOptions",
    full_mark=(Decimal, Decimal(100), "full mark when the report states none"),
    bands=(list[tuple[str, Decimal]], [(g, Decimal(v)) for g, v in lexicon.GRADE_BANDS], "(grade, lowest total) from best to worst"),
)


class ScoreExceedsWeight(Check):
    """指标自评得分超过该指标分值。
    An indicator's score exceeds its weight.

    反例::

        （三）预算执行情况。该指标分值 10 分，自评得分 12 分。

    正例::

        （三）预算执行情况。该指标分值 10 分，自评得分 9 分。
    """

    code = "SCR001"
    name = "score.exceeds-weight"

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        pairs = list(sheet(doc).pairs) + [(w, sc) for tb in score_tables(doc) for _, w, sc in tb.rows]
        for weight, score in pairs:
            if score.value <= weight.value:
                yield self.verified(f"得分 {score.raw} ≤ 分值 {weight.raw}", f"score {score.raw} ≤ weight {weight.raw}", [score.span, weight.span])
                continue
            yield self.finding(
                f"自评得分 {score.raw} 超过该指标分值 {weight.raw}",
                f"the score {score.raw} exceeds the indicator's weight {weight.raw}",
                score.span,
                label=(f"分值只有 {weight.raw}", f"the weight is {weight.raw}"),
                related=[(weight.span, f"分值 {weight.raw}", f"weight {weight.raw}")],
                hint=(f"得分应不超过 {weight.raw}", f"the score can be at most {weight.raw}"),
            )


class WeightsDoNotSumToFullMark(Check):
    """各指标分值之和不等于满分。
    The indicator weights do not add up to the full mark.

    满分默认 100 分，报告写明“满分 X 分”时以其为准。至少三个指标时才检查。

    反例::

        （一）预算编制。该指标分值 30 分，自评得分 28 分。
        （二）预算执行。该指标分值 40 分，自评得分 36 分。
        （三）绩效目标。该指标分值 20 分，自评得分 20 分。

    正例::

        （一）预算编制。该指标分值 30 分，自评得分 28 分。
        （二）预算执行。该指标分值 40 分，自评得分 36 分。
        （三）绩效目标。该指标分值 30 分，自评得分 30 分。
    """

    code = "SCR002"
    name = "score.weights-not-full-mark"
    Options = _ScoreOptions

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        all_sheets = sheets(doc)
        for sh in all_sheets:
            yield from self._sheet(doc, sh, len(all_sheets) == 1)

    def _sheet(self, doc: Document, sh: ScoreSheet, only: bool) -> Iterator[Finding | Verified]:
        if len(sh.pairs) < 3:
            return
        weights = [w for w, _ in sh.pairs]
        total = sum((w.value for w in weights), Decimal(0))
        full = sh.full_mark.value if sh.full_mark is not None else self.options.full_mark
        terms = " + ".join(str(w.written) for w in weights)
        if total == full:
            yield self.verified(f"分值之和 {terms} = {full}", f"weights {terms} = {full}", [w.span for w in weights])
            return
        anchor = sh.full_mark or sh.total or weights[-1]
        yield self.finding(
            f"各指标分值之和为 {total} 分，不等于满分 {full} 分",
            f"the indicator weights add up to {total}, not to the full mark {full}",
            anchor.span if anchor is sh.full_mark else weights[0].span,
            label=(f"分值合计 {total}", f"weights add up to {total}"),
            related=[(w.span, f"分值 {w.raw}", f"weight {w.raw}") for w in weights],
            hint=(f"分值合计应为 {full} 分（{terms} = {total}）", f"the weights should add up to {full} ({terms} = {total})"),
            reading="inferred" if _appended(doc) else "confirmed",
        )


class ScoresDoNotSumToTotal(Check):
    """各指标得分之和不等于报告所述总得分。
    The indicator scores do not add up to the stated total score.

    反例::

        本部门整体支出绩效自评得分为 88 分。

        （一）预算编制。该指标分值 50 分，自评得分 45 分。
        （二）预算执行。该指标分值 50 分，自评得分 40 分。

    正例::

        本部门整体支出绩效自评得分为 85 分。

        （一）预算编制。该指标分值 50 分，自评得分 45 分。
        （二）预算执行。该指标分值 50 分，自评得分 40 分。
    """

    code = "SCR003"
    name = "score.total-mismatch"

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        all_sheets = sheets(doc)
        for sh in all_sheets:
            yield from self._sheet(doc, sh, len(all_sheets) == 1)

    def _sheet(self, doc: Document, sh: ScoreSheet, only: bool) -> Iterator[Finding | Verified]:
        if sh.total is not None and only:  # with several evaluations, whose table is whose is unclear
            full = sh.full_mark.value if sh.full_mark is not None else Decimal(100)
            # a table whose weights add up to another full mark (合计 分值 10) is a part's
            # table or another evaluation's, not the sheet of this total
            totals = [tb for tb in score_tables(doc) if tb.total is not None and (tb.total[0] is None or tb.total[0].value == full)]
            if len(totals) == 1:  # so too with several score tables: the prose's total is of one of them
                yield from self._against_tables(doc, sh.total, totals)
        if sh.total is None or len(sh.pairs) < 2:
            return
        scores = [s for _, s in sh.pairs]
        computed = arith.total(scores)
        exact = arith.exact_sum(scores)
        terms = " + ".join(s.raw.replace(" ", "") for s in scores)
        verdict = arith.compare(arith.interval(sh.total), computed, sh.total.value, exact)
        if verdict is not arith.Verdict.MISMATCH:
            yield self.verified(f"总得分 {sh.total.raw} = {terms}", f"total {sh.total.raw} = {terms}", [sh.total.span, *[s.span for s in scores]])
            return
        text = arith.fmt(exact, sh.total)
        yield self.finding(
            f"总得分 {sh.total.raw} 不等于各指标得分之和 {text} 分",
            f"the total score {sh.total.raw} does not equal the sum of the indicator scores, {text}",
            sh.total.span,
            label=(f"各项得分之和 {text}", f"the scores add up to {text}"),
            related=[(s.span, f"得分 {s.raw}", f"score {s.raw}") for s in scores],
            hint=(f"总得分应为 {text} 分（{terms}），或某项得分有误", f"the total should be {text} ({terms}), or one score is wrong"),
            reading="inferred" if _appended(doc) else "confirmed",
        )


    def _against_tables(self, doc: Document, total: Quantity, tables: list[ScoreTable]) -> Iterator[Finding | Verified]:
        """The total stated in the prose against the total row of a score table."""
        for tb in tables:
            if tb.total is None:
                continue
            row_total = tb.total[1]
            if arith.compare_quantities(total, row_total) is not arith.Verdict.MISMATCH:
                yield self.verified(f"总得分 {total.raw} = 评分表合计 {row_total.raw}", f"total {total.raw} = score table total {row_total.raw}", [total.span, row_total.span])
                continue
            yield self.finding(
                f"总得分 {total.raw} 与评分表合计得分 {row_total.raw} 不符",
                f"the total score {total.raw} does not match the score table's total {row_total.raw}",
                total.span,
                label=(f"评分表为 {row_total.raw}", f"the table has {row_total.raw}"),
                related=[(row_total.span, f"评分表合计 {row_total.raw}", f"score table total {row_total.raw}")],
                hint=("统一正文与评分表的总得分", "make the prose and the score table state one total"),
                reading="inferred" if _appended(doc) else "confirmed",
            )


class GradeDoesNotFitTotal(Check):
    """所述绩效等级与总得分不符。
    The stated grade does not fit the total score.

    默认等级：优 ≥ 90，良 80–89，中 60–79，差 < 60（可配置）。

    反例::

        绩效自评得分为 86 分，绩效等级为“优”。

    正例::

        绩效自评得分为 86 分，绩效等级为“良”。
    """

    code = "SCR004"
    name = "score.grade-mismatch"
    Options = _ScoreOptions

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        all_sheets = sheets(doc)
        for sh in all_sheets:
            yield from self._sheet(doc, sh, len(all_sheets) == 1)

    def _sheet(self, doc: Document, sh: ScoreSheet, only: bool) -> Iterator[Finding | Verified]:
        totals = [tb.total[1] for tb in score_tables(doc) if tb.total is not None] if only else []
        total = sh.total or (totals[0] if len(totals) == 1 else None)
        if total is None or sh.grade is None:
            return
        grade, span = sh.grade
        expected = next((g for g, low in self.options.bands if total.value >= low), self.options.bands[-1][0])
        if expected == grade:
            yield self.verified(f"等级“{grade}”与总分 {total.raw} 相符", f"grade {grade} fits the total {total.raw}", [span, total.span])
            return
        bands = "，".join(f"{g} ≥ {low}" for g, low in self.options.bands)
        yield self.finding(
            f"绩效等级“{grade}”与总得分 {total.raw} 不符，按评分标准应为“{expected}”",
            f"the grade '{grade}' does not fit the total score {total.raw}; the bands give '{expected}'",
            span,
            label=(f"应为“{expected}”", f"should be '{expected}'"),
            related=[(total.span, f"总得分 {total.raw}", f"total score {total.raw}")],
            hint=(f"等级标准：{bands}", f"bands: {bands}"),
            # several scores or grades in the report, and this grade told apart from this total:
            # the grade may be another evaluation's (a second project's 83.47 分，评价等级为“良”)
            reading="inferred" if _appended(doc) or ((len(sh.totals) > 1 or len(sh.grades) > 1) and total.span.line != span.line) else "confirmed",
        )
