"""Prose against tables (PRS): a figure in the prose that names a table row must be
that row's figure, in the column its wording means."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import facts
from auditor.checking import causes
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Message, Severity, Verified
from auditor.document import arith, labels, lexicon, prose
from auditor.document.model import Cell, Document, SideRow, Table
from auditor.document.source import squeeze
from auditor.knowledge import disclosure, report

ROLE_ZH = {"final": "决算数", "initial_budget": "年初预算数", "adjusted_budget": "调整预算数"}
ROLE_EN = {"final": "final (决算)", "initial_budget": "initial budget (年初预算)", "adjusted_budget": "adjusted budget (调整预算)"}




def _year(table: Table) -> str | None:
    m = prose.YEAR.search(table.caption)
    return m.group(1) if m else None


_FORM_LABEL = regex.compile(r"^(?:主管部门|实施单位|项目负责人|项目资金|资金金额|实施期资金总额|(?:年度)?(?:预算)?资金总额)")


def _one_project_form(t: Table) -> bool:
    """A form about one project (项目名称 | its name, and rows of a form: 主管部门, 实施单位,
    资金总额 …), as a 绩效目标表 whose caption was not read: its amounts are that project's,
    not the department's. A list of projects (项目名称 | 金额 as its header) is no form."""
    firsts = [squeeze(next((c.text for c in row.cells if c.text.strip()), "")) for row in t.rows[:8]]
    return any(f.rstrip("：:") in ("项目名称", "项目名") for f in firsts[:4]) and sum(bool(_FORM_LABEL.match(f)) for f in firsts) >= 2


def _agrees(q, cell: Cell) -> bool:
    if cell.quantity is None:
        return cell.is_empty and q.value == 0
    return arith.compare_unit_unstated(q, cell.quantity) is not arith.Verdict.MISMATCH


def _table_cue(named: list[tuple[Table, SideRow]]) -> str | None:
    """With no wording to say which column, a final-accounts table (决算) means its final
    figures, and a budget table (预算) its budget unless it also has final figures (预算执行
    情况 with 年初预算数 and 决算数 columns: then nothing is implied)."""
    tables = {id(t): t for t, _ in named}.values()
    roles = {prose.column_role(c.leaf) for t in tables for c in t.columns if c.role == "value"}
    captions = {t.caption for t in tables}
    if captions and all("决算" in c for c in captions):
        return "final"
    if captions and all("预算" in c and "决算" not in c for c in captions) and "final" not in roles:
        return "initial_budget"
    return None


_COUNT_HEADER = regex.compile(r"数量|人数|个数|台数|辆数|编制数|面积|单价")
_LIST_MARK = regex.compile(r"其中|包括")
# Aggregates that cut across the classification (机关运行经费 is spent under many
# economic classes): their parts are rows of a table about them, not of the others.
_WITHIN = ("机关运行经费", "三公", "政府采购", "政府购买服务")
_CARRIED = ("结转", "结余")


def _context(sentence: prose.Sentence, q, base=None) -> tuple[str | None, str | None]:
    """The whole a figure is listed under (the subject of the figure before the last
    其中/包括 of its paragraph, 信访专项 486.39 万元，主要包括：…信访专项经费 81.90 万元), and
    the part of the expenditure its paragraph names before it (基本支出, 项目支出, 人员经费 …)."""
    text = sentence.para.text
    marks = [m.start() for m in _LIST_MARK.finditer(text, 0, q.pos)]
    whole = None
    if marks:
        before = [o for o in sentence.para.quantities if o.pos_end <= marks[-1] and o is not q]
        if base is not None:  # the whole is a level, not the change stated after it (比上年减少 N)
            before = [o for o in before if (f := base.of(o)) is None or f.role == "level"]
        if before:
            whole = labels.core(prose.label_cue(before[-1].label)[0]) or None
    part = None
    best = -1
    for word in disclosure.PART_HEADERS:
        i = text.rfind(word, 0, q.pos)
        if i > best and not q.label.endswith(word):
            best, part = i, word
    return whole, part


