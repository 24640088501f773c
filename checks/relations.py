"""Relations stated in prose (REL) that reviewers check by hand: totals that must be
equal, a change against its two levels, shares against their amounts, claims of
equality, and one figure written with two units.

Each relation is read only when the sentence's structure leaves no doubt which figure
plays which part (an explicit 收、支总计 pair, a level followed at once by its change, a
list of amounts followed by 分别占 and as many shares); any other shape is left alone.
All arithmetic goes through :mod:`auditor.document.arith`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import facts
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, prose
from auditor.document.model import Cell, Document, Heading, Paragraph, Quantity, Span, Table
from auditor.facts import Fact
from auditor.knowledge import disclosure, report, table_labels


def _span(doc: Document, para: Paragraph, a: int, b: int) -> Span:
    return doc.source.span(para.source_offset(a), para.source_offset(max(a, b - 1)) + 1)


def _money(q: Quantity) -> bool:
    return q.family == "money" and q.is_exact_figure


def _between(s: prose.Sentence, a: Quantity, b: Quantity) -> str:
    return s.para.text[a.pos_end : b.pos]


def _with_unit(value: Decimal, like: Quantity) -> str:
    return arith.fmt_with_unit(value, like, like.decimals)


# -- REL001 ---------------------------------------------------------------------------

# 收、支总计各为 A、B；收支总计分别是 A 和 B
_BOTH_TOTALS = regex.compile(r"收(?:入)?[、和与及]?支(?:出)?(?:预算|决算)?总(?:计|额)(?:数)?(?:分别|各)(?:为|是)?\s*$")
_LIST_JOIN = regex.compile(r"^\s*(?:万元|元|亿元)?\s*(?:[、和与及]|以及)\s*$")
# the words that end the clause before a 收入总计 / 支出总计 figure: (prefix, side)
_ONE_TOTAL = regex.compile(r"(?P<prefix>[\p{Han}“”\"]{0,14}?)(?P<side>收入|支出)总计(?:数)?(?:为|是|共|达)?\s*$")
_YEARISH = regex.compile(r"(?:19|20)\d\d\s*年度?|^年度|本年度?|全年|本部门|本单位|部门|单位|[“”\"]")


# What is left over after the totals (a region's budget: 收支相抵，略有结余 / 年终结转 A): its
# 支出总计 leaves it out, so the two totals differ by it.
_BALANCE_LEFT = regex.compile(r"收支相抵|略有结余|年终结[余转存]|结转下年|收大于支|滚存结余")


class ProseTotalsUnequal(Check):
    """正文所述收入总计与支出总计不相等。
    The prose states an income total that differs from the expenditure total.

    收支总表的收入总计必须等于支出总计（决算中收入总计含年初结转和结余，支出总计含年末结转和结余），
    财政拨款收支总表亦然。正文写“收、支总计各为 A、B”，或同一段先后写“财政拨款收入总计 A”“财政拨款
    支出总计 B”时，A 应等于 B。两处的资金口径（前缀）不同时不比较。

    反例::

        2024年度本单位收、支总计各为 2,316.80 万元、2,301.80 万元。

    正例::

        2024年度本单位收、支总计各为 2,316.80 万元、2,316.80 万元。
    """

    code = "REL001"
    name = "relation.totals-unequal"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        by_para: dict[int, list[tuple[prose.Sentence, Quantity, str, str]]] = {}
        for s in prose.sentences(doc):
            qs = s.quantities
            for i, q in enumerate(qs):
                if not _money(q) or prose.is_change(s, q):
                    continue
                clause = prose.clause_before(s, q)
                if _BOTH_TOTALS.search(prose.before(s, q)[-16:]) and i + 1 < len(qs) and _money(qs[i + 1]) and _LIST_JOIN.match(_between(s, q, qs[i + 1])):
                    after = s.para.text[qs[i + 1].pos_end : qs[i + 1].pos_end + 3]
                    if i + 2 < len(qs) and _LIST_JOIN.match(_between(s, qs[i + 1], qs[i + 2])):
                        continue  # three figures listed: not a pair of totals
                    if "、" in after[:1]:
                        continue
                    if not _BALANCE_LEFT.search(s.para.text, qs[i + 1].pos_end):
                        yield from self._judge(doc, q, qs[i + 1], "收入总计", "支出总计")
                    continue
                m = _ONE_TOTAL.search(clause)
                if m:
                    prefix = _YEARISH.sub("", m.group("prefix"))
                    if "收" in prefix or "支" in prefix or "其中" in prefix:
                        continue
                    by_para.setdefault(id(s.para), []).append((s, q, prefix, m.group("side")))
        for found in by_para.values():
            for prefix in sorted({p for _s, _q, p, _side in found}):
                income = [(s, q) for s, q, p, side in found if p == prefix and side == "收入"]
                spent = [(s, q) for s, q, p, side in found if p == prefix and side == "支出"]
                if len(income) != 1 or len(spent) != 1:
                    continue
                (si, qi), (ss, qs_) = income[0], spent[0]
                if si.years != ss.years and si.years and ss.years:
                    continue  # two years' totals
                if _BALANCE_LEFT.search(ss.para.text, max(qi.pos_end, qs_.pos_end)):
                    continue  # 收支相抵，略有结余 / 年终结转 A: the totals differ by what is left over
                yield from self._judge(doc, qi, qs_, f"{prefix}收入总计", f"{prefix}支出总计")

    def _judge(self, doc: Document, a: Quantity, b: Quantity, an: str, bn: str) -> Iterator[Finding | Verified]:
        if arith.compare_quantities(a, b) is not arith.Verdict.MISMATCH:
            yield self.verified(f"{an} {a.raw} = {bn} {b.raw}", f"{an} {a.raw} = {bn} {b.raw}", [a.span, b.span])
            return
        yield self.finding(
            f"正文中{bn} {b.raw} 与{an} {a.raw} 不相等",
            f"the prose's {bn} {b.raw} does not equal its {an} {a.raw}",
            b.span,
            label=(f"{an}为 {a.raw}", f"{an} is {a.raw}"),
            related=[(a.span, f"{an} {a.raw}", f"{an} {a.raw}")],
            hint=(f"收入总计与支出总计必须相等：核对两者（差 {_with_unit(abs(a.value - b.value), b)}），是否把本年收入、本年支出当作了总计",
                  f"the income and expenditure totals must be equal: check both (they differ by {_with_unit(abs(a.value - b.value), b)}); was 本年收入 or 本年支出 given as the total?"),
            # a region's budget tells totals of several kinds (a year's, five years' 收入总计)
            # where its 支出总计 need not include what is left over: a note
            reading="inferred" if report.infer(doc).government else "confirmed",
        )


# -- REL002 ---------------------------------------------------------------------------

_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低")
_VS_PRIOR = regex.compile(r"^\s*[，,]?\s*(?:比|较|与)\s*(?:上年|上一年|去年|(?:19|20)\d\d\s*年)[^，,。；;\d]{0,12}?(?P<dir>增加|增长|上升|提高|减少|下降|降低)了?\s*$")


def _stage(words: str) -> str | None:
    """The stage a figure's words name: ``budget`` (预算数, 年初预算), ``actual`` (执行数,
    决算数, 实际) or None; a fund's name (一般公共预算) names no stage."""
    words = prose.FUND_BUDGET.sub("", words)
    if regex.search(r"执行|决算|完成|实际", words):
        return "actual"
    return "budget" if "预算" in words else None


_DIRECTION_BEFORE = regex.compile(r"^\s*(?:万元|元|亿元)?\s*[，,]?\s*(?:相比|同比)?\s*[，,]?\s*(?P<dir>增加|增长|上升|提高|减少|下降|降低)了?\s*$")
_PRIOR_WORDS = regex.compile(r"^\s*(?:万元|元|亿元)?\s*[，,]")
_COMPARE_NOISE = regex.compile(r"^\s*(?:万元|元|亿元)?\s*|比|较|与|同|的|为|是|相比|同期")
_FLAT = regex.compile(r"^\s*[，,]?\s*(?:与|和|同|较|比)\s*上年度?(?:相比)?\s*(?P<claim>持平|相同|一致|不变|没有变化|无变化)")
_EACH = regex.compile(r"(?:各|均)(?P<dir>增加|增长|减少|下降)了?\s*$")
_RESPECTIVELY = regex.compile(r"分别(?:为|是)?\s*$")
_PRIOR_MARK = regex.compile(r"上年|上一年|去年|(?:19|20)\d\d\s*年")


