"""Ratios (RAT): a rate stated next to its parts recomputes from them within the
precision written, and the finding states the formula used.

Coverage, completion and execution rates and shares (N ÷ D), and changes against a base
(增长 x% next to 增加 Δ and the current figure: Δ ÷ (current − Δ)). Growth from zero is not
computable and raises nothing. A rate whose wording names a base that the figures
contradict (完成年初预算的 x% where x% is actual ÷ 全年预算) is a warning naming the base
that fits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, lexicon, prose
from auditor.document.model import Document, Quantity
from auditor.knowledge import report

_WINDOW = 3  # sentences before the rate's own that may hold its figures
_BASES = (("年初预算", "年初预算"), ("调整后预算", "调整预算"), ("调整预算", "调整预算"), ("全年预算", "全年预算"), ("预算", "预算"), ("计划", "计划"), ("目标", "目标"))
_OF_BASE = regex.compile(r"(?:占|完成|达到|为)(?P<base>[^，,。；;：:%\d]{2,14}?)(?:的|之)\s*$")
_GROWTH = ("增长", "增加", "提高", "上升", "下降", "减少", "降低", "增幅", "降幅")


@dataclass
class Rate:
    rate: Quantity
    kind: str  # "ratio" or "growth"
    candidates: list[Quantity]
    """For a ratio: the figures its numerator and denominator are sought among."""
    named_base: str | None = None
    delta: Quantity | None = None
    """For a growth rate: the change stated (增加 80.00 万元), when there is one ..."""
    current: Quantity | None = None
    prior: Quantity | None = None
    """... or the earlier year's level, when the change is not stated."""
    intro: Quantity | None = None
    """The whole named by the paragraph introducing a numbered list, for shares in it."""
    share: bool = False
    """A part's share of a whole (占 34.30%), not a figure against its own budget."""
    text: str = ""
    """The paragraph's text (figures' ``pos`` index it)."""


def _pct(n: Quantity | arith.Interval, d: Quantity | arith.Interval) -> arith.Interval | None:
    ni = n if isinstance(n, arith.Interval) else arith.interval(n)
    di = d if isinstance(d, arith.Interval) else arith.interval(d)
    return arith.ratio(ni, di)


def _item(q: Quantity) -> str:
    """What a figure is a figure of, without its column cue or scope words: 项目支出 for
    项目支出决算, 财政拨款支出 for 财政拨款支出年初预算."""
    subject, _ = prose.label_cue(q.label)
    changed = True
    while changed:
        changed = False
        for w in lexicon.SCOPE_WORDS:
            if subject.startswith(w):
                subject, changed = subject[len(w):], True
    return subject


def _same_item(a: Quantity, b: Quantity) -> bool:
    """Whether two amounts are figures of one item (a count's noun follows it, so counts
    are not compared this way)."""
    if a.family != "money" or b.family != "money":
        return True
    x, y = _item(a), _item(b)
    return len(x) < 2 or len(y) < 2 or x in y or y in x


def _near(q: Quantity) -> str:
    """A figure's label and the words right after it (a count's noun: 64 个项目)."""
    return q.context[max(0, q.context_pos - 16) : q.context_pos + len(q.raw) + 10]


def _is_whole(q: Quantity) -> bool:
    """Whether a figure's words mark it as a whole (项目共 65 个, 支出合计, 全年预算): a
    one-character marker counts only at either end of the label or right before the
    figure, never inside a word (公共服务 is not 共)."""
    before = q.context[: q.context_pos][-3:]
    for w in lexicon.WHOLE_MARKERS:
        if len(w) >= 2 and w in q.label:
            return True
        if q.label.startswith(w) or q.label.endswith(w) or w in before:
            return True
    return False


def _of_which_between(rate: Quantity, figure: Quantity) -> bool:
    """Whether a 其中 stands between the last figure used and the rate."""
    if figure.span.start > rate.span.start:
        return False
    if figure.context == rate.context:
        return "其中" in rate.context[figure.context_pos : rate.context_pos]
    return "其中" in rate.context[: rate.context_pos]


_LIST_OPENER = regex.compile(r"其中|包括|分别|主要有|具体为")
_ADJUSTED = regex.compile(r"安排|调整|调剂|追加|全年预算")
_NOUN_AFTER = "收支拨资经项单部"  # 预算收入, 预算支出, 预算拨款, 预算单位: another noun, not the budget


def _names(text: str, word: str) -> bool:
    """Whether ``text`` names the base ``word`` as a word of its own (完成预算的 98%), not
    inside a longer noun (占一般公共预算收入的比重)."""
    at = text.find(word)
    while at >= 0:
        if text[at + len(word) : at + len(word) + 1] not in _NOUN_AFTER or at + len(word) == len(text):
            return True
        at = text.find(word, at + 1)
    return False


