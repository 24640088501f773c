"""The identities between the standard tables of 预算/决算公开 (DIS).

The tables are recognised by caption (:mod:`auditor.knowledge.disclosure`), their figures read as
facts (:mod:`auditor.facts`); each identity is a relation between facts of two or more
tables, and each finding names the cells of both.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import facts
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith
from auditor.document.model import Document, Heading, Paragraph, Table
from auditor.document.source import squeeze
from auditor.document.tables import ends_page, sum_relations
from auditor.facts import Fact
from auditor.knowledge import disclosure, report


def _where(f: Fact) -> str:
    cap = f.table.caption if f.table is not None and f.table.caption else "表格"
    return f"「{cap}」{f.name or f.item}"


def _std_facts(doc: Document) -> list[Fact]:
    return [f for f in facts.facts(doc).table_facts if f.standard is not None and f.role == "level" and f.item]


def _one(found: list[Fact]) -> Fact | None:
    """The fact, when the facts found agree on one value (a table may list it twice)."""
    if not found:
        return None
    first = found[0]
    if all(arith.compare_quantities(first.q, f.q) is not arith.Verdict.MISMATCH for f in found[1:]):
        return first
    return None


def _pick(fs: list[Fact], item: str | tuple[str, ...], **dims) -> Fact | None:
    items = (item,) if isinstance(item, str) else item
    return _one([f for f in fs if f.item in items and all(getattr(f, k) == v for k, v in dims.items())])


def _fmt_sum(value: Decimal, like) -> str:
    return arith.fmt(value, like.q, like.q.decimals)


class TotalsBalance(Check):
    """收支总表的收入总计与支出总计不相等。
    The income total of a 收支总表 does not equal its expenditure total.

    财务收支预算总表、财政拨款收支预算总表、收入支出决算总表、财政拨款收入支出决算总表的
    收入总计（决算含年初结转和结余）必须等于支出总计（决算含结余分配、年末结转和结余）。
    预算的财政拨款收支总表中，各资金的收入（一般公共预算资金等）等于该资金的支出总计。

    反例::

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 860.00 | 一、教育支出 | 700.00 |
        | 二、事业收入 | 40.00 | 二、住房保障支出 | 190.00 |
        | 收入总计 | 900.00 | 支出总计 | 890.00 |

    正例::

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 860.00 | 一、教育支出 | 710.00 |
        | 二、事业收入 | 40.00 | 二、住房保障支出 | 190.00 |
        | 收入总计 | 900.00 | 支出总计 | 900.00 |
    """

    code = "DIS001"
    name = "disclosure.totals-unbalanced"
    severity = Severity.ERROR

    IDENTITY = ("收入总计 = 支出总计（收支总表）", "income total = expenditure total (summary tables)")

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        # a region's revenue and spending tables (全市收入总计 against 支出总计 of all levels,
        # one printed beside the other) are not a department's balanced summary: a note
        self._reading = "inferred" if report.infer(doc).government else "confirmed"
        out = list(self._evaluate(doc))
        yield from out
        if _is_disclosure(doc):
            held, failed = _tally(out)
            yield self.attempt(self.IDENTITY, held, failed, _why_not(doc, ("summary",), "收入总计、支出总计", "the income and expenditure totals"))

    def _evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        by_table: dict[int, list[Fact]] = {}
        for f in _std_facts(doc):
            if f.standard.key.endswith(("summary",)):
                by_table.setdefault(id(f.table), []).append(f)
        done: set[int] = set()
        for fs in by_table.values():
            t = fs[0].table
            fund = fs[0].standard.fund
            income = _pick(fs, "收入总计", fund=fund)
            # one 支出总计 a panel: 支出 by function and 支出 by economic class each balance the income
            panels: dict[int, list[Fact]] = {}
            for f in fs:
                if f.item == "支出总计" and f.fund == fund:
                    panels.setdefault(f.row.side if f.row is not None else -1, []).append(f)
            for side_facts in panels.values():
                spent = _one(side_facts)
                if income is not None and spent is not None:
                    done.add(id(t))
                    yield from self._judge(income, spent, "收入总计", "支出总计")
            if fs[0].standard.kind == "预算" and not any("结转" in r.label or "结余" in r.label for r in t.side_rows):
                for narrow in ("一般公共预算", "政府性基金", "国有资本经营"):
                    line = _pick(fs, "财政拨款收入", fund=narrow, flow="收入")
                    out = _pick(fs, "支出总计", fund=narrow)
                    if line is not None and out is not None and fund == "财政拨款":
                        yield from self._judge(line, out, f"{narrow}收入", f"{narrow}支出总计")
        for table in doc.tables:
            if id(table) not in done:
                yield from self._by_rows(table)

    def _by_rows(self, table: Table) -> Iterator[Finding | Verified]:
        """收入总计 = 支出总计 in any table that has both rows (a 收支总表 whose caption is not
        recognised, in one, two or three panels): each 支出 panel against the income."""
        def rows_named(names: tuple[str, ...]) -> list:
            return [r for r in table.side_rows if squeeze(r.label) in names and _first_figure(r) is not None]

        income = rows_named(("收入总计",)) or rows_named(("收入合计",))
        spent = rows_named(("支出总计",)) or rows_named(("支出合计",))
        if len(income) != 1 or not spent:
            return
        inc = income[0]
        cap = table.caption or "收支总表"
        a = _first_figure(inc)
        for r in spent:
            b = _first_figure(r)
            if r is inc or b is None:
                continue
            an, bn = squeeze(inc.label), squeeze(r.label)
            if arith.compare_quantities(a.quantity, b.quantity) is not arith.Verdict.MISMATCH:
                yield self.verified(f"「{cap}」{an} {a.text} = {bn} {b.text}", f"'{cap}' {an} {a.text} = {bn} {b.text}", [a.span, b.span])
                continue
            yield self._unequal(cap, an, a.text, a.span, bn, b.text, b.span)

    def _judge(self, a: Fact, b: Fact, an: str, bn: str) -> Iterator[Finding | Verified]:
        cap = a.table.caption
        if arith.compare_quantities(a.q, b.q) is not arith.Verdict.MISMATCH:
            yield self.verified(f"「{cap}」{an} {a.q.raw} = {bn} {b.q.raw}", f"'{cap}' {an} {a.q.raw} = {bn} {b.q.raw}", [a.span, b.span])
            return
        yield self._unequal(cap, an, a.q.raw, a.span, bn, b.q.raw, b.span)

    def _unequal(self, cap: str, an: str, a_text: str, a_span, bn: str, b_text: str, b_span) -> Finding:
        return self.finding(
            f"「{cap}」的{bn} {b_text} 与{an} {a_text} 不相等",
            f"'{cap}': {bn} {b_text} does not equal {an} {a_text}",
            b_span,
            label=(f"{an}为 {a_text}", f"{an} is {a_text}"),
            related=[(a_span, f"{an} {a_text}", f"{an} {a_text}")],
            hint=("收支总表的收入与支出两方必须平衡", "the two sides of the summary table must balance"),
            reading=self._reading,
        )


_COVERAGE = regex.compile(r"全[省市县区州盟旗]|[省市县区州]本级|本级|[省市县区州]级(?!部门|单位|预算单位)|汇总")


def _coverage(f: Fact) -> str:
    """What a table covers when its caption says so: 全市 (with the counties), 市本级 …"""
    m = _COVERAGE.search(f.table.caption or "") if f.table is not None else None
    return m.group(0) if m else ""


def _carried(f: Fact) -> bool:
    """Whether a table fact's row, or a row it is part of, is a carry-over (结转, 结余)."""
    if f.row is None or f.table is None:
        return False
    row, seen = f.row, 0
    while row is not None and seen < 10:
        if "结转" in row.label or "结余" in row.label:
            return True
        row = f.table.side_rows[row.parent] if row.parent is not None and row.parent < len(f.table.side_rows) else None
        seen += 1
    return False