def _last_of_list(s: prose.Sentence, q: Quantity) -> bool:
    """Whether a figure ends a 其中 list of two or more amounts (not a closed bracket's note)."""
    if not prose.after_of_which(s, q):
        return False
    mark = s.para.text.find("其中", s.start, q.pos)
    if mark < 0 or regex.search(r"[）)]", s.para.text[mark : q.pos]):
        return False
    return sum(1 for o in s.quantities if mark < o.pos <= q.pos and _money(o) and not prose.is_change(s, o)) >= 2


class ChangeAgainstLevels(Check):
    """变化额与其两端的数字不符（预算 0 万元却比上年增加；两年数字之差不是所写的增减额）。
    A change amount contradicts the levels it is stated between.

    读四种写法：本年数紧接“比上年增加（减少）N”，而 N 大于本年数，上年数将为负数；“本年 A1、A2，上年
    分别为 B1、B2，各增加 X”，逐项核对 A − B = X；本年数紧接“比上年增加 N”，而上年同一项目的数字在文中
    另有所写（措辞除年度外相同），核对 本年 − 上年 = N；本年数后写“与上年持平（相同）”，而上年数在文中
    另有所写，两者应相等。

    反例::

        2025年政府性基金预算拨款 0 万元，比上年预算增加 35.00 万元。

    正例::

        2025年政府性基金预算拨款 35.00 万元，比上年预算增加 35.00 万元。
    """

    code = "REL002"
    name = "relation.change-against-levels"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        fb = facts.facts(doc)
        prior_index: dict[str, list[Quantity]] = {}
        for f in fb.prose_facts:
            if f.role == "level" and _money(f.q) and f.words:
                key = _level_key(f.words)
                if key and f.period is not None:
                    prior_index.setdefault(f"{f.period}|{key}", []).append(f.q)
        for s in prose.sentences(doc):
            qs = s.quantities
            for level in qs:
                if _money(level) and not prose.is_change(s, level) and _FLAT.match(s.para.text[level.pos_end : s.end]):
                    yield from self._flat(doc, s, level, prior_index)
            for i in range(len(qs) - 1):
                level, change = qs[i], qs[i + 1]
                if not (_money(level) and _money(change)) or prose.is_change(s, level):
                    continue
                m = _VS_PRIOR.match(_between(s, level, change))
                if m is None:
                    continue
                if _last_of_list(s, level):
                    continue  # 其中：A、B、其他收入 C，较上年增加 N: the whole's change, not C's
                up = m.group("dir") in _UP
                delta = change.value if up else -change.value
                prior = arith.interval(level) - arith.interval(change) if up else arith.interval(level) + arith.interval(change)
                if up and prior.hi < 0:
                    yield self.finding(
                        f"本年数 {level.raw} 比上年“{m.group('dir')}” {change.raw}，上年数将为负数（{_with_unit(level.value - change.value, change)}）",
                        f"{level.raw} is said to have risen by {change.raw} on the year before, which would make that year's figure negative",
                        change.span,
                        label=("增加额大于本年数", "the rise exceeds the level"),
                        related=[(level.span, f"本年 {level.raw}", f"this year {level.raw}")],
                        hint=("核对本年数或增加额（或变化方向）", "check the level, the change or its direction"),
                    )
                    continue
                yield from self._stated_prior(doc, s, level, change, delta, prior, prior_index, info)
            yield from self._each(doc, s)
            yield from self._triples(doc, s)

    def _flat(self, doc, s, level: Quantity, index) -> Iterator[Finding | Verified]:
        """X 万元，与上年持平 — when the prior year's figure of the same words is stated."""
        p = self._prior_of(doc, level, index)
        if p is None:
            return
        m = _FLAT.match(s.para.text[level.pos_end : s.end])
        claim = m.group("claim")
        if arith.compare_quantities(level, p) is not arith.Verdict.MISMATCH:
            yield self.verified(f"“{claim}”：{level.raw} = 上年 {p.raw}", f"'{claim}': {level.raw} = prior {p.raw}", [level.span, p.span])
            return
        diff = level.value - p.value
        yield self.finding(
            f"称与上年“{claim}”，但上年为 {p.raw}，本年 {level.raw}（{'增加' if diff > 0 else '减少'} {_with_unit(abs(diff), level)}）",
            f"'{claim}' with the year before is claimed, but that year's figure is {p.raw} against {level.raw}",
            _span(doc, s.para, level.pos_end + m.start("claim"), level.pos_end + m.end("claim")),
            label=(f"上年为 {p.raw}", f"the prior year is {p.raw}"),
            related=[(level.span, f"本年 {level.raw}", f"this year {level.raw}"), (p.span, f"上年 {p.raw}（文中另处）", f"prior year {p.raw} (stated elsewhere)")],
            hint=(f"改为“{'增加' if diff > 0 else '减少'} {_with_unit(abs(diff), level)}”，或核对两年的数字", "state the change, or check the two years' figures"),
        )

    def _prior_of(self, doc, level: Quantity, index) -> Quantity | None:
        f = facts.facts(doc).of(level)
        if f is None or f.period is None or not f.words:
            return None
        key = _level_key(f.words)
        found = [q for q in index.get(f"{f.period - 1}|{key}", []) if q is not level] if key else []
        return found[0] if len({q.value for q in found}) == 1 else None

    def _stated_prior(self, doc, s, level, change, delta, prior, index, info) -> Iterator[Finding | Verified]:
        f = facts.facts(doc).of(level)
        if f is None or f.period is None or not f.words:
            return
        key = _level_key(f.words)
        if not key:
            return
        found = [q for q in index.get(f"{f.period - 1}|{key}", []) if q is not level]
        if len({q.value for q in found}) != 1:
            return
        p = found[0]
        said = _stage(_between(s, level, change))
        if said is not None:
            pf = facts.facts(doc).of(p)
            if pf is None or _stage(pf.words or "") != said:
                return  # 比上年预算数增加 N: of last year's budget, which the figure found elsewhere is not said to be
        if arith.compare(arith.interval(p), prior) is not arith.Verdict.MISMATCH:
            yield self.verified(f"{level.raw} − 上年 {p.raw} = {change.raw}", f"{level.raw} − prior {p.raw} = {change.raw}", [level.span, change.span, p.span])
            return
        diff = level.value - p.value
        yield self.finding(
            f"变化额 {change.raw} 与两年的数字不符：{level.raw} − {p.raw} = {_with_unit(diff, change)}",
            f"the change {change.raw} does not follow from the two years' figures: {level.raw} − {p.raw} = {_with_unit(diff, change)}",
            change.span,
            label=(f"按两年数字为 {_with_unit(abs(diff), change)}", f"the figures give {_with_unit(abs(diff), change)}"),
            related=[(level.span, f"本年 {level.raw}", f"this year {level.raw}"), (p.span, f"上年 {p.raw}（文中另处）", f"prior year {p.raw} (stated elsewhere)")],
            hint=(f"应为{'增加' if diff >= 0 else '减少'} {_with_unit(abs(diff), change)}，或其中一个数字有误",
                  f"it should be a change of {_with_unit(diff, change)}, or one of the figures is wrong"),
        )

    def _triples(self, doc: Document, s: prose.Sentence) -> Iterator[Finding | Verified]:
        """本年 C，(比)上年 P，增加 Δ: three figures in a row, the second the prior year's."""
        qs = s.quantities
        for i in range(len(qs) - 2):
            cur, pri, chg = qs[i], qs[i + 1], qs[i + 2]
            if not all(_money(q) for q in (cur, pri, chg)) or prose.is_change(s, cur):
                continue
            m = _DIRECTION_BEFORE.search(s.para.text[pri.pos_end : chg.pos])
            cur_words = prose.clause_before(s, cur)
            pri_words = s.para.text[cur.pos_end : pri.pos]
            if m is None or (_PRIOR_MARK.search(cur_words) and not regex.search(r"本年|当年|(?:19|20)\d\d", cur_words)):
                continue
            if not _PRIOR_WORDS.search(pri_words) or not _PRIOR_MARK.search(pri_words):
                continue
            # the prior figure is of the same item: its words add nothing but the comparison, or
            # repeat the current figure's without the year
            rest = _LEVEL_NOISE.sub("", _COMPARE_NOISE.sub("", pri_words.split("，")[-1].split(",")[-1]))
            if rest and rest != _LEVEL_NOISE.sub("", cur_words):
                continue
            if i + 3 < len(qs) and _money(qs[i + 3]) and regex.fullmatch(r"\s*(?:万元|元|亿元)?\s*[、和]\s*", s.para.text[chg.pos_end : qs[i + 3].pos]):
                continue  # 增加 Δ1、Δ2: a list of changes, not this pair's
            up = m.group("dir") in _UP
            got = arith.interval(cur) - arith.interval(pri)
            want = arith.interval(chg) if up else arith.interval(chg).scale(Decimal(-1))
            if arith.compare(want, got) is not arith.Verdict.MISMATCH:
                yield self.verified(f"{cur.raw} − {pri.raw} = {'' if up else '−'}{chg.raw}", f"{cur.raw} − {pri.raw} = {'' if up else '-'}{chg.raw}", [cur.span, pri.span, chg.span])
                continue
            diff = cur.value - pri.value
            yield self.finding(
                f"变化额 {chg.raw} 与两年的数字不符：{cur.raw} − {pri.raw} = {_with_unit(diff, chg)}",
                f"the change {chg.raw} does not follow from the two years' figures: {cur.raw} − {pri.raw} = {_with_unit(diff, chg)}",
                chg.span,
                label=(f"按两年数字为 {_with_unit(abs(diff), chg)}", f"the figures give {_with_unit(abs(diff), chg)}"),
                related=[(cur.span, f"本年 {cur.raw}", f"this year {cur.raw}"), (pri.span, f"上年 {pri.raw}", f"prior year {pri.raw}")],
                hint=(f"应为{'增加' if diff >= 0 else '减少'} {_with_unit(abs(diff), chg)}，或其中一个数字有误",
                      f"it should be a change of {_with_unit(diff, chg)}, or one of the figures is wrong"),
            )

    def _each(self, doc: Document, s: prose.Sentence) -> Iterator[Finding | Verified]:
        """本年 A1、A2（…），上年分别为 B1、B2，各增加 X."""
        qs = [q for q in s.quantities if _money(q)]
        for k, q in enumerate(qs):
            m = _EACH.search(prose.clause_before(s, q))
            if m is None:
                continue
            # the 分别为 list right before: its figures joined by 、
            j = k - 1
            second: list[Quantity] = []
            while j >= 0:
                second.insert(0, qs[j])
                if _RESPECTIVELY.search(prose.clause_before(s, qs[j])):
                    break
                if j == 0 or not _LIST_JOIN.match(_between(s, qs[j - 1], qs[j])):
                    return
                j -= 1
            if j < 0 or len(second) < 2 or not _PRIOR_MARK.search(prose.clause_before(s, second[0])):
                return
            first = qs[j - len(second) : j]
            if len(first) != len(second) or (j - len(second) != 0 and _money(qs[j - len(second) - 1])):
                return
            up = m.group("dir") in ("增加", "增长")
            for a, b in zip(first, second, strict=True):
                got = arith.interval(a) - arith.interval(b)
                want = arith.interval(q) if up else arith.interval(q).scale(Decimal(-1))
                if arith.compare(want, got) is not arith.Verdict.MISMATCH:
                    yield self.verified(f"{a.raw} − {b.raw} = {'' if up else '−'}{q.raw}", f"{a.raw} − {b.raw} = {'' if up else '-'}{q.raw}", [a.span, b.span, q.span])
                    continue
                diff = a.value - b.value
                yield self.finding(
                    f"称“{m.group(0).strip()} {q.raw}”，但 {a.raw} − {b.raw} = {_with_unit(diff, q)}",
                    f"'{m.group(0).strip()} {q.raw}' is claimed, but {a.raw} − {b.raw} = {_with_unit(diff, q)}",
                    q.span,
                    label=(f"此项为 {_with_unit(diff, q)}", f"this one is {_with_unit(diff, q)}"),
                    related=[(a.span, f"本年 {a.raw}", f"this year {a.raw}"), (b.span, f"上年 {b.raw}", f"prior year {b.raw}")],
                    hint=("分项写出各自的增减额，或核对两年的数字", "state each change on its own, or check the two years' figures"),
                )
            return


