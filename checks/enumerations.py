"""Enumerations (ENU): ``现有 15 个科室，包括 A、B、…`` — the count equals the items
listed."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import prose
from auditor.document.model import Document, Quantity

# (a bracket before 含 makes a parenthetical, 520 人（含博导）, not a list)
_INTRO = regex.compile(r"^[^，,。；;：:、\d（(]{0,10}?[，,]?\s*(?:具体)?(?:包括|包含|分别是|分别为|分别有|即|(?:(?<=[，,]\s*)|(?<=共))有(?![效力序关利所助机望])|(?<!不)含)[：:]?\s*")
# 下设 4 个中心：A、B、C — a noun and a colon, then the list
_COLON_INTRO = regex.compile(r"^[^，,。；;：:、\d（(]{0,10}?[：:]\s*")
_MAX_LIST = 600
_COMMA_LEAD = regex.compile(r"^[，,]\s*")
_DIGIT = regex.compile(r"\d")
_INSTITUTION = ("中心", "办公室", "科", "局", "学院", "学校", "委员会", "站", "所", "院", "馆", "队", "处", "部", "室", "会", "公司", "组", "股", "支队", "大队", "中队", "单位")
_COUNT_UNITS = ("个", "家", "项", "名", "人", "所", "条", "类", "支", "座", "处", "位")
_QUOTED = regex.compile(r"“[^“”]{0,30}”|《[^《》]{0,60}》|[（(][^（）()]{0,40}[）)]")


# an item the text itself leaves out of the count: 机关党委（不纳入内设机构数）
_NOT_COUNTED = regex.compile(r"[（(][^（）()]{0,12}(?:不纳入|不计入|不计算在|不列入|不含在|不占)[^（）()]{0,16}[）)]")


# an item that is a clause, not a name: 按照有关规定设置直属机关党委和纪委 — how it counts is unclear
_CLAUSE = regex.compile(r"^(?:按照|根据|依据|依照|另外?|同时|此外|并|还)|设置|设立|成立|组建|挂牌|入选|获评|荣获|被评为|列入")


# an item that says how many it stands for: 康复区（2个）
_OWN_COUNT = regex.compile(r"[（(]\s*(\d{1,2})\s*[个家所处支队]\s*[）)]\s*$")


def _strip_item(item: str) -> str:
    """An item without its quotes and brackets, but for a bracket saying how many it is."""
    m = _OWN_COUNT.search(item)
    if m is None:
        return _QUOTED.sub("", item).strip()
    return _QUOTED.sub("", item[: m.start()]).strip() + m.group(0).strip()


def _split_items(text: str) -> list[str]:
    items = [it for it in _split_raw(text) if not _NOT_COUNTED.search(it)]
    items = [_strip_item(it) for it in items]
    items = [it for it in items if it]
    if items:
        last = items[-1]
        for joiner in ("以及", "和", "及", "与"):
            if joiner in last:
                a, _, b = last.partition(joiner)
                if len(a) >= 2 and len(b) >= 2 and (a[-1] == b[-1] or (a.endswith(_INSTITUTION) and b.endswith(_INSTITUTION))):
                    items[-1:] = [a, b]
                break
    return items


def _split_raw(text: str) -> list[str]:
    """The text cut at its list marks outside brackets, brackets kept."""
    masked = _QUOTED.sub(lambda m: "Q" * len(m.group(0)), text)
    out, start = [], 0
    for i, ch in enumerate(masked):
        if ch in "、，,；;":
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


# Inline enumerators: 包括以下3个方面：1.…；2.…；3.…  /  设4个处室：（1）…；（2）…  /  一是…；二是…
_CN = "一二三四五六七八九十"
_INLINE_KINDS = (
    (regex.compile(r"(?<![\d.])(\d{1,2})[.．、](?!\d)"), lambda m: int(m.group(1))),
    (regex.compile(r"[（(](\d{1,2})[)）]"), lambda m: int(m.group(1))),
    (regex.compile(r"([①-⑳])"), lambda m: ord(m.group(1)) - ord("①") + 1),
    (regex.compile(r"[（(]([一二三四五六七八九十])[)）]"), lambda m: _CN.index(m.group(1)) + 1),
    (regex.compile(r"(?<![\p{Han}])([一二三四五六七八九十])是"), lambda m: _CN.index(m.group(1)) + 1),
)


_LIST_HEAD = regex.compile(r"[^，,。；;：:\d]{0,12}?[，,]?\s*(?:具体|主要|分别)?(?:包括|包含|为|是|有|如下)?[：:]\s*")


def _inline_list(text: str, at: int) -> tuple[list[str], tuple[int, int]] | None:
    """A list whose items are numbered inside the sentence (``：1.…；2.…；3.…``, ``（1）…（2）…``,
    ``一是…；二是…``): the items, counted by their labels 1, 2, 3 … in order up to the end of the
    paragraph, and where the list stands. None when the count is not followed by such a
    list."""
    if text.find("：", at) < 0 and text.find(":", at) < 0:
        return None  # _LIST_HEAD ends with a colon: none after the count, no list (most counts)
    end = len(text)
    for mark in "。！？!?\n":
        k = text.find(mark, at)
        if k >= 0:
            end = min(end, k)
    head = _LIST_HEAD.match(text[at:end])
    if head is None:
        return None
    start = at + head.end()
    # the items may be sentences of their own (以下五个原则：一是…。二是…。): the list runs on
    # to the paragraph's end while its labels count on
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    for pattern, value in _INLINE_KINDS:
        first = pattern.match(text, start, end)
        if first is None or value(first) != 1:
            continue
        labels = [first]
        pos = first.end()
        while True:
            nxt = pattern.search(text, pos, end)
            if nxt is None or value(nxt) != len(labels) + 1 or text[nxt.start() - 1 : nxt.start()] not in "；;，,。 \t":
                break
            labels.append(nxt)
            pos = nxt.end()
        if len(labels) < 2:
            return None
        items = [text[a.end() : (b.start() if b is not None else end)].strip(" ；;，,") for a, b in zip(labels, [*labels[1:], None], strict=True)]
        return items, (start, end)
    return None


_RANGE = regex.compile(r"^(?P<a>\p{Han}*?)(?P<m>[一二三四五六七八九十]{1,3})(?P<b>\p{Han}{0,3})[至到—-](?P=a)?(?P<n>[一二三四五六七八九十]{1,3})(?P=b)$")


def _range_size(item: str) -> int:
    """How many items one list item stands for: 综合一处至综合九处 is nine, 康复区（2个） two."""
    if (own := _OWN_COUNT.search(item)) is not None:
        return int(own.group(1))
    m = _RANGE.match(item)
    if m is None:
        return 1
    from auditor.document.numbers import cn_to_int

    lo, hi = cn_to_int(m.group("m")), cn_to_int(m.group("n"))
    return hi - lo + 1 if lo is not None and hi is not None and 0 < lo < hi <= 50 else 1


def enumerations(doc: Document) -> list[tuple[Quantity, list[str], tuple[int, int], bool]]:
    """Each count with the items that follow it, where they stand, and whether they are
    surely its list: a word or a mark introduces them (包括, 分别是, a colon, inline numbers),
    or a sibling count of the paragraph has its list so introduced (参公单位 3 个，分别是 A、B、C；
    公益一类 1 个，D) — else names that merely follow the count after a comma may be the next
    clause's subject."""
    out = []
    para, mark = None, 0
    for s in prose.sentences(doc):
        if s.para is not para:
            para, mark = s.para, len(out)
        text = s.para.text
        for q in s.quantities:
            if q.base_unit not in _COUNT_UNITS or q.scale != 1 or not q.is_exact_figure or q.value <= 0:
                continue
            if _slogan(text, q):
                continue  # 五个聚焦、三个强化：“三个强化”指…: the name of a slogan, not a count
            inline = _inline_list(text, q.pos_end)
            if inline is not None:
                out.append((q, *inline, True, q.value))
                continue
            after = text[q.pos_end : min(s.end, q.pos_end + _MAX_LIST)]
            if q.pos_end + _MAX_LIST < s.end:
                continue  # a list longer than any enumeration of names: prose, not a list
            m = _INTRO.match(after)
            named_list = colon = False
            if not m:
                m = _COLON_INTRO.match(after)
                colon = m is not None
            if not m:
                # 公益一类事业单位 1 个，佛山市人力资源公共服务中心；: a list of names right after
                m = _COMMA_LEAD.match(after)
                named_list = True
                if not m:
                    continue
            body = after[m.end():]
            if not body or "等" in body[-3:] or body.rstrip().endswith(("等", "等等")):
                continue
            if any(pattern.match(body) for pattern, _value in _INLINE_KINDS):
                continue  # 五个原则：一是…。 then 二是… in the next paragraph: items told by their labels, not by commas
            items = _split_items(body)
            if not items or any(it[-1:] == "等" for it in items):
                continue
            if named_list and not all(it.endswith(_INSTITUTION) and len(it) >= 4 for it in items):
                continue
            if colon and (len(items) < 2 or any(len(it) > 15 for it in items)):
                continue  # after a colon only a list of short names is an enumeration
            if any(_DIGIT.search(_OWN_COUNT.sub("", it)) for it in items):
                continue  # a list of figures is a breakdown, not an enumeration
            if len(items) == 1 and q.value > 1 and not named_list:
                continue  # 支持 363 个重大项目建设，有效带动…: a count and a clause, not a list of one
            if any(_CLAUSE.search(it) for it in items):
                continue  # an item says something (按照有关规定设置…): not a plain list of names
            if any(len(it) > 20 for it in items):
                continue  # clauses, not names: the list is prose
            if q.value == len(items) + 1 and any(j in items[-1] for j in ("和", "及", "与")):
                continue  # 组织培训、开展宣传和走访企业: the last item may be two
            extras = _named_extras(after[: m.end()])
            if extras and all(e in items for e in extras):
                # 29个处室及机关党委，分别是…、机关党委: the count is of the noun before 及; the
                # body named after it is listed too, and is not one of the 29
                items = [it for it in items if it not in extras]
            start = q.pos_end + m.end()
            out.append((q, items, (start, start + len(body)), not named_list, q.value + _joined_count(s, q)))
        if any(e[3] for e in out[mark:]):
            out[mark:] = [(q, items, span, True, n) for q, items, span, _, n in out[mark:]]
    return out


