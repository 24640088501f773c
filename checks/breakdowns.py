"""Breakdowns in prose (BRK): ``X 共 A，其中 B、C`` — parts that are exhaustive add up to
the whole, and no part list exceeds its whole."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from auditor import facts
from auditor.checking import causes
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith, lexicon, prose
from auditor.document.model import Document, Paragraph, Quantity

_OF_WHICH = regex.compile(r"其中[：:，,]?")
_SENTENCE_STOP = regex.compile(r"[。！？!?]")
_CLOSER = regex.compile(r"[）)]")
_TWO_SENTENCES = regex.compile(r"[。！？!?][^。！？!?]*[。！？!?]")
_COMMA = regex.compile(r"[，,；;]")
_RESTATE = ("合计", "共计", "总计", "总共", "共")
_TRAILING_OK = regex.compile(r"^[\s)）」”\"]*(?:[（(][^（）()]{0,20}[）)])?[\s]*$")


@dataclass
class Breakdown:
    whole: Quantity
    parts: list[Quantity]
    restated: Quantity | None
    exhaustive: bool
    why: str
    groups: list[list[Quantity]] | None = None
    """When the parts are not all exclusive kinds of one whole, the groups that are (each
    at most the whole): one group per side of a balanced total (收入 …；支出 …), per
    dimension of overlapping attributes (正高、副高…，博导、硕导), or each part alone.
    None: all the parts together are at most the whole."""
    inner: Quantity | None = None
    """A parenthetical subtotal written between the whole and its 其中 (收入预算 X（本年
    收入 Y），其中…): the parts may break down either, so they are held to the outer one."""


_SIDE = regex.compile(r"收入|支出")
_COLON_AFTER = regex.compile(r"[ \t\u3000]{0,3}[：:]")
_GOES_ON = regex.compile(r"[ \t\u3000]{0,3}(?:加上|再加上|加|减去|扣除|另有|此外|另外)")
_SUBTRACTS = regex.compile(r"[ \t\u3000]{0,3}(?:减去|扣除)")
_ITEM_MARK = regex.compile(r"[ \t\u3000]*(?:[①-⑳]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|\d{1,2}[、.．](?!\d))")
_LEVEL_AFTER = regex.compile(r"[ \t\u3000]*(?:[省市县区州]本级|[省市县区州]级|本级)(?!\p{Han}{0,2}(?:支出|收入)?[ \t]*\d)")
_SHORTFALL = regex.compile(r"(?:短收|超收|增收|减收|短支|超支)$")
_SEP_RANK = {"、": 0, "，": 1, ",": 1, "；": 2, ";": 2}
_NESTED = regex.compile(r"[ \t\u3000]{0,3}(?:(?:主要)?(?:包括|包含)|含|其中)")
_INCLUDES = regex.compile(r"[ \t\u3000]{0,3}[（(](?:含|包含|包括)")
_OPEN = regex.compile(r"[（(]")


def _groups(text: str, parts: list[Quantity], whole: Quantity | None = None) -> list[list[Quantity]] | None:
    """The exclusive groups of a 其中 list whose parts are not all of one kind, or None.

    - both sides of a balanced total (收入包括 A、B；支出包括 C、D): one group per side;
    - a part that says it includes another (硕导 520 人（含博导）): each part alone;
    - attributes of several dimensions: the segments parted by ；(管理人员 a，专技人员 b；
      党员 c), else the runs joined by 、 and parted by ，(正高 a、副高 b，博导 c、硕导 d) or
      the parts of one head noun, when two or more such groups have two members or more."""
    if len(parts) < 2:
        return None
    if (sides := _sides(text, parts)) is not None:
        return sides
    if whole is not None:
        cut = next((k for k in range(1, len(parts)) if any(c in text[parts[k - 1].pos_end : parts[k].pos] for c in "；;")), None)
        if cut is not None and (cut >= 2 or arith.total(parts[:cut]).overlaps(arith.interval(whole))):
            # 新增债券 73.8，其中一般债券 5.6，专项债券 68.2；发行再融资债券 90.1: the list of two
            # or more parts ends at the semicolon (or one part made the whole): what follows it
            # is another subject, not a part
            return [parts[:cut]]
    if len({m.group() for q in parts if (m := _STAGE.search(q.label or ""))}) >= 2:
        # 授信 507.94，其中签订合同 425.56…，发放 278.91: successive stages of one flow
        # (each within the one before), named by different stage words, not kinds to add;
        # a whole that names a stage itself (已提款 227，其中…签订合同 430，提款 73) holds
        # only the parts of its own stage
        own = _STAGE.search(whole.label or "") if whole is not None else None
        if own is None:
            return [[q] for q in parts]
        return [[q] for q in parts if (m := _STAGE.search(q.label or "")) and m.group() == own.group()] or [[]]
    return _dimensions(text, parts)


# A figure followed by what it became (由年初的 A 调整为 B, A 增加到 B): the value before, not a part.
_CHANGED_FROM = regex.compile(r"[ \t]*(?:调整为|调整到|调增至|调减至|调增到|调减到|增加到|减少到|增至|减至|变为|变更为)")


# Stages of one flow of money (a credit line signed, then drawn; funds allotted, then paid):
# parts named by two different ones are steps, each within the whole, not its kinds.
_STAGE = regex.compile(r"签订|签约|合同|发放|放款|提款|下达|拨付|到位|支付|兑付")


def _sides(text: str, parts: list[Quantity]) -> list[list[Quantity]] | None:
    """Both sides of a balanced total under one 其中 (收入包括 A、B；支出包括 C、D), one
    group a side; None when the parts are of one side."""
    sides: list[str] = []
    side = ""
    for k, q in enumerate(parts):
        lead = text[parts[k - 1].pos_end if k else max(0, q.pos - 12) : q.pos]
        found = _SIDE.findall(lead)
        side = found[-1] if found else side
        sides.append(side)
    if "收入" in sides and "支出" in sides:
        return [[q for q, sd in zip(parts, sides, strict=True) if sd == w] for w in ("收入", "支出")]
    return None


def _dimensions(text: str, parts: list[Quantity]) -> list[list[Quantity]] | None:
    """Attributes of several dimensions, or a part that includes another; see _groups."""
    runs: list[list[Quantity]] = [[parts[0]]]
    for a, b in itertools.pairwise(parts):
        between = text[a.pos_end : b.pos]
        if "、" in between and not any(c in between for c in "，,；;"):
            runs[-1].append(b)
        else:
            runs.append([b])
    heads: dict[str, list[Quantity]] = {}
    for q in parts:
        heads.setdefault(q.label[-1:], []).append(q)
    segments: list[list[Quantity]] = [[parts[0]]]
    for a, b in itertools.pairwise(parts):
        if any(c in text[a.pos_end : b.pos] for c in "；;"):
            segments.append([b])
        else:
            segments[-1].append(b)
    if len(segments) >= 2 and any(len(g) >= 2 for g in segments):
        groups = segments  # 管理人员 a，专技人员 b；党员 c: what a semicolon parts is another count
    elif sum(1 for r in runs if len(r) >= 2) >= 2:
        groups = runs
    elif sum(1 for g in heads.values() if len(g) >= 2) >= 2:
        groups = list(heads.values())
    else:
        groups = [parts]
    # a group with a part that includes another (硕导 520 人（含博导）) is no partition
    groups = [g2 for g in groups for g2 in ([[q] for q in g] if any(_INCLUDES.match(text, q.pos_end, q.pos_end + 8) for q in g) else [g])]
    return None if len(groups) == 1 else groups


def _last_of_a_bracketed_list(text: str, whole: Quantity, qs: list[Quantity], at: int) -> bool:
    """Whether the figure before 其中 is the last of several inside a bracket closed before
    it: the list after 其中 then breaks down the figure before the bracket, or the bracket's
    whole, and which is not said."""
    close = text.find("）", whole.pos_end, at)
    if close < 0:
        close = text.find(")", whole.pos_end, at)
    if close < 0:
        return False
    depth, k = 0, close
    while k > 0:
        k -= 1
        if text[k] in "）)":
            depth += 1
        elif text[k] in "（(":
            if depth == 0:
                break
            depth -= 1
    inside = [q for q in qs if k < q.pos and q.pos_end <= close and q.family == whole.family]
    return len(inside) >= 2


def _outer(text: str, whole: Quantity, qs: list[Quantity], at: int) -> Quantity | None:
    """The figure a parenthetical whole stands in (收入预算 X（本年收入 Y），其中…): the
    figure right before the bracket that opens before Y and closes before 其中."""
    opens = [m.start() for m in _OPEN.finditer(text, max(0, whole.pos - 30), whole.pos)]
    if not opens or not _CLOSER.search(text, whole.pos_end, max(whole.pos_end, at)):
        return None
    bracket = opens[-1]
    before = [q for q in qs if q.pos_end <= bracket and bracket - q.pos_end <= 2]
    return before[-1] if before and before[-1].family == whole.family else None


_FLOW_END = regex.compile(r"(收入|支出|结余)(?:安排|预算|决算|预期目标|完成|合计|总计)?$")


def _flow_of(label: str | None) -> str | None:
    """收入, 支出 or 结余 when a figure's label ends with one of them, else None."""
    m = _FLOW_END.search(label or "")
    return m.group(1) if m else None


