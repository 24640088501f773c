"""Table checks (TBL): the rows and columns of a table add up.

The structure (which row is part of which, which column totals which) comes from
:mod:`auditor.document.tables`; the arithmetic from :mod:`auditor.document.arith`. This module only
decides what to say.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import regex

from auditor.checking import causes
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import arith
from auditor.document.model import Cell, Document, Table
from auditor.document.source import squeeze
from auditor.document.tables import SumRelation, ends_page, sum_relations
from auditor.knowledge import report

_KIND_ZH = {"children": "其分项之和", "total": "各项之和", "subtotal": "小计各项之和", "columns": "各分列之和",
            "formula": "其公式所加各格之和", "typed": "同行（列）公式所加各格之和"}
_KIND_EN = {"children": "the sum of its parts", "total": "the sum of the items", "subtotal": "the sum of the subtotalled rows", "columns": "the sum of the component columns",
            "formula": "the sum of the cells its formula adds", "typed": "the sum its sibling cells' formula would add"}


def _relations(doc: Document, kinds: frozenset[str]) -> Iterator[tuple[Table, SumRelation]]:
    for table in doc.tables:
        for rel in _table_relations(doc, table):
            if rel.kind in kinds:
                yield table, rel


def _table_relations(doc: Document, table: Table) -> list[SumRelation]:
    cache = doc.cached("tbl-relations", dict)
    if id(table) not in cache:
        cache[id(table)] = sum_relations(table)
    return cache[id(table)]


_ROW_KINDS = frozenset({"children", "total", "subtotal"})


def _confirmed(doc: Document, table: Table, rel: SumRelation) -> bool:
    if rel.declared:
        # classification codes say which rows are parts of which — unless a row printed among
        # the parts with a code that does not fit (21040 under 201) is exactly what is missing,
        # or a part holds a figure in a column where its whole is blank
        return not _misfiled_row(table, rel) and not _part_where_whole_blank(table, rel)
    if rel.kind in _ROW_KINDS and _region_budget(doc):
        return False
    if _contradicted_by_total(doc, table, rel):
        return False
    return _confirmed_by_others(doc, table, rel)


def _misfiled_row(table: Table, rel: SumRelation) -> bool:
    """Whether a row standing among a group's parts, but not read as one of them, holds exactly
    what the parts fall short of the whole by."""
    if rel.kind not in _ROW_KINDS or not rel.parts or arith.exact_sum(c.quantity for c in rel.parts) >= rel.whole.quantity.value:
        return False
    short = arith.interval(rel.whole.quantity) - arith.total(c.quantity for c in rel.parts)
    col = _column_of(table, rel.whole)
    rows = sorted(_row_of(table, c) for c in [rel.whole, *rel.parts])
    taken = set(rows)
    return any(
        rows[0] < r.index <= rows[-1] + 1 and r.index not in taken and col < len(r.cells)
        and (q := r.cells[col].quantity) is not None and arith.interval(q).overlaps(short)
        for r in table.rows
    )


def _part_where_whole_blank(table: Table, rel: SumRelation) -> bool:
    """Whether a part has a figure (not zero) in a value column where its whole's cell is
    blank: 20807 就业补助 46,085 | 46,085 | (blank) over 2080701 … 800 | | 800 — a whole adds
    up its parts in every column, so the two are rows of one level coded at two depths."""
    if rel.kind != "children":
        return False
    rows = {r.index: r for r in table.rows}
    whole = rows.get(_row_of(table, rel.whole))
    if whole is None:
        return False
    parts = [rows[i] for i in {_row_of(table, c) for c in rel.parts} if i in rows]
    for col in table.columns:
        k = col.index
        if col.role != "value" or k >= len(whole.cells) or whole.cells[k].text.strip():
            continue
        if any(k < len(r.cells) and (q := r.cells[k].quantity) is not None and q.value for r in parts):
            return True
    return False


def _region_budget(doc: Document) -> bool:
    """A region's government budget: its tables (revenue and spending by item for 全市 and
    市本级, transfers by county, debt by year) nest rows by labels, centring and 其中 lines
    that the table model does not read reliably yet — on the fourth held-out set (16 such
    reports, 12 debt disclosures) 7 % of its row-sum errors were true, and tables read as flat
    were misread as often as nested ones. A row sum there rests on its codes (a declared
    hierarchy) or is a note."""
    return report.infer(doc).government


def _contradicted_by_total(doc: Document, table: Table, rel: SumRelation) -> bool:
    """Whether a failing row relation of a table without codes rests on a grouping that the
    table's 合计 shows wrong: the 合计 of the same column fails too, its parts exceeding it by
    exactly one of the rows read as its top level — a row that belongs inside a group (a
    project printed flush among indented ones cuts its group short and stands at the top).
    Then neither the 合计 nor a failing group of that column is judged on this reading."""
    if rel.kind not in _ROW_KINDS or rel.declared:
        return False
    col = _column_of(table, rel.whole)
    failing = [o for o in _table_relations(doc, table)
               if o.kind in _ROW_KINDS and not o.declared and _column_of(table, o.whole) == col and _judge(o)[0] is arith.Verdict.MISMATCH]
    for total in failing:
        if total.kind != "total":
            continue
        groups = [o for o in failing if o.kind != "total"]
        if not groups or (rel is not total and rel not in groups):
            continue
        if arith.exact_sum(c.quantity for c in total.parts) <= total.whole.quantity.value:
            continue  # the parts fall short: no row too many at the top level
        surplus = arith.total(c.quantity for c in total.parts) - arith.interval(total.whole.quantity)
        if any(arith.interval(c.quantity).overlaps(surplus) for c in total.parts):
            return True
    return False


_MANY_FAIL = 3
"""Rows of one table whose sums fail, from which, when fewer rows' sums hold, the reading
is unconfirmed (two wrong subtotals beside one right one can be the author's)."""


def _confirmed_by_others(doc: Document, table: Table, rel: SumRelation) -> bool:
    """Whether the reading a failing relation rests on is confirmed by another relation of
    the same table that holds under it, with at least two parts (one part equal to its
    whole proves little): for a row relation, another row relation (another whole, or the
    same whole in another column); for a column total, the same total column in another row
    (there one part equal to the total does show that the columns are read in line) — and
    the reading is the one under which most of them hold: when the sums of ``_MANY_FAIL`` or
    more rows fail beside fewer rows whose sums hold, it is not confirmed. A relation that
    has no other relation of its kind beside it is taken on its labels."""
    holding = doc.cached("tbl-holding", dict)
    key = id(table)
    if key not in holding:
        held = []
        for other in _table_relations(doc, table):
            if other.kind == "of_which":
                continue
            verdict, parts, _ = _judge(other)
            if verdict is not arith.Verdict.MISMATCH and (len(parts) >= 2 or other.kind == "columns"):
                held.append(other)
        holding[key] = held
    def comparable(other: SumRelation) -> bool:
        if other is rel or other.whole is rel.whole:
            return False
        if rel.kind in _ROW_KINDS:
            return other.kind in _ROW_KINDS
        return other.kind == "columns" and _column_of(table, other.whole) == _column_of(table, rel.whole)

    held = [other for other in holding[key] if comparable(other)]
    if held:
        # the reading under which most of the table's relations of this kind hold: when more
        # of them fail than hold, the few that hold confirm nothing (a misread structure
        # fails on most rows; a document is rarely wrong in most of a table's sums)
        failing = doc.cached("tbl-failing", dict)
        if key not in failing:
            rows = {id(c): r.index for r in table.rows for c in r.cells}
            failing[key] = (rows, [o for o in _table_relations(doc, table) if o.kind != "of_which" and not o.uncertain and _judge(o)[0] is arith.Verdict.MISMATCH])
        rows, failed = failing[key]
        # counted by the row of their whole: one wrong 合计 row fails in every amount column
        wrong = {rows.get(id(o.whole)) for o in failed if o is rel or comparable(o)}
        right = {rows.get(id(o.whole)) for o in held}
        return len(wrong) < _MANY_FAIL or len(wrong) <= len(right)
    if rel.kind == "columns" and any(
        other.kind == "columns" and len(other.parts) >= 2 and _column_of(table, other.whole) != _column_of(table, rel.whole) for other in holding[key]
    ):
        return True  # another total column adds up its columns: the column map is read in line
    # a relation with no other to confirm or contradict it stands on its labels alone (a
    # 合计 under three rows); one whose every neighbour fails too is a misread table
    return not any(comparable(other) for other in _table_relations(doc, table) if other.kind != "of_which")


def _across_pages_by_indent(table: Table, rel: SumRelation, parts: list[Cell]) -> bool:
    """A row relation of a table without codes whose rows lie on more than one page: its
    levels come from indentation, which a page break may reset (the continuation printed
    at the shallowest indent), so its reading is not confirmed there."""
    if rel.kind not in _ROW_KINDS or any(r.code for r in table.side_rows):
        return False
    pages = {c.span.page for c in [rel.whole, *parts] if c.span.page is not None}
    if len(pages) > 1:
        return True
    if not pages or not parts:
        return False
    # all on one page, but the group's last part is the page's last row of a table that
    # goes on: its other parts may stand on the next page under a reset indentation
    page = pages.pop()
    on_page = [r.index for r in table.rows if any(c.span.page == page and c.text for c in r.cells)]
    later = any(c.span.page is not None and c.span.page > page for r in table.rows for c in r.cells)
    last_part_row = max(_row_of(table, c) for c in parts)
    if not later or not on_page:
        return False
    if last_part_row == max(on_page):
        return True
    # the rows after the last part on its page are that part's own sub-rows: the group may
    # still go on at the top of the next page
    level = {sr.row: sr.level for sr in table.side_rows}
    part_level = level.get(last_part_row)
    return part_level is not None and all(level.get(i, -1) > part_level for i in on_page if i > last_part_row)


def _cut_by_page_break(doc: Document, table: Table, rel: SumRelation, parts: list[Cell], computed: arith.Interval) -> bool:
    """A row relation the figures say a page break may have cut: where a table runs on to
    the next page, the rows there may be the rest of a group or the own parts of the row
    that ended the page (a 款 last on its page, its 项 opening the next), and codes or
    indentation printed apart on the new page may not tie them back. Two shapes, told by
    the figures, not by the labels: the parts of a whole above them come up short and the
    last of them ends its page (on its side of a table of two panels); or a part ends its
    page, the first parts of the next page add up to it, and the parts exceed the whole by
    just its figure: its own parts were counted beside it. (A whole short of its parts by
    the last part alone, with nothing under that part, is the document's slip: reported.)"""
    if rel.kind not in _ROW_KINDS or not parts:
        return False
    side = next((sr.side for sr in table.side_rows if sr.row == _row_of(table, rel.whole)), None)
    on_side = {sr.row for sr in table.side_rows if sr.side == side} if side is not None else None
    page_of = {}
    for r in table.rows:
        pages = [c.span.page for c in r.cells if c.span.page is not None and c.text.strip()]
        if pages and (on_side is None or r.index in on_side):
            page_of[r.index] = pages[0]
    if not page_of:
        return False
    last_on_page: dict[int, int] = {}
    for row, page in page_of.items():
        last_on_page[page] = max(last_on_page.get(page, row), row)
    going_on = {page: row for page, row in last_on_page.items() if any(p > page for p in page_of.values())}
    if ends_page(doc, table):
        going_on[max(last_on_page)] = last_on_page[max(last_on_page)]
    if not going_on:
        return False
    whole = arith.interval(rel.whole.quantity)
    rows = [_row_of(table, c) for c in parts]
    if computed.hi < whole.lo:  # short
        return _row_of(table, rel.whole) < min(rows) and max(rows) in going_on.values()
    if computed.lo > whole.hi:  # over
        excess = computed - whole
        for k, (cell, row) in enumerate(zip(parts, rows, strict=True)):
            page = page_of.get(row)
            if going_on.get(page) != row or cell.quantity is None or not arith.interval(cell.quantity).overlaps(excess):
                continue
            run = arith.Interval(Decimal(0), Decimal(0))
            for later, later_row in zip(parts[k + 1 :], rows[k + 1 :], strict=True):
                if later.quantity is None or page_of.get(later_row, page) <= page:
                    break
                run = run + arith.interval(later.quantity)
                if run.overlaps(arith.interval(cell.quantity)):
                    return True
    return False


def _rows_left_out(table: Table, rel: SumRelation) -> tuple[int, int] | None:
    """A skip in the table's own row numbers (its 栏次, 行次 or 序号 column: 51, then 56)
    among the rows a sum spans or right after them: rows the document left out (hidden
    when it was printed), whose figures the whole counts and its parts as printed lack.
    Only in a column whose numbers rise from row to row all down the table."""
    if rel.kind not in _ROW_KINDS:
        return None
    index = next((c.index for c in table.columns if c.role == "index"), None)
    if index is None:
        return None
    numbered = [(r.index, int(t)) for r in table.rows if index < len(r.cells) and (t := r.cells[index].text.strip()).isdigit()]
    if len(numbered) < 3 or any(b <= a for (_, a), (_, b) in itertools.pairwise(numbered)):
        return None
    rows = sorted(_row_of(table, c) for c in [rel.whole, *rel.parts])
    if rows[0] < 0:
        return None
    lo, hi = rows[0], rows[-1]
    own = next((s for s in table.side_rows if s.row == lo), None) if rel.kind == "children" else None
    if own is not None:
        # a whole's parts run on with their own parts, down to the next row of its level
        later = [s.row for s in table.side_rows if s.side == own.side and s.row > lo and s.level <= own.level]
        hi = max(hi, min(later) - 1 if later else table.rows[-1].index)
    span = [n for r, n in numbered if lo <= r <= hi + 1]
    return next(((a, b) for a, b in itertools.pairwise(span) if b > a + 1), None)


def _row_of(table: Table, cell: Cell) -> int:
    for r in table.rows:
        if any(c is cell for c in r.cells):
            return r.index
    return -1


def _column_of(table: Table, cell: Cell) -> int:
    for r in table.rows:
        for k, c in enumerate(r.cells):
            if c is cell:
                return k
    return -1


def _doubled(whole: arith.Interval, parts: arith.Interval) -> bool:
    """Parts that add up to about twice (three, four times) the whole: two or more levels
    of a table summed as one. Within 1 %, since one level may itself not add up exactly;
    a typing slip does not multiply a total."""
    if whole.lo <= 0:
        return False
    ratio = parts.mid / whole.mid
    return any(abs(ratio - n) <= Decimal("0.01") * n for n in (2, 3, 4))


def _decimals(cells: list[Cell]) -> int:
    return max((c.quantity.decimals for c in cells if c.quantity is not None), default=0)


def _truncates(doc: Document) -> bool:
    """The document's convention, inferred once from its own sums: it cuts figures off
    (rather than rounding them) when at least two of its table sums fail under rounding
    and hold under truncation, and more hold so than fail either way."""

    def infer() -> bool:
        explained = failed = 0
        for table in doc.tables:
            for rel in _table_relations(doc, table):
                if rel.kind == "of_which":
                    continue
                verdict, parts, _ = _judge(rel)
                if verdict is not arith.Verdict.MISMATCH:
                    continue
                if arith.truncation_explains(rel.whole.quantity, [c.quantity for c in parts]):
                    explained += 1
                else:
                    failed += 1
        return explained >= 2 and explained > failed

    return doc.cached("convention-truncates", infer)


def _selected_columns(doc: Document, table: Table) -> int:
    """How many rows of a table fall short of their total by the columns it adds up, when
    three or more do and no row exceeds its total: the columns list a selection of the
    items (the main projects, with no 其他 column), not all of them — a slip of the pen
    makes a row short or over, at random, in a row or two. 0 otherwise."""
    cache = doc.cached("tbl-selected-columns", dict)
    if id(table) not in cache:
        short = over = 0
        for rel in _table_relations(doc, table):
            if rel.kind != "columns":
                continue
            verdict, parts, _ = _judge(rel)
            if verdict is not arith.Verdict.MISMATCH:
                continue
            if arith.exact_sum(c.quantity for c in parts) < rel.whole.quantity.value:
                short += 1
            else:
                over += 1
        cache[id(table)] = short if short >= 3 and over == 0 else 0
    return cache[id(table)]


def _odd_precision(figures: list) -> bool:
    """Whether one figure alone is written to more decimals than every other of the
    relation (656.491 among figures to two): two cells printed touching and split at the
    wrong digit, not a figure as written."""
    decs = sorted(q.decimals for q in figures)
    return len(decs) >= 3 and decs[-1] > decs[-2] and decs[-2] > 0


def _judge(rel: SumRelation) -> tuple[arith.Verdict, list[Cell], arith.Interval]:
    whole = rel.whole.quantity
    stated = arith.interval(whole)
    first = None
    for parts in [rel.parts, *rel.alternatives]:
        computed = arith.total(c.quantity for c in parts)
        verdict = arith.stored_verdict(whole, [c.quantity for c in parts]) or arith.compare(stated, computed, whole.value, arith.exact_sum(c.quantity for c in parts))
        if first is None:
            first = (verdict, parts, computed)
        if verdict is not arith.Verdict.MISMATCH:
            return verdict, parts, computed
    return first


# Money passed between levels of government (or funds): booked by both levels, counted once
# in a total over them.
_TRANSFER = regex.compile(r"转移支付|上解|补助下级|上级补助|下级补助|转贷")


def _netted_transfer(table: Table, short: arith.Interval) -> tuple[str, Cell] | None:
    """A transfer row's figure equal to what the columns' sum exceeds a total by, if any:
    its label and cell."""
    if short.hi <= 0:
        return None
    for r in table.side_rows:
        if not _TRANSFER.search(r.label or ""):
            continue
        for cell in r.values.values():
            if cell.quantity is not None and cell.quantity.value > 0 and arith.interval(cell.quantity).overlaps(short):
                return r.label, cell
    return None


class _SumCheck(Check, abstract=True):
    kinds: ClassVar[frozenset[str]] = frozenset()

    def _explained(self, rel, where: tuple[str, str], total_text: str, related: list, why_zh: str, why_en: str,
                   also: tuple = (), reading: str = "confirmed") -> Finding:
        """A difference the document's own way of writing explains (rounding, truncation, a
        transfer counted once): a note."""
        return self.finding(
            f"{where[0]} {rel.whole.text} {why_zh}", f"{where[1]} {rel.whole.text} {why_en}", rel.whole.span,
            severity=Severity.INFO, label=(f"分项之和 {total_text}", f"parts add up to {total_text}"),
            related=[*related, *also], reading=reading,
        )

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for table, rel in _relations(doc, self.kinds):
            verdict, parts, computed = _judge(rel)
            whole = rel.whole.quantity
            exact = arith.exact_sum(c.quantity for c in parts)
            dec = max(_decimals(parts), whole.decimals)
            total_text = arith.fmt(exact, whole, dec)
            terms = arith.terms(c.text for c in parts)
            labels = {id(c): lbl for c, lbl in zip(rel.parts, rel.part_labels, strict=True)}
            where_zh = f"「{rel.whole_label}」的{rel.column}" if rel.kind != "columns" else f"「{rel.whole_label}」"
            where_en = f"'{rel.whole_label}' ({rel.column})" if rel.kind != "columns" else f"'{rel.whole_label}'"
            if verdict is arith.Verdict.EQUAL:
                yield self.verified(
                    f"{where_zh} {rel.whole.text} = {terms}",
                    f"{where_en} {rel.whole.text} = {terms}",
                    [rel.whole.span, *[c.span for c in parts]],
                )
                continue
            if rel.uncertain:
                continue  # a layout with several readings, none of them holding: not understood, not wrong
            related = [(c.span, f"分项：{labels.get(id(c), '')} {c.text}", f"part: {labels.get(id(c), '')} {c.text}") for c in parts]
            explained = functools.partial(self._explained, rel, (where_zh, where_en), total_text, related)
            if verdict is arith.Verdict.ROUNDING:
                yield explained(f"与{_KIND_ZH[rel.kind]} {total_text} 相差在舍入误差之内", f"differs from {_KIND_EN[rel.kind]} {total_text} only within rounding")
                yield self.verified(f"{where_zh} {rel.whole.text} ≈ {terms}", f"{where_en} {rel.whole.text} ≈ {terms}", [rel.whole.span], rounding=True)
                continue
            if _truncates(doc) and arith.truncation_explains(whole, [c.quantity for c in parts]):
                yield explained(f"与{_KIND_ZH[rel.kind]} {total_text} 的差额可由本文件的截位（而非四舍五入）惯例解释",
                                f"differs from {_KIND_EN[rel.kind]} {total_text} by what this document's truncation (not rounding) explains")
                yield self.verified(f"{where_zh} {rel.whole.text} ≈ {terms}（截位）", f"{where_en} {rel.whole.text} ≈ {terms} (truncated)", [rel.whole.span], rounding=True)
                continue
            if rel.kind == "columns" and (short := _selected_columns(doc, table)):
                yield explained(f"与{_KIND_ZH[rel.kind]} {total_text} 不符，但本表 {short} 行的合计都大于所列各列之和、没有一行小于：所列各列可能只是部分项目，未作核对",
                                f"differs from {_KIND_EN[rel.kind]} {total_text}, but {short} rows of this table exceed the sum of their columns and none falls below it: the columns may list only some of the items; not checked",
                                reading="inferred")
                continue
            skip = _rows_left_out(table, rel) if exact < whole.value else None  # rows left out explain a shortfall only
            if skip is not None:
                yield explained(f"与{_KIND_ZH[rel.kind]} {total_text} 不符，但表中行号从 {skip[0]} 跳到 {skip[1]}：有行未列出，所列分项可能不全，未作核对",
                                f"differs from {_KIND_EN[rel.kind]} {total_text}, but the table's row numbers skip from {skip[0]} to {skip[1]}: rows were left out, so the parts as printed may be incomplete; not checked",
                                reading="inferred")
                continue
            if (
                rel.inferred or (rel.at_end and ends_page(doc, table)) or _across_pages_by_indent(table, rel, parts)
                or _cut_by_page_break(doc, table, rel, parts, computed)
                or _doubled(arith.interval(whole), computed) or _odd_precision([whole, *(c.quantity for c in parts)]) or not _confirmed(doc, table, rel)
            ):
                # no other relation of the table holds under this reading (or the parts are two
                # levels summed as one): the structure was not understood, so nothing is claimed
                yield self.finding(
                    f"表格结构未能识别：{where_zh} {rel.whole.text} 与按当前理解的{_KIND_ZH[rel.kind]} {total_text} 不符，未作核对",
                    f"table structure not understood: {where_en} {rel.whole.text} does not match {_KIND_EN[rel.kind]} as read, {total_text}; not checked",
                    rel.whole.span,
                    label=(f"按当前理解分项之和为 {total_text}", f"parts as read add up to {total_text}"),
                    related=related,
                    reading="unconfirmed",
                )
                continue
            netted = _netted_transfer(table, computed - arith.interval(whole)) if rel.kind == "columns" else None
            if netted is not None:
                name, cell = netted
                # 收入总计·合计 325,541 = 本级 162,815 + 地市级 169,766 − 7,040: a total over the
                # levels of government counts once the transfer each level books
                yield explained(f"比各分列之和 {total_text} 少的数正是表中「{name}」的 {cell.text}：合计可能已抵消各级之间的转移，未作核对",
                                f"is short of the columns' sum {total_text} by exactly '{name}' {cell.text}: the total may net the transfer between levels; not checked",
                                ((cell.span, f"转移：{name} {cell.text}", f"transfer: {name} {cell.text}"),), reading="inferred")
                continue
            gap = arith.fmt(abs(whole.value - exact), whole, dec)
            more_zh, more_en = ("多", "more") if exact > whole.value else ("少", "less")
            cause = causes.explain_sum(whole, [(c.quantity, labels.get(id(c), "")) for c in parts])
            cause_zh, cause_en = (f"；{cause[0]}", f"; {cause[1]}") if cause else ("", "")
            if rel.kind == "formula":
                message = (f"{where_zh} {rel.whole.text} 是公式 ={rel.whole.formula} 保存的结果，但它所加各格之和为 {total_text}（{terms}）",
                           f"{where_en} {rel.whole.text} is the value saved for its formula ={rel.whole.formula}, but the cells it adds come to {total_text} ({terms})")
                hint = (f"文件中保存的结果不是公式算出的数：重新计算（Ctrl+Alt+F9）后此处将为 {total_text}；若 {rel.whole.text} 才是对的，则公式所加的格有误",
                        f"the saved value is not what the formula gives: recalculated (Ctrl+Alt+F9) this cell shows {total_text}; if {rel.whole.text} is right, the formula adds the wrong cells")
            elif rel.kind == "typed":
                message = (f"{where_zh} {rel.whole.text} 是手填的数字，而同行（列）其他合计都是求和公式；按同样的公式应为 {total_text}（{terms}）",
                           f"{where_en} {rel.whole.text} is typed in where its sibling totals are sum formulas; the same formula gives {total_text} ({terms})")
                hint = (f"改用与同行（列）相同的求和公式（结果为 {total_text}），或核对各分项{cause_zh}",
                        f"use the same sum formula as its siblings (giving {total_text}), or check the parts{cause_en}")
            else:
                message = (f"{where_zh} {rel.whole.text} 不等于{_KIND_ZH[rel.kind]} {total_text}（{terms}）",
                           f"{where_en} {rel.whole.text} does not equal {_KIND_EN[rel.kind]}, {total_text} ({terms})")
                hint = (
                    f"若分项无误，此处应为 {total_text}；若此数无误，则分项之和{more_zh}了 {gap}{cause_zh}",
                    f"if the parts are right this should be {total_text}; if this figure is right, the parts add up to {gap} {more_en} than it{cause_en}",
                )
            yield self.finding(
                *message,
                rel.whole.span,
                label=(f"{_KIND_ZH[rel.kind]}为 {total_text}", f"parts add up to {total_text}"),
                related=related,
                hint=hint,
            )


class TableTotalMismatch(_SumCheck):
    """表格中的合计、小计或父行不等于其分项之和。
    A total, subtotal or parent row of a table does not equal the sum of its parts.

    父行（如“一、基本支出”）等于其下各分项（未编号的下级行、或编码以其编码开头的行）之和；
    合计（在各行之下或之上）等于各顶层行之和；小计等于其所在组各行之和（在组后，或在组前）。
    标签和编码不分层级时，按数字推断层级（项目行后接其明细行：项目 = 明细之和，合计 = 各项目之和）。
    只有同一表中另有关系在同一理解下成立时才报错；否则只作提示：表格结构未能识别。
    写出的小数位数决定舍入容差：舍入能解释的差额只作提示（info），不报错误。

    反例::

        单位：万元

        | 项目 | 决算数 |
        | --- | --- |
        | 一、基本支出 | 120.50 |
        | 人员经费 | 80.20 |
        | 公用经费 | 30.30 |
        | 二、项目支出 | 45.00 |
        | 合计 | 165.50 |

    正例::

        单位：万元

        | 项目 | 决算数 |
        | --- | --- |
        | 一、基本支出 | 110.50 |
        | 人员经费 | 80.20 |
        | 公用经费 | 30.30 |
        | 二、项目支出 | 45.00 |
        | 合计 | 155.50 |
    """

    code = "TBL001"
    name = "table.total-mismatch"
    severity = Severity.ERROR
    kinds = frozenset({"children", "total", "subtotal"})


class TableColumnTotalMismatch(_SumCheck):
    """表格中的合计列不等于各分列之和。
    A total column of a table does not equal the sum of the columns it totals.

    表头写明“合计”的列，等于同一表头组内其后（或其前）各列之和，如
    “合计 = 基本支出 + 项目支出”。只有同一合计列在别的行成立（列的对应关系得到确认）时才报错；
    否则只作提示：表格结构未能识别。

    反例::

        单位：元

        | 科目 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- |
        | 教育支出 | 1,250,000.00 | 800,000.00 | 400,000.00 |
        | 住房保障支出 | 90,000.00 | 90,000.00 | |

    正例::

        单位：元

        | 科目 | 合计 | 基本支出 | 项目支出 |
        | --- | --- | --- | --- |
        | 教育支出 | 1,200,000.00 | 800,000.00 | 400,000.00 |
        | 住房保障支出 | 90,000.00 | 90,000.00 | |
    """

    code = "TBL002"
    name = "table.column-total-mismatch"
    severity = Severity.ERROR
    kinds = frozenset({"columns"})


class TableFormulaValueStale(_SumCheck):
    """工作簿中公式保存的结果与其所加各格之和不符。
    The value a workbook saved for a sum formula is not the sum of the cells it adds.

    求和公式（SUM 或 +）是作者自己写明的结构：合计格等于公式所加各格之和。文件中保存的
    公式结果与各格之和不符，说明文件保存时未重新计算（或被其他程序改过），显示的数字已过时。
    工作簿的读取器把公式写在格后（``<!-- =SUM(B2:B3) -->``），Markdown 表格也可以这样写明。

    反例::

        单位：万元

        | 项目 | 金额 |
        | --- | --- |
        | 甲 | 10.00 |
        | 乙 | 20.00 |
        | 合计 | 31.00 <!-- =SUM(B2:B3) --> |

    正例::

        单位：万元

        | 项目 | 金额 |
        | --- | --- |
        | 甲 | 10.00 |
        | 乙 | 20.00 |
        | 合计 | 30.00 <!-- =SUM(B2:B3) --> |
    """

    code = "TBL007"
    reads_layout = False  # reads the workbook's own formulas
    name = "table.stale-formula-value"
    severity = Severity.ERROR
    kinds = frozenset({"formula"})


class TableTypedTotalAmongFormulas(_SumCheck):
    """手填的合计与同行（列）求和公式给出的结果不符。
    A total typed in where its sibling totals are sum formulas differs from what that formula gives.

    同一行的其他合计都是同一个求和公式（逐列平移）时，手填数字的那一格按同样的公式核对：
    作者的意图在工作簿中看得见。

    反例::

        | 项目 | 预算数 | 调整预算数 | 决算数 |
        | --- | --- | --- | --- |
        | 甲 | 10.00 | 11.00 | 9.00 |
        | 乙 | 20.00 | 21.00 | 18.00 |
        | 合计 | 30.00 <!-- =SUM(B2:B3) --> | 32.00 <!-- =SUM(C2:C3) --> | 28.00 |

    正例::

        | 项目 | 预算数 | 调整预算数 | 决算数 |
        | --- | --- | --- | --- |
        | 甲 | 10.00 | 11.00 | 9.00 |
        | 乙 | 20.00 | 21.00 | 18.00 |
        | 合计 | 30.00 <!-- =SUM(B2:B3) --> | 32.00 <!-- =SUM(C2:C3) --> | 27.00 |
    """

    code = "TBL008"
    reads_layout = False  # reads the workbook's own formulas
    name = "table.typed-total-among-formulas"
    severity = Severity.ERROR
    kinds = frozenset({"typed"})


class TablePartExceedsWhole(Check):
    """表格中“其中”所列各项之和超过其所属的行。
    The rows listed under 其中 add up to more than the row they belong to.

    “其中”只列出一部分，不必等于总数，但不能超过总数。

    反例::

        | 项目 | 金额（万元） |
        | --- | --- |
        | 基本支出 | 50.00 |
        | 其中：人员经费 | 62.00 |

    正例::

        | 项目 | 金额（万元） |
        | --- | --- |
        | 基本支出 | 50.00 |
        | 其中：人员经费 | 42.00 |
    """

    code = "TBL003"
    name = "table.part-exceeds-whole"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for _table, rel in _relations(doc, {"of_which"}):
            whole = rel.whole.quantity
            part_sum = arith.total(c.quantity for c in rel.parts)
            exact = arith.exact_sum(c.quantity for c in rel.parts)
            text = arith.fmt(exact, whole, max(_decimals(rel.parts), whole.decimals))
            if arith.at_most(part_sum, arith.interval(whole)):
                yield self.verified(f"「{rel.whole_label}」{rel.whole.text} ≥ 其中 {text}", f"'{rel.whole_label}' {rel.whole.text} ≥ of which {text}", [rel.whole.span])
                continue
            unsure = not rel.declared and _region_budget(doc)  # 其中 rows nested in 其中 rows
            yield self.finding(
                f"「{rel.whole_label}」的{rel.column} {rel.whole.text} 小于其中所列各项之和 {text}",
                f"'{rel.whole_label}' ({rel.column}) {rel.whole.text} is less than the rows listed under 其中, {text}",
                rel.whole.span,
                label=(f"其中各项合计 {text}", f"of-which rows add up to {text}"),
                related=[(c.span, f"其中：{lbl} {c.text}", f"of which: {lbl} {c.text}") for c, lbl in zip(rel.parts, rel.part_labels, strict=True)],
                hint=(f"总数至少应为 {text}", f"the whole should be at least {text}"),
                reading="inferred" if unsure else "confirmed",
            )


_PRIOR_HEADERS = ("上年", "上年度", "去年", "上期")
_CURRENT_HEADERS = ("本年", "本年度", "当年", "本期")
_DELTA_HEADERS = ("增减额", "增减数", "增减", "变动额", "增加额", "增长额", "差额", "比上年增减")
_RATE_HEADERS = ("增减率", "增长率", "变动率", "增减幅度", "增幅", "增减%", "增减（%）", "增减(%)")
_YEAR_HEADER = regex.compile(r"((?:19|20)\d\d)\s*年")


def _change_columns(table: Table) -> tuple[int, int, int | None, int | None] | None:
    """(prior, current, change, rate) columns of a table that compares two periods, when
    its headers say unambiguously which is which."""
    values = [c for c in table.columns if c.role == "value"]
    rate = [c for c in values if any(w in squeeze(c.leaf) for w in _RATE_HEADERS)]
    delta = [c for c in values if c not in rate and any(w in squeeze(c.leaf) for w in _DELTA_HEADERS)]
    if len(delta) > 1 or len(rate) > 1 or not (delta or rate):
        return None
    levels = [c for c in values if c not in delta and c not in rate]
    prior = [c for c in levels if any(w in c.header for w in _PRIOR_HEADERS)]
    current = [c for c in levels if any(w in c.header for w in _CURRENT_HEADERS)]
    if not (len(prior) == 1 and len(current) == 1):
        years = {c.index: int(m.group(1)) for c in levels if (m := _YEAR_HEADER.search(c.header))}
        if len(years) != 2 or len(levels) != 2 or len(set(years.values())) != 2:
            return None
        first, second = sorted(levels, key=lambda c: years[c.index])
        prior, current = [first], [second]
    p, c = prior[0], current[0]
    if p.side != c.side or p.unit != c.unit:
        return None
    return p.index, c.index, delta[0].index if delta else None, rate[0].index if rate else None


class TableChangeColumnMismatch(Check):
    """表格中的增减额或增减率与本年、上年两栏不符。
    A change or change-rate column does not follow from the two periods it compares.

    增减额 = 本年数 − 上年数；增减率 = 增减额 ÷ 上年数 × 100%，按书写精度比较；上年为零时增减率不计算。
    只在表头明确标出上年（或较早年份）与本年两栏时检查。

    反例::

        单位：万元

        | 项目 | 上年决算数 | 本年决算数 | 增减额 | 增减率（%） |
        | --- | --- | --- | --- | --- |
        | 财政拨款收入 | 1,520.30 | 1,602.85 | 82.55 | 6.43 |

    正例::

        单位：万元

        | 项目 | 上年决算数 | 本年决算数 | 增减额 | 增减率（%） |
        | --- | --- | --- | --- | --- |
        | 财政拨款收入 | 1,520.30 | 1,602.85 | 82.55 | 5.43 |
    """

    code = "TBL004"
    name = "table.change-column-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for table in doc.tables:
            cols = _change_columns(table)
            if cols is None:
                continue
            p, c, d, r = cols
            for row in table.data_rows:
                prior, current = row.cells[p].quantity, row.cells[c].quantity
                if prior is None or current is None:
                    continue
                label = next((x.text for x in row.cells if x.text and x.quantity is None), f"第{row.index + 1}行")
                change = arith.interval(current) - arith.interval(prior)
                if d is not None and (stated := row.cells[d].quantity) is not None:
                    yield from self._delta(label, stated, change, current, prior, table.columns[d].leaf)
                if r is not None and (stated := row.cells[r].quantity) is not None:
                    yield from self._rate(label, stated, change, current, prior, table.columns[r].leaf)

    def _delta(self, label, stated, change, current, prior, header) -> Iterator[Finding | Verified]:
        formula = f"{current.raw} − {prior.raw}"
        if arith.interval(stated).overlaps(change):
            yield self.verified(f"「{label}」{header} {stated.raw} = {formula}", f"'{label}' {header} {stated.raw} = {formula}", [stated.span, current.span, prior.span])
            return
        value = arith.fmt(current.value - prior.value, stated, max(stated.decimals, current.decimals, prior.decimals))
        yield self.finding(
            f"「{label}」的{header} {stated.raw} 不等于 {formula} = {value}",
            f"'{label}' {header} {stated.raw} does not equal {formula} = {value}",
            stated.span,
            label=(f"应为 {value}", f"should be {value}"),
            related=[(current.span, f"本年 {current.raw}", f"current {current.raw}"), (prior.span, f"上年 {prior.raw}", f"prior {prior.raw}")],
            hint=(f"若两栏无误，{header}应为 {value}", f"if both periods are right, the {header} should be {value}"),
        )

    def _rate(self, label, stated, change, current, prior, header) -> Iterator[Finding | Verified]:
        if prior.value <= 0 or change.lo < 0 < change.hi:
            return  # from zero (or a negative base) a change rate is not computable
        falling = change.hi <= 0
        got = arith.ratio(arith.ZERO - change if falling else change, arith.interval(prior))
        if got is None:
            return
        if falling:
            got = arith.ZERO - got
        formula = f"({current.raw} − {prior.raw}) ÷ {prior.raw}"
        if arith.interval(stated).overlaps(got):
            yield self.verified(f"「{label}」{header} {stated.raw} = {formula}", f"'{label}' {header} {stated.raw} = {formula}", [stated.span, current.span, prior.span])
            return
        yield _rate_cell_finding(self, label, header, stated, got, formula,
                                 [(current.span, f"本年 {current.raw}", f"current {current.raw}"), (prior.span, f"上年 {prior.raw}", f"prior {prior.raw}")])


def _rate_cell_finding(check: Check, label: str, header: str, stated, got: arith.Interval, formula: str, related: list) -> Finding:
    """A rate cell the two cells it divides do not give: an error, or an info when it is
    what cutting off (rather than rounding) the computed rate gives."""
    value = arith.fmt_rate(got, stated)
    cut = arith.truncated(stated, got)
    swapped = causes.transposed(stated, got.mid.quantize(stated.resolution) if stated.resolution else got.mid)
    cause_zh, cause_en = ("；疑似数字顺序颠倒", "; looks like transposed digits") if swapped else ("", "")
    return check.finding(
        f"「{label}」的{header} {stated.raw} 与 {formula} = {value} 不符" + ("（相差末位一个单位，可能是截位）" if cut else ""),
        f"'{label}' {header} {stated.raw} does not match {formula} = {value}" + (" (one step of the last digit: probably cut off)" if cut else ""),
        stated.span,
        severity=Severity.INFO if cut else None,
        label=(f"应为 {value}", f"should be {value}"),
        related=related,
        hint=(f"若两栏无误，{header}应为 {value}{cause_zh}", f"if both columns are right, the {header} should be {value}{cause_en}"),
    )


_RATE_COLUMN = ("执行率", "完成率", "到位率", "支出率", "使用率", "支付率")
_ACTUAL_WORDS = ("实际支出", "执行数", "决算", "实际", "支出数", "完成数", "到位", "支付")
_BUDGET_WORDS = ("调整预算", "调整后预算", "全年预算", "年初预算", "预算")
_LETTER = regex.compile(r"[（(]\s*([A-Z])\s*[)）]")
_FORMULA = regex.compile(r"([A-Z])\s*[/÷]\s*([A-Z])")


def _rate_columns(table: Table) -> list[tuple[int, int, list[int]]]:
    """(rate column, numerator column, candidate denominator columns) of a table with an
    execution-rate column, when the headers say which columns it divides."""
    values = [c for c in table.columns if c.role == "value"]
    rates = [c for c in values if any(w in squeeze(c.leaf) for w in _RATE_COLUMN)]
    out = []
    for rc in values:
        leaf = squeeze(rc.leaf)
        if not any(w in leaf for w in _RATE_COLUMN):
            continue
        same_side = [c for c in values if c is not rc and c.side == rc.side and c.additive]
        siblings = [c for c in rates if c is not rc and c.side == rc.side]
        if siblings:
            # 收入 预算数|执行数|完成率 beside 支出 预算数|执行数|完成率, panels not told apart:
            # a rate divides the columns between the rate before it and itself
            after = max((c.index for c in siblings if c.index < rc.index), default=-1)
            same_side = [c for c in same_side if after < c.index < rc.index]
        formula = _FORMULA.search(rc.header)
        if formula:  # 执行率（B/A）with columns headed 全年预算数（A）and 全年执行数（B）
            letters = {m.group(1): c.index for c in same_side if (m := _LETTER.search(c.header))}
            n, d = letters.get(formula.group(1)), letters.get(formula.group(2))
            if n is not None and d is not None:
                out.append((rc.index, n, [d]))
            continue
        actual = [c for c in same_side if any(w in c.leaf for w in _ACTUAL_WORDS) and "预算" not in c.leaf]
        budgets = [c for c in same_side if any(w in c.leaf for w in _BUDGET_WORDS) and c not in actual]
        if len(actual) == 1 and budgets:
            order = {w: i for i, w in enumerate(_BUDGET_WORDS)}
            budgets.sort(key=lambda c: min(order[w] for w in _BUDGET_WORDS if w in c.leaf))
            out.append((rc.index, actual[0].index, [c.index for c in budgets]))
    return out


class TableRateColumnMismatch(Check):
    """表格中的执行率（完成率、到位率）与其所除的两栏不符。
    An execution-rate column does not follow from the columns it divides.

    执行率 = 实际支出（执行数、决算数）÷ 预算数 × 100%。表头写明公式（如“执行率（B/A）”）时按公式；
    否则分子取唯一的实际数栏，分母依次试调整预算、全年预算、年初预算、预算，与任何一栏相符即成立。

    反例::

        | 项目 | 全年预算数（A） | 全年执行数（B） | 执行率（B/A） |
        | --- | --- | --- | --- |
        | 水旱灾害防御经费 | 880.00 | 836.00 | 96.00% |

    正例::

        | 项目 | 全年预算数（A） | 全年执行数（B） | 执行率（B/A） |
        | --- | --- | --- | --- |
        | 水旱灾害防御经费 | 880.00 | 836.00 | 95.00% |
    """

    code = "TBL005"
    name = "table.rate-column-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for table in doc.tables:
            for rc, nc, dcs in _rate_columns(table):
                header = table.columns[rc].leaf
                for row in table.data_rows:
                    stated, num = row.cells[rc].quantity, row.cells[nc].quantity
                    dens = [row.cells[d].quantity for d in dcs]
                    if stated is None or num is None or any(q is None for q in dens) or num.value < 0:
                        continue
                    label = next((x.text for x in row.cells if x.text and x.quantity is None), f"第{row.index + 1}行")
                    tried = [(q, arith.ratio(arith.interval(num), arith.interval(q))) for q in dens]
                    tried = [(q, got) for q, got in tried if got is not None]
                    if not tried:
                        continue  # a budget of zero: no rate to compute
                    fit = next(((q, got) for q, got in tried if got.overlaps(arith.interval(stated))), None)
                    if fit is not None:
                        q, _ = fit
                        yield self.verified(f"「{label}」{header} {stated.raw} = {num.raw} ÷ {q.raw}", f"'{label}' {header} {stated.raw} = {num.raw} ÷ {q.raw}", [stated.span, num.span, q.span])
                        continue
                    den, got = tried[0]
                    yield _rate_cell_finding(self, label, header, stated, got, f"{num.raw} ÷ {den.raw}",
                                             [(num.span, f"分子 {num.raw}", f"numerator {num.raw}"), (den.span, f"分母 {den.raw}", f"denominator {den.raw}")])


_SHARE_COLUMN = ("占比", "比重", "构成", "所占比例", "占总额")


class TableShareColumnMismatch(Check):
    """表格中的占比（比重）与该行金额占合计的比例不符。
    A share column does not equal the row's amount over the table's total.

    占比 = 本行金额 ÷ 合计行金额 × 100%，按书写精度比较（截位只作提示）。表格须只有一栏金额、
    且有合计行。

    反例::

        | 项目 | 金额（万元） | 占比（%） |
        | --- | --- | --- |
        | 基本支出 | 1,284.60 | 88.35 |
        | 项目支出 | 169.40 | 11.56 |
        | 合计 | 1,454.00 | 100.00 |

    正例::

        | 项目 | 金额（万元） | 占比（%） |
        | --- | --- | --- |
        | 基本支出 | 1,284.60 | 88.35 |
        | 项目支出 | 169.40 | 11.65 |
        | 合计 | 1,454.00 | 100.00 |
    """

    code = "TBL006"
    name = "table.share-column-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for table in doc.tables:
            values = [c for c in table.columns if c.role == "value"]
            shares = [c for c in values if any(w in squeeze(c.leaf) for w in _SHARE_COLUMN)]
            if len(shares) != 1:
                continue
            sc = shares[0]
            amounts = [c for c in values if c is not sc and c.side == sc.side and c.additive]
            if len(amounts) != 1:
                continue
            ac = amounts[0].index
            totals = [r for r in table.side_rows if r.role == "total" and r.side == sc.side and r.values.get(ac) is not None and r.values[ac].quantity is not None]
            if len(totals) != 1 or totals[0].values[ac].quantity.value <= 0:
                continue
            whole = totals[0].values[ac].quantity
            for r in table.side_rows:
                if r is totals[0] or r.side != sc.side:
                    continue
                amount, stated = r.values.get(ac), r.values.get(sc.index)
                if amount is None or stated is None or amount.quantity is None or stated.quantity is None or amount.quantity.value < 0:
                    continue
                got = arith.ratio(arith.interval(amount.quantity), arith.interval(whole))
                if got is None:
                    continue
                formula = f"{amount.text} ÷ {whole.raw}"
                if arith.interval(stated.quantity).overlaps(got):
                    yield self.verified(f"「{r.label}」{sc.leaf} {stated.text} = {formula}", f"'{r.label}' {sc.leaf} {stated.text} = {formula}", [stated.span, amount.span, whole.span])
                    continue
                parent = table.side_rows[r.parent].values.get(ac) if r.parent is not None else None
                if parent is not None and parent.quantity is not None and parent.quantity.value > 0:
                    of_parent = arith.ratio(arith.interval(amount.quantity), arith.interval(parent.quantity))
                    if of_parent is not None and arith.interval(stated.quantity).overlaps(of_parent):
                        # a part's share of the row it belongs to, not of the total
                        yield self.verified(f"「{r.label}」{sc.leaf} {stated.text} = {amount.text} ÷ {parent.text}", f"'{r.label}' {sc.leaf} {stated.text} = {amount.text} ÷ {parent.text}", [stated.span, amount.span, parent.span])
                        continue
                group = [x.values[sc.index].quantity for x in table.side_rows
                         if x.side == sc.side and x.parent == r.parent and x is not totals[0] and x.role == "item"
                         and x.values.get(sc.index) is not None and x.values[sc.index].quantity is not None]
                if arith.shares_adjusted(stated.quantity, got, group):
                    yield self.finding(
                        f"「{r.label}」的{sc.leaf} {stated.text} 与 {formula} = {arith.fmt_rate(got, stated.quantity)} 相差一个末位，同组占比之和恰为 100：按调整尾差使合计为 100 的惯例",
                        f"'{r.label}' {sc.leaf} {stated.text} is one step off {formula} = {arith.fmt_rate(got, stated.quantity)}; its group totals exactly 100: shares adjusted so they add up",
                        stated.span,
                        severity=Severity.INFO,
                    )
                    yield self.verified(f"「{r.label}」{sc.leaf} {stated.text} ≈ {formula}（调整尾差）", f"'{r.label}' {sc.leaf} {stated.text} ≈ {formula} (adjusted to total 100)", [stated.span, amount.span, whole.span], rounding=True)
                    continue
                yield _rate_cell_finding(self, r.label, sc.leaf, stated.quantity, got, formula,
                                         [(amount.span, f"本行 {amount.text}", f"this row {amount.text}"), (whole.span, f"合计 {whole.raw}", f"total {whole.raw}")])