def _in_row_elsewhere(f: Fact, other: Fact) -> bool:
    """Whether ``other``'s amount stands in ``f``'s table row under another column."""
    if f.row is None or f.table is None:
        return False
    cells = [c for c in f.row.values.values() if c.quantity is not None and c.span != f.span]
    return any(c.quantity.value != 0 and arith.compare_quantities(c.quantity, other.q) is not arith.Verdict.MISMATCH for c in cells)


def _less_than_a_class(line, classes: list, col: int) -> bool:
    """Whether a row read as a unit's line is smaller, in column ``col``, than one of the
    classes under it: a whole is no less than any of its parts, so it is no unit's line."""
    own = line.values.get(col)
    if own is None or own.quantity is None:
        return False
    return any(c.quantity.value > own.quantity.value for r in classes if (c := r.values.get(col)) is not None and c.quantity is not None)


def _first_figure(row):
    """The first value cell of a table row that holds a figure."""
    return next((c for c in row.values.values() if c.quantity is not None), None)


def _tally(items: list) -> tuple[int, int]:
    held = sum(1 for x in items if isinstance(x, Verified))
    failed = sum(1 for x in items if isinstance(x, Finding) and x.severity is not Severity.INFO)
    return held, failed


def _is_disclosure(doc: Document) -> bool:
    """A 预算/决算 disclosure: a table or a 目录 line names a standard table."""
    return doc.cached("is-disclosure", lambda: any(disclosure.identify(t.caption) is not None for t in doc.tables) or bool(_contents(doc)))


# 附件：北京市交通委员会2026年度部门预算报表: the tables published as a file of their own
_ATTACHED = regex.compile(r"附件\s*[：:]?[^。；\n]{0,40}?(?:报表|预算表|决算表)")


def _why_not(doc: Document, keys: tuple[str, ...], what_zh: str, what_en: str) -> tuple[str, str]:
    """Why an identity over the standard tables whose key ends with one of ``keys`` was not
    attempted: the table is absent, empty (by its note or without figures), or its figures
    were not found where the structure should put them."""
    tables = [t for t in doc.tables if (std := disclosure.identify(t.caption)) is not None and std.key.endswith(keys)]
    if not tables:
        if not any(disclosure.identify(t.caption) is not None for t in doc.tables) and any(
                _ATTACHED.search(b.text) for b in doc.blocks if isinstance(b, Paragraph)):
            return ("所需的标准表不在本文件中（报表见附件）", "the standard tables are not in this file (they are in an attachment)")
        return ("报告中未见所需的标准表", "the standard table it needs is not in the report")
    if not any(_has_figures(t) for t in tables):
        noted = any(disclosure.EMPTY_NOTE.search(p.text) for t in tables for p in _following_text(doc, t) if isinstance(p, Paragraph))
        if noted:
            return ("所需的表为空（表下说明为空表）", "the table it needs is empty, as its note says")
        return ("所需的表没有数据", "the table it needs has no figures")
    if report.infer(doc).government:
        # a region's government budget: its tables (一般公共预算基本支出表 by economic class …)
        # are not a department's and need not split these columns; nothing was misread
        return (f"地区（政府）预算的表不按部门口径分列{what_zh}", f"a region's government tables do not split {what_en} as a department's do")
    return (f"表中未找到{what_zh}：表格结构未能识别", f"{what_en} were not found in the table: structure not understood")


class SameFactAcrossTables(Check):
    """同一数字在两张标准表中金额不同。
    The same figure has different amounts in two standard tables.

    同一科目编码（或同一项目）、同一口径（预算/决算）、同一年度、同一资金范围、同一栏目
    （合计、基本支出、项目支出……）的数字，在列出它的每一张标准表中必须相同：如财政拨款收支
    总表的一般公共预算栏等于一般公共预算支出表，收支总表的支出各类等于支出总表，收入总表的
    各项收入等于收支总表的收入各行。维度未知或不同的数字不比较。

    反例::

        2024年部门支出预算总表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 205 | 教育支出 | 700.00 | 500.00 | 200.00 |
        | 221 | 住房保障支出 | 200.00 | 200.00 |  |
        | 合计 |  | 900.00 | 700.00 | 200.00 |

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 900.00 | 一、教育支出 | 710.00 |
        |  |  | 二、住房保障支出 | 190.00 |
        | 收入总计 | 900.00 | 支出总计 | 900.00 |

    正例::

        2024年部门支出预算总表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 205 | 教育支出 | 700.00 | 500.00 | 200.00 |
        | 221 | 住房保障支出 | 200.00 | 200.00 |  |
        | 合计 |  | 900.00 | 700.00 | 200.00 |

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 900.00 | 一、教育支出 | 700.00 |
        |  |  | 二、住房保障支出 | 200.00 |
        | 收入总计 | 900.00 | 支出总计 | 900.00 |
    """

    code = "DIS002"
    name = "disclosure.fact-differs-between-tables"
    severity = Severity.ERROR

    IDENTITY = ("同一事实在各标准表中一致（资金栏与资金表等）", "the same fact agrees across the standard tables (fund columns and fund tables …)")

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        out = list(self._evaluate(doc))
        yield from out
        if _is_disclosure(doc):
            held, failed = _tally(out)
            yield self.attempt(self.IDENTITY, held, failed, ("没有两张标准表列出同一事实（表缺失、为空或结构未能识别）", "no fact is listed in two standard tables (tables absent, empty or not understood)"))

    def _evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        groups: dict[tuple, list[Fact]] = {}
        # a document that names no year anywhere (a volume of tables): its tables are of the
        # one year it is about, unknown but the same; else a fact of no period is compared with none
        info = report.infer(doc)
        yearless = info.year is None
        no_year = ("年度未注明", "year not stated") if yearless else ()  # how a fact of no year is described
        for f in _std_facts(doc):
            if f.measure is None or (f.period is None and not yearless) or f.fund is None or f.flow is None:
                continue
            groups.setdefault(f.dims(), []).append(f)
        government = info.government
        for fs in groups.values():
            if len({_coverage(f) for f in fs}) > 1:
                continue  # 市本级 and 全市 tables: the same item over different entities
            if government and any(f.table is None or facts.level_in(f.table.caption) is None for f in fs):
                continue  # in a region's budget a table that says neither 全市 nor 市本级 could be either
            if len({_carried(f) for f in fs}) > 1:
                continue  # a carry-over's part (上年结转 → 其中：财政拨款) is not the year's income of that fund
            tables = {id(f.table) for f in fs}
            if len(tables) < 2:
                continue
            if any(arith.compare_quantities(a.q, b.q) is arith.Verdict.MISMATCH for a in fs for b in fs if a is not b and a.table is b.table):
                continue  # one table gives two values to these words (一个款 and a 项 named alike): not one fact
            # the value most tables agree with; ties go to the first table
            votes: list[list[Fact]] = []
            for f in fs:
                for g in votes:
                    if arith.compare_quantities(g[0].q, f.q) is not arith.Verdict.MISMATCH:
                        g.append(f)
                        break
                else:
                    votes.append([f])
            major = max(votes, key=lambda g: (len({id(x.table) for x in g}), -fs.index(g[0])))
            ref = major[0]
            if len(votes) == 1:
                names = "、".join(dict.fromkeys(f"「{f.table.caption}」" for f in fs))
                yield self.verified(
                    f"{ref.name or ref.item}（{ref.describe(*no_year[:1])}）{ref.q.raw} 在 {names} 中一致",
                    f"{ref.name or ref.item} ({ref.describe(*no_year[1:])}) {ref.q.raw} agrees in {len(tables)} tables",
                    [f.span for f in fs],
                )
                continue
            if len(votes) > 2:
                continue  # no value most tables agree with: not one fact after all
            for g in votes:
                if g is major:
                    continue
                for f in g:
                    if _in_row_elsewhere(f, ref) or _in_row_elsewhere(ref, f):
                        # the other table's amount stands in the same row under another
                        # column: the columns' meaning was misread, not the figure
                        yield self.finding(
                            f"{_where(f)} {f.q.raw} 与{_where(ref)} {ref.q.raw} 不符，但该金额见于同一行的另一栏：表格栏目未能识别，未作核对",
                            f"{f.table.caption} '{f.name or f.item}' {f.q.raw} differs from {ref.q.raw} in '{ref.table.caption}', which stands in another column of the same row: columns not understood, not checked",
                            f.span,
                            related=[(ref.span, f"{_where(ref)} {ref.q.raw}", f"{ref.table.caption} {ref.q.raw}")],
                            reading="unconfirmed",
                        )
                        continue
                    yield self.finding(
                        f"{_where(f)} {f.q.raw} 与{_where(ref)} {ref.q.raw} 不符（同一科目、口径、资金、年度）",
                        f"{f.table.caption} '{f.name or f.item}' {f.q.raw} differs from {ref.table.caption} '{ref.name or ref.item}' {ref.q.raw} (same item, measure, fund and year)",
                        f.span,
                        label=(f"另表为 {ref.q.raw}", f"the other table has {ref.q.raw}"),
                        related=[(x.span, f"{_where(x)} {x.q.raw}", f"{x.table.caption} {x.q.raw}") for x in major],
                        hint=(f"两表应列同一金额（{ref.describe(*no_year[:1])}）", f"both tables should state one amount ({ref.describe(*no_year[1:])})"),
                        # a region's tables tell each item for several levels, years and
                        # classifications under like captions: a difference there is a note
                        reading="inferred" if government else "confirmed",
                    )