def _listed_after(figure: Quantity, rate: Quantity, text: str) -> bool:
    """Whether ``figure`` stands in a list (after 其中 / 包括 …) that the rate is in too: a
    sibling of the rate's own part, not the whole the list breaks down. The list runs
    from its opener to the end of the sentence (its items are parted by ；)."""
    if not text or figure.pos > rate.pos:
        return False
    start = prose.clause_start(text, figure.pos)
    if any(c in text[figure.pos : rate.pos] for c in "。！？!?"):
        return False
    return bool(_LIST_OPENER.search(text, start, figure.pos))


# A clause that changes what the change is measured on (扣除中央基建后比上年增加 …), or a
# cause between the figures and the rate (…增长的主要原因是…增加 144.81%): the rate is of
# something the figures before it do not give.
_OTHER_BASE = regex.compile(prose.ADJUSTED_BASIS.pattern + r"|不含|除去|除[^，。；]{1,12}外|原因|由于|因为|主要是|主要系|主要为")


def _topic(rate: Quantity) -> str:
    """What a rate's own words say it is of: 一般性转移支付 for 一般性转移支付占比达."""
    topic = rate.label
    for w in (*lexicon.RATE_WORDS, "率", "达到", "达", "为", "其中"):
        topic = topic.replace(w, "")
    return topic


def _same_topic(rate: Quantity, *figures: Quantity) -> bool:
    """Whether the rate's own words name what the figures count: 项目自评覆盖率 and
    对 64 个项目开展了自评 share 项目. A rate whose words share nothing with the figures
    is a rate of something the text does not give."""
    topic = _topic(rate)
    if len(topic) < 2:
        return True
    near = "".join(_near(q) for q in figures)
    pairs = {topic[i : i + 2] for i in range(len(topic) - 1)} - _GENERIC_PAIRS
    return not pairs or any(p in near for p in pairs)


# Words too common in budget prose to tie a rate to its figures by themselves.
_GENERIC_PAIRS = {"支出", "预算", "资金", "经费", "收入", "决算", "实际", "完成", "全年", "本年", "年度", "部门", "单位"}


def rates(doc: Document) -> list[Rate]:
    return doc.cached("rates", lambda: list(_find(doc)))


_EACH = regex.compile(r"(?:各|分别)(?:是|为|增加|减少|增长|下降|上升|降低|提高)\s*$")


def _lists(s: prose.Sentence) -> list[list[Quantity]]:
    """Runs of figures of one family written as a list after 各/分别 (各是 A、B 万元;
    分别增长 8.89%、6.67%): the unit is often written once, after the last."""
    text, qs = s.para.text, s.quantities
    runs: list[list[Quantity]] = []
    k = 0
    while k < len(qs):
        run = [qs[k]]
        while k + 1 < len(qs) and qs[k + 1].family == run[0].family and text[qs[k].pos_end : qs[k + 1].pos].strip() in (",", "，", "、", "和", "及"):
            k += 1
            run.append(qs[k])
        if len(run) >= 2 and run[0].family is not None and _EACH.search(text[s.start : run[0].pos]):
            runs.append(run)
        k += 1
    return runs


def _paired_growth(s: prose.Sentence, previous: prose.Sentence | None) -> list[Rate]:
    """收、支总计各是 A、B 万元。……各减少 C、D 万元，各下降 X%、Y%: one growth rate per
    pair, matched by position."""
    runs = _lists(s)
    rates = [r for r in runs if r[0].base_unit == "%"]
    deltas = [r for r in runs if r[0].base_unit != "%" and prose.is_change(s, r[0])]
    levels = [r for r in runs if r[0].base_unit != "%" and not prose.is_change(s, r[0])]
    if not levels and previous is not None:
        levels = [r for r in _lists(previous) if r[0].base_unit != "%"]
    if len(rates) != 1 or len(deltas) != 1 or len(levels) != 1:
        return []
    rate, delta, level = rates[0], deltas[0], levels[-1]
    if not (len(rate) == len(delta) == len(level)) or delta[0].family != level[0].family:
        return []
    return [Rate(rate=r, kind="growth", candidates=[], delta=d, current=c) for r, d, c in zip(rate, delta, level, strict=True)]