def _depth(text: str, start: int, end: int) -> int:
    """How many brackets opened between ``start`` and ``end`` are still open at ``end``."""
    depth = 0
    for c in text[start:end]:
        if c in "（(":
            depth += 1
        elif c in "）)" and depth:
            depth -= 1
    return depth


_LIST_OPENER = regex.compile(r"包括[：:]|包含[：:]|具体为[：:]|分别为[：:]")


def _listed_item(text: str, whole: Quantity, stops: list[int]) -> bool:
    """Whether the whole is an item of a list its sentence opens (主要包括：A a；B b …): the
    clause it stands in starts right after the list's colon or a ；."""
    j = bisect.bisect_left(stops, whole.pos)
    start = stops[j - 1] + 1 if j else 0
    openers = list(_LIST_OPENER.finditer(text, start, whole.pos))
    if not openers:
        return False
    opener = openers[-1]
    head = text[opener.end() : whole.pos]
    cut = max(head.rfind("；"), head.rfind(";"))
    return not any(c in head[cut + 1 :] for c in "，,、")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for i in range(start, end + 1):
        if i == end or text[i] in "，,、；;":
            if i > s:
                out.append((s, i))
            s = i + 1
    return out


def _covers_partition(labels: list[str]) -> bool:
    for partition in lexicon.PARTITIONS:
        used = set()
        for word in partition:
            hit = next((i for i, lab in enumerate(labels) if word in lab and i not in used), None)
            if hit is None:
                break
            used.add(hit)
        else:
            return True
    return False


