"""Numbering (NUM): heading and list numbering runs in sequence within each level —
no gap, no repeat (a sequence may restart at 1); one level written with both half- and
full-width brackets is noted."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from auditor import facts
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import prose
from auditor.document.model import Document, Heading, Numbering, Paragraph, Table
from auditor.document.numbering import parse_numbering
from auditor.document.numbers import int_to_cn
from auditor.knowledge import report


def _show(n: Numbering, value: int) -> str:
    if n.kind in ("cn", "cn_paren"):
        text = int_to_cn(value)
    elif n.kind == "circled":
        return chr(ord("①") + value - 1)
    else:
        text = str(value)
    if n.kind in ("cn_paren", "arabic_paren"):
        return f"（{text}）" if n.bracket != "half" else f"({text})"
    return text + ("、" if n.kind == "cn" else ".")


@dataclass
class Item:
    numbering: Numbering
    block: int


# 第三部分 … at a block's start, or after a contents line it was joined to (…总表....8第三部分…)
_PART = regex.compile(r"(?:^\s*(?:#+\s*)?|(?<=[\d.．…·]))第\s*[一二三四五六七八九十\d]+\s*(?:部分|章|篇)")
_NOTE_LEAD = regex.compile(r"^\s*(?:注|说明|备注|附注)\s*[:：]\s*")


def _note_numbering(doc: Document, p: Paragraph) -> Numbering | None:
    """The numbering right after a note's lead (``注：1.本表反映…``), which starts a list of
    its own: the notes under a table are not items of the list above it."""
    m = _NOTE_LEAD.match(p.text)
    if m is None:
        return None
    k = m.end()
    n, _rest = parse_numbering(p.text[k:], lambda a, b: doc.source.span(p.source_offset(k + a), p.source_offset(k + b - 1) + 1))
    return n


# A line of a table read as text: a label without a sentence and its figures (二十四、债务发行
# 费用支出 93; 利息补贴 5,000), or cells split by tabs.
_TABLE_ROW = regex.compile(r"^[^。；;，,：:\t]{1,40}?[ \u3000]+-?[\d,]+(?:\.\d+)?(?:[ \u3000]+-?[\d,]+(?:\.\d+)?)*\s*$|^[^。；;\t]*\t")


def _is_table_row(b) -> bool:
    text = b.text if isinstance(b, Paragraph) else (b.text or b.title or "") if isinstance(b, Heading) else ""
    return bool(text) and _TABLE_ROW.match(text) is not None


def _words(b) -> str:
    """A heading's title or a paragraph's text; nothing for a table."""
    return (b.title or b.text) if isinstance(b, Heading) else b.text if isinstance(b, Paragraph) else ""


def _bare_number_between(doc: Document, prev: Item, item: Item, value: int, n: Numbering) -> bool:
    """Whether a block between two items starts with ``value`` written without its mark
    (``2 公共安全支出``) where the others are ``1.`` and ``3.``, or with the missing label
    glued after a page counter (``5/64.“三保”支出``: a printed page's ``5/6`` and item ``4.``)."""
    label = regex.escape(str(value)) + r"\s?[.．、]" if n.kind == "arabic" else regex.escape(_show(n, value))
    # the counter may end a line the reader joined to the item (…的报告5/63.“三保”支出), not a date's 2025/3/2
    counter = regex.compile(rf"(?<![\d/])(\d{{1,3}})/(\d{{1,3}}?){label}(?!\d)")
    bare = regex.compile(rf"^\s*{value}[ \u3000]*\p{{Han}}")
    digits = n.kind in ("arabic", "arabic_dot", "digit") or n.raw.strip()[:1].isdigit()
    for b in doc.blocks[prev.block + 1 : item.block]:
        text = _words(b)
        if not text:
            continue
        if digits and bare.match(text):
            return True
        if any(0 < int(m.group(1)) <= int(m.group(2)) for m in counter.finditer(text)):
            return True
    return False


def _bare(doc: Document, item: Item) -> bool:
    """Whether a numbered block is a bare name (一、农网还贷资金收入): no sentence in it."""
    text = _words(doc.blocks[item.block])
    return len(text) <= 40 and regex.search(r"[。；;，,：:]", text) is None


def sequences(doc: Document) -> list[list[Item]]:
    """Runs of numbered headings (per parent section and level) and of numbered list
    items (per section and style), in source order. A note's list (``注：1.…2.…``) is a
    run of its own; a numbered paragraph of a heading's style that fills a gap between two
    headings (a run-in ``（二）支出预算情况。…`` the converter did not make a heading) is
    one of those headings. Found once per document (NUM001 and NUM002 read them, neither
    changes them)."""
    return doc.cached("numbering-sequences", lambda: _sequences(doc))


def _sequences(doc: Document) -> list[list[Item]]:
    runs: dict[tuple, list[Item]] = {}
    notes = 0
    part = 0  # 第三部分 …: a part starts its lists anew, whether or not it was read as a heading
    note_key: tuple | None = None
    later = False  # a part named after a block's own numbered line begins after it
    last_heading: dict[str, tuple] = {}
    rows = 0  # a table read as text (a label and its figures per line) ends the lists before it
    row_like = [_is_table_row(b) for b in doc.blocks]
    # the numbering of the table rows seen last, per kind, and where: 六、and 七、 with no
    # figure after a table whose rows run 一、… 五、 are its last rows, not a list of the text
    row_number: dict[str, tuple[int, int]] = {}
    last_item: tuple[str, tuple[tuple, int]] | None = None  # the last numbered item: its style, run and value
    outer: dict[str, tuple[tuple, int]] | None = None  # the item right before a 第一部分: the level the parts sit under
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Table):
            for r in b.rows:
                first = next((c for c in r.cells if c.text.strip()), None)
                if first is not None and (n := parse_numbering(first.text.strip(), lambda _a, _b, c=first: c.span)[0]) is not None:
                    row_number[n.kind] = (n.value, i)
        n = getattr(b, "numbering", None)
        if row_like[i]:
            rows += 1
            if n is not None:
                row_number[n.kind] = (n.value, i)
            continue
        if n is not None and (
            sum(row_like[max(0, i - 3) : i + 4]) >= 2  # a numbered line amid a table's lines read as text (八、对企业资本性支出)
            or ((last := row_number.get(n.kind)) and last[0] + 1 == n.value and i - last[1] <= 3 and not prose.CLAUSE_MARK.search(_words(b)))
        ):
            # a row of the table: of its lines, or its next row after them, a label with no
            # figure (七、2022年末地方政府一般债务限额)
            row_number[n.kind] = (n.value, i)
            continue
        if later:
            part, later = part + 1, False
        text = b.title if isinstance(b, Heading) else b.text if isinstance(b, Paragraph) else ""
        if (m := _PART.search(text or "")) is not None:
            if m.start() == 0 or not getattr(b, "numbering", None):
                part += 1
            else:
                later = True
            if regex.search(r"第\s*(?:一|1)\s*(?:部分|章|篇)", m.group(0)):
                # 一、文字部分 then 第一部分…第九部分, each numbering its own 一、二、: the item
                # right before the first part is the level the parts sit under (二、表格部分 goes
                # on; a contents list that names the parts first is taken over by the body's)
                outer = {last_item[0]: last_item[1]} if last_item else {}
        if isinstance(b, Heading) and b.numbering is not None:
            parent = doc.sections[b.section].parent if b.section > 0 else 0
            key = ("h", parent, b.numbering.kind, part)
            note_key = None
            last_heading[b.numbering.kind] = key
        elif isinstance(b, Paragraph) and (n := _note_numbering(doc, b)) is not None:
            notes += 1
            note_key = ("note", notes, n.kind)
            runs.setdefault(note_key, []).append(Item(n, i))
            continue
        elif isinstance(b, Paragraph) and b.numbering is not None:
            head = last_heading.get(b.numbering.kind)
            if note_key is not None and note_key[2] == b.numbering.kind:
                key = note_key
            elif (
                head is not None and runs[head][-1].numbering.value + 1 == b.numbering.value and facts.heading_title(b) is not None
                and not ((own := runs.get(("p", b.section, b.numbering.kind, part, rows))) and own[-1].numbering.value + 1 == b.numbering.value)
            ):
                key = head  # 三、部门预算单位构成 after a list 一…十 inside 二、: the next heading, run in
            else:
                key = ("p", b.section, b.numbering.kind, part, rows)
                note_key = None
        else:
            if not isinstance(b, Paragraph):
                note_key = None
            continue
        kind, value = b.numbering.kind, b.numbering.value
        own = runs.get(key)
        if outer and kind in outer and value == outer[kind][1] + 1 and value > 1 and key[3] != outer[kind][0][3] and not (own and own[-1].numbering.value + 1 == value):
            key = outer[kind][0]  # 二、表格部分 after 第九部分's own list: the level above the parts goes on
            outer[kind] = (key, value)
        runs.setdefault(key, []).append(Item(b.numbering, i))
        last_item = (kind, (key, value))
    _fill_heading_gaps(runs)
    _merge_interleaved(runs)
    return [r for r in runs.values() if r]