def _find(doc: Document) -> Iterator[Rate]:
    sents = prose.sentences(doc)
    for s in sents:
        previous = sents[s.index - 1] if s.index and sents[s.index - 1].para is s.para else None
        paired = _paired_growth(s, previous) if ("各" in s.text or "分别" in s.text) else []
        yield from paired
        done = {id(r.rate) for r in paired}
        for q in s.quantities:
            if q.base_unit != "%" or not q.is_exact_figure or id(q) in done:
                continue
            if prose.ADJUSTED_BASIS.search(s.para.text, max(s.start, q.pos - 14), q.pos):
                continue  # 增长 12.2%（同口径增长 21.0%）: a rate on a basis the figures printed are not
            clause = prose.clause_before(s, q)
            label = q.label
            if any(w in clause for w in _GROWTH) and prose.is_change(s, q):
                r = _growth(s, q, previous, sents)
                if r:
                    yield r
                continue
            if not (any(w in label for w in lexicon.RATE_WORDS) or "完成" in clause or clause.strip().startswith("占")):
                continue
            window = [x for x in sents[max(0, s.index - _WINDOW) : s.index + 1] if x.para is s.para]
            cands = [c for x in window for c in x.quantities if c.pos < q.pos or x is not s]
            cands = [c for c in cands if c.base_unit not in ("%", None, "百分点") and c.is_exact_figure and not prose.is_change(prose.sentence_of(doc)[id(c)], c)]
            if "得分" not in label:
                cands = [c for c in cands if c.family != "score"]  # 扣 0.5 分 is not part of an 执行率
            if not cands:
                continue
            named = next((key for word, key in _BASES if _names(label, word) or _names(clause, word)), None)
            intro = None
            m = _OF_BASE.search(clause)
            phrase = m.group("base") if m else None
            if phrase and named is None:
                # 占基本支出的 47.4%: the denominator must be the figure so named
                cands_named = [c for c in cands if c.label and (phrase in c.label or c.label in phrase)]
                if not cands_named and s.para.numbering is not None:
                    intro = _list_intro(doc, s.para)  # named by the paragraph introducing the list
                    if intro is not None and intro.label and (phrase in intro.label or intro.label in phrase):
                        cands, cands_named = [*cands, intro], [intro]
                if not cands_named:
                    continue
                named = phrase
            if named is None and clause.strip().startswith("占") and s.para.numbering is not None:
                intro = _list_intro(doc, s.para)
                if intro is not None and intro.family in {c.family for c in cands}:
                    cands = [*cands, intro]
                else:
                    intro = None
            share = clause.strip().startswith("占") or any(w in label for w in ("占比", "比重", "比例"))
            yield Rate(rate=q, kind="ratio", candidates=cands, named_base=named, intro=intro, share=share, text=s.para.text)


def _list_intro(doc: Document, para) -> Quantity | None:
    """For an item of a numbered list (1. 文化旅游体育与传媒支出 7,286.50 万元，占 89.93%),
    the whole its shares are of: the last amount of the paragraph that introduces the
    list and ends with a colon (……支出预算 8,102.30 万元，主要用于以下方面：)."""
    index = doc.cached("paragraph-index", lambda: {id(p): i for i, p in enumerate(doc.paragraphs)})
    paras = doc.paragraphs
    i = index.get(id(para))
    if i is None:
        return None
    kind = para.numbering.kind
    j = i - 1
    while j >= 0 and paras[j].numbering is not None and paras[j].numbering.kind == kind:
        j -= 1
    if j < 0 or i - j > 30:
        return None
    intro = paras[j]
    if not intro.text.rstrip().endswith(("：", ":")) or (intro.numbering is not None and intro.numbering.kind == kind):
        return None
    amounts = [c for c in intro.quantities if c.family == "money" and c.is_exact_figure]
    return amounts[-1] if amounts else None




def _year_of(s: prose.Sentence, q: Quantity) -> int | None:
    found = prose.YEAR.findall(prose.clause_before(s, q))
    return int(found[-1]) if found else None


_OPENS_WITH_COMPARISON = regex.compile(r"^\s*(?:同比|比上年|较上年|与上年(?:度)?相比|(?:与|比|较)\s*(?:19|20)\d\d\s*年度?(?:相比)?)")


_SHARE_OF_AREA = regex.compile(r"占(全国|全省|全市|全区|全球|全行业|全社会)")
_AVERAGE = regex.compile(r"年均|平均每年|每年平均")
_FAR = 50  # characters between a figure and its change beyond which a purpose clause hides the subject


