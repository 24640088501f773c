"""Repeated statistics (REP): a statistic stated in several places agrees everywhere.

"Same statistic" is decided from the label and its context, never from the number: the
figures must carry the same subject label (a generic one such as 惠及 or 带动就业 is
qualified by the figure before it; a 其中 part by its whole), the same unit family, the
same years in scope, and stand in the same wording around them (the clause with numbers
masked, and a neighbouring clause). A label that recurs with three or more different
values is a template (one per project), not a repeated statistic. The same label and
clause told exactly twice in different surroundings is one statistic when it is the
whole area's or organisation's (全市…, 全局…): an error if the two disagree; otherwise
an info, since it may be one figure per unit.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

from auditor import facts
from auditor.checking import causes
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, lexicon, prose
from auditor.document.model import Document, Paragraph, Quantity
from auditor.knowledge import report

_NUMBER = regex.compile(r"[-+]?\d[\d,.]*\s*(?:万亿|亿|万|千)?")
_NOISE = regex.compile(r"[\s*“”\"'‘’]+")
_MAX_CLUSTERS = 4


@dataclass(slots=True)
class Occurrence:
    q: Quantity
    clause: str
    neighbours: tuple[str, str]
    years: frozenset[str]
    period: str = ""
    """The part of the year the figure covers (上半年, 1-9月), "" for the whole year."""
    fund: str | None = None
    """The fund the figure is of (its sentence's or its headings'), None when not said."""
    area: str | None = None
    """全域 (全市…) or 本级 (市本级…), None when not said."""
    para: int = 0
    entity: str | None = None
    """The organisation whose section the figure stands in (a heading that names a unit:
    深圳市劳动人事争议仲裁院), None before any: one department's report often holds its
    units' reports, each telling its own figures in the same words."""
    """id() of the paragraph: one label with two values in one paragraph is told of two
    things (审核资金 104 万元 … 如某项目审核资金 7 万元), not one statistic twice."""
    figures: tuple[str, ...] = ()
    """The figures of the sentence as written: a sentence told again with all its figures
    changed is the same words for another scope (市级 … / 园区 …), not one statistic."""
    sentence: str = ""
    """The whole sentence, figures masked once compared: the same words in two places
    are one statistic for sure only when the sentence around them is the same, opening
    with the same subject."""


# Sentences that list the parts of the sentence before (其中：…, 用于：…, 包括…): their
# figures are named by that sentence's topic too.
_LIST_OPENERS = ("其中", "用于", "主要用于", "包括", "主要包括", "具体")


def _mask(text: str) -> str:
    return _NUMBER.sub("#", _NOISE.sub("", text))


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in m.get_matching_blocks())
    return matched >= 0.8 * min(len(a), len(b)) and min(len(a), len(b)) >= 4


_STOPS = regex.compile(r"[，,；;。！？!?\n]")