def _merge_interleaved(runs: dict[tuple, list[Item]]) -> None:
    """One list read partly as headings and partly as paragraphs ((一)…(七) paragraphs, (八)
    (九) read as headings for their short first lines, (十)…(十三) paragraphs, (十四) a heading):
    when a heading run and a paragraph run of the same style and part, taken together in the
    document's order, count up one by one without a gap or a repeat, they are one run."""
    for hkey, hrun in list(runs.items()):
        if hkey[0] != "h" or len(hrun) < 2 or all(b.numbering.value == a.numbering.value + 1 for a, b in itertools.pairwise(hrun)):
            continue
        for pkey, prun in list(runs.items()):
            if pkey[0] != "p" or pkey[2] != hkey[2] or pkey[3] != hkey[3] or not prun:
                continue
            merged = sorted(hrun + prun, key=lambda it: it.block)
            values = [it.numbering.value for it in merged]
            if values == list(range(values[0], values[0] + len(values))):
                hrun[:] = merged
                prun.clear()
                break


def _continues(run: list[Item], it: Item) -> bool:
    """Whether a numbered paragraph's neighbours in its own run number on from it."""
    j = run.index(it)
    v = it.numbering.value
    return (j > 0 and run[j - 1].numbering.value == v - 1) or (j + 1 < len(run) and run[j + 1].numbering.value == v + 1)