_LEVEL_NOISE = regex.compile(r"(?:19|20)\d\d\s*年度?|本年度?|上年度?|当年|全年|[“”\"\s]")


_LEVEL_WORDS = regex.compile(r"[\p{Han}（）()]+")


def _level_key(words: str) -> str:
    """The words of a level without its year: 2023年度住房保障支出 -> 住房保障支出 (at least
    four characters, so that a bare 支出 or 预算 matches nothing)."""
    key = _LEVEL_NOISE.sub("", words)
    return key if len(key) >= 4 and _LEVEL_WORDS.fullmatch(key) else ""


# -- REL003 ---------------------------------------------------------------------------

_SHARES_CUE = regex.compile(r"分别占(?P<base>[^，,。；;\d%]{0,16}?)(?:的|之)?(?:比重|比例)?(?:为|是)?\s*$")
_BASE_NOISE = regex.compile(r"(?:19|20)\d\d\s*年度?|本年度?|全年|[“”\"\s]|的$")
_OF_WHICH_OWNER = regex.compile(r"[，,（(]\s*其中\s*[:：]?\s*[^，,。；;\d]{0,20}$")
_SINGLE_SHARE = regex.compile(r"^\s*[，,]?\s*占(?P<base>[^，,。；;\d%]{1,16}?)\s*$")
_SHARE_TAIL = regex.compile(r"^\s*(?:万元|元|亿元)?\s*的(?:比重|比例)?(?:为|是)?\s*$")