def _clause_bounds(stops: list[int], length: int, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: from after the stop before it to the stop after it."""
    k = bisect.bisect_left(stops, pos)
    a = stops[k - 1] + 1 if k else 0
    return a, stops[k] if k < len(stops) else length


def _occurrences(doc: Document) -> dict[tuple, list[Occurrence]]:
    groups: dict[tuple, list[Occurrence]] = {}
    stops_cache: dict[int, list[int]] = {}
    heads_cache: dict[int, tuple[tuple[list[int], list[str]], tuple[str, int] | None]] = {}

    def _stops_of(para) -> list[int]:
        stops = stops_cache.get(id(para))
        if stops is None:
            stops = stops_cache[id(para)] = [m.start() for m in _STOPS.finditer(para.text)]
        return stops

    base = facts.facts(doc)
    entities = facts.paragraph_entities(doc)
    government = report.infer(doc).government
    section_of = {id(b): b.section for b in doc.blocks if isinstance(b, Paragraph)} if government else {}

    def heading_years(para_id: int) -> frozenset[str]:
        """The years of the innermost heading above a paragraph that names any."""
        for sec in reversed(doc.section_path(section_of.get(para_id, -1))):
            found = prose.period_years(sec.title)
            if found:
                return frozenset(found)
        return frozenset()

    para = None
    last_topic = list_whole = ""
    para_years: frozenset[str] = frozenset()
    for s in prose.sentences(doc):
        if s.para is not para:
            para, last_topic, list_whole, para_years = s.para, "", "", frozenset()
        # a sentence that names no year is of the year its paragraph named last (截至2025年
        # 12月31日共有车辆 N 辆。单位价值100万元以上设备 2 台: the 2 is of 2025)
        para_years = frozenset(s.years) or para_years
        if s.text.lstrip(" 　（(0123456789.、").startswith(_LIST_OPENERS):
            # 基本支出 881300.39 元。其中：工资福利支出 …。商品和服务支出 …: the rest of the
            # paragraph lists parts of the previous sentence's subject
            list_whole = last_topic
        prev_label = ""
        whole_label = ""
        topic = ""
        opened = ""  # the whole a 其中 of this sentence breaks down
        text = s.para.text
        pid = id(s.para)
        if pid not in heads_cache:  # per paragraph, not per sentence
            heads_cache[pid] = (_heads_of(s.para), _item_head(s.para))
        heads, item = heads_cache[pid]
        for q, subject, cue in prose.subjects(s):
            own, _ = prose.label_cue(q.label)
            label = subject + (f"·{cue}" if cue and own != q.label else "")
            part = prose.after_of_which(s, q)
            if part and whole_label:
                label = f"{whole_label}|{label}"
                if _COLON_LIST.search(text, s.start, q.pos):
                    opened = opened or whole_label
            elif _generic(subject):
                noun = _noun_after(text, q) if q.base_unit in _COUNTED else ""
                if noun:
                    # 为全市 31.8万家企业减免社保费: a count is named by the noun after it
                    label = f"{subject}>{noun}"
                else:
                    label = f"{prev_label}|{label}" if prev_label and subject and not prev_label.startswith(_ANAPHORA) else ""
            elif _relational(q, subject):
                # 完成年初预算的 95%: a rate of the sentence's topic, not a statistic by itself
                label = f"{topic}|{label}" if topic and topic != subject else ""
            if list_whole and label and not (part and whole_label):
                label = f"{list_whole}|{label}"
            k = bisect.bisect_left(heads[0], q.pos)
            if k and label and not label.startswith(heads[1][k - 1]):
                # （2）公用经费：①行政运行 A；②培训支出 B: parts of the list's head
                label = f"{heads[1][k - 1]}|{label}"
            if item and label and q.pos > item[1]:
                # 4.资本性支出（309）100.45 万元…具体为：专项业务经费 100.45 万元 / 5.资本性支出
                # （310）93.00 万元…专项业务经费 93.00 万元: each item of a numbered list tells
                # its own figures under the same words
                label = f"{item[0]}|{label}"
            topic = topic or subject
            if q.label and not part:
                whole_label = subject or whole_label
            prev_label = subject or prev_label
            last_topic = topic or last_topic
            fact = base.of(q)
            if (
                len(label.replace("|", "")) < 3 or not _HAN.search(_display(label)) or q.family is None or not q.is_exact_figure
                or prose.is_change(s, q) or prose.is_prior_period(s, q)
                or (fact is not None and fact.role == "change")  # 支出决算减少 N 万元
            ):
                continue
            stops = _stops_of(s.para)
            a, b = _clause_bounds(stops, len(text), q.pos)
            pa, _ = _clause_bounds(stops, len(text), max(0, a - 2)) if a > 1 else (a, a)
            _, nb = _clause_bounds(stops, len(text), min(len(text), b + 1)) if b + 1 < len(text) else (b, b)
            # the clause and its neighbours as written: masked below, only where compared
            occ = Occurrence(q, text[a:b], (text[pa : max(pa, a - 1)], text[min(b + 1, nb) : nb]), para_years, prose.part_of_year(s, q), para=pid)
            # the same words in another fund's sentence (一般公共预算财政拨款… / 财政拨款…) are
            # another fact; years are compared below, from the sentence's own words
            occ.fund = fact.fund if fact is not None else facts.last_fund_in(text[s.start : q.pos])
            gloss = prose.gloss_before(s, q)
            if gloss and facts.fund_in(gloss):
                # 污水处理服务费（政府性基金）A: that fund's part of the item, a statistic of its own
                occ.fund = facts.fund_in(gloss)
                label = f"{label}（{occ.fund}）"
            occ.area = fact.area if fact is not None else None
            if government:
                # a region's budget tells each line item for 全市 and 市本级, for last year's
                # execution and this year's budget: a figure is one statistic only with both said
                occ.area = occ.area or facts.level_in(text[s.start : q.pos])
                occ.years = occ.years or heading_years(pid)
                if occ.area is None or not occ.years:
                    continue
            occ.entity = entities.get(pid)
            occ.sentence = s.text
            groups.setdefault((label, q.family), []).append(occ)
        if opened:
            # X 4464.76万元，其中：公用经费 A。专项业务经费 B: after 其中 and a colon, the
            # sentences after go on listing X's parts
            list_whole = opened
    out = {key: g for (label, family), occs in groups.items() for key, g in _by_fund(label, family, occs)}
    masked: dict[str, str] = {}  # a sentence and its clauses recur, once per figure they hold

    def mask(text: str) -> str:
        found = masked.get(text)
        if found is None:
            found = masked[text] = _mask(text)
        return found

    for g in out.values():
        if len(g) >= 2:  # a label told once is compared with nothing: its words need no masking
            for o in g:
                o.figures = tuple(_NUMBER.findall(o.sentence))
                o.clause, o.neighbours, o.sentence = mask(o.clause), (mask(o.neighbours[0]), mask(o.neighbours[1])), mask(o.sentence)
    return out


_HAN = regex.compile(r"\p{Han}")  # a statistic is named by words, not by a bracket left over


def _by_fund(label: str, family, occs: list[Occurrence]) -> list[tuple[tuple, list[Occurrence]]]:
    """The places of one label split by the fund they are of (一般公共预算…, 财政拨款…, a
    heading's 收支预算总体情况 for all funds), then by area (全市… / 市本级…): the same words
    of another fund or area are another fact. A place whose fund is not known goes with the others when they are of one fund,
    and stays apart when they are of several (it could be any of them)."""
    if len(occs) == 1:  # one place: its own fund and area (what the loop below gives it)
        return [((label, family, occs[0].fund, occs[0].area), occs)]
    out: list[tuple[tuple, list[Occurrence]]] = [((label, family), occs)]
    for dim in ("fund", "area"):
        split: list[tuple[tuple, list[Occurrence]]] = []
        for key, group in out:
            known = {getattr(o, dim) for o in group if getattr(o, dim) is not None}
            if len(known) <= 1:
                split.append(((*key, next(iter(known), None)), group))
                continue
            parts: dict = {}
            for o in group:
                parts.setdefault((*key, getattr(o, dim)), []).append(o)
            split += list(parts.items())
        out = split
    return out


# The numbered head of a list inside a paragraph: （2）公用经费：…, ①人员经费：…, 二、项目支出：
_HEAD = regex.compile(r"(?:^|[；;。])\s*(?:其中[：:，,]?)?\s*(?:[（(]\s*\d{1,2}\s*[）)]|[①-⑳]|\d{1,2}[、.．]|[一二三四五六七八九十]+、)\s*(?P<head>[\p{Han}“”]{2,16})[：:]")


_COLON_LIST = regex.compile(r"其中\s*[：:]")


_SPACES = regex.compile(r"\s+")
_BRACKETED = regex.compile(r"[（(][^（）()]+[）)]")


def _item_head(para) -> tuple[str, int] | None:
    """For a numbered list item (12、住房保障支出（221类）…住房公积金（01项）208.8 万元。…),
    the words between its number and its first figure, spaces taken out, and where that
    figure ends — when they hold a bracketed code or class (（309）, （221类）) that the
    subjects' words drop, so that two items' subjects read alike; None otherwise."""
    if para.numbering is None:
        return None
    figures = [q for q in para.quantities if q.family is not None and q.unit]
    if not figures:
        return None
    first = figures[0]
    head = _SPACES.sub("", para.text[: first.pos])
    n = para.numbering.raw.strip()
    if head.startswith(n):
        head = head[len(n):]
    if len(head) < 4 or not _BRACKETED.search(head):
        return None  # no bracketed code or class that the subject's words leave out
    return head[-40:], first.pos_end


def _heads_of(para) -> tuple[list[int], list[str]]:
    """Where each list head of a paragraph ends, and its name (其中 is no head)."""
    if "：" not in para.text and ":" not in para.text:
        return [], []  # every head ends with a colon: most paragraphs, without the search
    found = [(m.end(), m.group("head")) for m in _HEAD.finditer(para.text) if m.group("head") not in ("其中", "主要", "包括", "用于", "主要包括", "主要用于", "具体")]
    return [e for e, _h in found], [h for _e, h in found]


_COUNTED = ("家", "个", "人", "名", "户", "项", "件", "宗", "所", "条", "场", "次", "人次", "笔", "张", "台", "辆", "套", "份", "期")
_NOUN = regex.compile(r"[\p{Han}A-Za-z]{2,}")


def _noun_after(text: str, q: Quantity) -> str:
    """The words right after a count, up to the next punctuation: 企业减免养老 in
    31.8万家企业减免养老、…; at least four characters to name anything."""
    m = _NOUN.match(text, q.pos_end, min(len(text), q.pos_end + 12))
    return m.group(0)[:8] if m and len(m.group(0)) >= 4 else ""


# Words that make a figure the whole organisation's or area's: told twice, it must agree.
_WHOLE_SCOPE = ("全市", "全区", "全县", "全省", "全州", "全镇", "全乡", "全旗", "全局", "全系统", "全行业", "全部门", "全委", "全校", "全院")


def _whole_scope(o: Occurrence) -> bool:
    before = o.q.context[max(0, o.q.context_pos - 20) : o.q.context_pos]
    return any(w in before for w in _WHOLE_SCOPE)


def _display(label: str) -> str:
    """The name a reader sees: the statistic's own words, without the qualifiers used to
    tell it apart (全市>企业减免养老 reads 全市…企业减免养老)."""
    return label.split("|")[-1].split("·")[0].replace(">", "…")


_RELATIONS = ("完成", "占", "相当于", "达到", "为")


def _relational(q: Quantity, label: str) -> bool:
    """A rate named by its relation to something else: 完成年初预算的, 占总支出的."""
    return q.base_unit == "%" and (label.endswith("的") or label.startswith(_RELATIONS))


_ANAPHORA = ("该", "此", "其", "本项", "上述", "以上", "前述")


@functools.lru_cache(maxsize=4096)
def _generic(label: str) -> bool:
    """Whether a label needs the figure before it to name a statistic: 惠及, 带动就业, 发放补贴."""
    if len(label) <= 3 or label.startswith(_ANAPHORA):
        return True  # 该指标分值 30 分: "this" indicator's, whichever the paragraph is about
    for p in lexicon.GENERIC_LABEL_PREFIXES:
        if label.startswith(p) and len(label) - len(p) <= 2:
            return True
    return False


def _same_context(x: Occurrence, y: Occurrence) -> bool:
    if x.years and y.years and x.years != y.years:
        return False  # another year's figure
    if x.period != y.period:
        return False  # 上半年 against the whole year: another period's figure
    if not _similar(x.clause, y.clause):
        return False
    return _similar(x.neighbours[0], y.neighbours[0]) or _similar(x.neighbours[1], y.neighbours[1]) or (x.clause == y.clause and len(x.clause) >= 12)


_LEAD = regex.compile(r"[，,；;：:]")


def _lead(sentence: str) -> str:
    """The clause that opens a sentence with its subject, after a short adverbial (#年，/
    同时，)."""
    clauses = _LEAD.split(sentence)
    return next((c for c in clauses if len(c) > 5), clauses[0])


def _same_sentence(x: Occurrence, y: Occurrence) -> bool:
    """Whether two places tell their figure in the same sentence (figures masked): the one
    sure sign that they are one statistic. Like clauses in unlike sentences are often the
    same item told of another scope — 全市 and 市本级, all funds and 财政拨款, a summary
    and a unit's section — which the words around the clause do not always say."""
    a, b = x.sentence, y.sentence
    if len(_LEAD.split(a)) < 2 or len(_LEAD.split(b)) < 2:
        return False  # （1）办公费支出 110 万元: a list item's words are its parent's, not its own
    if len(x.figures) == len(y.figures) >= 2 and sum(f != g for f, g in zip(x.figures, y.figures, strict=True)) > 1:
        return False  # 366 个单位共编制 5536 个… / 188 个单位共编制 1810 个…: each figure another scope's
    if not _similar(_lead(a), _lead(b)):
        return False  # another subject opens the sentence: （二）公用经费…包括：办公费 A / 一般公共预算…办公费 B
    if a == b:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) >= 0.85 * max(len(a), len(b))


def _clusters(occs: list[Occurrence]) -> list[list[Occurrence]]:
    clusters: list[list[Occurrence]] = []
    for o in occs:
        for c in clusters:
            if _same_context(c[0], o):
                c.append(o)
                break
        else:
            if len(clusters) >= _MAX_CLUSTERS:
                return []  # too many variants: a template, not one statistic
            clusters.append([o])
    return clusters


class RepeatedStatisticMismatch(Check):
    """同一统计数字在报告不同位置的表述不一致。
    The same statistic is stated with different values in different places.

    标签、单位类别、年份和上下文措辞都相同才视为同一统计数字；折算单位后（8.6万人 =
    86000人）在书写精度内（5.19亿元 ≈ 51935.06万元）一致即可。

    反例::

        ## 一、总体情况

        全年城镇新增就业 5.2 万人，城镇登记失业率 2.1%。

        ## 二、工作成效

        全年城镇新增就业 5.6 万人，城镇登记失业率 2.1%。

    正例::

        ## 一、总体情况

        全年城镇新增就业 5.2 万人，城镇登记失业率 2.1%。

        ## 二、工作成效

        全年城镇新增就业 52000 人，城镇登记失业率 2.1%。
    """

    code = "REP001"
    name = "statistic.inconsistent-repeat"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        # a region's budget repeats its line items for each level and period in like words:
        # a label told twice there is not known to be one statistic, so a difference is a note
        self._reading = "inferred" if report.infer(doc).government else "confirmed"
        for (label, *_scope), occs in _occurrences(doc).items():
            if len(occs) < 2:
                continue
            clusters = _clusters(occs)
            for cluster in clusters:
                units = {o.entity for o in cluster if o.entity}
                # the same words in two units' reports are two units' figures: each unit's
                # places are judged among themselves
                for part in ([cluster] if len(units) < 2 else [[o for o in cluster if o.entity == u] for u in sorted(units)]):
                    if len(part) >= 2:
                        yield from self._judge(label, part)
            if len(occs) == 2 and len(clusters) == 2:  # a third place would make it a pattern
                yield from self._maybe(label, *clusters)

    def _maybe(self, label: str, one: list[Occurrence], two: list[Occurrence]) -> Iterator[Finding]:
        """The same label, unit and clause in two places whose surroundings differ: the same
        statistic when it is the whole area's or organisation's (全市…), otherwise perhaps
        two (one per unit or project), worth a reviewer's look but not an error."""
        x, y = one[0], two[0]
        name = _display(label)
        if "|" in label or len(name) < 5 or _generic(name):
            return
        if x.years and y.years and x.years != y.years:
            return  # another year's figure
        if x.period != y.period:
            return  # another part of the year
        if not _similar(x.clause, y.clause):
            return
        if any(arith.compare_quantities(a.q, b.q) is not arith.Verdict.MISMATCH for a in one for b in two):
            return
        if x.para == y.para:
            return  # two values of one label in one paragraph: told of two things
        if x.entity and y.entity and x.entity != y.entity:
            return  # two units' reports within a department's
        later = y if y.q.span.start > x.q.span.start else x
        earlier = x if later is y else y
        if _whole_scope(x) or _whole_scope(y):
            # 全市城镇新增就业: a figure for the whole city is one statistic wherever it is told
            yield self.finding(
                f"「{name}」在此处为 {later.q.raw}，在第 {earlier.q.span.line} 行为 {earlier.q.raw}",
                f"'{name}' is {later.q.raw} here but {earlier.q.raw} on line {earlier.q.span.line}",
                later.q.span,
                label=(f"第 {earlier.q.span.line} 行为 {earlier.q.raw}", f"{earlier.q.raw} on line {earlier.q.span.line}"),
                related=[(earlier.q.span, f"同一统计：{earlier.q.raw}", f"same statistic: {earlier.q.raw}")],
                hint=(f"统一为同一数值（{earlier.q.raw}，或改正另一处）", f"state one value in both places ({earlier.q.raw}, or correct the other place)"),
                reading=self._reading if _same_sentence(x, y) or causes.typing_slip(x.q, y.q) else "inferred",
            )
            return
        yield self.finding(
            f"「{name}」在此处为 {later.q.raw}，在第 {earlier.q.span.line} 行为 {earlier.q.raw}；上下文不同，未能确认是同一统计数字",
            f"'{name}' is {later.q.raw} here and {earlier.q.raw} on line {earlier.q.span.line}; the contexts differ, so they may be different statistics",
            later.q.span,
            severity=Severity.INFO,
            label=(f"第 {earlier.q.span.line} 行为 {earlier.q.raw}", f"{earlier.q.raw} on line {earlier.q.span.line}"),
            related=[(earlier.q.span, f"同名数字：{earlier.q.raw}", f"same label: {earlier.q.raw}")],
            hint=("若是同一统计数字，请统一为同一数值", "if this is the same statistic, state one value in both places"),
            reading="unconfirmed",
        )

    def _judge(self, label: str, cluster: list[Occurrence]) -> Iterator[Finding | Verified]:
        qs = [o.q for o in cluster]
        # the value most places agree with; ties go to the first place
        groups: list[list[Quantity]] = []
        for q in qs:
            for g in groups:
                if arith.compare_quantities(g[0], q) is not arith.Verdict.MISMATCH:
                    g.append(q)
                    break
            else:
                if len(groups) == 2:
                    return  # a third value: a template with many values, not one statistic
                groups.append([q])
        name = _display(label)
        if len(groups) == 1:
            yield self.verified(f"「{name}」{len(qs)} 处一致：{qs[0].raw}", f"'{name}' agrees in {len(qs)} places: {qs[0].raw}", [q.span for q in qs])
            return
        major = max(groups, key=lambda g: (len(g), -qs.index(g[0])))
        para_of = {id(o.q): o.para for o in cluster}
        for g in groups:
            if g is major:
                continue
            for q in g:
                if all(para_of[id(o)] == para_of[id(q)] for o in major):
                    continue  # two values of one label in one paragraph: told of two things
                ref = major[0]
                occ_of = {id(o.q): o for o in cluster}
                same = all(_same_sentence(occ_of[id(q)], occ_of[id(o)]) or causes.typing_slip(q, o) for o in major)
                yield self.finding(
                    f"「{name}」在此处为 {q.raw}，在另 {len(major)} 处为 {ref.raw}",
                    f"'{name}' is {q.raw} here but {ref.raw} in {len(major)} other place(s)",
                    q.span,
                    label=(f"别处为 {ref.raw}", f"elsewhere {ref.raw}"),
                    related=[(o.span, f"同一统计：{o.raw}（第 {o.span.line} 行）", f"same statistic: {o.raw} (line {o.span.line})") for o in major],
                    hint=(f"统一为同一数值（{ref.raw}，或改正另一处）", f"state one value everywhere ({ref.raw}, or correct the other place)"),
                    reading=self._reading if same else "inferred",
                )