def _fill_heading_gaps(runs: dict[tuple, list[Item]]) -> None:
    """Move numbered paragraphs that stand in a gap of a heading run (（一）H …（二）p …
    （三）H), in order, into it, in place; a gap they leave is still a gap."""
    for key, run in list(runs.items()):
        if key[0] != "h":
            continue
        kind = key[2]
        k = 0
        while k + 1 < len(run):
            a, b = run[k], run[k + 1]
            if b.numbering.value > a.numbering.value + 1:
                wanted = list(range(a.numbering.value + 1, b.numbering.value))
                found: list[tuple[tuple, Item]] = []
                for pkey, prun in runs.items():
                    if pkey[0] == "p" and pkey[2] == kind:
                        found += [(pkey, it) for it in prun if a.block < it.block < b.block]
                # a paragraph whose own list goes on around it (（十一）…（十二）…（十三）) stays in it
                found = [(pk, it) for pk, it in found if not _continues(runs[pk], it)]
                found.sort(key=lambda x: x[1].block)
                values = [it.numbering.value for _k, it in found]
                if values and all(v in wanted for v in values) and values == sorted(set(values)):
                    for pkey, it in found:
                        runs[pkey].remove(it)
                    run[k + 1 : k + 1] = [it for _k, it in found]
                    k += len(found)
            k += 1


def _run_in(doc: Document, prev: Item, item: Item, n: Numbering, missing: range) -> bool:
    """Whether the numbers missing between two items stand, in order, inside the text
    between them, each after a sentence's end or a line's start (a converter that did not
    break the paragraph before a run-in ``（八）负责…``). Two or more bracketed numbers in
    a row may also follow a word: a list of names run into one paragraph
    (``（二）法规处（三）审批处（四）财务处``), broken where the page's lines happen to start."""
    text = "\n".join(b.text for b in doc.blocks[prev.block : item.block] if isinstance(b, Paragraph))
    bracketed = n.kind in ("cn_paren", "arabic_paren")
    lead = r"(?<!第)" if bracketed and len(missing) >= 2 else r"(?:^|(?<=[。；;！!？?：:\s]))"
    at = 0
    for value in missing:
        mark = _show(n, value)
        if n.kind in ("cn", "arabic"):
            mark = mark[:-1]  # 八、 or 8. / 8．: the separator varies
        body = r"[（(]" + regex.escape(mark[1:-1]) + r"[）)]" if bracketed else regex.escape(mark)  # （八） or (八）: widths vary
        m = regex.compile(lead + body + (r"[、.．]" if n.kind in ("cn", "arabic") else "")).search(text, at)
        if m is None:
            return False
        at = m.end()
    return True