def _growth(s: prose.Sentence, q: Quantity, previous: prose.Sentence | None = None, sents: list[prose.Sentence] | None = None) -> Rate | None:
    if _AVERAGE.search(s.para.text, max(s.start, q.pos - 8), q.pos):
        return None  # 年均增长 6%: a yearly average over several years, not the whole change
    before = [c for c in s.quantities if c.pos < q.pos and c.base_unit not in ("%", "百分点", None)]
    deltas = [c for c in before if prose.is_change(s, c)]
    levels = [c for c in before if not prose.is_change(s, c)]
    if deltas and not levels and previous is not None and previous.quantities and _OPENS_WITH_COMPARISON.match(s.text):
        # 收入 792.22 万元。同比上年度增加 189.25 万元，增加 31.39%: the level ends the sentence before
        last = previous.quantities[-1]
        begun = prose.clause_start(previous.para.text, previous.start, "。！？!?\n") if sents is not None else previous.start
        if _LIST_MARK.search(previous.para.text, begun, last.pos) is not None:
            # 支出预算 A，其中：基本支出 B、项目支出 C。比上年减少 N，下降 x%: after a list of
            # two or more parts the change is the whole's (as within one sentence, below); a
            # list parted by ； (主要包括：A a；B b。较上年增加 N) is read from its first part
            earlier = [x for x in sents[max(0, previous.index - 20) : previous.index + 1] if x.para is previous.para and x.start >= begun] if sents else [previous]
            figures = [c for x in earlier for c in x.quantities if not prose.is_change(x, c)]
            listed, whole = _list_whole(previous, figures, last, previous.end, last.family, begun)
            if listed:
                if whole is None:
                    return None
                last = whole
        if last.family == deltas[-1].family and last.is_exact_figure and not prose.is_change(previous, last):
            return Rate(rate=q, kind="growth", candidates=[], delta=deltas[-1], current=last)
    if not deltas and len(levels) == 2 and levels[0].family == levels[1].family and levels[0].is_exact_figure and levels[1].is_exact_figure:
        # 2023年支出 1,860.20 万元，2022年支出 1,702.50 万元，同比增长 9.26%
        years = [_year_of(s, c) for c in levels]
        changed = [c for c in levels if prose.ENDS_WITH_CHANGE.search(s.para.text, max(0, c.pos - 4), c.pos)]
        if changed:
            # 预算数为 A 万元，比2025年执行数增加 B 万元: B is the change, worded past the marker
            if changed == [levels[1]]:
                return Rate(rate=q, kind="growth", candidates=[], delta=levels[1], current=levels[0])
            return None
        if None not in years and years[0] != years[1]:
            prior, current = sorted(levels, key=lambda c: _year_of(s, c))
            return Rate(rate=q, kind="growth", candidates=[], current=current, prior=prior)
        return None
    if not deltas or not levels:
        return None
    delta = deltas[-1]
    current = next((c for c in reversed(levels) if c.family == delta.family and c.pos < delta.pos), None)
    if current is None:
        return None
    later = [c for c in levels if delta.pos < c.pos < q.pos and c.family == delta.family and c.is_exact_figure]
    if later and not any(regex.search(r"[（(]", s.para.text[delta.pos_end : c.pos]) for c in later):
        # 支出 406.04 亿元，比上年减支 5.17 亿元…，其中：市本级支出 170.02 亿元，比上年下降 7.8%: the
        # rate is of the figure after the change, whose own change is not given
        return None
    between = s.para.text[current.pos_end : delta.pos]
    text = s.para.text
    opened = max(text.rfind("（", 0, current.pos), text.rfind("(", 0, current.pos))
    if opened >= 0 and not regex.search(r"[）)]", text[opened : current.pos]) and regex.search(r"[）)]", between):
        # 支出 A（基本支出 B，占比 x；项目支出 C），比上年减少 N: the change is of the figure before
        # the bracket (which a ； inside it may have put in an earlier sentence)
        outer = next((c for c in reversed(s.para.quantities) if c.pos_end <= opened and c.family == delta.family and c.is_exact_figure), None)
        if outer is None:
            return None
        current = outer
        between = text[current.pos_end : delta.pos]
    if "用于" in between and len(between) > _FAR:
        # 项目 A 万元，用于<a long purpose>…较上年增加 N 万元: so far from its figure, past what
        # the money is for, the change may be another subject's (or text pasted in): unclear
        return None
    if _after_list_mark(s, current):
        # 收入 A 万元，其中：B、C、D，较上年减少 N 万元，下降 x%: after a list of two or more
        # parts the change is the whole's; after one part, that part's
        listed, whole = _list_whole(s, levels, current, delta.pos, delta.family)
        if listed:
            if whole is None:
                return None
            current = whole
    if prose.AGAINST.search(prose.clause_before(s, current)) or prose.is_prior_period(s, current):
        # 比2025年年初预算数 1,506,121.45 万元减少 57,334.09 万元，下降 3.81%: the figure
        # after 比 is the base the change is measured on, not the current level; so is a
        # prior year's figure (比上年预算（注：上年 A 万元）增加 B 万元，增长 x%)
        if _OTHER_BASE.search(s.para.text[current.pos_end : q.pos]):
            return None
        return Rate(rate=q, kind="growth", candidates=[], delta=delta, prior=current)
    if _OTHER_BASE.search(s.para.text[current.pos_end : q.pos]):
        return None  # 扣除中央基建后比上年增加 A，增幅 x%; or a cause between: the rate's base is not given
    return Rate(rate=q, kind="growth", candidates=[], delta=delta, current=current)