_UNIT_HEADER = regex.compile(r"单位|部门")
_CLASS_WORD = regex.compile(r"类|款|项|科目|\d")


def _same_unit(a: str, b: str) -> bool:
    """Whether two names of a unit name the same one (深圳市生态环境局（本级） and 深圳市生态环境局)."""
    a, b = (labels.core(x).replace("本级", "") for x in (a, b))
    return bool(a) and bool(b) and (a in b or b in a)


def _unit_above(t: Table, r: SideRow, ancestors: list[str]) -> str | None:
    """The unit a row is listed under: the nearest of its parents that names an organisation,
    else, in a table that lists units and their items at one level, the nearest row above it
    on its side that names one."""
    found = next((a for a in ancestors if a.endswith(facts.ORG_ENDS)), None)
    if found is not None or r.parent is not None:
        return found
    rows = t.side_rows
    k = next((i for i, o in enumerate(rows) if o is r), None)
    for o in reversed(rows[:k] if k is not None else []):
        if o.side == r.side and (name := labels.core(o.label)).endswith(facts.ORG_ENDS) and len(name) >= 4:
            return name
    return None


def _row_fits(subject: str, t: Table, r: SideRow, whole: str | None, entity: str | None = None) -> bool:
    """Whether a row a prose subject names can hold the prose figure: not the whole the
    figure is listed under, not a row of another fund than the subject names (一般公共预算财政
    拨款收入 for 财政拨款收入), not a carry-over's line (二、上年结转 /（一）一般公共预算拨款)
    unless the subject says so, not a row of another unit than the one the prose's section is
    about, and, for a part of a cross-cutting aggregate (机关运行经费，
    其中：公务接待费), only a row of a table or group about that aggregate."""
    name = labels.core(r.label)
    if whole and (name == whole or whole.endswith(name)) and name != subject:
        return False
    row_fund = facts.fund_in(name)
    if row_fund is not None and row_fund != facts.fund_in(subject):
        return False
    ancestors = []
    parent, hops = r.parent, 0
    while parent is not None and hops < 10 and parent < len(t.side_rows):
        ancestors.append(labels.core(t.side_rows[parent].label))
        parent, hops = t.side_rows[parent].parent, hops + 1
    if any(w in a for a in ancestors for w in _CARRIED) and not any(w in subject for w in _CARRIED):
        return False
    if entity and (unit := _unit_above(t, r, ancestors)) is not None and not _same_unit(unit, entity):
        return False  # a row under another unit's row (深圳市环境研究院 › 综合管理)
    if r.row is not None and 0 <= r.row < len(t.rows):
        # 二级预算单位名称 | 一级项目名称 | 预算数: a row named by a unit and a project holds the
        # project's figure; a subject that names the unit alone is the unit's whole
        cells = t.rows[r.row].cells
        named = [(c.header, cells[c.index].text.strip()) for c in t.columns
                 if c.role == "label" and c.side == r.side and c.index < len(cells) and cells[c.index].text.strip()]
        if entity and any(_UNIT_HEADER.search(header) and not _same_unit(text, entity) for header, text in named):
            return False  # the section is about one unit, the row is another unit's (its own 综合管理)
        units = [text for header, text in named if _UNIT_HEADER.search(header) and labels.core(text) in subject]
        rest = subject.replace(labels.core(units[0]), "") if units else subject
        projects = [text for header, text in named if "项目" in header and labels.core(text) not in rest]
        if units and projects:
            return False
    if whole:
        for w in _WITHIN:
            if w in whole and w not in t.caption and not any(w in a for a in ancestors):
                return False
    return True


_NUMBER_ROW = ("**", "*", "栏次", "行次", "栏 次", "行 次")


def _column_numbers(t: Table) -> set[int]:
    """id() of the cells of a table's column-number rows (栏次 1 2 3 …, ** 1 2 3)."""
    out: set[int] = set()
    for row in t.rows:
        values = [c.quantity.value for c in row.cells if c.quantity is not None]
        marks = [c.text.strip() for c in row.cells if c.quantity is None and c.text.strip()]
        counting = bool(values) and values == list(range(1, len(values) + 1))
        if (counting and (len(values) >= 2 or not marks)) or (values and marks and all(m in _NUMBER_ROW for m in marks)):
            out.update(id(c) for c in row.cells)
    return out