def breakdowns(doc: Document) -> list[Breakdown]:
    return doc.cached("breakdowns", lambda: [b for p in doc.paragraphs for b in _in_paragraph(doc, p)])


def _in_paragraph(doc: Document, para: Paragraph) -> Iterator[Breakdown]:
    text = para.text
    if "其中" not in text or not para.quantities:
        return  # no 其中 opens a list (_OF_WHICH holds it), or no figure to break down: most paragraphs
    qs = sorted(para.quantities, key=lambda q: q.pos)
    starts = [q.pos for q in qs]
    ends = [q.pos_end for q in qs]
    sent_of = prose.sentence_of(doc)
    marks = [m for m in _OF_WHICH.finditer(text)]
    stops = [m.start() for m in _SENTENCE_STOP.finditer(text)]
    closers = [m.start() for m in _CLOSER.finditer(text)]
    for n, m in enumerate(marks):
        k = bisect.bisect_right(ends, m.start())
        if not k:
            continue
        whole = qs[k - 1]
        gap = text[whole.pos_end : m.start()]
        if any(c in gap for c in "。!?！？") and gap.strip("。 ").strip() != "":
            # 其中 opens a sentence: the whole is the last figure of the sentence before
            if _TWO_SENTENCES.search(gap):
                continue
        if _COMMA.search(gap.replace("（", "").replace("(", "")) and not gap.rstrip().endswith(("，", ",", "：", ":", "（", "(")):
            # something stands between the whole and 其中 beyond a comma
            if len(gap.strip("，,。 （(")) > 12:
                continue
        if whole.family is None or whole.family == "percent" or not whole.is_exact_figure:
            continue
        if _last_of_a_bracketed_list(text, whole, qs, m.start()):
            continue  # 发行债券 A（市本级 a，开发区 b，区县 c）。其中：…: c is not the whole broken down
        if _SHORTFALL.search(whole.label or ""):
            continue  # 短收 A（其中：税收收入 B…）: a gap from the budget, the list is the income's
        if _LEVEL_AFTER.match(text, m.end()):
            continue  # 全市…支出 A，…结余 B。其中，市级…支出 a，…结余 b: the level's own figures, one for each of the sentence's
        ws = sent_of.get(id(whole))
        if ws is None or prose.is_change(ws, whole):
            continue
        in_parens = text[max(0, m.start() - 1) : m.start()] in ("（", "(")
        # the list ends at the sentence's end, a closing bracket (for （其中…）) or the next 其中
        j = bisect.bisect_left(stops, m.end())
        stop = stops[j] if j < len(stops) else len(text)
        if in_parens:
            j = bisect.bisect_left(closers, m.end())
            stop = min(stop, closers[j] if j < len(closers) else len(text))
        if n + 1 < len(marks):
            stop = min(stop, marks[n + 1].start())
            # the figure right before the next 其中 is that list's whole, not a part of this
            # one (编制 211 人，其中行政 132 人，事业 79 人；实有 214 人，其中…)
            k2 = bisect.bisect_right(ends, marks[n + 1].start())
            if k2 and qs[k2 - 1].pos >= m.end() and not in_parens:
                stop = min(stop, qs[k2 - 1].pos)
        parts: list[Quantity] = []
        restated = None
        base = facts.facts(doc)
        whole_fact = base.of(whole)
        list_sep = None  # the mark between the list's first parts: a stronger one after them ends it
        numbered_list = _ITEM_MARK.match(text, m.end()) is not None
        signed = False
        listed = _listed_item(text, whole, stops)
        described = False  # a clause without a figure after the parts (用于…)
        for a, b in _clauses(text, m.end(), stop):
            if _GOES_ON.match(text, a):
                # 其中：收入 A，扣除上解支出 B，加上转贷收入 C…: terms of a reckoning, not parts
                signed = _SUBTRACTS.match(text, a) is not None
                break  # 加上上级转移支付收入 2.5 亿元，收入总计 56.8 亿元: the sum goes on beyond the whole
            if parts and _NESTED.match(text, a):
                break  # 其中：经费类支出 A，包括市本级 B，…: B and what follows are A's parts, not the whole's
            if parts and not numbered_list and _ITEM_MARK.match(text, a):
                break  # ②上级补助收入 A，其中，…；③调入资金 B: the whole's next sibling, not a part
            sep = _SEP_RANK.get(text[a - 1]) if a else None
            if parts and sep is not None and not in_parens:
                if list_sep is None:
                    list_sep = sep
                elif list_sep == 0 and sep == 2:
                    break  # 其中：A、B、C；支出安排 D；结余 E: a list joined by 、 ends at ；
            if parts and listed and described and sep == 2:
                # 主要包括：…；履职工作经费 A，其中结转结余 B，用于…；勤务辅警业务费 C: the whole is an
                # item of a list parted by ；, its part told and described: the next ； item is its sibling
                break
            inside = qs[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]
            if not inside:
                described = described or bool(parts)
                continue
            last = inside[-1]
            if not in_parens and not _TRAILING_OK.match(text[last.pos_end : b]):
                break  # a clause that says something else: the list has ended
            for q in inside:
                s = sent_of.get(id(q))
                if q.family != whole.family or s is None or prose.is_change(s, q) or prose.is_prior_period(s, q):
                    continue
                if _CHANGED_FROM.match(text, q.pos_end):
                    continue  # 由年初的 201,200 万元调整为 221,200 万元: the figure before it was changed
                if not in_parens and _depth(text, m.end(), q.pos) > 0:
                    continue  # 偿还本金 A（一般债券还本 B，专项债券还本 C）: A's own parts, in brackets
                part_fact = base.of(q)
                if part_fact is not None and whole_fact is not None and (
                    part_fact.role == "change"
                    or (part_fact.measure and whole_fact.measure and part_fact.measure != whole_fact.measure)
                    or (part_fact.period and whole_fact.period and part_fact.period != whole_fact.period)
                ):
                    continue  # 年初预算为 A，全年预算为 B under a 决算 whole: another measure, not a part
                if q.label in _RESTATE or q.label.startswith(("合计", "共计", "总计")):
                    restated = q
                    continue
                parts.append(q)
        if signed:
            continue
        side = _flow_of(whole.label)
        if side is not None:
            # 收入 A、支出 B。其中：甲基金收入 a、支出 b；…: under 支出 B only the 支出 are parts
            # (结转结余 is one of an income's sources: only under a 结余 whole is 结余 a side)
            parts = [q for q in parts if _flow_of(q.label) in (None, side) or (side != "结余" and _flow_of(q.label) == "结余")]
        if not parts:
            continue
        if whole.label and any(q.label and q.value == whole.value and (whole.label.endswith(q.label) or q.label.endswith(whole.label)) for q in parts):
            # a figure is not its own part: 收入 A，…上年结转 B。其中：拨款 C、上年结转 B lists A's parts
            continue
        if any(_COLON_AFTER.match(text, q.pos_end) for q in parts):
            continue  # 其中 X 0万元：a 0万元、b 0万元: a list of X's parts, nested in this one
        labels = [q.label for q in parts]
        outer = _outer(text, whole, qs, m.start())
        if outer is not None:
            yield Breakdown(whole=outer, parts=parts, restated=None, exhaustive=False, why="", groups=_groups(text, parts, outer), inner=whole)
            continue
        sides = _sides(text, parts)
        if sides is not None:
            yield Breakdown(whole=whole, parts=parts, restated=None, exhaustive=False, why="", groups=sides)
            continue
        if restated is None and not _covers_partition(labels) and (groups := _groups(text, parts, whole)) is not None:
            yield Breakdown(whole=whole, parts=parts, restated=None, exhaustive=False, why="", groups=groups)
            continue
        if restated is not None:
            exhaustive, why = True, "restated"
        elif len(parts) >= 2 and _covers_partition(labels):
            exhaustive, why = True, "partition"
        elif len(parts) >= 2 and parts[-1].label.startswith("其他"):
            exhaustive, why = True, "other"
        else:
            exhaustive, why = False, ""
        yield Breakdown(whole=whole, parts=parts, restated=restated, exhaustive=exhaustive, why=why)