_BASIC_HINT = ("基本支出 = 人员经费（工资福利支出、对个人和家庭的补助）+ 公用经费（其余各类）",
               "basic expenditure = personnel (wages, transfers to households) + public (the other classes)")


class BasicExpenditureParts(Check):
    """基本支出不等于人员经费与公用经费之和（跨表）。
    Basic expenditure does not equal personnel plus public expenses, across tables.

    一般公共预算（财政拨款）基本支出表的人员经费与公用经费之和，等于一般公共预算支出表
    的基本支出合计。

    反例::

        2023年度一般公共预算财政拨款支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 212 | 城乡社区支出 | 520.00 | 320.00 | 200.00 |
        | 合计 |  | 520.00 | 320.00 | 200.00 |

        2023年度一般公共预算财政拨款基本支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 决算数 |
        | --- | --- | --- |
        | 301 | 工资福利支出 | 250.00 |
        | 302 | 商品和服务支出 | 60.00 |
        |  | 人员经费合计 | 250.00 |
        |  | 公用经费合计 | 60.00 |

    正例::

        2023年度一般公共预算财政拨款支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 212 | 城乡社区支出 | 520.00 | 310.00 | 210.00 |
        | 合计 |  | 520.00 | 310.00 | 210.00 |

        2023年度一般公共预算财政拨款基本支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 决算数 |
        | --- | --- | --- |
        | 301 | 工资福利支出 | 250.00 |
        | 302 | 商品和服务支出 | 60.00 |
        |  | 人员经费合计 | 250.00 |
        |  | 公用经费合计 | 60.00 |
    """

    code = "DIS003"
    name = "disclosure.basic-expenditure-parts"
    severity = Severity.ERROR

    IDENTITY = ("基本支出 = 人员经费 + 公用经费", "basic expenditure = personnel + public expenses")
    SPLIT = ("支出合计 = 基本支出 + 项目支出", "expenditure total = basic + project expenditure")
    THREE_PUBLIC = ("“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费", "三公 expenses = travel abroad + reception + official cars")

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        out = list(self._evaluate(doc))
        yield from out
        if not _is_disclosure(doc):
            return
        held, failed = _tally(out)
        if not held and not failed:
            # no fact of the standard shape: the columns of one table (合计 | 人员经费 | 公用经费
            # under 基本支出, however they are named)
            own = list(self._by_columns(doc, _BASIC_PARTS, basic=True))
            yield from (x for x in own if isinstance(x, Verified))
            held, failed = _tally(own)
        if not held and not failed:
            # no 人员经费 / 公用经费 column anywhere: the basic table's classes make them
            # (人员经费 = 工资福利支出 + 对个人和家庭的补助, 公用经费 = the other classes)
            own = list(self._by_classes(doc))
            # a difference is DIS002's or TBL001's to report, but for a unit's line over flat rows
            yield from (x.finding if isinstance(x, _Reported) else x for x in own if isinstance(x, (Verified, _Reported)))
            held, failed = _tally([x.finding if isinstance(x, _Reported) else x for x in own])
        yield self.attempt(self.IDENTITY, held, failed, _why_not(doc, ("basic",), "基本支出、人员经费与公用经费", "basic expenditure, personnel and public expenses"))
        split = list(self._split(doc))
        if not split:
            split = list(self._by_columns(doc, _SPLIT_PARTS, basic=False))
        yield from (x for x in split if isinstance(x, Verified))
        held, failed = _tally(split)
        yield self.attempt(self.SPLIT, held, failed, _why_not(doc, ("expenditure", "function", "gpb"), "支出合计及其基本支出、项目支出栏", "the expenditure total with its basic and project columns"))
        held = failed = 0
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None or not std.key.endswith("three-public"):
                continue
            for rel in sum_relations(t):
                if rel.kind == "of_which":
                    continue
                # the table's own sums (TBL001/TBL002 report a failure): 三公 = its parts
                parts = [rel.parts, *rel.alternatives]
                ok = any(arith.interval(rel.whole.quantity).overlaps(arith.total(c.quantity for c in ps)) for ps in parts)
                held, failed = held + ok, failed + (not ok)
        if not held and not failed:
            own = list(self._three_public_by_headers(doc))
            yield from own  # no other check sums these columns: a difference is reported here
            held, failed = _tally(own)
        yield self.attempt(self.THREE_PUBLIC, held, failed, _why_not(doc, ("three-public",), "三公经费及其各项的合计关系", "the 三公 total and its parts"))

    def _by_columns(self, doc: Document, names: tuple[tuple[frozenset[str], ...], frozenset[str]], basic: bool) -> Iterator[Finding | Verified]:
        """The identity on the total row of each standard expenditure table, from its column
        headers: a total column (合计, 小计 …) and, under the same header, the columns of its
        parts (基本支出 and 项目支出, or 人员经费 and 公用经费 under 基本支出 — 人员支出,
        日常公用支出 … are the same parts). A group with another column holding a figure (a
        part the identity does not name: 单位预留机动经费) is taken whole when all its columns
        add up to the total, else left alone. A table that is one line of figures under its
        headers has that line for its total. Only records: within one table the column total
        check (TBL002) reports a failure."""
        needs, allowed = names
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None and ("基本支出" if basic else "支出") in t.caption and "收入" not in t.caption and "收支" not in t.caption:
                pass  # an expenditure table of another name (…支出明细表（按功能科目分）): its columns say enough
            elif std is None or not std.key.endswith(("expenditure", "function", "gpb", "basic")):
                continue
            cols = [c for c in t.columns if c.role == "value" and c.additive]
            named = {c.index: _column_name(c.header) for c in cols}
            grand = [r for r in t.side_rows if r.role == "total"]
            items = [r for r in t.side_rows if r.role == "item" and r.parent is None]
            if not grand and items and not items[0].code and items[0].label and all(r.code for r in items[1:]):
                grand = items[:1]  # 深圳市信访局 heading its classes: the unit's line is the table's total
            elif not grand and len(t.side_rows) == 1 and not t.side_rows[0].label and not t.side_rows[0].code:
                grand = list(t.side_rows)  # one line of figures under the headers (江苏: 合计 | 基本支出 | …): the total
            for row in grand:
                for w in cols:
                    _name, _group, whole_of = named[w.index]
                    if whole_of is None:
                        continue
                    if basic and not (any("基本支出" in g for g in whole_of) or (not whole_of and (std.part == "基本支出" if std else "基本支出" in t.caption))):
                        continue
                    siblings = [c for c in cols if c is not w and named[c.index][1] == whole_of]
                    parts = [c for c in siblings if named[c.index][0] in allowed]
                    if any(named[c.index][0] == "基本支出" for c in parts):
                        parts = [c for c in parts if named[c.index][0] not in ("人员经费", "公用经费")]  # 基本支出's own breakdown
                    if not any(need <= {named[c.index][0] for c in parts} for need in needs):
                        continue
                    whole = row.values.get(w.index)
                    cells = [row.values.get(c.index) for c in parts]
                    others = [row.values.get(c.index) for c in siblings if c not in parts]
                    if whole is None or whole.quantity is None or whole.quantity.value == 0 or any(c is None or c.quantity is None for c in cells):
                        continue
                    if any(o is not None and o.quantity is not None and o.quantity.value != 0 for o in others):
                        # a part the identity does not name holds a figure (单位预留机动经费,
                        # 结转下年资金 beside 基本支出 and 项目支出): the total is shown to be made
                        # of all its columns only when they add up to it; else not attempted here
                        # (the table's own row sum is TBL002's)
                        more = [c for c in siblings if c not in parts and row.values.get(c.index) is not None and row.values[c.index].quantity is not None]
                        if any(o is not None and o.quantity is None and o.text.strip() for o in others):
                            continue
                        if any(squeeze(c.header.split("/")[-1]).startswith("其中") for c in more):
                            continue  # a column of a part's part (其中：…) is not one more part
                        every = cells + [row.values[c.index] for c in more]
                        if arith.compare(arith.interval(whole.quantity), arith.total(c.quantity for c in every)) is arith.Verdict.MISMATCH:
                            continue
                        parts, cells = parts + more, every
                    terms = " + ".join(c.text for c in cells)
                    label = "、".join(named[c.index][0] for c in parts)
                    if arith.compare(arith.interval(whole.quantity), arith.total(c.quantity for c in cells)) is not arith.Verdict.MISMATCH:
                        yield self.verified(f"「{t.caption}」{row.label}·{w.leaf} {whole.text} = {label} {terms}", f"'{t.caption}' {row.label} {whole.text} = {terms}", [whole.span, *[c.span for c in cells]])
                    else:
                        yield self.finding(f"「{t.caption}」{row.label}·{w.leaf} {whole.text} ≠ {terms}", f"'{t.caption}' {whole.text} ≠ {terms}", whole.span)
                break  # the first total row of the table

    def _by_classes(self, doc: Document) -> Iterator[Finding | Verified]:
        """基本支出 = 人员经费 + 公用经费 where a 基本支出表 lists economic classes only (301 …
        399, by code or by name, in one column of figures): 人员经费 is 工资福利支出 + 对个人
        和家庭的补助, 公用经费 the other classes. The whole is the 基本支出 total of the
        一般公共预算 支出 table when there is exactly one, else the basic table's own total.
        A table with no 合计 row whose unit's line heads flat rows (深圳市信访局, 工资福利支出,
        基本工资 …: the classes known by name) is read against that line. Records, but for
        that last shape: a difference between the two tables' totals is the same fact told
        twice (DIS002 reports it), one within the basic table its sum (TBL001); over flat rows
        no other check adds the classes up, so its failure is reported here."""
        wholes = []
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None or std.key not in ("budget.gpb-function", "final.gpb"):
                continue
            total = next((r for r in t.side_rows if r.role == "total"), None)
            for c in t.columns:
                if total is not None and c.role == "value" and c.additive and _column_name(c.header)[0] == "基本支出":
                    cell = total.values.get(c.index)
                    if cell is not None and cell.quantity is not None and cell.quantity.value != 0:
                        wholes.append((t, cell))
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if (std is None or not std.key.endswith("gpb-basic")) and "基本支出" not in t.caption:
                continue
            values = [c for c in t.columns if c.role == "value" and c.additive]
            total = next((r for r in t.side_rows if r.role == "total"), None)
            tops = [r for r in t.side_rows if r.role == "item" and r.parent is None and (r.label or r.code)]
            kinds = [_class_kind(r) for r in tops]
            unit_line = False
            if total is None and tops and not tops[0].code and kinds[0] is None and kinds.count(None) < len(kinds):
                unit_line = True  # (its columns are all funds': compared with its own line only)
                # 深圳市信访局 over 工资福利支出, 基本工资 … all flat: the unit's line is the total,
                # the rows named as classes are the classes, the others their items
                total, tops = tops[0], [r for r, k in zip(tops, kinds, strict=True) if k is not None]
                kinds = [k for k in kinds if k is not None]
                values = [c for c in values if _column_name(c.header)[2] == ()]  # its 总计 column
            if len(values) != 1 or total is None or len(tops) < 2:
                continue
            if None in kinds or "people" not in kinds or "public" not in kinds:
                continue
            if unit_line and _less_than_a_class(total, tops, values[0].index):
                continue  # the rest of a table cut by a page (因公出国(境)费用 248 over 对个人和家庭的补助 217,832): no unit's line
            col = values[0].index
            cells = {k: [r.values.get(col) for r, kk in zip(tops, kinds, strict=True) if kk == k] for k in ("people", "public")}
            cells = {k: [c for c in v if c is not None and c.quantity is not None] for k, v in cells.items()}
            own = total.values.get(col)
            if own is None or own.quantity is None or not cells["people"]:
                continue
            across = len({w.text for _, w in wholes}) == 1 and not unit_line
            wt, whole = wholes[0] if across else (t, own)
            people, public = arith.total(c.quantity for c in cells["people"]), arith.total(c.quantity for c in cells["public"])
            terms = f"{' + '.join(c.text for c in cells['people'])}（人员经费） + {' + '.join(c.text for c in cells['public']) or '0'}（公用经费）"
            if arith.compare(arith.interval(whole.quantity), people + public) is not arith.Verdict.MISMATCH:
                yield self.verified(f"「{wt.caption}」基本支出 {whole.text} = {terms}（「{t.caption}」）", f"'{wt.caption}' basic expenditure {whole.text} = personnel + public by class in '{t.caption}'", [whole.span, *[c.span for v in cells.values() for c in v]])
            elif ends_page(doc, t):
                continue  # the table goes on overleaf, where the reader did not join it: its other classes may stand there
            elif wt is not t:
                exact = sum((c.quantity.value for v in cells.values() for c in v), Decimal(0))
                value = _fmt_sum(exact, _Like(whole.quantity))
                yield self.finding(
                    f"「{wt.caption}」的基本支出 {whole.text} 不等于「{t.caption}」的人员经费与公用经费之和 {value}（{terms}）",
                    f"basic expenditure {whole.text} in '{wt.caption}' does not equal personnel plus public expenses by class in '{t.caption}', {value}",
                    whole.span,
                    label=(f"人员经费 + 公用经费 = {value}", f"personnel + public = {value}"),
                    related=[(own.span, f"「{t.caption}」合计 {own.text}", f"'{t.caption}' total {own.text}")],
                    hint=_BASIC_HINT,
                )
            else:
                exact = sum((c.quantity.value for v in cells.values() for c in v), Decimal(0))
                value = _fmt_sum(exact, _Like(own.quantity))
                finding = self.finding(
                    f"「{t.caption}」{total.label}的基本支出 {own.text} 不等于人员经费与公用经费之和 {value}（{terms}）",
                    f"basic expenditure {own.text} of '{total.label}' in '{t.caption}' does not equal personnel plus public expenses by class, {value}",
                    own.span,
                    label=(f"人员经费 + 公用经费 = {value}", f"personnel + public = {value}"),
                    hint=_BASIC_HINT,
                )
                # a unit's line over flat rows: no other check adds these classes up, so this one reports
                yield _Reported(finding) if unit_line else finding

    def _three_public_by_headers(self, doc: Document) -> Iterator[Finding | Verified]:
        """三公 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费 in a 三公 table whose
        columns hold each item once per fund (总计/一般公共预算, 因公出国(境)费/一般公共预算 …,
        公务用车…/小计/一般公共预算): on every row, for every fund, the total column against
        the three items' columns of that fund (no other check adds these columns up)."""
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None or not std.key.endswith("three-public"):
                continue
            by: dict[tuple[str, ...], dict[str, int]] = {}
            for c in t.columns:
                if c.role != "value" or not c.additive:
                    continue
                path = [squeeze(x) for x in c.header.split("/") if squeeze(x)]
                if len(path) < 2:
                    continue
                top, rest = path[0], path[1:]
                if rest[0] in _TOTAL_HEADERS:
                    rest = rest[1:]  # 公务用车购置及运行维护费/小计/…: the group's own column
                elif top.startswith(("公务用车", "公车")) and any(w in rest[0] for w in ("购置", "运行", "维护")):
                    continue  # its 购置费 and 运行费: parts of a part
                kind = ("total" if top in _TOTAL_HEADERS or "三公" in top else "abroad" if ("出国" in top or "出境" in top)
                        else "reception" if "接待" in top else "car" if top.startswith(("公务用车", "公车")) else None)
                if kind is None or not rest:
                    continue
                by.setdefault(tuple(rest), {})[kind] = c.index
            for suffix, kinds in by.items():
                if "total" not in kinds or len(kinds) < 3:
                    continue
                parts = [kinds[k] for k in ("abroad", "reception", "car") if k in kinds]
                for row in t.data_rows:
                    whole = row.cells[kinds["total"]]
                    cells = [row.cells[k] for k in parts]
                    if whole.quantity is None or whole.quantity.value == 0 or any(c.quantity is None for c in cells):
                        continue
                    terms = " + ".join(c.text for c in cells)
                    where = f"「{t.caption}」{'/'.join(suffix)} {whole.text}"
                    if arith.compare(arith.interval(whole.quantity), arith.total(c.quantity for c in cells)) is not arith.Verdict.MISMATCH:
                        yield self.verified(f"{where} = {terms}", f"'{t.caption}' {whole.text} = {terms}", [whole.span, *[c.span for c in cells]])
                    else:
                        exact = sum((c.quantity.value for c in cells), Decimal(0))
                        value = _fmt_sum(exact, _Like(whole.quantity))
                        label = next((row.cells[c.index].text for c in t.columns if c.role == "label" and row.cells[c.index].text), "")
                        yield self.finding(
                            f"「{t.caption}」{label}的“三公”经费（{'/'.join(suffix)}）{whole.text} 不等于因公出国（境）费、公务接待费与公务用车购置及运行费之和 {value}（{terms}）",
                            f"'{t.caption}' {label}: the 三公 total ({'/'.join(suffix)}) {whole.text} does not equal travel abroad + reception + official cars, {value} ({terms})",
                            whole.span,
                            label=(f"三项之和 {value}", f"the three add up to {value}"),
                            related=[(c.span, c.text, c.text) for c in cells],
                            hint=("“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费", "三公 = travel abroad + reception + official cars"),
                        )

    def _split(self, doc: Document) -> Iterator[Finding | Verified]:
        """支出 = 基本支出 + 项目支出 on the total row of each expenditure table; a failure
        there is the column total check's (TBL002) to report, so only its record is kept."""
        by_table: dict[int, list[Fact]] = {}
        for f in _std_facts(doc):
            if f.flow == "支出" and f.item == "本年支出合计" and f.standard.part is None:
                by_table.setdefault(id(f.table), []).append(f)
        for fs in by_table.values():
            whole = _pick(fs, "本年支出合计", part=None)
            basic = _pick(fs, "本年支出合计", part="基本支出")
            project = _pick(fs, "本年支出合计", part="项目支出")
            if whole is None or (basic is None and project is None):
                continue
            parts = [f for f in (basic, project) if f is not None]
            terms = " + ".join(f.q.raw for f in parts)
            if arith.compare(arith.interval(whole.q), arith.total(f.q for f in parts)) is not arith.Verdict.MISMATCH:
                yield self.verified(f"「{whole.table.caption}」支出合计 {whole.q.raw} = 基本支出 + 项目支出 {terms}", f"'{whole.table.caption}' total {whole.q.raw} = basic + project {terms}", [whole.span, *[f.span for f in parts]])
            else:
                yield self.finding(f"「{whole.table.caption}」支出合计 {whole.q.raw} ≠ {terms}", f"'{whole.table.caption}' total {whole.q.raw} ≠ {terms}", whole.span)

    def _evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        fs = [f for f in _std_facts(doc) if f.fund == "一般公共预算" and f.flow == "支出"]
        periods = {(f.period, f.measure) for f in fs}
        for period, measure in periods:
            here = [f for f in fs if f.period == period and f.measure == measure]
            whole = _pick(here, "本年支出合计", part="基本支出")
            people = _pick(here, "人员经费") or _pick(here, "本年支出合计", part="人员经费")
            public = _pick(here, "公用经费") or _pick(here, "本年支出合计", part="公用经费")
            if whole is None or people is None or public is None:
                continue
            computed = arith.total([people.q, public.q])
            if whole.table is people.table is public.table:
                # within one table the column total check (TBL002) reports a failure; only the record is kept here
                if arith.compare(arith.interval(whole.q), computed) is not arith.Verdict.MISMATCH:
                    terms = f"{people.q.raw} + {public.q.raw}"
                    yield self.verified(f"基本支出 {whole.q.raw} = 人员经费 + 公用经费 {terms}", f"basic expenditure {whole.q.raw} = personnel + public {terms}", [whole.span, people.span, public.span])
                continue
            exact = people.q.value + public.q.value
            terms = f"{people.q.raw} + {public.q.raw}"
            if arith.compare(arith.interval(whole.q), computed) is not arith.Verdict.MISMATCH:
                yield self.verified(f"基本支出 {whole.q.raw} = 人员经费 + 公用经费 {terms}", f"basic expenditure {whole.q.raw} = personnel + public {terms}", [whole.span, people.span, public.span])
                continue
            yield self.finding(
                f"{_where(whole)}的基本支出 {whole.q.raw} 不等于人员经费与公用经费之和 {_fmt_sum(exact, whole)}（{terms}）",
                f"basic expenditure {whole.q.raw} in '{whole.table.caption}' does not equal personnel plus public expenses, {_fmt_sum(exact, whole)} ({terms})",
                whole.span,
                label=(f"人员经费 + 公用经费 = {_fmt_sum(exact, whole)}", f"personnel + public = {_fmt_sum(exact, whole)}"),
                related=[(people.span, f"{_where(people)} {people.q.raw}", f"personnel {people.q.raw}"), (public.span, f"{_where(public)} {public.q.raw}", f"public {public.q.raw}")],
                hint=("基本支出 = 人员经费 + 公用经费", "basic expenditure = personnel + public expenses"),
            )