class ShareAgainstAmounts(Check):
    """占比与其金额不符（分别占 a%、b%、c%，或“A 占 B 的 x%”）。
    A share does not follow from the amounts it is stated with.

    读两种写法：一串金额后“分别占 a%、b%……”（个数相同），基数为“其中”之前的总数，或句中在
    “分别占…的”处写出的金额；“A，占 B 金额的 x%”。每个占比按 金额 ÷ 基数 在书写精度内核对；
    各占比所示的基数彼此一致而与句中基数不同时，提示其实际所用的基数（如把句外的项目也算进了基数）。

    反例::

        本年“三公”经费支出 80.00 万元，其中公务用车运行维护费 50.00 万元、公务接待费 30.00 万元，分别占 55.56%、33.33%。

    正例::

        本年“三公”经费支出 80.00 万元，其中公务用车运行维护费 50.00 万元、公务接待费 30.00 万元，分别占 62.50%、37.50%。
    """

    code = "REL003"
    name = "relation.share-against-amounts"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for s in prose.sentences(doc):
            qs = s.quantities
            for i, q in enumerate(qs):
                if q.base_unit != "%" or not q.is_exact_figure:
                    continue
                m = _SHARES_CUE.search(prose.clause_before(s, q))
                if m is not None:
                    yield from self._list(doc, s, i, m)
                    continue
                yield from self._single(doc, s, i)

    def _list(self, doc, s: prose.Sentence, i: int, m) -> Iterator[Finding | Verified]:
        qs = s.quantities
        shares = [qs[i]]
        k = i + 1
        while k < len(qs) and qs[k].base_unit == "%" and regex.fullmatch(r"\s*[、和与及]\s*", _between(s, qs[k - 1], qs[k])):
            shares.append(qs[k])
            k += 1
        before = [q for q in qs[:i] if q.family is not None]
        base: Quantity | None = None
        cue_at = s.start + len(prose.before(s, qs[i])) - len(prose.clause_before(s, qs[i]))
        in_cue = [q for q in before if q.pos >= cue_at]
        if in_cue:
            # 分别占支出总额 1,200.00 万元的 a%、b%: the base is written in the cue
            if len(in_cue) != 1 or not _money(in_cue[0]):
                return
            base = in_cue[0]
            before = [q for q in before if q.pos < cue_at]
        amounts = before[-len(shares) :] if len(before) >= len(shares) else []
        if len(shares) < 2 or len(amounts) != len(shares) or not all(_money(a) for a in amounts):
            return
        for a, b in itertools.pairwise(amounts):
            # the amounts are one list: labels and 、 between them, at most one comma
            if not regex.fullmatch(r"[^，,。；;\d]{0,20}", s.para.text[a.pos_end : b.pos].replace("，", "", 1).replace(",", "", 1)):
                return
        rest = before[: -len(shares)]
        if base is None:
            if not rest or not _money(rest[-1]):
                return
            if not _OF_WHICH_OWNER.search(s.para.text[rest[-1].pos_end : amounts[0].pos]):
                return
            base = rest[-1]
            named = _BASE_NOISE.sub("", m.group("base"))
            if named and named not in _BASE_NOISE.sub("", prose.clause_before(s, base)):
                return  # 分别占部门支出总额的…: a base other than the whole before 其中
        if base.value <= 0:
            return
        yield from self._judge(doc, amounts, shares, base)

    def _judge(self, doc, amounts: list[Quantity], shares: list[Quantity], base: Quantity) -> Iterator[Finding | Verified]:
        wrong = []
        for a, r in zip(amounts, shares, strict=True):
            computed = arith.ratio(arith.interval(a), arith.interval(base))
            if computed is None:
                return
            if arith.compare(arith.interval(r), computed) is arith.Verdict.MISMATCH and not arith.truncated(r, computed):
                wrong.append((a, r, computed))
            else:
                yield self.verified(f"{r.raw} = {a.raw} ÷ {base.raw}", f"{r.raw} = {a.raw} ÷ {base.raw}", [r.span, a.span, base.span])
        if not wrong:
            return
        implied = [a.value / r.value * 100 for a, r in zip(amounts, shares, strict=True) if r.value > 0]
        if len(wrong) > 1 and len(implied) == len(amounts) and max(implied) - min(implied) <= max(implied) * Decimal("0.002") and min(implied) > base.value:
            # every share was taken of one larger base: one error, told once
            w = sum(implied) / len(implied)
            first = wrong[0]
            yield self.finding(
                f"各占比的基数不是句中所称的 {base.raw}：按各金额，{'、'.join(r.raw for r in shares)} 均以约 {_with_unit(w, base)} 为基数",
                f"the shares are not of the {base.raw} the sentence names: from their amounts, {', '.join(r.raw for r in shares)} are all of about {_with_unit(w, base)}",
                first[1].span,
                label=(f"按 {base.raw} 为 {arith.fmt_rate(first[2], first[1])}", f"of {base.raw} it is {arith.fmt_rate(first[2], first[1])}"),
                related=[(base.span, f"句中基数 {base.raw}", f"the base named {base.raw}"),
                         *[(r.span, f"按金额为 {arith.fmt_rate(c, r)}", f"the amounts give {arith.fmt_rate(c, r)}") for _a, r, c in wrong[1:]]],
                hint=(f"以 {base.raw} 为基数应为 {'、'.join(arith.fmt_rate(c, r) for _a, r, c in wrong)}（计算时基数可能包括了句外的项目）",
                      f"of {base.raw} they are {', '.join(arith.fmt_rate(c, r) for _a, r, c in wrong)} (the base used may include items outside the sentence)"),
            )
            return
        for a, r, computed in wrong:
            value = arith.fmt_rate(computed, r)
            yield self.finding(
                f"占比 {r.raw} 与金额不符：{a.raw} ÷ {base.raw} = {value}",
                f"the share {r.raw} does not follow from its amounts: {a.raw} ÷ {base.raw} = {value}",
                r.span,
                label=(f"按金额为 {value}", f"the amounts give {value}"),
                related=[(a.span, f"金额 {a.raw}", f"amount {a.raw}"), (base.span, f"基数 {base.raw}", f"base {base.raw}")],
                hint=(f"应为 {value}", f"it should be {value}"),
            )

    def _single(self, doc, s: prose.Sentence, i: int) -> Iterator[Finding | Verified]:
        """A 万元，占 B 万元的 x%."""
        qs = s.quantities
        if i < 2:
            return
        part, base, r = qs[i - 2], qs[i - 1], qs[i]
        if not (_money(part) and _money(base)) or part.family != base.family:
            return
        m = _SINGLE_SHARE.match(_between(s, part, base))
        if m is None or not _SHARE_TAIL.match(s.para.text[base.pos_end : r.pos]):
            return
        if prose.is_change(s, part) or base.value <= 0:
            return
        yield from self._judge(doc, [part], [r], base)


# -- REL004 ---------------------------------------------------------------------------

_SAME_AS = regex.compile(r"^\s*[，,]?\s*(?:与|和|同)(?P<other>[\p{Han}“”\"]{2,16}?)(?:的)?(?:数|金额|数额)?(?P<claim>一致|相同|相等|持平)")
_MEASURE_ONLY = regex.compile(
    r"^(?:上年度?|去年|上一年|同期|往年|(?:19|20)\d\d年.*)?"
    r"(?:年初|调整|全年|调整后)?(?:预算|决算|执行|计划|目标|实际|支出|收入)?(?:数|金额|数额|安排|情况)?$"
)


class EqualityClaimFalse(Check):
    """称两项“一致/相同/持平”，而两项的数字不同。
    A claim that two items are equal (一致, 相同, 持平) is contradicted by their figures.

    “A X 万元，与 B 一致”：B 的金额取自表格中名称相同的行（任一栏与 X 相等即算一致），或正文中同一年
    名称相同的数字；找不到 B 的金额、或 B 是上年、预算等比较对象（由 CMP、DIR 检查）时不比较。

    反例::

        本年机关运行经费支出 41.20 万元，与商品和服务支出一致。

        单位：万元

        | 项目 | 决算数 |
        | --- | --- |
        | 商品和服务支出 | 43.80 |

    正例::

        本年机关运行经费支出 43.80 万元，与商品和服务支出一致。

        单位：万元

        | 项目 | 决算数 |
        | --- | --- |
        | 商品和服务支出 | 43.80 |
    """

    code = "REL004"
    name = "relation.equality-claim-false"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        fb = facts.facts(doc)
        for s in prose.sentences(doc):
            for q in s.quantities:
                if not _money(q) or prose.is_change(s, q):
                    continue
                m = _SAME_AS.match(s.para.text[q.pos_end : s.end])
                if m is None:
                    continue
                other = facts.canonical(m.group("other"))
                if _MEASURE_ONLY.match(other) or len(other) < 3:
                    continue
                f = fb.of(q)
                here = [t for t in fb.table_facts if t.role == "level" and facts.canonical(t.name) == other and t.q.base_unit == q.base_unit]
                item = facts.prose_item(other)
                if not here and item is not None:
                    here = [p for p in fb.prose_facts if p.q is not q and p.role == "level" and _money(p.q) and p.item == item
                            and f is not None and p.period == f.period]
                if not here:
                    continue
                claim_span = _span(doc, s.para, q.pos_end + m.start("other"), q.pos_end + m.end("claim"))
                same = [t for t in here if arith.compare_quantities(t.q, q) is not arith.Verdict.MISMATCH]
                if same:
                    yield self.verified(f"“{m.group(0).strip('，, ')}”：{q.raw} 与 {same[0].q.raw}", f"'{m.group(0).strip()}': {q.raw} and {same[0].q.raw}", [q.span, same[0].span])
                    continue
                if len({t.q.value for t in here}) > 3:
                    continue  # many figures of that name: which one is meant is not clear
                t = here[0]
                yield self.finding(
                    f"称与“{m.group('other')}”{m.group('claim')}，但 {q.raw} 与其金额 {t.q.raw} 不同",
                    f"'{m.group(0).strip('，, ')}' is claimed, but {q.raw} differs from its figure {t.q.raw}",
                    claim_span,
                    label=(f"{m.group('other')}为 {t.q.raw}", f"{m.group('other')} is {t.q.raw}"),
                    related=[(q.span, f"本项 {q.raw}", f"this item {q.raw}"), *[(x.span, f"{m.group('other')} {x.q.raw}", f"{m.group('other')} {x.q.raw}") for x in here[:2]]],
                    hint=("改正表述，或核对两项的数字", "correct the claim or check both figures"),
                )