def _without_nested(whole: Quantity, parts: list[Quantity]) -> list[Quantity] | None:
    """When all the parts do not make the whole: the parts without a run that may be
    another part's own breakdown (a part equal to the sum of two or more parts right after
    it) — the first such reading under which the whole holds, else the first found; None
    when the parts make the whole or no part is followed by its own."""
    target = arith.interval(whole)
    if arith.total(parts).overlaps(target):
        return None
    found = None
    for i, j in _own_parts(parts, least=2):
        rest = parts[: i + 1] + parts[j:]
        if arith.total(rest).overlaps(target):
            return rest
        found = found or rest
    return found


def _own_parts(parts: list[Quantity], least: int) -> Iterator[tuple[int, int]]:
    """(i, j) for each part ``parts[i]`` that equals the sum of the ``least`` or more parts
    right after it, ``parts[i + 1 : j]`` (within rounding): they may be its own breakdown."""
    for i, q in enumerate(parts):
        for j in range(i + 1 + least, len(parts) + 1):
            if q.value and all(p.value for p in parts[i + 1 : j]) and arith.total(parts[i + 1 : j]).overlaps(arith.interval(q)):
                yield i, j


def _with_cause(hint: tuple[str, str], whole: Quantity, parts: list[Quantity]) -> tuple[str, str]:
    cause = causes.explain_sum(whole, [(q, q.label) for q in parts])
    return (f"{hint[0]}；{cause[0]}", f"{hint[1]}; {cause[1]}") if cause else hint