_JOINED = regex.compile(r"\s*\p{Han}{1,8}?(?:以及|及|和|与|、)\s*$")


def _joined_count(s: prose.Sentence, q: Quantity) -> int:
    """The count joined to this one before it: ``2 个分馆及 1 个查阅中心，分别是 A、B、C``
    lists the 2 and the 1 (0 when no count stands right before, joined by 及/和/、)."""
    before = [o for o in s.quantities if o.pos_end <= q.pos and o.base_unit in _COUNT_UNITS and o.scale == 1 and o.is_exact_figure]
    if not before or not _JOINED.match(s.para.text, before[-1].pos_end, q.pos):
        return 0
    return int(before[-1].value) + _joined_count(s, before[-1])


_TERM = regex.compile(r"\p{Han}{2,4}")
_QUOTES = ("“", "\"", "‘", "「")


_EXTRAS = regex.compile(r"^\p{Han}{1,6}?(?:以及|及|和|与)(?P<names>\p{Han}{2,12}(?:、\p{Han}{2,12}){0,3})[，,]")


def _named_extras(head: str) -> list[str]:
    """The bodies named after the counted noun and a conjunction, before the list begins:
    ``处室及机关党委，分别是`` gives [机关党委] (``29 个处室及机关党委``)."""
    m = _EXTRAS.match(head)
    return m.group("names").split("、") if m else []