_LIST_MARK = regex.compile(r"其中|包括[：:]")


def _after_list_mark(s: prose.Sentence, q: Quantity) -> bool:
    """Whether a 其中 or a 包括： stands before the figure in its sentence (it is a listed part:
    研究调研活动 166.02 万元，主要包括：A 116.3 万元；B 49.72 万元)."""
    return _LIST_MARK.search(s.para.text, s.start, q.pos) is not None


def _list_whole(s: prose.Sentence, figures: list[Quantity], part: Quantity, end: int, family, start: int | None = None) -> tuple[bool, Quantity | None]:
    """For a figure ``part`` told after 其中 (or 包括：) in ``s`` (or since ``start``): whether two or more of ``figures`` of
    ``family`` are listed after the 其中 and before ``end`` (not inside a closed bracket:
    （其中…） is a note), and then the figure of that family before the 其中, their whole
    (None when there is none)."""
    mark = max(m.start() for m in _LIST_MARK.finditer(s.para.text, s.start if start is None else start, part.pos))
    listed = [c for c in figures if mark < c.pos < end and c.family == family]
    if len(listed) < 2 or regex.search(r"[）)]", s.para.text[mark:end]) is not None:
        return False, None
    return True, next((c for c in reversed(figures) if c.pos < mark and c.family == family), None)


_DIRECTION = regex.compile(r"增长|增加|提高|上升|增幅|下降|减少|降低|降幅")


def _sign(rate: Quantity) -> int:
    """-1 for a fall, else 1: the direction word nearest before the rate in its clause
    (较上年增加 8.9 亿元，增长 5.1%（…），主要是…降幅较大: the words after the rate are
    about something else), or, with none before it, any in the clause."""
    before = _DIRECTION.findall(rate.context, 0, rate.context_pos)
    words = before[-1:] or _DIRECTION.findall(rate.context)
    return -1 if any(prose.direction(w) == "down" for w in words) else 1


def _directions_disagree(sentence_of: dict, r: Rate) -> bool:
    """Whether a growth rate's direction word contradicts its change amount's."""
    sr, sd = sentence_of.get(id(r.rate)), sentence_of.get(id(r.delta))
    if sr is None or sd is None:
        return False
    a, b = prose.change_direction(sd, r.delta), prose.change_direction(sr, r.rate)
    return a is not None and b is not None and "flat" not in (a[0], b[0]) and a[0] != b[0]


_OWN_SHARE = regex.compile(r"[^，,；;。\d%％]{0,3}[，,]?\s*(?:占比|占|比重|所占比例)[^，,；;。%％]{0,12}?[\d.]+\s*[%％]")


_SAID_BASE = regex.compile(r"占(\p{Han}{2,12}?)(?:的)?(?:比重|比例)?(?:为|达到?)?\s*$")


def _names_base(said: str, label: str) -> bool:
    """Whether a whole's label is the base a rate's words name (占基本支出 / 基本支出预算)."""
    core = said.removesuffix("总额").removesuffix("总计").removesuffix("合计")
    return bool(label) and (core in label or label in said)




def _without_fund(label: str) -> str:
    """A label without the fund it names: 预算 in 国有资本经营预算总收入 is the fund's name, not
    the budget a rate of 完成预算的 x% is taken of."""
    return prose.FUND_BUDGET.sub("", label)


def _ratio_reading(r: Rate, n: Quantity, d: Quantity, got: arith.Interval, government: bool = False) -> str:
    """How sure a ratio's operands, picked from the figures around it when none fits, are.

    Confirmed when the wording names the base and the whole bears that name (占基本支出的
    x%), or a list's introduction gives it. Otherwise the operands are a guess, and inferred
    when: the wording names a base of another name (占转移支付总额); the report is a region's
    budget (scores of figures of levels, funds and years around each rate); a part's share
    computes above 100 %; the rate names a sibling of the figure before it (专项转移支付 A，
    一般性转移支付占比 x%); the "whole" carries a share of its own (投入 159.4 亿元，占比 6.5%)."""
    if r.named_base and r.named_base in _without_fund(d.label or ""):
        return "confirmed"
    said = _SAID_BASE.search(r.text, max(0, r.rate.pos - 20), r.rate.pos) if r.text else None
    if said and not _names_base(said.group(1), d.label or ""):
        return "inferred"  # 占转移支付总额 82.5% against a whole of another name
    if d is r.intro:
        return "confirmed"
    if government:
        # a region's budget report names scores of figures around each rate, of levels, funds
        # and years: a pair picked from them when none gives the rate is a guess
        return "inferred"
    if r.share and r.rate.value <= 100 and got.lo > 100:
        return "inferred"
    topic = _topic(r.rate)
    if len(topic) >= 4 and n.label and len(n.label) >= 4 and topic not in n.label and n.label not in topic and topic[-2:] == n.label[-2:]:
        return "inferred"  # 专项转移支付 A，一般性转移支付占比 x%: the rate names a sibling of the figure before it
    if d.pos >= 0 and r.text and _OWN_SHARE.match(r.text, d.pos_end):
        return "inferred"  # 投入 A 亿元，占比 6.5%；…占比 6%: a figure with a share of its own is a part, not the whole
    return "confirmed"