def _terms(parts: list[Quantity]) -> str:
    return arith.terms(q.raw for q in parts)


class BreakdownSumMismatch(Check):
    """正文中的分项（“其中”所列各项）之和与总数不符。
    The parts listed after 其中 do not add up to the whole they break down.

    只在分项穷尽时检查：分项覆盖已知的完整划分（基本支出+项目支出、人员经费+公用经费……），
    最后一项为“其他……”，或句末以“合计”重述总数。

    反例::

        2023 年本单位支出合计 520.00 万元，其中：基本支出 300.00 万元，项目支出 210.00 万元。

    正例::

        2023 年本单位支出合计 520.00 万元，其中：基本支出 300.00 万元，项目支出 220.00 万元。
    """

    code = "BRK001"
    name = "breakdown.sum-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for b in breakdowns(doc):
            if not b.exhaustive or any(not q.is_exact_figure for q in b.parts):
                continue
            parts = _without_nested(b.whole, b.parts)
            if parts is not None and arith.total(parts).overlaps(arith.interval(b.whole)):
                # 一般公共预算支出 A，主要用于 a1、a2、a3，政府性基金支出 B…: a part followed by its own
                # parts, and the whole holds without them
                yield self.verified(f"{b.whole.raw} = {_terms(parts)}", f"{b.whole.raw} = {_terms(parts)}", [b.whole.span, *[q.span for q in parts]])
                continue
            # with a run that may be a part's own parts, which parts are the whole's is unsure
            reading = "confirmed" if parts is None else "inferred"
            total = arith.total(b.parts)
            exact = arith.exact_sum(b.parts)
            wholes = [b.whole] + ([b.restated] if b.restated is not None else [])
            verdicts = [arith.compare(arith.interval(w), total, w.value, exact) for w in wholes]
            if len(wholes) == 2 and verdicts[1] is arith.Verdict.MISMATCH and wholes[0].value == wholes[1].value:
                verdicts[1] = None  # the 合计 restates the whole: one finding says it for both
            for whole, verdict in zip(wholes, verdicts, strict=True):
                if verdict is None:
                    continue
                text = arith.fmt_with_unit(exact, whole, max(q.decimals for q in [*b.parts, whole]))
                if verdict is arith.Verdict.MISMATCH:
                    restated = [(b.restated.span, f"合计（重述）{b.restated.raw}", f"restated total {b.restated.raw}")] if whole is b.whole and verdicts[-1] is None else []
                    yield self.finding(
                        f"「{whole.label or '总数'}」{whole.raw} 与其中各项之和 {text} 不符（{_terms(b.parts)}）",
                        f"'{whole.label or 'the whole'}' {whole.raw} does not equal the sum of its parts, {text} ({_terms(b.parts)})",
                        whole.span,
                        label=(f"各项之和为 {text}", f"the parts add up to {text}"),
                        related=[(q.span, f"分项：{q.label} {q.raw}", f"part: {q.label} {q.raw}") for q in b.parts] + restated,
                        hint=_with_cause((f"若分项无误，总数应为 {text}", f"if the parts are right the whole should be {text}"), whole, b.parts),
                        reading=reading,
                    )
                else:
                    # figures of different precision (5.19亿元 against 万元 parts) agree within rounding
                    rounding = verdict is arith.Verdict.ROUNDING
                    sign = "≈" if rounding else "="
                    yield self.verified(f"{whole.raw} {sign} {_terms(b.parts)}", f"{whole.raw} {sign} {_terms(b.parts)}", [whole.span, *[q.span for q in b.parts]], rounding=rounding)