class NumberingOutOfSequence(Check):
    """标题或列表编号不连续（跳号或重号）。
    Heading or list numbering skips or repeats a number.

    同一级别的编号须依次递增；从“一”或“1”重新开始视为新的一组。

    反例::

        ## 一、基本情况

        ## 二、绩效目标

        ## 四、存在问题

    正例::

        ## 一、基本情况

        ## 二、绩效目标

        ## 三、存在问题
    """

    code = "NUM001"
    name = "numbering.out-of-sequence"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for run in sequences(doc):
            region = report.infer(doc).government
            expect_after = None  # the value the previous item stands for
            prev: Item | None = None
            ok = 0
            outer: list[int] = []  # the values a restarted list interrupted (一、…二、[一、…十、]三、)
            for k, item in enumerate(run):
                n = item.numbering
                if prev is not None and n.value == 1 and expect_after is not None and expect_after >= 1:
                    outer.append(expect_after)
                if prev is None or n.value == 1 or n.value == expect_after + 1:
                    ok += 1
                    prev, expect_after = item, n.value
                    continue
                if outer and n.value == outer[-1] + 1:
                    # a list nested at the same level ended and the outer one goes on
                    outer.pop()
                    ok += 1
                    prev, expect_after = item, n.value
                    continue
                if (n.value > expect_after + 1 and _run_in(doc, prev, item, n, range(expect_after + 1, n.value))) or \
                        (1 < n.value <= expect_after and _run_in(doc, prev, item, n, range(1, n.value))):
                    # … 9． then 具体包括：1. 本部 / 2. …: a new list whose first item runs in
                    # （七）…。（八）… （九）: the missing items run on in the paragraph before
                    ok += 1
                    prev, expect_after = item, n.value
                    continue
                if n.value == expect_after + 2 and _bare_number_between(doc, prev, item, expect_after + 1, n):
                    # 1.… 2 公共安全支出… 3.…: the item is there, its number printed without the mark
                    # (or glued after a printed page's counter: 5/64.…)
                    ok += 1
                    prev, expect_after = item, n.value
                    continue
                p = prev.numbering
                kind = "repeat" if n.value == expect_after else "gap" if n.value > expect_after else "back"
                expected = _show(n, expect_after + 1)
                zh = {"repeat": "重复", "gap": "跳号", "back": "倒序"}[kind]
                en = {"repeat": "repeats", "gap": "skips", "back": "goes back"}[kind]
                yield self.finding(
                    f"编号{zh}：“{n.raw.strip()}”紧接在“{p.raw.strip()}”之后，应为“{expected}”",
                    f"numbering {en}: '{n.raw.strip()}' follows '{p.raw.strip()}'; expected '{expected}'",
                    n.span,
                    label=(f"应为 {expected}", f"expected {expected}"),
                    related=[(p.span, f"上一个编号 {p.raw.strip()}", f"previous number {p.raw.strip()}")],
                    hint=(f"改为“{expected}”，或检查是否漏了一节", f"renumber as '{expected}', or check for a missing item"),
                    # a region's budget appends its tables, often as text: a bare item name with a
                    # number there may be a table's row, so a break between two of them is a note
                    # and an item missing where a page turns may be text the page lost (a damaged
                    # page, a folio or running line taken with it): a note as well
                    reading="inferred" if (region and kind != "repeat" and _bare(doc, item) and _bare(doc, prev)) or _across_pages(kind, prev, item) else "confirmed",
                )
                # resynchronise: when the next number follows the expected one, this item was
                # misnumbered (one slip, reported once); otherwise the sequence goes on from here
                nxt = run[k + 1].numbering.value if k + 1 < len(run) else None
                expect_after = expect_after + 1 if nxt == expect_after + 2 else n.value
                prev = item
            if len(run) > 1 and ok == len(run):
                first, last = run[0].numbering, run[-1].numbering
                yield self.verified(f"编号连续：{first.raw.strip()} … {last.raw.strip()}", f"numbering in sequence: {first.raw.strip()} … {last.raw.strip()}", [first.span, last.span])


class NumberingMixedBrackets(Check):
    """同一级编号混用全角与半角括号。
    One numbering level is written with both full- and half-width brackets.

    反例::

        ## 一、概况

        ### (一) 部门职能

        ### （二）机构设置

    正例::

        ## 一、概况

        ### （一）部门职能

        ### （二）机构设置
    """

    code = "NUM002"
    name = "numbering.mixed-brackets"
    severity = Severity.INFO

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for run in sequences(doc):
            widths = {i.numbering.bracket for i in run if i.numbering.bracket}
            if len(widths) < 2:
                continue
            counts = {w: sum(1 for i in run if i.numbering.bracket == w) for w in widths}
            usual = max(counts, key=lambda w: (counts[w], w == "full"))
            for i in run:
                if i.numbering.bracket and i.numbering.bracket != usual:
                    zh = "全角" if usual == "full" else "半角"
                    yield self.finding(
                        f"编号“{i.numbering.raw.strip()}”的括号与同级其他编号（{zh}）不一致",
                        f"'{i.numbering.raw.strip()}' uses other brackets than the rest of its level ({usual}-width)",
                        i.numbering.span,
                    )


def _across_pages(kind: str, prev: Item, item: Item) -> bool:
    """Whether a skipped number falls where the page turns between two items."""
    a, b = prev.numbering.span.page, item.numbering.span.page
    return kind == "gap" and a is not None and b is not None and a != b