def _budget_base_accepted(r: Rate, d: Quantity, named: list[Quantity]) -> bool:
    """Whether a 预算执行率 taken of ``d`` rather than of the budget its words name is the
    usual reading all the same: of the funds received (实际到位资金, the performance
    indicators' own definition), or when the budget named is only the one asked for (申报
    预算), not the one granted."""
    if r.named_base != "预算":
        return False
    return any("到位" in c.label and c.value == d.value for c in r.candidates) or all("申报" in b.label for b in named)


class RateMismatch(Check):
    """正文中的比率与其依据的数字不符。
    A rate does not recompute from the figures it is stated with.

    覆盖率、完成率、执行率、占比按 分子 ÷ 分母 计算，增长率按 增加额 ÷（本期 − 增加额）计算，
    在书写精度内比较；基数为零的增长率不计算。

    反例::

        本年度部门项目共 40 个，对 38 个项目开展了绩效自评，自评覆盖率为 97.5%。

    正例::

        本年度部门项目共 40 个，对 38 个项目开展了绩效自评，自评覆盖率为 95%。
    """

    code = "RAT001"
    name = "ratio.mismatch"

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        self._government = report.infer(doc).government
        self._rounded_up = 0  # rates written above the figures' value: only rounding gives those
        self._cut: list[Finding] = []  # rates one step below: cut off rather than rounded
        items: list[Finding | Verified] = []
        sentence_of = prose.sentence_of(doc)
        for r in rates(doc):
            if r.kind == "growth":
                if r.delta is not None and _directions_disagree(sentence_of, r):
                    continue  # 减少 52.30 万元，增长 x%: reported by DIR001, no formula fits both words
                items.extend(self._growth(r))
            else:
                items.extend(self._ratio(r))
        # The document's rounding convention, from every rate that recomputes: a document
        # whose rates are cut off (two or more, none rounded up) holds its cut-off rates.
        truncating = len(self._cut) >= 2 and self._rounded_up == 0
        for item in items:
            if truncating and isinstance(item, Finding) and any(item is c for c in self._cut):
                spans = [item.span, *(rel.span for rel in item.related)]
                yield self.verified(
                    f"{item.message.zh}；本文件的比率均按截位书写（{len(self._cut)} 处截位，无四舍五入进位），按截位成立",
                    f"{item.message.en}; this document cuts its rates off ({len(self._cut)} cut off, none rounded up), so it holds",
                    spans,
                    rounding=True,
                )
                continue
            yield item

    def _note(self, rate: Quantity, got: arith.Interval | None) -> None:
        if got is not None and got.hi < rate.value:
            self._rounded_up += 1

    def _growth(self, r: Rate) -> Iterator[Finding | Verified]:
        if r.delta is None:
            yield from self._growth_of_levels(r)
            return
        if r.current is None and r.prior is not None:
            yield from self._growth_on_base(r)
            return
        sign = _sign(r.rate)
        base = arith.interval(r.current) - arith.interval(r.delta) if sign > 0 else arith.interval(r.current) + arith.interval(r.delta)
        got = arith.ratio(arith.interval(r.delta), base)
        if got is None:
            return  # growth from zero (or a negative base) is not computable
        formula = f"{r.delta.raw} ÷ ({r.current.raw} {'−' if sign > 0 else '+'} {r.delta.raw})"
        if got.overlaps(arith.interval(r.rate)):
            self._note(r.rate, got)
            yield self.verified(f"{r.rate.raw} = {formula}", f"{r.rate.raw} = {formula}", [r.rate.span, r.delta.span, r.current.span])
            return
        yield self._mismatch(r.rate, got, formula, ("增长率", "the change rate"),
                             [(r.delta.span, f"增减额 {r.delta.raw}", f"change {r.delta.raw}"), (r.current.span, f"本期 {r.current.raw}", f"current {r.current.raw}")])

    def _ratio(self, r: Rate) -> Iterator[Finding | Verified]:
        stated = arith.interval(r.rate)
        whole = _SHARE_OF_AREA.search(r.text, max(0, r.rate.pos - 12), r.rate.pos) if r.text else None
        if whole and not any(whole.group(1) in (c.label or "") for c in r.candidates):
            return  # 占全国比重 11.3%: a share of a whole the text does not give
        fits = []
        for d in r.candidates:
            for n in r.candidates:
                if n is d or n.family != d.family or (n.value > d.value and stated.hi <= 100):
                    continue  # a part larger than its whole only for a rate over 100%
                got = _pct(n, d)
                if got is not None and got.overlaps(stated):
                    fits.append((abs(got.mid - r.rate.value), n, d))
        fits = [(n, d) for _, n, d in sorted(fits, key=lambda f: f[0])]  # the closest pair first
        named = [d for d in r.candidates if r.named_base and r.named_base in _without_fund(d.label)]
        if fits:
            n, d = fits[0]
            if named and all(fd not in named for _, fd in fits):
                accepted = [(fn, fd) for fn, fd in fits if _budget_base_accepted(r, fd, named)]
                if not accepted:
                    return  # reported by RAT002: the wording names another base
                n, d = accepted[0]
            self._note(r.rate, _pct(n, d))
            yield self.verified(f"{r.rate.raw} = {n.raw} ÷ {d.raw}", f"{r.rate.raw} = {n.raw} ÷ {d.raw}", [r.rate.span, n.span, d.span])
            return
        # no pair fits: name the formula the wording points at, if it points clearly
        if r.named_base and not named:
            return  # the base the wording names is not among the figures
        wholes = named or ([r.intro] if r.intro is not None else [c for c in r.candidates if _is_whole(c)])
        if len(wholes) > 1 and r.named_base == "预算":
            # 预算执行率 beside 年初预算 and 全年预算: no pair gives the rate, and the base
            # such a rate is taken of is the budget as adjusted
            preferred = [c for c in wholes if any(w in c.context[: c.context_pos][-8:] for w in ("调整", "全年预算"))]
            wholes = preferred if len(preferred) == 1 else wholes
        if len(wholes) != 1:
            return
        d = wholes[0]
        parts = [c for c in r.candidates if c is not d and c.family == d.family]
        if not parts:
            return
        n = max(parts, key=lambda c: c.pos if c.span.start < r.rate.span.start else -1)
        if _of_which_between(r.rate, max((n, d), key=lambda c: c.span.start)):
            return  # 其中基本支出执行率 99.21%: a part's rate, and the part's figures are not given
        if r.share and d is not r.intro and _listed_after(d, r.rate, r.text):
            return  # 其中：A a 万元，占 x%；B b 万元，占 y%: a share of the whole before 其中, not of a sibling
        if not r.share and d is not r.intro and not _same_item(n, d):
            return  # 基本支出决算 against 财政拨款支出年初预算: the rate's own base is not given
        if not _same_topic(r.rate, n, d):
            return  # 住院费用救助比例 next to head counts: a rate of something not stated
        got = _pct(n, d)
        if got is None:
            return
        yield self._mismatch(r.rate, got, f"{n.raw} ÷ {d.raw}", ("比率", "the rate"),
                             [(n.span, f"分子 {n.raw}", f"numerator {n.raw}"), (d.span, f"分母 {d.raw}", f"denominator {d.raw}")],
                             reading=_ratio_reading(r, n, d, got, self._government))

    def _mismatch(self, rate: Quantity, got: arith.Interval, formula: str, what: tuple[str, str], related: list, reading: str = "confirmed") -> Finding:
        """The finding for a rate the figures do not give: an error, or an info when the
        gap is one step of the last digit (a rate cut off rather than rounded)."""
        value = arith.fmt_rate(got, rate)
        if arith.truncated(rate, got):
            cut = self.finding(
                f"{what[0]} {rate.raw} 与按所列数字计算的 {value} 相差末位一个单位，可能是截位而非四舍五入：{formula}",
                f"{what[1]} {rate.raw} is one step of its last digit away from {value} ({formula}): probably cut off rather than rounded",
                rate.span,
                severity=Severity.INFO,
                label=(f"四舍五入为 {value}", f"rounds to {value}"),
                related=related,
                hint=(f"四舍五入应写作 {value}", f"rounded, it would read {value}"),
            )
            self._cut.append(cut)
            return cut
        return self.finding(
            f"{what[0]} {rate.raw} 与所列数字不符：{formula} = {value}",
            f"{what[1]} {rate.raw} does not follow from the figures: {formula} = {value}",
            rate.span,
            label=(f"按所列数字为 {value}", f"the figures give {value}"),
            related=related,
            hint=(f"应为 {value}（{formula}），或其中一个数字有误", f"should be {value} ({formula}), or one of the figures is wrong"),
            reading=reading,
        )

    def _growth_on_base(self, r: Rate) -> Iterator[Finding | Verified]:
        """比 上年 B 增加 Δ，增长 x%: x = Δ ÷ B."""
        got = arith.ratio(arith.interval(r.delta), arith.interval(r.prior))
        if got is None:
            return
        formula = f"{r.delta.raw} ÷ {r.prior.raw}"
        if got.overlaps(arith.interval(r.rate)):
            self._note(r.rate, got)
            yield self.verified(f"{r.rate.raw} = {formula}", f"{r.rate.raw} = {formula}", [r.rate.span, r.delta.span, r.prior.span])
            return
        yield self._mismatch(r.rate, got, formula, ("增长率", "the change rate"),
                             [(r.delta.span, f"增减额 {r.delta.raw}", f"change {r.delta.raw}"), (r.prior.span, f"上期 {r.prior.raw}", f"prior {r.prior.raw}")])

    def _growth_of_levels(self, r: Rate) -> Iterator[Finding | Verified]:
        prior, current = r.prior, r.current
        sign = -1 if any(w in r.rate.context for w in ("下降", "减少", "降低", "降幅")) else 1
        change = arith.interval(current) - arith.interval(prior)
        if sign < 0:
            change = arith.interval(prior) - arith.interval(current)
        got = arith.ratio(change, arith.interval(prior))
        if got is None:
            return  # growth from zero is not computable
        formula = f"({current.raw} − {prior.raw}) ÷ {prior.raw}" if sign > 0 else f"({prior.raw} − {current.raw}) ÷ {prior.raw}"
        if got.overlaps(arith.interval(r.rate)):
            self._note(r.rate, got)
            yield self.verified(f"{r.rate.raw} = {formula}", f"{r.rate.raw} = {formula}", [r.rate.span, current.span, prior.span])
            return
        yield self._mismatch(r.rate, got, formula, ("增长率", "the change rate"),
                             [(current.span, f"本期 {current.raw}", f"current {current.raw}"), (prior.span, f"上期 {prior.raw}", f"prior {prior.raw}")])


