"""Numbering (NUM): heading and list numbering runs in sequence within each level —
no gap, no repeat (a sequence may restart at 1); one level written with both half- and
full-width brackets is noted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from auditor.check import Check
from auditor.findings import Finding, Severity, Verified
from auditor.model import Document, Heading, Numbering, Paragraph

_CN = "零一二三四五六七八九十"


def _show(n: Numbering, value: int) -> str:
    if n.kind in ("cn", "cn_paren"):
        text = _CN[value] if value <= 10 else ("十" + _CN[value - 10] if value < 20 else str(value))
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


def sequences(doc: Document) -> list[list[Item]]:
    """Runs of numbered headings (per parent section and level) and of numbered list
    items (per section and style), in source order."""
    runs: dict[tuple, list[Item]] = {}
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Heading) and b.numbering is not None:
            parent = doc.sections[b.section].parent if b.section > 0 else 0
            key = ("h", parent, b.numbering.kind)
        elif isinstance(b, Paragraph) and b.numbering is not None:
            key = ("p", b.section, b.numbering.kind)
        else:
            continue
        runs.setdefault(key, []).append(Item(b.numbering, i))
    return list(runs.values())


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
            expect_after = None  # the value the previous item stands for
            prev: Item | None = None
            ok = 0
            for k, item in enumerate(run):
                n = item.numbering
                if prev is None or n.value == 1 or n.value == expect_after + 1:
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