# -- REL005 ---------------------------------------------------------------------------

_UNIT_ITEM_NOISE = regex.compile(r"(?:19|20)\d\d\s*年度?|本年度?|全年|[“”\"\s]|(?:为|是|共|达|合计)$")


class OneFigureTwoUnits(Check):
    """同一数字在相邻句中分别写作“万元”和“元”。
    One figure is written with two units (万元 and 元) for the same item in neighbouring sentences.

    同一段或相邻两段中，同一项目（措辞除年度外相同）的同一数字先写“X万元”又写“X元”（或反之），
    其中一个单位有误。

    反例::

        年末结转和结余 16.40 万元。年末结转和结余 16.40 元，主要为项目结转资金。

    正例::

        年末结转和结余 16.40 万元。年末结转和结余 16.40 万元，主要为项目结转资金。
    """

    code = "REL005"
    name = "relation.figure-two-units"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        fb = facts.facts(doc)
        index = doc.block_index()
        seen: dict[tuple[str, Decimal], list[tuple[int, Quantity]]] = {}
        reported: set[int] = set()
        for p in doc.paragraphs:
            at = index.get(id(p), -1)
            for q in p.quantities:
                f = fb.of(q)
                if not _money(q) or f is None or f.role != "level" or not f.words or q.written == 0:
                    continue
                key = _UNIT_ITEM_NOISE.sub("", f.words)
                if len(key) < 4:
                    continue
                k = (key, q.written)
                for pos, other in seen.get(k, []):
                    if at - pos > 1 or other.scale == q.scale or id(q) in reported:
                        continue
                    reported.add(id(q))
                    yield self.finding(
                        f"同一数字写作 {other.raw} 和 {q.raw}：单位不一致",
                        f"the same figure is written {other.raw} and {q.raw}: the units differ",
                        q.span,
                        label=(f"另处为 {other.raw}", f"elsewhere {other.raw}"),
                        related=[(other.span, f"{key} {other.raw}", f"{key} {other.raw}")],
                        hint=(f"统一单位（{other.unit} 或 {q.unit}）", f"use one unit ({other.unit} or {q.unit})"),
                    )
                    break
                else:
                    if any(o.scale == q.scale and at - pos <= 1 for pos, o in seen.get(k, [])):
                        yield self.verified(f"{key} 两处单位一致：{q.raw}", f"{key}: the same unit twice: {q.raw}", [q.span])
                seen.setdefault(k, []).append((at, q))


# -- REL006 ---------------------------------------------------------------------------

_NOTE_START = regex.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[:：]|本表|此表|该表")
_SPECIFIC_FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


# a fund the note names only to leave it out: （不含按规定转列一般公共预算的…）
_EXCLUDED = regex.compile(r"(?:不含|不包括|除去|扣除|剔除)[^，。；;）)]{0,40}")


def _funds_named(text: str) -> set[str]:
    text = _EXCLUDED.sub("", text)
    return {fund for word, fund in disclosure.FUND_WORDS if word in text and fund in _SPECIFIC_FUNDS}


class TableNoteNamesAnotherFund(Check):
    """政府性基金或国有资本经营预算表下的说明讲的是另一种资金。
    The note under a fund's standard table speaks of another fund.

    如国有资本经营预算支出表下注明“本部门无政府性基金预算……本表为空”：说明抄自另一张表，未改资金名称。
    只读紧接表格之后、以“注：”“说明：”开头或含“本表”的段落，且说明中没有提到该表自己的资金。

    反例::

        2025年国有资本经营预算支出表

        单位：万元

        | 项目 | 本年国有资本经营预算支出 |
        | --- | --- |
        | 合计 |  |

        注：本部门2025年没有使用政府性基金预算拨款安排的支出，故本表无数据。

    正例::

        2025年国有资本经营预算支出表

        单位：万元

        | 项目 | 本年国有资本经营预算支出 |
        | --- | --- |
        | 合计 |  |

        注：本部门2025年没有使用国有资本经营预算拨款安排的支出，故本表无数据。
    """

    code = "REL006"
    name = "relation.table-note-other-fund"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        blocks = doc.blocks
        for i, t in enumerate(blocks):
            if not isinstance(t, Table) or t.caption_span is None:
                continue
            std = disclosure.identify(t.caption)
            if std is None or std.fund not in ("政府性基金", "国有资本经营"):
                continue
            for b in blocks[i + 1 : i + 4]:
                if isinstance(b, (Table, Heading)):
                    break
                if not isinstance(b, Paragraph) or not _NOTE_START.search(b.text[:12]) or disclosure.identify(b.text) is not None:
                    continue
                named = _funds_named(b.text)
                if not named:
                    continue
                if std.fund in named:
                    yield self.verified(f"「{t.caption}」的说明讲{std.fund}", f"the note under '{t.caption}' speaks of its fund", [t.caption_span, b.span])
                    break
                other = "、".join(sorted(named))
                yield self.finding(
                    f"「{t.caption}」是{std.fund}预算的表，表下说明讲的却是{other}",
                    f"'{t.caption}' is a table of the {std.fund} fund, but the note under it speaks of {other}",
                    b.span,
                    label=(f"说明讲{other}", f"the note names {other}"),
                    related=[(t.caption_span, f"表格：{t.caption}", f"table: {t.caption}")],
                    hint=(f"把说明中的“{other}”改为“{std.fund}”，或核对说明是否放错了表", f"write {std.fund} in the note, or check it belongs to this table"),
                )
                break


# -- REL007 ---------------------------------------------------------------------------

_GLOSSARY_HEAD = regex.compile(r"名词解释|名词说明|专业名词")
_LEVEL_NAME = regex.compile(r"(?P<name>[\p{Han}（）()、“”]{2,30}?)[（(](?P<level>类|款|项)[）)]")


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _clean_name(name: str) -> str:
    name = regex.sub(r"^[\s\d一二三四五六七八九十]+[、.．]\s*|^[（(][一二三四五六七八九十\d]+[）)]", "", name)
    return regex.sub(r"[\s“”]", "", name)


class GlossaryClassNameDiffers(Check):
    """名词解释中功能分类科目（项）的名称与表中同一科目的名称不同。
    A classification name in the glossary (名词解释) differs from the tables' name for the same code.

    名词解释按“X（类）Y（款）”“Z（项）”逐级解释科目：类、款与表中的科目名称对上后，其下的（项）在
    表中同一款下应有同名科目；表中只有一个名称相近（多字、少字或一两个字之差）的科目时报告，提示表中的名称。

    反例::

        名词解释

        科学技术支出（类）基础研究（款）

        重点实验室及相关设施（项）：反映用于实验室运行维护的支出。

        | 科目编码 | 科目名称 | 预算数 |
        | --- | --- | --- |
        | 206 | 科学技术支出 | 150.00 |
        | 20602 | 基础研究 | 150.00 |
        | 2060203 | 实验室及相关设施 | 150.00 |

    正例::

        名词解释

        科学技术支出（类）基础研究（款）

        实验室及相关设施（项）：反映用于实验室运行维护的支出。

        | 科目编码 | 科目名称 | 预算数 |
        | --- | --- | --- |
        | 206 | 科学技术支出 | 150.00 |
        | 20602 | 基础研究 | 150.00 |
        | 2060203 | 实验室及相关设施 | 150.00 |
    """

    code = "REL007"
    name = "relation.glossary-class-name"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        names = facts.table_code_names(doc, _clean_name)
        if not names:
            return
        by_name: dict[tuple[int, str], set[str]] = {}
        for code, labels in names.items():
            for label in labels:
                by_name.setdefault((len(code), label), set()).add(code)
        in_glossary = False
        klass = kuan = None
        for b in doc.blocks:
            text = b.title if isinstance(b, Heading) else getattr(b, "text", None)
            if text is None:
                continue
            if _GLOSSARY_HEAD.search(text[:12]):
                in_glossary = True
                continue
            if not in_glossary:
                continue
            if isinstance(b, Heading) and not _LEVEL_NAME.search(text):
                in_glossary = False
                continue
            if not isinstance(b, Paragraph):
                continue
            for m in _LEVEL_NAME.finditer(text):
                name, level = _clean_name(m.group("name")), m.group("level")
                if level == "类":
                    found = by_name.get((3, name)) or by_name.get((3, name + "支出")) or set()
                    klass, kuan = (next(iter(found)) if len(found) == 1 else None), None
                elif level == "款":
                    found = {c for c in by_name.get((5, name), set()) if klass is None or c.startswith(klass)}
                    kuan = next(iter(found)) if len(found) == 1 else None
                elif kuan is not None:
                    yield from self._item(doc, b, m, name, kuan, names)

    def _item(self, doc, para: Paragraph, m, name: str, kuan: str, names) -> Iterator[Finding | Verified]:
        children = {code: labels for code, labels in names.items() if len(code) == 7 and code.startswith(kuan)}
        at = _span(doc, para, m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip())), m.end("name"))
        for code, labels in children.items():
            if name in labels:
                yield self.verified(f"{code}“{name}”与表中名称一致", f"{code} '{name}' matches the tables", [at])
                return
        if name in disclosure.RECURRING_ITEM_NAMES:
            return  # 事业运行 is its own item under every 款, not a misspelt 行政运行
        near = [(code, label, span) for code, labels in children.items() for label, span in labels.items() if len(labels) == 1
                and min(len(label), len(name)) >= 4 and label not in disclosure.RECURRING_ITEM_NAMES
                and (label in name or name in label or (min(len(label), len(name)) >= 6 and _edit_distance(label, name) <= 2))]
        if len(near) != 1:
            return
        code, label, span = near[0]
        if (name.endswith("支出") and name[:-2] == label) or (label.endswith("支出") and label[:-2] == name):
            return  # 其他信访事务（项） for 其他信访事务支出: the usual shortening
        yield self.finding(
            f"名词解释中科目 {code} 称“{name}”，表中称“{label}”",
            f"the glossary calls {code} '{name}', the tables '{label}'",
            at,
            label=("与表中名称不同", "not the tables' name"),
            related=[(span, f"表中：{code} {label}", f"in the tables: {code} {label}")] if span is not None else [],
            hint=(f"按当年政府收支分类科目核对，与表格一致（表中为“{label}”）", f"check against the year's classification; the tables say '{label}'"),
        )


