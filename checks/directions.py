"""Direction words (DIR): 增加/增长/上升/提高, 减少/下降/降低 and 持平 against the sign of
the change the figures they speak of give.

A rate whose direction contradicts the amount it goes with (``减少 52.30 万元，增长
13.61%``), a change whose direction contradicts the two years' levels written beside it
(``2024年 A，2023年 B，同比增长 x%`` with A < B), and ``增加的主要原因`` right after figures
that fell. The rate checks (RAT001) cannot compute a negative change rate and so would be
silent exactly here; this family speaks instead, and names the rate the figures give.
Growth from zero (a new unit, ``增长100%``) is not a direction error: the direction is
right and the rate is not computable.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, prose
from auditor.document.model import Document, Quantity

_ZH = {"up": "增加", "down": "减少", "flat": "持平"}
_EN = {"up": "a rise", "down": "a fall", "flat": "no change"}
direction = prose.direction
change_direction = prose.change_direction


def _span(doc: Document, s: prose.Sentence, a: int, b: int):
    return doc.source.span(s.para.source_offset(a), s.para.source_offset(b - 1) + 1)


def _base(text: str) -> str | None:
    """What a change is measured against, from the words before it: 上年 (较上年, 同比) or
    预算 (较预算数, 比年初预算); None when they do not say."""
    found = _AGAINST_BASE.findall(text)
    if not found:
        return None
    return "预算" if "预算" in found[-1] else "上年"


_AGAINST_BASE = regex.compile(r"同比|(?:较|比|与)\s*(?:上年度?|去年|上一年度?|(?:年初|调整后?|全年)?预算数?)")


class RateDirectionContradictsAmount(Check):
    """比率的方向与同句的变化额相反（减少 52.30 万元，增长 13.61%）。
    A rate's direction contradicts the change amount it is stated with.

    反例::

        2024年度区卫生健康委一般公共预算支出 4,260.00 万元，比上年减少 520.00 万元，增长 10.88%。

    正例::

        2024年度区卫生健康委一般公共预算支出 4,260.00 万元，比上年减少 520.00 万元，下降 10.88%。
    """

    code = "DIR001"
    name = "direction.rate-against-amount"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for s in prose.sentences(doc):
            qs = [q for q in s.quantities if q.is_exact_figure]
            for i, q in enumerate(qs):
                if q.base_unit in ("%", "百分点", None) or not prose.is_change(s, q):
                    continue
                nxt = qs[i + 1] if i + 1 < len(qs) else None
                if nxt is None or nxt.base_unit != "%" or not prose.is_change(s, nxt):
                    continue
                if not _continues(s, q, nxt.pos):
                    continue  # 减少 50 万元，主要是项目支出增长 10%: the rate is of another item
                a, b = change_direction(s, q), change_direction(s, nxt)
                if a is None or b is None or "flat" in (a[0], b[0]):
                    continue
                if a[0] == b[0]:
                    yield self.verified(f"{a[1]} {q.raw}，{b[1]} {nxt.raw}：方向一致", f"{a[1]} {q.raw}, {b[1]} {nxt.raw}: one direction", [q.span, nxt.span])
                    continue
                yield self.finding(
                    f"比率写作“{b[1]} {nxt.raw}”，但同句的变化额是“{a[1]} {q.raw}”，方向相反",
                    f"the rate says '{b[1]} {nxt.raw}' but the change it goes with is '{a[1]} {q.raw}': opposite directions",
                    nxt.span,
                    label=(f"应为{_ZH[a[0]]}", f"should be {_EN[a[0]]}"),
                    related=[(q.span, f"{a[1]} {q.raw}", f"{a[1]} {q.raw}")],
                    hint=(f"比率与变化额应同向：{_ZH[a[0]]}", f"the rate and the amount go one way: {_EN[a[0]]}"),
                )


def _year_of(s: prose.Sentence, q: Quantity) -> int | None:
    found = prose.YEAR.findall(prose.clause_before(s, q))
    return int(found[-1]) if found else None


def _is_prior(s: prose.Sentence, q: Quantity) -> bool:
    # (上年结转收入 A is this year's money carried over, not last year's level)
    clause = prose.CARRIED_OVER.sub("", prose.clause_before(s, q))
    return any(w in clause for w in ("上年", "去年", "上一年", "上年度", "上年同期"))


def _levels(s: prose.Sentence, before: Quantity) -> tuple[Quantity, Quantity] | None:
    return _levels_at(s, before.pos, before.base_unit == "%", before.family)


def _levels_at(s: prose.Sentence, pos: int, any_family: bool, family: str | None) -> tuple[Quantity, Quantity] | None:
    """The current and prior levels written before a change in its sentence: two figures
    of one family labelled with two different years, or one labelled 上年."""
    # a rounded count (18.60 万人) gives a sign as well as an exact one: levels are compared as intervals
    levels = [c for c in s.quantities if c.pos < pos and c.approx in (None, "约") and c.base_unit not in ("%", "百分点", None) and not prose.is_change(s, c)]
    levels = [c for c in levels if any_family or c.family == family]
    if len(levels) != 2 or levels[0].family != levels[1].family:
        return None
    if prose.after_of_which(s, levels[1]) and not prose.after_of_which(s, levels[0]):
        return None  # 收入 A、比上年下降 x%（其中税收收入 B…）: B is a part of A, not its prior level
    years = [_year_of(s, c) for c in levels]
    if None not in years and years[0] != years[1]:
        prior, current = sorted(levels, key=lambda c: _year_of(s, c))
        return current, prior
    priors = [c for c in levels if _is_prior(s, c)]
    if len(priors) == 1:
        current = next(c for c in levels if c is not priors[0])
        return current, priors[0]
    return None


_LINKING = regex.compile(r"增幅|降幅|幅度|(?:19|20)\d\d\s*年度?|当年|年初|调整后?|全年|预算执行数|执行数|预算数|预算|决算数|决算|实际数|与上年度?相比|与上年|比上年|较上年|同比|相比|上年同期|上年|同期|比|较|与|增加|增长|上升|提高|减少|下降|降低|持平|基本|共计|了|为|达|[\s，,、：:]")


def _continues(s: prose.Sentence, level: Quantity, at: int) -> bool:
    """Whether the words between the last level and the change are only comparison words
    (，同比增长 / ，与2023年相比减少): a new subject (，其中项目支出减少) speaks of another item."""
    between = s.para.text[level.pos_end : at]
    rest = _LINKING.sub("", between)
    return len(rest) < 2


class DirectionContradictsLevels(Check):
    """“增长/下降”与所列两年的数字相反（2024年 A，2023年 B，同比增长 x%，而 A < B）。
    A change's direction word contradicts the two years' levels written beside it.

    增长率的幅度按两年数字计算，方向相反时也报告（不会因无法计算负增长率而沉默）。

    反例::

        2024年全区城乡居民医保参保 41.20 万人，2023年参保 43.60 万人，同比增长 5.50%。

    正例::

        2024年全区城乡居民医保参保 41.20 万人，2023年参保 43.60 万人，同比下降 5.50%。
    """

    code = "DIR002"
    name = "direction.against-levels"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for s in prose.sentences(doc):
            yield from self._flat(doc, s)
            for q in s.quantities:
                if not q.is_exact_figure or not prose.is_change(s, q):
                    continue
                d = change_direction(s, q)
                if d is None:
                    continue
                pair = _levels(s, q)
                if pair is None or not _continues(s, max(pair, key=lambda c: c.pos), q.pos):
                    continue
                current, prior = pair
                ci, pi = arith.interval(current), arith.interval(prior)
                if ci.overlaps(pi):
                    sign = "flat"
                elif ci.lo > pi.hi:
                    sign = "up"
                else:
                    sign = "down"
                if d[0] == sign or sign == "flat" or (d[0] == "flat" and sign == "flat"):
                    if sign != "flat":
                        yield self.verified(f"{d[1]}：{prior.raw} → {current.raw}", f"{d[1]}: {prior.raw} -> {current.raw}", [q.span, current.span, prior.span])
                    continue
                magnitude = ""
                if q.base_unit == "%":
                    got = arith.ratio(pi - ci if sign == "down" else ci - pi, pi)
                    if got is not None:
                        magnitude = f"{_ZH[sign]} {arith.fmt_rate(got, q)}"
                zh_m = f"，按数字为{magnitude}" if magnitude else ""
                en_m = f" ({magnitude} by the figures)" if magnitude else ""
                yield self.finding(
                    f"称“{d[1]}”，但 {current.raw} 对上期 {prior.raw} 是{_ZH[sign]}{zh_m}",
                    f"'{d[1]}' is written, but {current.raw} against the earlier {prior.raw} is {_EN[sign]}{en_m}",
                    q.span,
                    label=(f"实为{_ZH[sign]}", f"really {_EN[sign]}"),
                    related=[(current.span, f"本期 {current.raw}", f"current {current.raw}"), (prior.span, f"上期 {prior.raw}", f"prior {prior.raw}")],
                    hint=(f"改为“{_ZH[sign]}”{('（' + magnitude + '）') if magnitude else ''}，或核对两年的数字", f"write {_EN[sign]}, or check the two years' figures"),
                )


    def _flat(self, doc: Document, s: prose.Sentence) -> Iterator[Finding | Verified]:
        """持平 after two years' levels that differ (2024年 1.20 万元，2023年 1.50 万元，与上年持平)."""
        if not s.quantities or "持平" not in s.text:
            return  # every match of _FLAT ends with 持平: most sentences, without the search
        m = _FLAT.search(s.text)
        if m is None:
            return
        after = [q for q in s.quantities if q.pos >= s.start + m.start()]
        if after:
            return  # 持平 then a figure: 与上年持平，为 12.00 万元 — the levels are not all before it
        pair = _levels_at(s, s.start + m.start(), True, None)
        if pair is None or not _continues(s, max(pair, key=lambda c: c.pos), s.start + m.start()):
            return
        current, prior = pair
        ci, pi = arith.interval(current), arith.interval(prior)
        at = _span(doc, s, s.start + m.start(), s.start + m.end())
        if ci.overlaps(pi):
            yield self.verified(f"持平：{prior.raw} = {current.raw}", f"no change: {prior.raw} = {current.raw}", [at, current.span, prior.span])
            return
        sign = "up" if ci.lo > pi.hi else "down"
        yield self.finding(
            f"称“持平”，但 {current.raw} 对上期 {prior.raw} 是{_ZH[sign]}",
            f"'持平' (no change) is written, but {current.raw} against the earlier {prior.raw} is {_EN[sign]}",
            at,
            label=(f"实为{_ZH[sign]}", f"really {_EN[sign]}"),
            related=[(current.span, f"本期 {current.raw}", f"current {current.raw}"), (prior.span, f"上期 {prior.raw}", f"prior {prior.raw}")],
            hint=(f"改为“{_ZH[sign]}”，或核对两年的数字", f"write {_EN[sign]}, or check the two years' figures"),
        )