class ProseTableMismatch(Check):
    """正文引用的数字与表格中对应行的数字不符。
    A figure in the prose does not match the table row it names.

    正文中标签指向表格某一行（如“基本支出”、“公用经费”→“日常公用经费”、“整体支出”→“合计”）
    的金额，折算单位后必须等于该行某一栏；措辞决定栏目：“实际支出/决算”→决算数，
    “年初预算/预算安排”→年初预算数，“调整预算”→调整预算数。

    正文按资金口径称说的合计（“一般公共预算财政拨款支出 A”“其中：基本支出 B”“‘三公’经费支出 C”），
    没有同名的行时与该资金标准表的合计行（或三公经费表的合计）比较：这种对应靠口径而非行名，只在两者
    均精确到 0.01、差额不是舍入所致且很小（不足一个单位、不足 1%，如相差 0.02）时报告。

    行名只说明正文“可能”在说这一行：正文中另有数字与同一张表一致时，正文说的是这张表（单位、口径、
    所属单位都对得上）才算由数字证实，不符才报错误；没有其他数字与该表一致时（单项目绩效目标表、
    另一单位的同名行、未注单位的表），不符只作提示（info），并说明对应关系未经证实。
    A mismatch is an error only when another figure of the prose agrees with the same table
    (the link is then shown by the figures, not only by a row's name); otherwise it is a note.

    反例::

        单位：万元

        | 项目 | 年初预算数 | 决算数 |
        | --- | --- | --- |
        | 一、基本支出 | 300.00 | 310.50 |
        | 人员经费 | 200.00 | 205.00 |
        | 公用经费 | 100.00 | 105.50 |
        | 合计 | 300.00 | 310.50 |

        本年公用经费预算安排 100.00 万元，实际支出 100.00 万元。

    正例::

        单位：万元

        | 项目 | 年初预算数 | 决算数 |
        | --- | --- | --- |
        | 一、基本支出 | 300.00 | 310.50 |
        | 人员经费 | 200.00 | 205.00 |
        | 公用经费 | 100.00 | 105.50 |
        | 合计 | 300.00 | 310.50 |

        本年公用经费预算安排 100.00 万元，实际支出 105.50 万元。
    """

    code = "PRS001"
    name = "prose.table-mismatch"
    severity = Severity.ERROR

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        tables = [t for t in doc.tables if t.side_rows or t.column_items]
        if not tables:
            return
        index = facts.row_index(doc)
        self._base = facts.facts(doc)
        self._numbers: dict[int, set[int]] = {}
        info = report.infer(doc)
        self._government = info.government  # a region's figures: level, year and measure in like words
        self._row_cells: dict[int, list[tuple[Cell, str, str | None]]] = {}
        pools: dict[tuple, tuple | None] = {}
        linked: set[int] = set()
        entities = facts.paragraph_entities(doc)  # the unit a section of the report is about
        judged: list[tuple] = []  # (prose figure, table, its Finding or Verified), in the document's order
        for sentence in prose.sentences(doc):
            for q, subject, cue in prose.subjects(sentence):
                cue = facts.measure_cue(sentence, q)  # the nearest measure word: 全年预算为 B
                if not subject and cue:
                    subject = facts.classified_subject(sentence, q)
                if q.family != "money" or not q.is_exact_figure or not subject:
                    continue
                if prose.is_change(sentence, q) or prose.is_prior_period(sentence, q) or prose.part_of_year(sentence, q):
                    continue  # a change, last year's figure, or a part of the year: not the table's
                gloss = prose.gloss_before(sentence, q)
                if 4 <= len(gloss) <= 20 and not _CLASS_WORD.search(gloss):
                    continue  # 行政运行（行政及参公单位基本支出）A: the words in brackets say what A is
                fact = self._base.of(q)
                if fact is not None and fact.role != "level":
                    continue  # 支出决算减少 N 万元: a change is never compared with a level
                fund = fact.fund if fact is not None else None
                period = fact.period if fact is not None else None
                measure = facts.MEASURE_OF_ROLE.get(cue) if cue else None
                whole, part = _context(sentence, q, self._base)
                level = None
                if info.government:
                    # a region's budget tells each line item for 全市 and for 市本级: only a figure
                    # whose level is said is compared, and only with a table of that level
                    level = (fact.area if fact is not None else None) or facts.level_in(sentence.para.text[sentence.start : q.pos])
                    if level not in ("本级", "全域"):
                        continue
                entity = entities.get(id(sentence.para))
                key = (labels.core(subject), cue, frozenset(sentence.years), fund, period, whole, part, level, entity)
                if key not in pools:  # a subject usually recurs: find its rows once
                    named = index.named(key[0])
                    if level is not None:
                        named = [(t, r) for t, r in named if facts.level_in(t.caption) == level]
                    if not named and key[0].endswith(("支出", "经费", "资金")) and len(key[0]) >= 5:
                        named = index.named(key[0][:-2])  # 城管执法（项）支出决算 names the row 城管执法
                    named = [(t, r) for t, r in named if not (sentence.years and _year(t) and _year(t) not in sentence.years)]
                    # another year's table holds another year's figures
                    named = [(t, r) for t, r in named if period is None or facts.table_year(t, info) in (None, period)]
                    named = [(t, r) for t, r in named if _row_fits(key[0], t, r, whole, entity) and self._flow_fits(key[0], r)]
                    # a 绩效目标表 is one project's or fund's form: its 资金总额, 财政拨款 and 其他资金
                    # are that project's, not the figures the prose gives for the department
                    named = [(t, r) for t, r in named if "绩效目标" not in t.caption and not _one_project_form(t)]
                    pools[key] = self._pools(cue, named, fund, measure, part) if named else None
                if pools[key] is not None:
                    results = list(self._judge(q, subject, *pools[key]))
                    if results:
                        linked.add(id(q))
                    judged.extend((q, t, r) for t, r in results)
        yield from _corroborated(judged)
        yield from self._totals(doc, linked)

    def _totals(self, doc: Document, linked: set[int]) -> Iterator[Finding | Verified]:
        """A total the prose names by its fund (一般公共预算财政拨款支出 A, 其中基本支出 B; “三公”
        经费支出 C) and that no row's name gives: compared with that fund's standard table's
        total. The link is by dimensions, not by a row's name, so only a small slip is reported
        (both figures to 0.01, a gap under one unit and 1 %: 0.02 off); a wider gap may be
        another statistic and says nothing."""
        info = report.infer(doc)
        if info.government:
            return  # the totals of a department's standard tables; a region's budget has none
        base = self._base
        totals: dict[tuple, list[tuple[Cell, Table, str]]] = {}
        for t in doc.tables:
            std = disclosure.identify(t.caption)
            if std is None:
                continue
            if std.key.endswith("three-public"):
                for cell, measure, period in _three_public_totals(t, info, base):
                    totals.setdefault(("三公", None, None, measure, period), []).append((cell, t, "合计"))
                continue
            for f in base.in_table(t):
                if f.item == "本年支出合计" and f.flow == "支出" and f.role == "level" and f.fund in _NAMED_FUNDS:
                    part = f.part if f.part in _SPENT_PARTS else None
                    if f.part is not None and part is None:
                        continue
                    totals.setdefault(("支出", f.fund, part, f.measure, f.period), []).append((f.cell, t, f"{f.row.label}·{part}" if part else "合计"))
        if not totals:
            return
        for s in prose.sentences(doc):
            for q in s.quantities:
                if id(q) in linked or q.family != "money" or not q.is_exact_figure:
                    continue
                f = base.of(q)
                if f is None or f.role != "level" or not f.words or prose.is_change(s, q) or prose.is_prior_period(s, q) or prose.part_of_year(s, q):
                    continue
                subject = _total_subject(f.words)
                # the fund named in the figure's sentence, or in the one a 其中 sentence continues;
                # a heading's fund is not enough to say which table's total is meant
                fund = facts.scope_fund(s.para.text[s.start : q.pos], [o.pos - s.start for o in s.quantities if o.pos < q.pos])
                if fund is None and s.start and facts._CONTINUATION.match(s.text):
                    fund = facts.scope_fund(s.para.text[: s.start])
                if subject in _THREE_PUBLIC:
                    if fund not in (None, "财政拨款", "一般公共预算"):
                        continue
                    key = ("三公", None, None)
                elif fund in _NAMED_FUNDS and (subject in _SPENT or subject in _SPENT_PARTS):
                    key = ("支出", fund, subject if subject in _SPENT_PARTS else None)
                else:
                    continue
                measure = f.measure or {"决算": "决算", "预算": "年初预算"}.get(info.kind or "")
                found = totals.get((*key, measure, f.period), [])
                if not found:
                    continue
                what = "“三公”经费" if key[0] == "三公" else f"{fund}{'财政拨款' if fund != '财政拨款' else ''}{key[2] or '支出'}"
                yield from self._judge_total(q, what, found)

    def _judge_total(self, q, what: str, found: list[tuple[Cell, Table, str]]) -> Iterator[Finding | Verified]:
        agree = next(((c, t, w) for c, t, w in found if c.quantity is not None and _agrees(q, c)), None)
        if agree is not None:
            cell, t, where = agree
            yield self.verified(f"{what} {q.raw} = 「{t.caption}」{where} {cell.text}", f"{what} {q.raw} = '{t.caption}' {where} {cell.text}", [q.span, cell.span])
            return
        values = {c.quantity.value for c, _t, _w in found if c.quantity is not None}
        if len(values) != 1 or any(c.quantity is None for c, _t, _w in found):
            return  # the tables disagree among themselves (DIS002), or a total is empty
        cell, t, where = found[0]
        if not _small_slip(q, cell.quantity):
            return
        gap = arith.fmt_with_unit(abs(q.value - cell.quantity.value), q)
        yield self.finding(
            f"正文中{what} {q.raw} 与「{t.caption}」的{where} {cell.text} 相差 {gap}",
            f"the prose gives {what} as {q.raw}, but '{t.caption}' has {cell.text} ({where}; {gap} apart)",
            q.span,
            label=(f"表格为 {cell.text}", f"the table has {cell.text}"),
            related=[(cell.span, f"表格：{t.caption}·{where}", f"table: {t.caption} · {where}")],
            hint=(f"两者均精确到 0.01，差额不是舍入所致：应与表格一致（{cell.text}），或核对表格", f"both are given to 0.01, so rounding does not explain the gap: write the table's {cell.text}, or check the table"),
        )

    def _flow_fits(self, subject: str, r: SideRow) -> bool:
        """An expenditure subject (…支出) names no income line and an income subject (…收入)
        no expenditure line: 一般公共预算财政拨款支出 is not the row 一、一般公共预算财政拨款
        on the income side of the 收支总表."""
        flows = {f.flow for c in r.values.values() if c.quantity is not None and (f := self._base.of(c.quantity)) is not None}
        for word, other in (("支出", "收入"), ("收入", "支出")):
            if subject.endswith(word) and flows == {other}:
                return False
        return True

    def _cells(self, t: Table, r: SideRow) -> list[tuple[Cell, str, str | None]]:
        """A row's cells with their column header and role, worked out once per row."""
        key = id(r)
        if key not in self._row_cells:
            if r.headers:  # a column item: each cell is named by its data row (预算数, 决算数)
                self._row_cells[key] = [(cell, r.headers[k], prose.column_role(r.headers[k])) for k, cell in r.values.items()]
            else:
                self._row_cells[key] = [(cell, t.columns[col].leaf, prose.column_role(t.columns[col].leaf)) for col, cell in r.values.items()]
        return self._row_cells[key]

    def _dims_of(self, t: Table, cell: Cell) -> tuple[str | None, str | None]:
        """(fund, measure) of a cell: its fact's, or its table's for an empty cell."""
        f = self._base.of(cell.quantity) if cell.quantity is not None else None
        if f is not None:
            return f.fund, f.measure
        return facts.table_fund(t, disclosure.identify(t.caption)), None

    def _pools(self, cue, named: list[tuple[Table, SideRow]], fund: str | None = None, measure: str | None = None, part: str | None = None) -> tuple | None:
        """The column the wording means (or the table's kind implies), the cells of that
        column in the rows named, and every cell of those rows. A prose figure whose fund
        is known (一般公共预算财政拨款支出……, or its section's heading) is compared only with
        cells of that fund: the 一般公共预算 table, not the all-funds one."""
        stated = cue
        if cue is None:
            cue = _table_cue(named)
        meant: list[tuple[Table, SideRow, Cell, str]] = []
        every: list[tuple[Table, SideRow, Cell, str]] = []
        seen: list[tuple[Table, SideRow, Cell, str]] = []
        for t, r in named:
            numbers = self._numbers.get(id(t))
            if numbers is None:  # once per table, not once per row named in it
                numbers = self._numbers[id(t)] = _column_numbers(t)
            for cell, header, role in self._cells(t, r):
                if id(cell) in numbers or _COUNT_HEADER.search(header):
                    continue  # a column-number row (栏次 1 2 3) or a count column (数量) holds no amount
                if (cell.quantity is not None and cell.quantity.base_unit in ("%", "百分点")) or header.rstrip().endswith(("%", "％")):
                    continue  # 决算数为调整预算数％: a rate column, never a prose amount's cell
                cell_fund, cell_measure = self._dims_of(t, cell)
                if fund is not None and cell_fund is not None and cell_fund != fund and facts.fund_in(t.caption) != fund:
                    # another fund's table (a 财政拨款 template whose caption names the prose's
                    # fund, 一般公共预算“三公”经费支出预算表, is of that fund): never the figure
                    # meant, but when it has the prose's figure, the scope is what differs
                    seen.append((t, r, cell, header))
                    continue
                if fund is None and cell_fund in disclosure.MAY_BE_EMPTY:
                    continue  # a figure whose fund is not said is no 政府性基金/国有资本经营 table's
                seen.append((t, r, cell, header))  # for hints: the figure may be another column's
                if measure is not None and cell_measure is not None and cell_measure != measure:
                    continue  # 年初预算为 A against a 决算 table's figures: another measure
                every.append((t, r, cell, header))
                if cue is not None and role == cue:
                    meant.append((t, r, cell, header))
        if not every:
            return None
        kept = {id(x[1]) for x in every}
        if stated is not None and not meant and any(role is not None for t, r in named if id(r) in kept for _c, _h, role in self._cells(t, r)):
            # 全年预算为 B against a table of 年初预算数 and 决算数: the measure the wording
            # names is not in the table, so nothing there is that figure
            return None
        if not meant:
            # 合计 | 基本支出 | 项目支出: with no column the wording names, a row's figure is its 合计
            totals = [x for x in every if squeeze(x[3]) in ("合计", "总计")]
            if totals and len(totals) == len({id(x[1]) for x in every}):
                meant = totals
        if part is not None and meant:
            # 项目支出…，其中：一般公共服务支出 A: A may be the row's 项目支出 column
            also = [x for x in every if squeeze(x[3]).endswith(part) and x not in meant]
            if any(x[2].quantity is not None for x in also):
                meant = meant + also
        return cue, meant, every, seen

    def _judge(self, q, subject, cue, meant: list, every: list, seen: list) -> Iterator[tuple[Table, Finding | Verified]]:
        """The prose figure against the row's cells: (the table, what was found)."""
        pool = meant or every
        found = next((x for x in pool if _agrees(q, x[2])), None)
        if found is not None:
            _t, row, agree, header = found
            shown = agree.text or "（空）"
            yield _t, self.verified(f"{q.raw} = 表格「{row.label}」{header} {shown}", f"{q.raw} = table '{row.label}' {header} {shown}", [q.span, agree.span])
            return
        if not meant:
            # no wording says which column: only a row with a single figure is clear enough
            filled = [x for x in every if x[2].quantity is not None]
            if len(filled) != 1:
                return
            meant = filled
        expected = {c.quantity.value for _, _, c, _ in meant if c.quantity is not None}
        if len(expected) != 1 or any(c.quantity is None for _, _, c, _ in meant):
            return  # several tables disagree among themselves, or the meant cell is empty
        if any(t2 is not meant[0][0] and c.quantity is not None and _agrees(q, c) for t2, _r, c, _h in seen):
            return  # another table has the prose's figure for this item: the tables disagree (DIS002)
        _t, r, cell, header = meant[0]
        exp = cell.quantity
        same_unit = (q.unit or "") == (exp.unit or "")
        exp_text = cell.text if same_unit else f"{cell.text}（即 {arith.fmt_with_unit(exp.value, q)}）"
        exp_text_en = cell.text if same_unit else f"{cell.text} (= {arith.fmt_with_unit(exp.value, q)})"
        same_row = [(c, h) for tt, rr, c, h in seen if rr is r and c is not cell and c.quantity is not None and _agrees(q, c)]
        if same_row:
            _other, other_header = same_row[0]
            hint_zh = f"{q.raw} 是「{r.label}」的{other_header}，{header}为 {exp_text}"
            hint_en = f"{q.raw} is the {other_header} of '{r.label}'; its {header} is {exp_text_en}"
        else:
            others = [(c.quantity, f"「{rr.label}」的{h}（{c.text}）", f"the {h} of '{rr.label}' ({c.text})") for tt, rr, c, h in seen if c.quantity is not None and c is not cell]
            cause = causes.explain(q, exp.value, others)
            hint_zh = f"表格「{r.label}」的{header}为 {exp_text}"
            hint_en = f"the table's {header} for '{r.label}' is {exp_text_en}"
            if cause:
                hint_zh += f"；{cause[0]}"
                hint_en += f"; {cause[1]}"
        # a row whose name only ends with the subject's (劳务派遣人员经费 for 人员经费) may be
        # another item: the mismatch is then a note, not an error
        name, said = labels.core(r.label), labels.core(subject)
        exact = any(labels.match(x, _t, r) == "exact" for x in (said, said[:-2] if said.endswith(("支出", "经费", "资金")) else said))
        fuzzy = not exact and not (name.endswith(said) and name[: len(name) - len(said)] in lexicon.ROW_QUALIFIERS)
        within = arith.coarser_within_step(q, exp)
        if within:
            # 1,996.83 万元 for 19,968,361.41 元: cut off or nudged to make a sum add up
            hint_zh = f"{hint_zh}；相差不足末位一个单位，可能是截尾或为凑整而调整"
            hint_en = f"{hint_en}; less than one step of the last digit apart: cut off, or adjusted so a sum adds up"
        what_zh = f"{subject}的{ROLE_ZH[cue]}" if cue in ROLE_ZH else subject
        what_en = f"the {ROLE_EN[cue]} of {subject}" if cue in ROLE_EN else subject
        yield _t, self.finding(
            f"正文中{what_zh} {q.raw} 与表格「{r.label}」的{header} {cell.text} 不符",
            f"the prose gives {q.raw} as {what_en}, but the table's {header} for '{r.label}' is {cell.text}",
            q.span,
            label=(f"表格为 {exp_text}", f"the table has {exp_text_en}"),
            related=[(cell.span, f"表格：{r.label}·{header}", f"table: {r.label} · {header}")]
            + [(c.span, f"表格：{r.label}·{h}（与正文相同）", f"table: {r.label} · {h} (equals the prose)") for c, h in same_row],
            hint=(hint_zh, hint_en),
            reading="inferred" if fuzzy or self._government else "confirmed",
            severity=Severity.INFO if within else None,
        )