# -- REL008 ---------------------------------------------------------------------------

_DIGIT = regex.compile(r"\d")


def _one_edit(a: str, b: str) -> bool:
    """Whether b is a with one character substituted, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short and long_[i] not in table_labels.PARTICLES for i in range(len(long_)))


def _table_labels(t: Table) -> Iterator[tuple[str, Span]]:
    """The labels a table's author typed: header cells, the labels of uncoded rows and
    the column items (a classification name has its code: NAM checks read those). The
    header cells only when the header reads cleanly — every header word of four characters
    or more but one is a standard or known label: a header of several rows whose cells are pieced together
    from narrow columns printed a character a line (因公出国（, 公 + 公务接待费) is a
    reading, not the author's wording."""
    header = [(c.text, c.span) for row in t.rows[: t.header_count] for c in row.cells if c.quantity is None and c.text.strip()]
    odd = {lab for raw, _s in header if (lab := table_labels.normalise(raw)) not in table_labels.STANDARD_LABELS
           and lab not in table_labels.KNOWN_LABELS and not _DIGIT.search(lab) and len(lab) >= 4}
    if len(odd) <= 1:
        yield from header
    for r in [*t.side_rows, *t.column_items]:
        if r.label and not r.code and r.label_span is not None:
            yield r.label, r.label_span


class StandardLabelMisspelt(Check):
    """标准表的行名或栏目名与国家模板的名称差一个字。
    A row or column label of a standard table is one character off the template's label.

    部门预算、决算公开的标准表（收支总表、收入表、支出表、财政拨款收支总表、三公经费表等）的行名和
    栏目名是一张封闭的清单（财政部部门决算模板与各地部门预算表样）。表中的名称不在清单上、也不是
    常见的别称（其它收入、上年结转结余……），却与清单上恰好一个名称只差一个字（错一字、少一字或多一字）
    时报告，提示应写的名称。只看识别为标准表的表格、四个字以上的名称；带科目编码的科目名称由 NAM
    检查；与两个名称同样接近、或也接近一个科目名称时不报。

    反例::

        2024年度收入支出决算总表

        单位：万元

        | 收入项目 | 决算数 | 支出项目 | 决算数 |
        | --- | --- | --- | --- |
        | 一、一般公共预算财政拨款收入 | 512.40 | 一、教育支出 | 540.40 |
        | 二、事业收入 | 40.00 | 本年支出合计 | 540.40 |
        | 本年收入合计 | 552.40 | 年末结转和结余 | 24.00 |
        | 年初结转和结余 | 12.00 |  |  |
        | 收入总计 | 564.40 | 支出总记 | 564.40 |

    正例::

        2024年度收入支出决算总表

        单位：万元

        | 收入项目 | 决算数 | 支出项目 | 决算数 |
        | --- | --- | --- | --- |
        | 一、一般公共预算财政拨款收入 | 512.40 | 一、教育支出 | 540.40 |
        | 二、事业收入 | 40.00 | 本年支出合计 | 540.40 |
        | 本年收入合计 | 552.40 | 年末结转和结余 | 24.00 |
        | 年初结转和结余 | 12.00 |  |  |
        | 收入总计 | 564.40 | 支出总计 | 564.40 |
    """

    code = "REL008"
    name = "relation.standard-label-misspelt"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        if report.infer(doc).government:
            return  # the labels are a department template's; a region's budget has its own (上解上级支出)
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None or std.key == "budget.projects" or t.caption_span is None:
                continue  # a project table's rows are projects, named freely
            matched: list[Span] = []
            reported: set[str] = set()
            for raw, span in _table_labels(t):
                label = table_labels.normalise(raw)
                if label in table_labels.STANDARD_LABELS:
                    matched.append(span)
                    continue
                if len(label) < 4 or label in table_labels.KNOWN_LABELS or _DIGIT.search(label) or label in reported:
                    continue
                near = [s for s in table_labels.STANDARD_LABELS if _one_edit(label, s) and not table_labels.same_wording(label, s)]
                if len(near) != 1 or any(_one_edit(label, k) for k in table_labels.KNOWN_LABELS if k != near[0]):
                    continue  # no standard label, two of them, or a classification name as close
                reported.add(label)
                want = near[0]
                yield self.finding(
                    f"标准表「{t.caption}」中的“{label}”与模板名称“{want}”差一个字",
                    f"'{label}' in the standard table '{t.caption}' is one character off the template's '{want}'",
                    span,
                    label=(f"应为“{want}”", f"should be '{want}'"),
                    related=[(t.caption_span, f"标准表：{t.caption}", f"standard table: {t.caption}")],
                    hint=(f"改为“{want}”", f"write '{want}'"),
                )
            if matched:
                yield self.verified(
                    f"「{t.caption}」的 {len(matched)} 个行名、栏目名与模板一致", f"{len(matched)} labels of '{t.caption}' are the template's", matched,
                )


# -- REL009 ---------------------------------------------------------------------------

# The clause before a 三公 figure: the whole (“三公”经费支出决算) or one of its items.
_THREE_PUBLIC_WORDS = regex.compile(
    r"(?:三公[”\"]?经费|因公出国[（(]境[）)]费用?|公务用车购置及运行(?:维护)?费|公务用车(?:购置|运行(?:维护)?)费|公务接待费)"
    r"(?:财政拨款)?(?:支出)?(?:年初)?(?:预算|决算)?数?(?:合计|共计|总额)?(?:为|是|共|达)?$"
)
# Columns or rows of the 三公 table that are not 三公 (its 机关运行经费, 会议费, 培训费).
_NOT_THREE_PUBLIC = regex.compile(r"机关运行|会议费|培训费")


def _three_public_cells(t: Table) -> list[Cell]:
    """The value cells of a 三公 table's 三公 columns or rows."""
    out = []
    for r in [*t.side_rows, *t.column_items]:
        if _NOT_THREE_PUBLIC.search(r.label):
            continue
        for k, c in r.values.items():
            col = t.columns[k] if not r.headers and k < len(t.columns) else None
            if col is not None and (col.role != "value" or _NOT_THREE_PUBLIC.search(col.header)):
                continue
            if r.headers and _NOT_THREE_PUBLIC.search(r.headers.get(k, "")):
                continue
            out.append(c)
    return out