_FLAT = regex.compile(r"(?:与上年|与上年度|同比|与\s*(?:19|20)\d\d\s*年度?[^，,。；;\d]{0,8}?)(?:相比)?(?:基本)?持平")
_CAUSE = regex.compile(r"(?P<dir>增加|增长|上升|提高|减少|下降|降低)(?:的)?(?:主要)?原因")
_LOOK_BACK = 3  # sentences before a cause sentence that may hold the change it explains


_NOT_HAN = regex.compile(r"[^\p{Han}]")


def _pairs(text: str) -> set[str]:
    text = _NOT_HAN.sub("", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} - {"主要", "原因", "比上", "上年", "预算", "支出", "收入", "增加", "减少", "增长", "下降"}


class CauseAgainstDirection(Check):
    """“增加的主要原因”紧跟在下降的数字之后（或相反）。
    A cause is given for a rise right after figures that fell (or the reverse).

    在原因句本句或前三句（同段或紧接的上一段）中找到的变化数字全部与原因句所说的方向相反时报告；
    有同向的变化或方向不明时不报。

    反例::

        2025年区司法局财政拨款支出预算 1,206.30 万元，比2024年预算减少 88.20 万元。

        财政拨款支出增加的主要原因是律师调解项目转列其他部门。

    正例::

        2025年区司法局财政拨款支出预算 1,206.30 万元，比2024年预算减少 88.20 万元。

        财政拨款支出减少的主要原因是律师调解项目转列其他部门。
    """

    code = "DIR003"
    name = "direction.cause-against-change"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        sents = prose.sentences(doc)
        index = doc.block_index()
        for s in sents:
            for m in _CAUSE.finditer(s.text):
                want = direction(m.group("dir"))
                subject = s.text[: m.start()]
                subject = regex.split(r"[，,：:]", subject)[-1]
                changes = self._changes(doc, sents, s, s.start + m.start(), index)
                topic = _pairs(subject)
                if topic:
                    changes = [c for c in changes if _pairs(c[2]) & topic]
                named = [x for x in regex.split(r"[、，,]", subject) if len(x) >= 3]
                if len(named) >= 2:
                    # 公务接待费、公务用车运行维护费下降的主要原因: the items named, not the
                    # 公务用车购置费 that rose in the clause beside them
                    changes = [c for c in changes if any(x in regex.split(r"[；;]", c[2])[-1] for x in named)]
                base = _base(subject)
                if base is not None:
                    # 决算数较上年增加的主要原因: a cause of the change over last year, not of
                    # the 较预算数减少 N before it
                    changes = [c for c in changes if _base(c[2]) in (None, base)]
                if not changes:
                    continue
                same = [c for c in changes if c[1][0] == want]
                opposite = [c for c in changes if c[1][0] not in (want, "flat")]
                at = _span(doc, s, s.start + m.start(), s.start + m.end())
                if same or not opposite:
                    if same:
                        yield self.verified(f"“{m.group(0)}”：{same[0][1][1]} {same[0][0].raw}", f"'{m.group(0)}': {same[0][1][1]} {same[0][0].raw}", [at, same[0][0].span])
                    continue
                q, (d, w), _label = opposite[-1]
                yield self.finding(
                    f"说明“{m.group(0)}”，但所说明的数字是“{w} {q.raw}”",
                    f"a cause is given for {_EN[want]} ('{m.group(0)}'), but the figure it explains says '{w} {q.raw}'",
                    at,
                    label=(f"数字为{_ZH[d]}", f"the figures show {_EN[d]}"),
                    related=[(q.span, f"{w} {q.raw}", f"{w} {q.raw}")],
                    hint=(f"改为“{_ZH[d]}的主要原因”，或核对数字", f"say the cause of {_EN[d]}, or check the figures"),
                )

    def _changes(self, doc, sents, s, at, index):
        """Change figures (amount or rate, with their direction and label) in the cause's
        sentence before it, or in the sentences just before within this paragraph and the
        paragraph right before it."""
        out = []
        own = [q for q in s.quantities if q.pos < at]
        pool = [(s, q) for q in own]
        if not own:
            k = s.index - 1
            while k >= 0 and s.index - k <= _LOOK_BACK:
                p = sents[k]
                if p.para is not s.para and abs(index.get(id(p.para), -9) - index.get(id(s.para), -99)) != 1:
                    break
                pool = [(p, q) for q in p.quantities] + pool
                if any(prose.is_change(p, q) for q in p.quantities):
                    break  # the nearest change is the one a cause explains (增加 0.00 万元 too)
                k -= 1
        for p, q in pool:
            if not q.is_exact_figure or q.base_unit in ("百分点", None) or not prose.is_change(p, q):
                continue
            d = change_direction(p, q)
            if d is None:
                continue
            if q.value == 0:
                d = ("flat", d[1])  # 比上年增加 0 万元 says nothing about a direction
            label = p.para.text[p.start : q.pos]
            out.append((q, d, label))
        return out