def _slogan(text: str, q: Quantity) -> bool:
    """Whether a count is the first word of a quoted term of its paragraph (“三个强化”)."""
    term = _TERM.match(text, q.pos_end, q.pos_end + 4)
    if term is None:
        return False
    words = q.raw.strip() + term.group(0)[:2]  # searched as written, after an opening quote
    return any(mark + words in text for mark in _QUOTES)


class EnumerationCountMismatch(Check):
    """所述数量与列举的项目个数不符。
    The count stated does not match the number of items listed.

    “现有 N 个科室，包括 A、B、…”、“N 个，分别是 A、B、C”、“下设 N 个中心：A、B”：按“、”“，”“；”和连接末项的
    “和/及”拆分；以“等”结尾的列举不检查。“N 个处室及机关党委，分别是…”中及后点名的机构列出但不计入 N；
    “2 个分馆及 1 个中心，分别是…”两数合计核对；“康复区（2个）”计为 2 项。

    反例::

        局机关内设 5 个处室，包括办公室、政策法规处、财务处、人事处。

    正例::

        局机关内设 4 个处室，包括办公室、政策法规处、财务处、人事处。
    """

    code = "ENU001"
    name = "enumeration.count-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for q, items, _span, introduced, count in enumerations(doc):
            if q.value == 1 and not q.raw[:1].isdigit():
                continue  # 一条不含糊、一件不放过: a set phrase, not a count of one
            n = sum(_range_size(it) for it in items)
            # with a count joined before it (2 个分馆及 1 个中心，分别是 A、B、C) the list may be of
            # both or of this count alone (5个处室、3个中心，分别是 A、B、C); matching neither, whose
            # items are whose is not told
            if count != q.value and n not in (count, q.value):
                continue
            if n in (q.value, count):
                joined = n != q.value
                said = f"{q.raw}（与前一个数合计 {count}）" if joined else q.raw
                said_en = f"{q.raw} (with the count before it, {count})" if joined else q.raw
                yield self.verified(f"{said}：列举 {n} 项", f"{said_en}: {n} items listed", [q.span])
                continue
            shown = "、".join(items[:20])
            yield self.finding(
                f"所述 {q.raw} 与列举的 {n} 项不符",
                f"{q.raw} are announced but {n} are listed",
                q.span,
                label=(f"列举了 {n} 项", f"{n} listed"),
                hint=(f"列举的是：{shown}", f"the items listed: {shown}"),
                # names after a bare comma (在建专科 11 个，市四院精神科…) may be the next
                # clause's subject, not the count's list: a note on an inferred reading
                reading="confirmed" if introduced else "inferred",
            )