class BreakdownPartExceedsWhole(Check):
    """正文中“其中”所列的部分超过了总数。
    The parts listed after 其中 add up to more than the whole.

    “其中”可以只列一部分，但各部分之和不能超过总数；单位不同类（人与人次）的不比较。

    反例::

        全年接收务工人员 2100 人，其中建档立卡户 2350 人。

    正例::

        全年接收务工人员 2100 人，其中建档立卡户 1350 人。
    """

    code = "BRK002"
    name = "breakdown.part-exceeds-whole"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for b in breakdowns(doc):
            if b.exhaustive:
                continue
            if any(q.value < 0 for q in b.parts):
                # 下级上解收入扣除上解上级支出 -1969983: with a part below zero the others may
                # exceed the whole; only all the parts together are at most the whole
                yield from self._judge(b, b.parts)
                continue
            for group in b.groups or [b.parts]:
                yield from self._judge(b, group)

    def _judge(self, b: Breakdown, parts: list[Quantity]) -> Iterator[Finding | Verified]:
        exact_parts = [q for q in parts if q.is_exact_figure or q.approx in ("超过", "以上", "多", "余", "逾", "不少于")]
        if not exact_parts:
            return
        lower = arith.total(exact_parts)
        exact = arith.exact_sum(exact_parts)
        if arith.at_most(lower, arith.interval(b.whole)):
            yield self.verified(f"{b.whole.raw} ≥ {_terms(exact_parts)}", f"{b.whole.raw} ≥ {_terms(exact_parts)}", [b.whole.span, *[q.span for q in exact_parts]])
            return
        text = arith.fmt_with_unit(exact, b.whole, max(q.decimals for q in [*exact_parts, b.whole]))
        reading, why = _reading(b.whole, exact_parts)
        if why[0] == _UNIT_SLIP[0]:
            text = f"{sum((q.written for q in exact_parts), start=Decimal(0))} {exact_parts[0].unit}"
        yield self.finding(
            f"「{b.whole.label or '总数'}」{b.whole.raw} 小于其中所列部分 {text}{why[0]}",
            f"'{b.whole.label or 'the whole'}' {b.whole.raw} is less than the part listed under 其中, {text}{why[1]}",
            b.whole.span,
            label=(f"其中部分合计 {text}", f"the parts add up to {text}"),
            related=[(q.span, f"其中：{q.label} {q.raw}", f"of which: {q.label} {q.raw}") for q in exact_parts],
            hint=(f"总数至少应为 {text}，或部分数字有误", f"the whole should be at least {text}, or a part is wrong"),
            reading=reading,
        )