def _after(doc: Document, t: Table, limit: int = 3) -> list[Paragraph]:
    """The paragraphs right after a table, up to the next table or heading."""
    where = doc.block_index()
    out: list[Paragraph] = []
    for b in doc.blocks[where[id(t)] + 1 :]:
        if isinstance(b, (Table, Heading)) or len(out) >= limit:
            break
        if isinstance(b, Paragraph):
            out.append(b)
    return out


class EmptyThreePublicTableProseAmount(Check):
    """“三公”经费表为空（或全为零、注明本表为空），正文却写了“三公”经费的金额。
    The 三公 table is empty while the prose states a 三公 amount.

    同一年度的财政拨款“三公”经费表中“三公”各栏（不含机关运行经费）均为空或为零，或表下注明本表为空，
    而正文写“三公”经费（或其中因公出国（境）费、公务用车购置及运行费、公务接待费）为非零金额：两处必有
    一处有误。文中其他标准表均无数字（模板、或表格未能读出）时不判断。

    反例::

        2025年部门“三公”经费和机关运行经费预算表

        单位：万元

        | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费 | 机关运行经费 |
        | --- | --- | --- | --- |
        |  |  |  | 34.60 |

        2025年部门收支总表

        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 512.80 | 一、教育支出 | 512.80 |
        | 收入总计 | 512.80 | 支出总计 | 512.80 |

        2025年“三公”经费财政拨款预算 3.20 万元，全部为公务接待费。

    正例::

        2025年部门“三公”经费和机关运行经费预算表

        单位：万元

        | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费 | 机关运行经费 |
        | --- | --- | --- | --- |
        |  |  |  | 34.60 |

        2025年部门收支总表

        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 512.80 | 一、教育支出 | 512.80 |
        | 收入总计 | 512.80 | 支出总计 | 512.80 |

        2025年“三公”经费财政拨款预算 0 万元。
    """

    code = "REL009"
    name = "relation.empty-three-public-table"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        standard = [(t, std) for t in doc.tables if (std := disclosure.identify(t.caption)) is not None and t.caption_span is not None]
        three = [(t, std) for t, std in standard if std.key.endswith("three-public")]
        if not three:
            return
        if not any(c.quantity is not None and c.quantity.value != 0 for t, std in standard if std not in [s for _t, s in three]
                   for r in t.side_rows + t.column_items for c in r.values.values()):
            return  # a template, or tables that were not read: an empty table says nothing
        empty: list[tuple[Table, Paragraph | None, int | None, str | None]] = []
        for t, _std in three:
            cells = _three_public_cells(t)
            if any(c.quantity is not None and c.quantity.value != 0 for c in cells):
                continue
            blank = [c for c in t.columns if c.role == "empty" and c.header.strip() and not _NOT_THREE_PUBLIC.search(c.header)]
            # a note that says what an empty table would mean (此表如无数字则…) explains a table
            # read as empty, but is no claim that a table nothing was read of is empty
            read = bool(cells or blank)
            note = next((p for p in _after(doc, t) if disclosure.says_empty(p.text, None, conditional=read)), None)
            if not read and note is None:
                continue  # no 三公 column was read and no note says the table is empty
            k = doc.tables.index(t)
            nxt = doc.tables[k + 1] if k + 1 < len(doc.tables) else None
            if nxt is not None and not nxt.caption.strip() and any(c.quantity is not None and c.quantity.value != 0 for r in nxt.side_rows + nxt.column_items for c in r.values.values()):
                continue  # its figures may stand in its continuation on the next page
            empty.append((t, note, facts.table_year(t, info), facts.table_kind(t, info)))
        if not empty:
            return
        fb = facts.facts(doc)
        stated: dict[int, list[Quantity]] = {}
        for s in prose.sentences(doc):
            for q in s.quantities:
                f = fb.of(q)
                if f is None or f.role != "level" or not _money(q) or not f.words or prose.is_change(s, q) or prose.is_prior_period(s, q):
                    continue
                words = _YEARISH.sub("", f.words)
                if not _THREE_PUBLIC_WORDS.search(words) or f.fund not in (None, "财政拨款", "一般公共预算"):
                    continue
                for k, (_t, _note, year, kind) in enumerate(empty):
                    if year is None or f.period != year:
                        continue
                    if f.measure is not None and kind is not None and f.measure != ("决算" if kind == "决算" else "年初预算"):
                        continue  # 年初预算 told in a 决算 report: the table's 预算数 column, not read here
                    stated.setdefault(k, []).append(q)
                    break
        for k, qs in sorted(stated.items()):
            t, note, _year, _kind = empty[k]
            amounts = [q for q in qs if q.value != 0]
            if not amounts:
                yield self.verified(f"「{t.caption}」为空，正文“三公”经费为 {qs[0].raw}", f"'{t.caption}' is empty and the prose says {qs[0].raw}", [qs[0].span, t.caption_span])
                continue
            q = amounts[0]
            where = [(t.caption_span, f"表格：{t.caption}（“三公”各栏为空）", f"table: {t.caption} (its 三公 columns are empty)")]
            if note is not None:
                where.append((note.span, "表下说明：本表为空", "the note: the table is empty"))
            where += [(o.span, f"正文另写 {o.raw}", f"the prose also states {o.raw}") for o in amounts[1:3]]
            yield self.finding(
                f"正文写“三公”经费金额 {q.raw}，而「{t.caption}」的“三公”经费为空",
                f"the prose states a 三公 amount of {q.raw}, but the 三公 columns of '{t.caption}' are empty",
                q.span,
                label=("表中为空", "empty in the table"),
                related=where,
                hint=(f"在表中填列 {q.raw}（并删去“本表为空”之类的说明），或将正文改为 0、说明本年无“三公”经费支出",
                      f"fill in {q.raw} in the table (and drop any empty-table note), or state 0 in the prose"),
            )


# -- REL010 ---------------------------------------------------------------------------

_FUND_TABLES = {
    "一般公共预算": ("final.gpb", "budget.gpb-function"),
    "政府性基金": ("final.gf", "budget.gf-function"),
    "国有资本经营": ("final.soe", "budget.soe-function"),
}
_INCOME_TABLES = ("final.income", "budget.income")
_FISCAL_SUMMARIES = ("final.fiscal-summary", "budget.fiscal-summary")


def _code(text: str) -> str:
    """A function-classification code (类 2xx, 款, 项); a unit's code (114) is none."""
    code = "".join(text.split())
    return code if code.isdigit() and len(code) in (3, 5, 7) and code.startswith("2") else ""


def _fund_table_codes(doc: Document, info) -> dict[tuple[str, int | None], tuple[Table, dict[str, str]]]:
    """(fund, year) -> the fund's expenditure table and its codes (code -> label), with the
    codes of the uncaptioned tables that follow it (its continuation on the next pages). A
    fund with two such tables of one year is left out: which one lists what is not clear."""
    out: dict[tuple[str, int | None], tuple[Table, dict[str, str]]] = {}
    twice: set[tuple[str, int | None]] = set()
    current: dict[str, str] | None = None
    for t in doc.tables:
        std = disclosure.identify(t.caption)
        if std is None:
            if current is not None and not t.caption.strip():
                current.update({c: r.label for r in t.side_rows if (c := _code(r.code))})
            continue
        current = None
        fund = next((f for f, keys in _FUND_TABLES.items() if std.key in keys), None)
        if fund is None:
            continue
        key = (fund, facts.table_year(t, info))
        if key in out:
            twice.add(key)
        current = {c: r.label for r in t.side_rows if (c := _code(r.code))}
        out[key] = (t, current)
    return {k: v for k, v in out.items() if k not in twice}


def _figures(t: Table) -> bool:
    return any(c.quantity is not None and c.quantity.value != 0 for r in t.side_rows + t.column_items for c in r.values.values())


def _listed_to_a_higher_level(code: str, codes: dict[str, str]) -> bool:
    """Whether a table lists the branch of a code only down to a higher level (its 款, and no
    项 under it): the code is then listed as far as the table goes."""
    for n in (5, 3):
        parent = code[:n]
        if len(code) > n and parent in codes and not any(len(c) > n and c.startswith(parent) for c in codes):
            return True
    return False