class _Reported:
    """A failure that no other check reports: its identity's record yields it."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding


class _Like:
    """A stand-in with ``q`` for :func:`_fmt_sum`."""

    def __init__(self, q) -> None:
        self.q = q


_PEOPLE_CLASSES = (("301", "工资福利支出"), ("303", "对个人和家庭的补助"))
_PUBLIC_CLASSES = (("302", "商品和服务支出"), ("307", "债务利息及费用支出"), ("309", "资本性支出（基本建设）"), ("310", "资本性支出"),
                   ("311", "对企业补助（基本建设）"), ("312", "对企业补助"), ("313", "对社会保障基金补助"), ("399", "其他支出"))
_CLASS_CODE = regex.compile(r"^\s*[\[［【(（]?\s*(3\d\d)\s*[\]］】)）]?\s*")


def _class_kind(row) -> str | None:
    """``people`` (人员经费), ``public`` (公用经费) or None for a row of a 基本支出表 by
    economic class: by its 3-digit code (printed in its own column or before its name,
    ``[301]工资福利支出``) or by its name."""
    code = row.code if len(row.code) == 3 else ""
    name = squeeze(row.label)
    if not code and (m := _CLASS_CODE.match(row.label)):
        code, name = m.group(1), squeeze(row.label[m.end():])
    for kind, classes in (("people", _PEOPLE_CLASSES), ("public", _PUBLIC_CLASSES)):
        for c, n in classes:
            if code == c or (not code and name in (n, n.removesuffix("支出"), n + "支出")):
                return kind
    return None


# Column names the two identities are made of, as published headers write them.
_COLUMN_SYNONYMS = {
    "人员类": "人员经费", "人员支出": "人员经费", "人员经费支出": "人员经费", "工资福利": "人员经费",
    "公用类": "公用经费", "公用支出": "公用经费", "日常公用支出": "公用经费", "日常公用经费": "公用经费", "公用经费支出": "公用经费",
    "基本支出合计": "基本支出", "项目支出合计": "项目支出", "事业单位经营支出": "经营支出",
    "专项业务经费支出": "项目支出", "专项业务经费": "项目支出",
}
_TOTAL_HEADERS = ("合计", "小计", "总计", "支出总计", "支出合计", "本年支出合计")
# (the sets of parts one of which must all be there, the parts allowed): 基本支出 may stand
# as its two parts (人员经费支出 | 公用经费支出 | 专项业务经费支出)
_SPLIT_PARTS = ((frozenset({"基本支出", "项目支出"}), frozenset({"人员经费", "公用经费", "项目支出"})),
                frozenset({"基本支出", "项目支出", "经营支出", "上缴上级支出", "对附属单位补助支出", "人员经费", "公用经费"}))
_BASIC_PARTS = ((frozenset({"人员经费", "公用经费"}),), frozenset({"人员经费", "公用经费"}))


def _column_name(header: str) -> tuple[str, tuple[str, ...], tuple[str, ...] | None]:
    """(name, group, whole_of) of a column by its header path: ``当年预算/基本支出/小计`` is
    the column of 基本支出 in group 当年预算, the whole of group 当年预算/基本支出; ``人员支出``
    is 人员经费. ``whole_of`` is None for a column that totals no group."""
    path = []
    for piece in header.split("/"):
        p = squeeze(piece)
        for w in ("其中：", "其中:", "其中"):
            if p.startswith(w) and len(p) > len(w):
                p = p[len(w):]
                break
        path.append(_COLUMN_SYNONYMS.get(p, p))
    if path and path[-1] in _TOTAL_HEADERS:
        group = tuple(path[:-1])
        return (group[-1] if group else "合计", group[:-1], group)
    return (path[-1] if path else "", tuple(path[:-1]), None)


class CarryOverFlow(Check):
    """年初结转和结余、本年收支与年末结转和结余不衔接。
    Carry-overs do not follow from the year's income and expenditure.

    年初结转和结余 + 本年收入 (+ 使用非财政拨款结余) − 本年支出 − 结余分配 = 年末结转和结余：
    收入支出决算总表、财政拨款收入支出决算总表，以及政府性基金、国有资本经营预算财政拨款
    收入支出决算表的每一行。

    反例::

        2023年度政府性基金预算财政拨款收入支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 |
        | --- | --- | --- | --- | --- | --- |
        | 229 | 其他支出 | 12.00 | 80.00 | 70.00 | 27.00 |
        |  | 合计 | 12.00 | 80.00 | 70.00 | 27.00 |

    正例::

        2023年度政府性基金预算财政拨款收入支出决算表
        单位：万元

        | 科目编码 | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 |
        | --- | --- | --- | --- | --- | --- |
        | 229 | 其他支出 | 12.00 | 80.00 | 70.00 | 22.00 |
        |  | 合计 | 12.00 | 80.00 | 70.00 | 22.00 |
    """

    code = "DIS004"
    name = "disclosure.carry-over-flow"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        by_table: dict[int, list[Fact]] = {}
        for f in _std_facts(doc):
            by_table.setdefault(id(f.table), []).append(f)
        for fs in by_table.values():
            std = fs[0].standard
            if std.kind != "决算":
                continue
            if std.key.endswith("summary"):
                yield from self._summary(fs, std.fund)
            elif std.key in ("final.gf", "final.soe"):
                yield from self._rows(fs)
        yield from self._prose(doc)

    def _prose(self, doc: Document) -> Iterator[Finding | Verified]:
        """The flow told in one paragraph: 年初结转和结余 A，本年收入 B，本年支出 C，年末结转和结余 D."""
        by_para: dict[int, list[Fact]] = {}
        for f in facts.facts(doc).prose_facts:
            if f.role == "level" and f.q.family == "money" and f.q.is_exact_figure and f.words:
                by_para.setdefault(_para_key(doc, f), []).append(f)
        for fs in by_para.values():
            named = {key: [f for f in fs if _names(f.words, pattern)] for key, pattern in _PROSE_FLOW.items()}
            if any(len(named[k]) != 1 for k in ("in", "income", "spent", "out")):
                continue
            chosen = [named[k][0] for k in ("in", "income", "spent", "out")]
            # (the opening balance is 上年's by its words: its period is not compared)
            if len({f.fund for f in chosen}) != 1 or len({f.period for f in chosen[1:]}) != 1:
                continue
            start, income, spent, end = chosen
            plus = [start, income] + (named["use"] if len(named["use"]) == 1 else [])
            minus = [spent] + (named["distribution"] if len(named["distribution"]) == 1 else [])
            yield from self._judge(end, plus, minus)

    def _summary(self, fs: list[Fact], fund: str) -> Iterator[Finding | Verified]:
        if fund == "财政拨款":  # each fund's carry-over follows from its own income and spending
            for narrow in ("一般公共预算", "政府性基金", "国有资本经营"):
                start = _pick(fs, disclosure.CARRY_IN, fund=narrow)
                end = _pick(fs, disclosure.CARRY_OUT, fund=narrow)
                income = _pick(fs, "财政拨款收入", fund=narrow, flow="收入")
                spent = _pick(fs, "本年支出合计", fund=narrow)
                if None not in (start, end, income, spent):
                    yield from self._judge(end, [start, income], [spent])
        start = _pick(fs, disclosure.CARRY_IN, fund=fund)
        end = _pick(fs, disclosure.CARRY_OUT, fund=fund)
        income = _pick(fs, "本年收入合计", fund=fund)
        spent = _pick(fs, "本年支出合计", fund=fund)
        if None in (start, end, income, spent):
            return
        plus = [start, income] + [f for f in [_pick(fs, disclosure.USE_OF_BALANCE)] if f is not None]
        minus = [spent] + [f for f in [_pick(fs, disclosure.DISTRIBUTION)] if f is not None]
        results = list(self._judge(end, plus, minus))
        a, b = _pick(fs, "收入总计", fund=fund), _pick(fs, "支出总计", fund=fund)
        if any(isinstance(r, Finding) for r in results) and a is not None and b is not None and arith.compare_quantities(a.q, b.q) is arith.Verdict.MISMATCH:
            return  # the totals already disagree (DIS001): the same error, told once
        yield from results

    def _judge_prose(self, end: Fact, plus: list[Fact], minus: list[Fact]) -> Iterator[Finding | Verified]:
        yield from _judge_prose_impl(self, end, plus, minus)

    def _rows(self, fs: list[Fact]) -> Iterator[Finding | Verified]:
        rows: dict[int, list[Fact]] = {}
        for f in fs:
            rows.setdefault(id(f.row), []).append(f)
        failed = False
        # item rows first: a total row that fails only because one of its rows does adds nothing
        for here in sorted(rows.values(), key=lambda h: h[0].row.role in ("total", "subtotal")):
            start = next((f for f in here if f.flow == "年初结转和结余"), None)
            end = next((f for f in here if f.flow == "年末结转和结余"), None)
            income = next((f for f in here if f.flow == "收入" and f.part is None), None)
            spent = next((f for f in here if f.flow == "支出" and f.part is None), None)
            if None in (start, end, income, spent):
                continue
            for r in self._judge(end, [start, income], [spent]):
                if isinstance(r, Finding):
                    if failed and here[0].row.role in ("total", "subtotal"):
                        continue
                    failed = True
                yield r

    def _judge(self, end: Fact, plus: list[Fact], minus: list[Fact]) -> Iterator[Finding | Verified]:
        if end.table is None:
            yield from self._judge_prose(end, plus, minus)
            return
        computed = arith.total(f.q for f in plus) - arith.total(f.q for f in minus)
        exact = sum((f.q.value for f in plus), Decimal(0)) - sum((f.q.value for f in minus), Decimal(0))
        formula = " + ".join(f.q.raw for f in plus) + "".join(f" − {f.q.raw}" for f in minus)
        name = end.name or end.item
        if arith.compare(arith.interval(end.q), computed) is not arith.Verdict.MISMATCH:
            yield self.verified(f"「{end.table.caption}」{name} {end.q.raw} = {formula}", f"'{end.table.caption}' {name} {end.q.raw} = {formula}", [end.span, *[f.span for f in plus + minus]])
            return
        value = _fmt_sum(exact, end)
        yield self.finding(
            f"{_where(end)} {end.q.raw} 不等于 年初结转和结余 + 本年收入 − 本年支出 = {value}（{formula}）",
            f"{name} {end.q.raw} in '{end.table.caption}' does not equal opening balance + income − expenditure = {value} ({formula})",
            end.span,
            label=(f"应为 {value}", f"should be {value}"),
            related=[(f.span, f"{f.name or f.item} {f.q.raw}", f"{f.name or f.item} {f.q.raw}") for f in plus + minus],
            hint=("年初结转和结余 + 本年收入 − 本年支出 − 结余分配 = 年末结转和结余", "opening balance + income − expenditure − distribution = closing balance"),
        )


# The words that end the clause before each figure of the flow (本年财政拨款收入 452.00).
_PROSE_FLOW = {
    # 年初结转和结余, or 上年结转和结余; 本年收入, or a bare 收入 (the clause's only word)
    "in": regex.compile(r"(?:年初|上年)[\p{Han}]{0,6}结转和?结余$"),
    "income": regex.compile(r"(?:^|本年[\p{Han}]{0,10})收入(?:合计)?$"),
    "spent": regex.compile(r"(?:^|本年[\p{Han}]{0,10})支出(?:合计)?$"),
    "out": regex.compile(r"年末[\p{Han}]{0,6}结转和?结余$"),
    "use": regex.compile(r"使用非财政拨款结余$"),
    "distribution": regex.compile(r"结余分配$"),
}


def _names(words: str, pattern) -> bool:
    return bool(pattern.search(words[-24:]))


def _para_key(doc: Document, f: Fact) -> int:
    where = doc.cached("para-of-quantity", lambda: {id(q): id(p) for p in doc.paragraphs for q in p.quantities})
    return where.get(id(f.q), -1)


def _following_text(doc: Document, table: Table, limit: int = 3) -> list[Paragraph]:
    """The paragraphs right after a table, up to the next table or heading."""
    out = []
    where = doc.block_index()
    i = where[id(table)] + 1
    while i < len(doc.blocks) and len(out) < limit:
        b = doc.blocks[i]
        if isinstance(b, (Table, Heading)):
            break
        out.append(b)
        i += 1
    return out


_TABLE_NOTE = regex.compile(r"^\s*(?:注|说明|备注)\s*[:：]|本表|此表|该表")


def _told_in_text(doc: Document, fund: str | None):
    """Where the prose says a fund has nothing to report: a figure of that fund of 0 (政府性
    基金预算财政拨款收入 0 万元), or its absence (本部门无国有资本经营预算财政拨款收支)."""
    for f in facts.facts(doc).prose_facts:
        # (政府性基金拨款支出预算为0: a bare 0 after the fund's amount words is that amount)
        if f.role == "level" and (f.q.family == "money" or not f.q.unit) and f.q.value == 0 and fund in (f.fund, facts.fund_in(f.words or f.name)):
            return f.q.span
    for p in doc.paragraphs:
        if _TABLE_NOTE.search(p.text):
            continue  # a note under another table speaks of that table
        for m in disclosure.ABSENT.finditer(p.text):
            if m.group("what") == fund:
                return doc.source.span(p.source_offset(m.start()), p.source_offset(m.end()))
    return None


def _has_figures(table: Table) -> bool:
    if any(c.quantity is not None and c.quantity.value != 0 for r in table.side_rows + table.column_items for c in r.values.values()):
        return True
    # figures the reader could not take as amounts (run together) are still figures
    values = [c.index for c in table.columns if c.role == "value"]
    return any(k < len(r.cells) and r.cells[k].quantity is None and _NONZERO.search(r.cells[k].text) for r in table.data_rows for k in values)


_NONZERO = regex.compile(r"[1-9]")


def _judge_prose_impl(check: Check, end: Fact, plus: list[Fact], minus: list[Fact]) -> Iterator[Finding | Verified]:
    computed = arith.total(f.q for f in plus) - arith.total(f.q for f in minus)
    exact = sum((f.q.value for f in plus), Decimal(0)) - sum((f.q.value for f in minus), Decimal(0))
    formula = " + ".join(f.q.raw for f in plus) + "".join(f" − {f.q.raw}" for f in minus)
    if arith.compare(arith.interval(end.q), computed) is not arith.Verdict.MISMATCH:
        yield check.verified(f"正文：年末结转和结余 {end.q.raw} = {formula}", f"prose: closing balance {end.q.raw} = {formula}", [end.span, *[f.span for f in plus + minus]])
        return
    value = arith.fmt_with_unit(exact, end.q, end.q.decimals)
    yield check.finding(
        f"正文中年末结转和结余 {end.q.raw} 不等于 年初结转和结余 + 本年收入 − 本年支出 = {value}（{formula}）",
        f"the prose's closing balance {end.q.raw} does not equal opening balance + income − expenditure = {value} ({formula})",
        end.span,
        label=(f"应为 {value}", f"should be {value}"),
        related=[(f.span, f"{f.words} {f.q.raw}", f"{f.words} {f.q.raw}") for f in plus + minus],
        hint=("年初结转和结余 + 本年收入 − 本年支出 − 结余分配 = 年末结转和结余", "opening balance + income − expenditure − distribution = closing balance"),
    )


class EmptyTableNote(Check):
    """空的标准表缺少“本表为空”说明，或有数据的表附了这一说明。
    An empty standard table lacks its note, or a table with figures carries one.

    政府性基金、国有资本经营预算的标准表即使没有数据也须保留格式，并在表下注明（如“本部门
    无政府性基金预算财政拨款安排的预算，故本表为空表”）；有数据的标准表不应附这一说明。
    报告中没有任何一张标准表有数据时（模板、或表格未能读出）不检查。

    反例::

        2024年部门一般公共预算支出功能分类预算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 208 | 社会保障和就业支出 | 36.00 | 36.00 |  |
        | 合计 |  | 36.00 | 36.00 |  |

        2024年部门政府性基金预算支出功能分类预算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 合计 |  |  |  |  |

        注：本表反映部门本年度政府性基金预算支出情况。

    正例::

        2024年部门一般公共预算支出功能分类预算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 208 | 社会保障和就业支出 | 36.00 | 36.00 |  |
        | 合计 |  | 36.00 | 36.00 |  |

        2024年部门政府性基金预算支出功能分类预算表
        单位：万元

        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- | --- |
        | 合计 |  |  |  |  |

        注：本单位2024年无政府性基金预算财政拨款安排的预算，故本表为空。
    """

    code = "DIS005"
    name = "disclosure.empty-table-note"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        if report.infer(doc).government:
            return  # the department template's empty fund tables; a region's budget has its own forms
        standard = [(t, std) for t in doc.tables if (std := disclosure.identify(t.caption)) is not None and t.caption_span is not None]
        if not any(_has_figures(t) for t, _ in standard):
            return  # a template or a report whose tables were not read: nothing says which should be full
        for t, std in standard:
            after = _following_text(doc, t)
            full = _has_figures(t)
            note = next((p for p in after if disclosure.says_empty(p.text, std.fund, conditional=not full)), None)
            if full:
                if note is not None:
                    yield self.finding(
                        f"「{t.caption}」有数据，但表下说明称本表为空",
                        f"'{t.caption}' has figures, but the note under it says it is empty",
                        note.span,
                        related=[(t.caption_span, f"表格：{t.caption}", f"table: {t.caption}")],
                        hint=("删去“本表为空”的说明，或核对表中数字", "drop the empty-table note, or check the table's figures"),
                    )
                continue
            if note is not None:
                yield self.verified(f"「{t.caption}」为空，并有说明", f"'{t.caption}' is empty and says so", [t.caption_span, note.span])
                continue
            if std.fund not in disclosure.MAY_BE_EMPTY:
                continue  # the note rule is the fund tables' (政府性基金, 国有资本经营)
            told = _told_in_text(doc, std.fund)
            if told is not None:
                # 政府性基金预算财政拨款收入 0 万元 / 本部门无国有资本经营预算财政拨款收支 in the
                # explanation: the table is explained, only not under it
                yield self.finding(
                    f"「{t.caption}」没有数据，表下没有说明，但正文说明了该项资金为零或不涉及",
                    f"'{t.caption}' has no figures and no note under it, but the text says this fund has nothing to report",
                    t.caption_span,
                    severity=Severity.INFO,
                    related=[(told, "正文的说明", "the text's explanation")],
                    hint=("可在表下也注明本表为空", "the note may also be put under the table"),
                )
                continue
            yield self.finding(
                f"「{t.caption}」没有数据，表下缺少“本表为空”之类的说明",
                f"'{t.caption}' has no figures and no note saying the table is empty",
                t.caption_span,
                hint=("在表下注明无此类收支、本表为空", "add a note under the table saying there is nothing to report and the table is empty"),
            )


class MissingStandardTable(Check):
    """目录中列出的标准表在正文中没有出现。
    A standard table listed in the table of contents is missing.

    目录（或表格清单）列出的每一张标准公开表，正文中都应有其表格（以表题识别）。

    反例::

        目 录

        1. 2024年部门财务收支预算总表
        2. 2024年部门收入预算总表

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 90.00 | 一、教育支出 | 90.00 |
        | 收入总计 | 90.00 | 支出总计 | 90.00 |

    正例::

        目 录

        1. 2024年部门财务收支预算总表

        2024年部门财务收支预算总表
        单位：万元

        | 收入项目 | 预算数 | 支出项目 | 预算数 |
        | --- | --- | --- | --- |
        | 一、财政拨款收入 | 90.00 | 一、教育支出 | 90.00 |
        | 收入总计 | 90.00 | 支出总计 | 90.00 |
    """

    code = "DIS006"
    name = "disclosure.standard-table-missing"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        listed = _contents(doc)
        if not listed:
            return
        present: dict[str, Table] = {}
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is not None:
                present.setdefault(std.key, t)
        if not present:
            return  # no table was read as a standard table: nothing to compare the contents with
        mentioned = {std.key for b in doc.blocks[listed[-1][2] + 1 :] if isinstance(b, (Paragraph, Heading))
                     for line in _lines(b) if (std := disclosure.identify(line)) is not None}
        for std, span, _i in listed:
            if std.key in present:
                t = present[std.key]
                yield self.verified(f"目录所列「{std.name}」见正文表格「{t.caption}」", f"'{std.name}' listed in the contents is present", [span, t.caption_span or t.span])
                continue
            if std.key in mentioned:
                continue  # its caption stands in the text: a table the reader did not take apart
            yield self.finding(
                f"目录列出「{std.name}」，正文中没有这张表",
                f"the contents list '{std.name}', but the report has no such table",
                span,
                hint=("补上这张表（无数据时保留表格式并注明本表为空），或改正目录", "add the table (kept empty with a note when there is nothing to report) or correct the contents"),
            )


def _lines(block) -> list[str]:
    text = block.title if isinstance(block, Heading) else block.text
    return [x for x in text.splitlines() if x.strip()]


def _contents(doc: Document) -> list[tuple]:
    """(standard table, span, block index) of each 目录 line that names a standard table:
    the blocks after a 目录 heading or line, before the first table."""
    out = []
    in_toc = False
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Table):
            break
        text = b.title if isinstance(b, Heading) else b.text
        if squeeze(text).startswith("目录"):
            in_toc = True
            continue
        if not in_toc:
            continue
        if isinstance(b, Paragraph):
            for line in _lines(b):
                std = disclosure.identify(line)
                if std is not None and std.required:
                    start = b.text.find(line)
                    span = _line_span(doc, b, start, len(line))
                    out.append((std, span, i))
        elif isinstance(b, Heading) and (std := disclosure.identify(b.title)) is not None and std.required:
            out.append((std, b.span, i))
    return out


def _line_span(doc: Document, para: Paragraph, start: int, length: int):
    a = para.source_offset(start)
    b = para.source_offset(start + length)
    return doc.source.span(a, b)