class RateNamesWrongBase(Check):
    """比率的措辞所称基数与数字不符，数字实际按另一基数计算。
    The wording of a rate names a base that its figures contradict.

    如“完成年初预算的 95.89%”，而 95.89% 实为 决算 ÷ 全年预算。

    反例::

        年初预算为 0 万元，全年预算为 2.19 万元，支出决算为 2.10 万元，完成年初预算的 95.89%。

    正例::

        年初预算为 0 万元，全年预算为 2.19 万元，支出决算为 2.10 万元，完成全年预算的 95.89%。
    """

    code = "RAT002"
    name = "ratio.wrong-base"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for r in rates(doc):
            if r.kind != "ratio" or not r.named_base:
                continue
            named = [d for d in r.candidates if r.named_base in _without_fund(d.label)]
            if not named:
                continue
            stated = arith.interval(r.rate)
            fits_named = any(
                (got := _pct(n, d)) is not None and got.overlaps(stated)
                for d in named for n in r.candidates if n is not d and n.family == d.family
            )
            if fits_named:
                continue
            for d in r.candidates:
                if d in named:
                    continue
                if r.named_base == "预算" and any(_ADJUSTED.search(c.label) and c.value == d.value for c in r.candidates):
                    continue  # a budget as adjusted (合计安排 1,131 万元) is what a bare 预算执行率 is of
                if _budget_base_accepted(r, d, named):
                    continue
                for n in r.candidates:
                    if n is d or n.family != d.family:
                        continue
                    got = _pct(n, d)
                    if got is not None and got.overlaps(stated):
                        base = named[0]
                        # the pair is the rate's own only when its numerator is the figure the
                        # rate is told of (the last before it); another pair that happens to give
                        # it is a coincidence among many figures (支出 22.2，完成预算的 81.1%
                        # where 44.7 ÷ 55.1 = 81.1 %)
                        before = [c for c in r.candidates if 0 <= c.pos < r.rate.pos]
                        own = bool(before) and n is max(before, key=lambda c: c.pos)
                        yield self.finding(
                            f"{r.rate.raw} 称以“{r.named_base}”为基数，但{r.named_base}为 {base.raw}；该比率实为 {n.raw} ÷ {d.raw}（{d.label}）",
                            f"{r.rate.raw} is said to be of the {r.named_base}, which is {base.raw}; it is {n.raw} ÷ {d.raw} ({d.label})",
                            r.rate.span,
                            label=(f"实为 ÷ {d.label}", f"really ÷ {d.label}"),
                            related=[(base.span, f"{r.named_base} {base.raw}", f"{r.named_base} {base.raw}"), (d.span, f"实际基数 {d.label} {d.raw}", f"the base that fits: {d.label} {d.raw}")],
                            hint=(f"措辞应为“{d.label}”", f"the wording should name '{d.label}'"),
                            reading="confirmed" if own else "inferred",
                        )
                        break
                else:
                    continue
                break