def _corroborated(judged: list[tuple]) -> Iterator[Finding | Verified]:
    """The prose-against-table results, a mismatch kept as an error only when another figure
    of the prose agrees with the same table: that the prose speaks of that table (its unit,
    its scope, its unit of the organisation) is then shown by the figures, not only by a
    row's name. A mismatch with a table no other figure of the prose agrees with rests on
    the name alone (a one-project form, a table in another unit, another unit's row of the
    same name) and is a note that says so."""
    agreed: dict[int, set[int]] = {}
    for q, t, r in judged:
        if isinstance(r, Verified):
            agreed.setdefault(id(t), set()).add(id(q))
    for q, t, r in judged:
        if isinstance(r, Finding) and r.severity is not Severity.INFO and not (agreed.get(id(t), set()) - {id(q)}):
            r.demote(Message(zh="正文中没有其他数字与该表一致，对应关系未经证实",
                             en="no other figure of the prose agrees with this table: the link is not confirmed"), "inferred")
        yield r


# -- totals named by their fund: the prose's 一般公共预算财政拨款支出, 基本支出, 三公经费 and the
# standard table's total they state ----------------------------------------------------

_TOTAL_NOISE = regex.compile(r"(?:19|20)\d\d\s*年度?|本年度?|当年|全年|^(?:本部门|本单位|部门|单位)|[“”\"‘’「」\s]|^其中[：:]?")
_TRAILING_MEASURE = regex.compile(r"(?:年初预算|调整预算|全年预算|预算|决算|执行|安排)数?$")
_TRAILING_LINK = regex.compile(r"(?:为|是|共|达|共计|合计为)$")
_SPENT = frozenset({"支出", "支出合计", "支出总额", "总支出"})
_SPENT_PARTS = frozenset({"基本支出", "项目支出"})
_THREE_PUBLIC = frozenset({"三公经费", "三公经费支出", "三公经费合计"})
_NAMED_FUNDS = frozenset({"一般公共预算", "政府性基金", "国有资本经营", "财政拨款"})