_UNIT_SLIP = ("（单位不一致）", " (the units differ)")


# the words of a figure that tells a whole again: 全年支付项目款 481.66, 合计 …
_WHOLE_WORDS = regex.compile(r"全年|全部|合计|共计|总计|累计|总额|总共")


def _reading(whole: Quantity, parts: list[Quantity]) -> tuple[str, tuple[str, str]]:
    """How sure the reading "these are the whole's parts" is, when they exceed it.

    A list read from prose is delimited by punctuation and words, and the commonest
    misreadings are a list that runs on past the whole's parts (a sibling item, the next
    clause's figure, a separate statistic), a part followed by its own sub-parts, and the
    list of another figure. Four signs tell them, whatever the wording: the first parts
    alone already add up to the whole, within rounding (the rest belong to something
    else); all the parts but one add up to it (that one is within another: 人员支出 and,
    beside it, the 对个人和家庭补助 it includes); a part equals the sum of the parts right
    after it (they are its own); the parts
    add up to more than twice the whole, which a typed digit rarely does but another,
    larger figure's list always does — unless the numerals agree and only the unit
    differs (0.40 元 over 0.10 亿元 + 0.30 亿元), a slip of the unit. Any sign makes the
    finding a note on an inferred reading."""
    exact = arith.exact_sum(parts)
    units = {q.unit for q in parts}
    if len(units) == 1 and whole.unit not in units and sum((q.written for q in parts), start=Decimal(0)) == whole.written:
        return "confirmed", _UNIT_SLIP
    target = arith.interval(whole)
    same = parts[-1] if parts[-1].value == whole.value and parts[-1].unit == whole.unit else None
    if same is not None and any(p.value for p in parts[:-1]) and _WHOLE_WORDS.search(same.context, max(0, same.context_pos - 12), same.context_pos):
        # 金额 481.66 万元，其中：支付 432.06 万元、支付 40.6 万元，全年支付项目款 481.66 万元: a
        # last "part" as large as the whole, told with a whole's words, is the whole told again
        # (a part named as an item, 公务用车运行维护费 8.60 of 8.60, is a slip: still reported)
        return "inferred", (
            f"；但其中 {same.raw} 与总数相等，可能是总数的重述而非分项（未确认）",
            f"; but {same.raw} equals the whole, so it may restate the whole rather than be a part (not confirmed)",
        )
    for k in range(1, len(parts)):
        if arith.total(parts[:k]).overlaps(target) and any(p.value for p in parts[k:]):
            return "inferred", (
                f"；但前 {k} 项（{_terms(parts[:k])}）已等于总数，其后所列可能不是其分项（未确认）",
                f"; but the first {k} part(s) ({_terms(parts[:k])}) already equal the whole, so what follows may not be its parts (not confirmed)",
            )
    if len(parts) >= 3:
        for i, q in enumerate(parts):
            rest = parts[:i] + parts[i + 1 :]
            if q.value and arith.total(rest).overlaps(target):
                return "inferred", (
                    f"；但除 {q.raw} 外其余各项之和已等于总数，{q.raw} 可能已含在另一项中（未确认）",
                    f"; but the parts other than {q.raw} already add up to the whole, so it may be included in another part (not confirmed)",
                )
    for i, j in _own_parts(parts, least=1):
        q = parts[i]
        return "inferred", (
            f"；但 {q.raw} 等于其后 {_terms(parts[i + 1 : j])}，后者可能是它的分项（未确认）",
            f"; but {q.raw} equals the {_terms(parts[i + 1 : j])} after it, which may be its own parts (not confirmed)",
        )
    if exact > 2 * whole.value > 0:
        return "inferred", ("；部分之和超过总数两倍，可能是另一数字的分项（未确认）", "; the parts exceed twice the whole, so they may be another figure's (not confirmed)")
    return "confirmed", ("", "")