_CODE_WORD = regex.compile(r"(?<!\d)(\d{3}|\d{5}|\d{7})(?!\d)")


def _codes_outside_standard_tables(doc: Document) -> set[str]:
    """The classification codes written in the text or in tables whose caption is no
    standard table's (and is not empty: an uncaptioned table continues the one before)."""
    def build() -> set[str]:
        out: set[str] = set()
        for p in doc.paragraphs:
            out.update(_CODE_WORD.findall(p.text))
        for t in doc.tables:
            if t.caption.strip() and disclosure.identify(t.caption) is None:
                out.update(c for r in t.side_rows if (c := _code(r.code)))
        return out

    return doc.cached("rel010-codes-elsewhere", build)


class CodeMissingFromFundTable(Check):
    """有财政拨款的功能分类科目未出现在对应资金的财政拨款支出表中。
    A classification code that carries 财政拨款 is missing from its fund's expenditure table.

    收入表（按功能分类科目列示）中有“财政拨款收入”的科目，应出现在一般公共预算、政府性基金或国有
    资本经营预算财政拨款支出表之一中；财政拨款收支总表中某一类支出在“一般公共预算”（或“政府性基金”）
    栏有金额，该类科目应出现在同一资金的支出表中。只在两张表都识别出表题、支出表读出了科目编码
    （按其列示的科目级次比较）时判断；支出表中有同名科目（编码或年度不同）时不报。

    反例::

        2024年度收入决算表

        单位：万元

        | 科目编码 | 科目名称 | 本年收入合计 | 财政拨款收入 | 其他收入 |
        | --- | --- | --- | --- | --- |
        | 2080505 | 机关事业单位基本养老保险缴费支出 | 48.20 | 48.20 |  |
        | 2101101 | 行政单位医疗 | 16.90 | 16.90 |  |
        | 2296004 | 用于体育事业的彩票公益金支出 | 30.00 | 30.00 |  |

        2024年度一般公共预算财政拨款支出决算表

        单位：万元

        | 科目编码 | 科目名称 | 合计 |
        | --- | --- | --- |
        | 2080505 | 机关事业单位基本养老保险缴费支出 | 48.20 |
        | 2101101 | 行政单位医疗 | 16.90 |

        2024年度政府性基金预算财政拨款收入支出决算表

        单位：万元

        | 科目编码 | 科目名称 | 本年支出 |
        | --- | --- | --- |
        |  | 合计 |  |

    正例::

        2024年度收入决算表

        单位：万元

        | 科目编码 | 科目名称 | 本年收入合计 | 财政拨款收入 | 其他收入 |
        | --- | --- | --- | --- | --- |
        | 2080505 | 机关事业单位基本养老保险缴费支出 | 48.20 | 48.20 |  |
        | 2101101 | 行政单位医疗 | 16.90 | 16.90 |  |
        | 2296004 | 用于体育事业的彩票公益金支出 | 30.00 | 30.00 |  |

        2024年度一般公共预算财政拨款支出决算表

        单位：万元

        | 科目编码 | 科目名称 | 合计 |
        | --- | --- | --- |
        | 2080505 | 机关事业单位基本养老保险缴费支出 | 48.20 |
        | 2101101 | 行政单位医疗 | 16.90 |

        2024年度政府性基金预算财政拨款收入支出决算表

        单位：万元

        | 科目编码 | 科目名称 | 本年支出 |
        | --- | --- | --- |
        | 2296004 | 用于体育事业的彩票公益金支出 | 30.00 |
    """

    code = "REL010"
    name = "relation.code-missing-from-fund-table"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        targets = _fund_table_codes(doc, info)
        if not targets:
            return
        fb = facts.facts(doc)
        reported: set[tuple[str, str]] = set()
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None or t.caption_span is None:
                continue
            year = facts.table_year(t, info)
            if std.key in _INCOME_TABLES:
                # 财政拨款收入 of a code: in the table of one of the funds; every fund table
                # it could be in must be there (一般公共预算 and 政府性基金 at least)
                wanted = [f for f in fb.in_table(t) if f.part == "财政拨款收入" and _code(f.code) and f.q.value > 0]
                funds = [k for k in (("一般公共预算", year), ("政府性基金", year), ("国有资本经营", year)) if k in targets]
                if ("国有资本经营", year) not in funds:
                    wanted = [f for f in wanted if not _code(f.code).startswith("223")]  # 国有资本经营预算支出: that fund's table is not there
                if wanted and ("一般公共预算", year) in funds and ("政府性基金", year) in funds:
                    yield from self._judge(doc, t, wanted, [targets[k] for k in funds], reported)
                # a column of one fund (一般公共预算拨款收入): in that fund's table
                for fund in ("一般公共预算", "政府性基金"):
                    one = [f for f in fb.in_table(t) if f.fund == fund and f.part is None and f.flow == "收入" and _code(f.code) and f.q.value > 0]
                    if one and (fund, year) in targets:
                        yield from self._judge(doc, t, one, [targets[(fund, year)]], reported)
            elif std.key in _FISCAL_SUMMARIES:
                for fund in ("一般公共预算", "政府性基金", "国有资本经营"):
                    if (fund, year) not in targets:
                        continue
                    wanted = [f for f in fb.in_table(t) if f.flow == "支出" and f.fund == fund and f.part is None and f.item and _code(f.item)
                              and f.row is not None and f.row.role == "item" and f.q.value > 0]
                    if wanted:
                        yield from self._judge(doc, t, wanted, [targets[(fund, year)]], reported)

    def _judge(self, doc: Document, source: Table, wanted: list[Fact], targets: list[tuple[Table, dict[str, str]]], reported: set) -> Iterator[Finding | Verified]:
        listed = [codes for _t, codes in targets]
        lengths = sorted({len(c) for codes in listed for c in codes})
        if sum(len(codes) for codes in listed) < 2 or not lengths:
            return  # the fund tables' codes were not read: nothing to compare with
        if any(not codes and _figures(t) for t, codes in targets):
            return  # a fund table with figures but no code read: its codes are not known
        names = {facts.canonical(label) for codes in listed for label in codes.values()}
        elsewhere = _codes_outside_standard_tables(doc)
        found: list[Span] = []
        missing: list[tuple[Fact, str]] = []
        for f in sorted(wanted, key=lambda f: len(_code(f.item if not f.code else f.code))):
            code = _code(f.code) or _code(f.item or "")
            depth = max((n for n in lengths if n <= len(code)), default=None)
            if depth is None:
                continue
            at = code[:depth]
            if any(at in codes or _listed_to_a_higher_level(at, codes) for codes in listed):
                found.append(f.span)
                continue
            if facts.canonical(f.name) in names:
                continue  # the same name under another code: a code read or renamed differently
            if code in elsewhere or at in elsewhere:
                continue  # the code stands in a table not recognised or in the text: maybe the fund table's unread part
            if any(at.startswith(c) for _f, c in missing) or (source.caption, at) in reported:
                continue  # its parent is reported already
            missing.append((f, at))
        for f, at in missing:
            reported.add((source.caption, at))
            where = "、".join(f"「{t.caption}」" for t, _c in targets)
            where_en = ", ".join(f"'{t.caption}'" for t, _c in targets)
            yield self.finding(
                f"科目 {at}（{f.name}）在「{source.caption}」中有财政拨款 {f.q.raw}，但{where}中没有该科目",
                f"code {at} ({f.name}) carries 财政拨款 of {f.q.raw} in '{source.caption}' but is missing from {where_en}",
                f.span,
                label=("支出表中无此科目", "not in the expenditure table"),
                related=[(t.caption_span, f"表格：{t.caption}（无 {at}）", f"table: {t.caption} (no {at})") for t, _c in targets if t.caption_span is not None],
                hint=(f"在{where}中列出科目 {at} {f.name}（{f.q.raw}），或核对「{source.caption}」的科目与资金来源",
                      f"list {at} {f.name} ({f.q.raw}) in {where_en}, or check the code and fund in '{source.caption}'"),
            )
        if found and not missing:
            yield self.verified(f"「{source.caption}」中有财政拨款的 {len(found)} 个科目均在支出表中列出", f"the {len(found)} codes with 财政拨款 in '{source.caption}' are all in the expenditure tables", found)