def _total_subject(words: str) -> str:
    """A clause's words with years, the organisation, quotes, fund words and trailing
    measure words taken off: what is left names the total (支出, 基本支出, 三公经费)."""
    text = _TOTAL_NOISE.sub("", words)
    text = facts._FUND_WORD.sub("", text)
    for _ in range(3):
        text = _TRAILING_LINK.sub("", text)
        text = _TRAILING_MEASURE.sub("", text)
    return text


def _small_slip(q, other) -> bool:
    """Two figures both written to 0.01 or finer whose gap rounding does not explain and is
    small — under one unit of the prose's figure and under 1 % of it: a slip in copying,
    not another statistic."""
    if q.decimals < 2 or (other.decimals < 2 and other.scale >= q.scale):
        return False
    if arith.compare_quantities(q, other) is not arith.Verdict.MISMATCH or arith.truncated(q, arith.interval(other)):
        return False  # equal as written, or the prose cut the table's figure off at 0.01
    gap = abs(q.value - other.value)
    return gap < q.scale and gap * 100 <= abs(q.value)


def _three_public_totals(t: Table, info, base) -> list[tuple[Cell, str | None, int | None]]:
    """The 三公 table's total: a 合计 row, or a 合计 column over rows of 预算数 / 决算数."""
    out: list[tuple[Cell, str | None, int | None]] = []
    year = facts.table_year(t, info)
    for f in base.in_table(t):
        if f.item == "本年支出合计" and f.part is None:
            out.append((f.cell, f.measure, f.period))
    if out:
        return out
    kind = facts.table_kind(t, info)
    for col in t.columns:
        if col.role != "value" or squeeze(col.header) != "合计":
            continue
        for r in t.side_rows:
            cell = r.values.get(col.index)
            if cell is None or cell.quantity is None:
                continue
            role = prose.column_role(r.label) if r.label else None
            measure = facts.MEASURE_OF_ROLE.get(role) if role else facts._measure("", kind)
            out.append((cell, measure, year))
    return out
