"""Facts: every figure of a document with its dimensions.

A figure is known by what it is, not by the words before it (the idea of XBRL facts
with their contexts). Each figure, in a table cell or in the prose, becomes a
:class:`Fact` with

- ``item``: what is counted — a classification code (``2040601``) or a canonical name
  (``三公经费``, ``人员经费``, ``本年支出合计``, ``收入总计``);
- ``measure``: ``年初预算`` / ``调整预算`` / ``决算`` (a budget's ``预算数`` is its 年初预算);
- ``period``: the year it belongs to;
- ``fund``: ``全部`` (all funds), ``财政拨款``, ``一般公共预算``, ``政府性基金``, ``国有资本经营``;
- ``part``: the part of the item a column holds (``基本支出``, ``人员经费``, ``财政拨款收入`` …),
  None for the whole;
- ``flow``: ``收入``, ``支出``, ``年初结转和结余``, ``年末结转和结余``;
- ``role``: ``level``, ``change``, ``rate``, ``share``, ``count``, ``score``;
- the quantity (unit, value, precision, location) and the standard table it stands in.

Table cells take their dimensions from the row (item, code), the column header (measure,
fund, part, flow) and the caption (period, fund, which standard table); prose figures
from their clause (the cue word nearest before them: ``年初预算为 A，全年预算为 B，支出
决算为 C``), their sentence and their section's heading. A dimension the text does not
give is None, and None never equals a known value: :func:`same_fact` compares two facts
only when every dimension agrees.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from auditor.document import labels, lexicon, prose
from auditor.document.model import Cell, Document, Heading, Paragraph, Quantity, SideRow, Span, Table
from auditor.document.numbering import nowhere, parse_numbering
from auditor.document.source import squeeze
from auditor.knowledge import disclosure, report
from auditor.knowledge.disclosure import StandardTable

MEASURE_OF_ROLE = {"final": "决算", "initial_budget": "年初预算", "adjusted_budget": "调整预算"}
_PRIOR_HEADER = ("上年", "上年度", "去年", "上期")
_YEAR = regex.compile(r"((?:19|20)\d\d)\s*年")


@dataclass(slots=True, eq=False)
class Fact:
    q: Quantity
    item: str | None
    measure: str | None
    period: int | None
    fund: str | None
    role: str
    where: str
    part: str | None = None
    flow: str | None = None
    coverage: str | None = None
    """``部门`` (a department with its units) or ``单位`` (one unit), from the caption or the report."""
    area: str | None = None
    """Prose: ``全域`` (the whole city, province … : 全市一般公共预算收入) or ``本级`` (the
    government's own level: 市本级…), from the sentence or its headings; None when not said."""
    name: str = ""
    """The item as the text writes it (a row's label, a prose subject)."""
    words: str = ""
    """Prose: the clause's words right before the figure (本年财政拨款收入 in 本年财政拨款收入452.00万元)."""
    code: str = ""
    table: Table | None = None
    row: SideRow | None = None
    cell: Cell | None = None
    standard: StandardTable | None = None
    confidence: float = 1.0

    @property
    def span(self):
        return self.q.span

    def dims(self) -> tuple:
        return (self.item, self.measure, self.period, self.fund, self.part, self.flow, self.role, self.coverage)

    def describe(self, no_year: str = "?") -> str:
        """The fact's dimensions joined by ·, ``?`` for one not known (``no_year`` for the
        period of a document that names no year anywhere)."""
        bits = [self.item or "?", self.measure or "?", str(self.period or no_year), self.fund or "?"]
        if self.part:
            bits.append(self.part)
        if self.flow:
            bits.append(self.flow)
        return "·".join(bits)


def same_fact(a: Fact, b: Fact) -> bool:
    """Two facts are the same fact only when every dimension is known and equal."""
    da, db = a.dims(), b.dims()
    return a.item is not None and a.measure is not None and a.period is not None and a.fund is not None and da == db


class FactBase:
    def __init__(self, facts: list[Fact]) -> None:
        self.facts = facts
        self.by_quantity = {id(f.q): f for f in facts}
        self.table_facts = [f for f in facts if f.where == "table"]
        self.prose_facts = [f for f in facts if f.where == "prose"]

    def of(self, q: Quantity) -> Fact | None:
        return self.by_quantity.get(id(q))

    def in_table(self, table: Table) -> list[Fact]:
        return [f for f in self.table_facts if f.table is table]


def facts(doc: Document) -> FactBase:
    """The document's facts, built once."""
    return doc.cached("facts", lambda: FactBase(_table_facts(doc) + _prose_facts(doc)))


# -- tables ----------------------------------------------------------------------------


def fund_in(text: str) -> str | None:
    """The fund a text names (the first, longest word), or None."""
    best = None
    for word, fund in disclosure.FUND_WORDS:
        i = text.find(word)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, fund)
    return best[1] if best else None


def last_fund_in(text: str) -> str | None:
    """The fund named last in a text (nearest to what follows it)."""
    best = None
    for word, fund in disclosure.FUND_WORDS:
        i = text.rfind(word)
        if i >= 0 and (best is None or i + len(word) > best[0]):
            best = (i + len(word), fund)
    return best[1] if best else None


_FUND_ORDER = {"全部": 0, "财政拨款": 1, "一般公共预算": 2, "政府性基金": 2, "国有资本经营": 2}


def narrowest(a: str | None, b: str | None) -> str | None:
    """The narrower of two funds (a column of 一般公共预算 in a 财政拨款 table is 一般公共预算)."""
    if a is None or b is None:
        return a or b
    return b if _FUND_ORDER.get(b, 0) >= _FUND_ORDER.get(a, 0) else a


def table_kind(table: Table, info: report.ReportInfo) -> str | None:
    cap = table.caption
    if "决算" in cap:
        return "决算"
    if "执行" in cap:
        return "执行"  # 一般公共预算收入执行情况表: what was collected and spent, not the budget
    if "预算" in cap:
        return "预算"
    if info.government:
        return None  # a region's report holds last year's execution and this year's budget
    return info.kind if info.kind in ("预算", "决算") else None


def table_year(table: Table, info: report.ReportInfo) -> int | None:
    m = _YEAR.search(table.caption)
    if m:
        return int(m.group(1))
    return None if info.government else info.year  # a region's report is of two years


def level_in(text: str) -> str | None:
    """``本级`` (市本级, 市级) or ``全域`` (全市) as the text last names one, else None; unlike
    :func:`area_in`, a text naming both gives the last."""
    found = None
    for m in _AREA.finditer(text):
        found = "全域" if m.group(0).startswith("全") else "本级"
    return found


_COVERAGE = regex.compile(r"(?:19|20)\d\d\s*年度?\s*(部门|单位)|^(?:[^\s]{0,30}?)(部门|单位)(?=[^\s]{0,12}(?:预算|决算))")


_LEVEL = regex.compile(r"(?:省|市|区|县|州|盟|旗)?本级|全(?:省|市|区|县|州|盟|旗)")


def table_coverage(table: Table, info: report.ReportInfo) -> str | None:
    """部门 or 单位 as the caption says it (2025年单位收入预算总表), else the report's; for
    a government's tables, 本级 (the government's own budget, 市本级) or 全辖 (with the
    levels below it, 全市) when the caption names one."""
    lv = _LEVEL.search(table.caption)
    if lv:
        return "本级" if "本级" in lv.group(0) else "全辖"
    m = _COVERAGE.search(table.caption)
    if m:
        return m.group(1) or m.group(2)
    return info.scope


def table_fund(table: Table, std: StandardTable | None) -> str | None:
    if std is not None:
        if std.fund == "全部" and (named := fund_in(table.caption)) and named != "全部":
            return named  # a 收入表 of one fund (2025年全市政府性基金预算收入完成情况表)
        return std.fund
    f = fund_in(table.caption)
    if f:
        return f
    return None


def _measure(header: str, kind: str | None) -> str | None:
    for part in reversed(header.split("/")):
        role = prose.column_role(part)
        if role:
            return MEASURE_OF_ROLE[role]
    if kind in ("决算", "执行"):
        return kind
    if kind == "预算":
        return "年初预算"
    return None


def _part(header: str, std: StandardTable | None) -> str | None:
    for piece in reversed(header.split("/")):
        p = squeeze(piece)
        for word in disclosure.PART_HEADERS:
            if p == word or (p.startswith(word) and len(p) <= len(word) + 2):
                return word
    return std.part if std else None


def _flow(header: str, table: Table, side: int, std: StandardTable | None) -> str | None:
    h = squeeze(header)
    for word, flow in disclosure.FLOW_HEADERS:
        if word in h:
            return flow
    cap = table.caption
    sides = {c.side for c in table.columns if c.role == "value"}
    if len(sides) >= 2 and "收" in cap and "支" in cap:
        return "收入" if side == min(sides) else "支出"
    if std is not None and std.key.endswith(("gf", "soe")):
        return None  # the fund tables hold several flows; their headers say which
    if "收入" in cap and "支出" not in cap:
        return "收入"
    if "支出" in cap or "三公" in cap or (std is not None and std.part):
        return "支出"
    return None


@functools.lru_cache(maxsize=4096)
def canonical(label: str) -> str:
    """A row or subject name as an item: numbering, brackets, quotes and 其中 taken off."""
    name = labels.core(label).replace("（", "").replace("）", "")
    return name


def _total_item(name: str, flow: str | None) -> str:
    n = squeeze(name)
    if n in ("合计", "本年合计") and flow in ("收入", "支出"):
        return f"本年{flow}合计"
    if n == "总计" and flow in ("收入", "支出"):
        return f"{flow}总计"
    return n


def _class_codes(doc: Document) -> dict[str, str]:
    """Name -> code of the coded rows, when a name has one code only: the 收支总表 names
    its expenditure lines (一般公共服务支出) without their codes (201)."""
    seen: dict[str, set[str]] = {}
    for t in doc.tables:
        for r in t.side_rows:
            if r.code and r.label:
                seen.setdefault(canonical(r.label), set()).add(r.code)
    return {n: next(iter(c)) for n, c in seen.items() if len(c) == 1}


_THREE_PUBLIC_WORDS = ("三公", "出国", "出境", "接待", "公务用车", "公车")
_INCOME_PARTS = ("财政拨款收入", "上级补助收入", "事业收入", "事业单位经营收入", "经营收入", "附属单位上缴收入", "其他收入")


_TOTAL_HEADERS = ("合计", "总计", "小计", "本年收入合计", "收入合计", "金额", "预算数", "决算数", "本年预算数", "年初预算数")
_CARRY_IN_HEADER = regex.compile(r"上年结转|年初结转|上年实户|上年结余|使用非财政拨款结余")


def _class_code(code: str) -> bool:
    """Whether a row's code is a classification code (功能分类 2xx, 经济分类 3xx/5xx: 3, 5 or
    7 digits), not a unit's code (125001) that names the unit a row is about."""
    code = "".join(code.split())
    return code.isdigit() and len(code) in (3, 5, 7) and code[0] in "235"


def _table_facts(doc: Document) -> list[Fact]:
    info = report.infer(doc)
    codes = _class_codes(doc)
    out: list[Fact] = []
    for t in doc.tables:
        std = disclosure.identify(t.caption)
        kind = table_kind(t, info)
        year = table_year(t, info)
        tfund = table_fund(t, std)
        coverage = table_coverage(t, info)
        cols = {c.index: c for c in t.columns}
        # a table that lists its items across its columns (the 三公 table) is read by its
        # column items; any other by its rows
        across = bool(t.column_items) and not any((r.label and not prose.column_role(r.label)) or r.code for r in t.side_rows)
        col_of = {id(c): i for row in t.rows for i, c in enumerate(row.cells)}
        carry: dict[int, str] = {}  # side -> the carry-over row whose fund lines follow
        for r in t.column_items if across else t.side_rows:
            if r.role == "blank":
                continue
            name = canonical(r.label)
            if not r.headers:
                if any(w in name for w in disclosure.CARRY_IN + disclosure.CARRY_OUT):
                    carry[r.side] = next(w for w in disclosure.CARRY_IN + disclosure.CARRY_OUT if w in name)
                elif r.role == "total" or not fund_in(name):
                    carry.pop(r.side, None)
            for k, cell in r.values.items():
                q = cell.quantity
                if q is None:
                    continue
                col = cols.get(col_of.get(id(cell), -1))
                if col is None or col.role != "value":
                    continue
                full = col.header + ("/" + r.headers[k] if r.headers else "")
                period = year
                if period is not None and any(w in prose.CARRIED_OVER.sub("", full) for w in _PRIOR_HEADER):
                    period -= 1  # a column of last year's figures (上年预算数), not this year's carry-over (上年结转)
                flow = _flow(full, t, r.side, std)
                part = None if r.headers else _part(col.leaf, std)
                fund = narrowest(tfund, last_fund_in(col.header.replace("财政拨款收入", "")))
                row_fund = fund_in(name) if not r.code else None
                if row_fund and row_fund != fund and _FUND_ORDER.get(row_fund, 0) == _FUND_ORDER.get(fund or "", 0) == 2:
                    # a line of one fund's table named after another fund (国有资本经营收入 among
                    # the 一般公共预算 revenues, a non-tax item): the funds are disjoint, so the
                    # row is an item of the table's fund, not a figure of the fund it names
                    row_fund = None
                if r.role in ("total", "subtotal"):
                    item = _total_item(name, flow) if r.role == "total" else None
                    if item == "本年收入合计" and (_CARRY_IN_HEADER.search(col.header) or (
                            squeeze(col.leaf) in ("合计", "总计") and any(_CARRY_IN_HEADER.search(c.header) for c in t.columns if c.role == "value"))):
                        # a 收入总表 with a 上年结转 column: its row totals hold the carry-overs,
                        # so its 合计 is not the year's income alone (nor clearly the 收入总计),
                        # and the 合计 of the 上年结转 column is a carry-over, not income
                        item = None
                    elif item == "本年收入合计" and squeeze(col.leaf) not in _TOTAL_HEADERS and not fund_in(col.header):
                        # the 合计 row of a column of one kind of income (财政专户拨款收入/教育收费):
                        # that kind's total, not the year's income
                        item = canonical(col.header)
                elif row_fund and r.side in carry:
                    item, fund = carry[r.side], narrowest(fund, row_fund)  # 年初财政拨款结转和结余 / 一、一般公共预算财政拨款
                elif row_fund and flow == "收入":
                    item, fund = "财政拨款收入", narrowest(fund, row_fund)  # 一般公共预算资金 is the 财政拨款收入 of that fund
                elif std is not None and std.key.endswith("projects") and not r.code:
                    # a project is named freely: 创业担保贷款贴息及奖补 the project is not the 项
                    # of that name (another project may share it), nor any coded row
                    item = f"项目·{name}" if name else None
                else:
                    item = r.code or codes.get(name) or name or None
                    if std is not None and std.key.endswith("three-public") and not _class_code(r.code) and not any(w in name for w in _THREE_PUBLIC_WORDS):
                        # a 三公 table's row of a unit (深圳市…局（本级）) or a year: what the figure
                        # counts is its column's item (因公出国(境)费, the 三公 total), not the unit
                        head = next((canonical(h) for h in col.header.split("/") if h and h not in ("总计", "合计", "小计")), "")
                        item = head if any(w in head for w in _THREE_PUBLIC_WORDS) else "三公经费"
                if item in ("本年收入合计", "收入总计") and part in _INCOME_PARTS and flow == "收入":
                    item, part = part, None  # 收入总表's 合计 row: its 事业收入 is the 收支总表's 事业收入 line
                    if item == "财政拨款收入":
                        fund = narrowest(fund, "财政拨款")
                elif item and item.endswith("合计") and item[:-2] in disclosure.PART_HEADERS:
                    item = item[:-2]  # 人员经费合计 is the 人员经费
                role = "rate" if not col.additive or q.base_unit in ("%", "百分点") else "level"
                out.append(Fact(q=q, item=item, measure=_measure(full, kind), period=period, fund=fund, role=role, where="table",
                                part=part, flow=flow, coverage=coverage, name=r.label, code=r.code, table=t, row=r, cell=cell, standard=std))
    return out


# -- prose -----------------------------------------------------------------------------

_CHANGE_BEFORE = regex.compile(r"(?:决算|预算|支出|收入|经费|资金|拨款|费)数?(?:增加|减少|增长|下降|上升|降低|调增|调减)了?\s*$")
_CHANGE_BEFORE_LAST = "了加少长降升低增减"
"""The characters :data:`_CHANGE_BEFORE`'s matches can end with before their white space."""
_MEASURE_WORDS = regex.compile(
    r"调整后预算数?|调整预算数?|全年预算数?|年初预算数?|预算安排|安排预算|预算数|预算|决算数?|支出决算|实际支出数?|执行数|完成数|实际数"
)
_GENERIC_ITEMS = frozenset({
    "", "部门", "本部门", "单位", "本单位", "项目", "资金", "经费", "支出", "收入", "总", "全年", "本年", "年度", "合计", "其中",
    "拨款", "财政", "安排", "数", "金额", "总额",
})
# A year after 比/较/与 is the base of a comparison, not the period of the figures after it.
_COMPARED_YEAR = regex.compile(r"(?:比|较|与|同|相比|对比)\s*$")
_COUNT_FAMILIES = ("people", "person_times", "households", "entities", "cases", "items", "items_xiang")


# A fund word that names an income line (财政拨款收入, 一般公共预算拨款收入) is an item, not
# the scope of what follows it.
_FUND_AS_ITEM = regex.compile(r"[ \t\u3000]{0,3}(?:收入|预算收入|拨款收入)")
_FIGURE_SCOPE_STOP = regex.compile(r"[。；;]")


def scope_fund(text: str, figures: list[int] | None = None) -> str | None:
    """The fund that scopes what follows ``text``: the last fund word in it that is not an
    income line's name (财政拨款收入 1000 万元，事业收入 200 万元: 事业收入 is no 财政拨款
    figure). ``figures`` are the positions of the figures in ``text``: a fund word that is
    an item of a 其中 list and already has its figure (其中：财政拨款 1000 万元，事业收入
    200 万元) scopes no later figure."""
    best = None
    for m in _FUND_WORD.finditer(text):
        if _FUND_AS_ITEM.match(text, m.end()):
            continue
        best = m
    if best is None:
        return None
    if figures and "其中" in text[: best.start()] and any(a >= best.end() for a in figures):
        return None
    return _FUND_OF_WORD[best.group(0)]


_CONTINUATION = regex.compile(r"^\s*(?:其中|主要|占|包括|具体)")


_TITLE_END = regex.compile(r"[。：:]|$")


def heading_title(para: Paragraph) -> tuple[int, str] | None:
    """A numbered paragraph that is a heading, alone or run in before its text
    (``（四）财政拨款支出情况`` / ``（四）财政拨款支出情况。2025年…``): its numbering's level
    and its title; None for a list item or a sentence."""
    n = para.numbering
    if n is None or n.kind == "circled":
        return None
    _num, rest = parse_numbering(para.text, nowhere)
    if rest <= 0:
        return None
    m = _TITLE_END.search(para.text, rest)
    title = para.text[rest : m.start()]
    if not 2 <= len(title) <= 30 or any(c in title for c in "，,；;、"):
        return None
    if any(rest <= q.pos < m.start() for q in para.quantities):
        return None  # 1. 教育支出 700 万元: a list item with its figure
    return n.level, title


# A heading about the whole budget or account (一、收支预算总体情况, （二）支出预算情况,
# 收入决算情况): what follows is of all funds. 基本支出情况 or 教育支出情况 is not.
_ALL_FUNDS_TITLE = regex.compile(
    r"^(?:关于)?(?:\p{Han}{0,20}?(?:19|20)\d\d\s*年度?)?(?:部门|单位|本部门|本单位)?(?:财务)?(?:收支|收入|支出|收入支出)"
    r"(?:预算|决算)?(?:情况)?的?(?:总体|总)?(?:情况)?的?(?:说明|概述|安排)?$"
)
_TRAILING_NOTE = regex.compile(r"[（(][^（）()]{0,20}[）)]\s*$")


def paragraph_funds(doc: Document) -> dict[int, str | None]:
    """id(paragraph) -> the fund its headings give it: the innermost heading (a Heading
    block, or a numbered paragraph that is a heading) that names one. A heading's fund
    holds until the next heading of its level or above (``（四）财政拨款支出情况`` sets
    财政拨款 for what follows; ``（五）…`` ends it)."""
    return doc.cached("paragraph-funds", lambda: _paragraph_funds(doc))


def _paragraph_funds(doc: Document) -> dict[int, str | None]:
    return {k: fund for k, (fund, _area) in paragraph_scopes(doc).items()}


# Words that make a heading's figures the whole area's (全市…) or the government's own
# level's (市本级…): one line item told for both is two facts.
_AREA = regex.compile(r"本级|(?:省|市|区|县|州|盟|旗)级(?!部门|单位|预算单位|以上|以下|及以上)|全(?:省|市|区|县|州|盟|旗|镇|乡)")


# A part of the area a report gives its own figures for: 高新区…, 御道口牧场管理区…
_ZONE = regex.compile(
    r"(?P<name>\p{Han}{1,10}?(?:管理区|开发区|高新区|经开区|新区|园区|示范区|试验区|自治县|街道))"
    r"(?=\p{Han}{0,6}?(?:预算|决算|财政|收支|收入|支出))"
)


_ZONE_ENDS = ("管理区", "开发区", "经开区", "新区", "园区", "示范区", "试验区", "自治县", "街道")
"""One of these is in every match of :data:`_ZONE` (its alternatives; 高新区 holds 新区)."""


def area_in(text: str) -> str | None:
    """What part of the area a text's figures are of: ``本级`` (市本级…), ``全域`` (全市…),
    or a zone's name (高新区…); the last one named, else None."""
    best = None
    named = set()
    if "全" in text or "级" in text:  # else _AREA cannot match (本级 and 市级 hold 级)
        for m in _AREA.finditer(text):
            best = (m.end(), "全域" if m.group(0).startswith("全") else "本级")
            named.add(best[1])
    # else _ZONE cannot match: most texts, cheaply (each of its words holds 区, 县 or 街)
    zones = ("区" in text or "县" in text or "街" in text) and any(w in text for w in _ZONE_ENDS)
    if len(named) == 2 and not (zones and _ZONE.search(text)):
        return None  # 全市和市级预算执行情况: both levels, so neither
    if zones:
        for m in _ZONE.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), m.group("name"))
    return best[1] if best else None


def paragraph_scopes(doc: Document) -> dict[int, tuple[str | None, str | None]]:
    """id(paragraph) -> (fund, area) its headings give it: the innermost heading (a Heading
    block, or a numbered paragraph that is a heading) that names one. A heading's scope
    holds until the next heading of its level or above (``（四）财政拨款支出情况`` sets
    财政拨款 for what follows; ``二、市本级一般公共预算收支决算情况`` sets 本级)."""
    return doc.cached("paragraph-scopes", lambda: _paragraph_scopes(doc))


def _paragraph_scopes(doc: Document) -> dict[int, tuple[str | None, str | None]]:
    out: dict[int, tuple[str | None, str | None]] = {}
    stack: list[tuple[int, str | None, str | None]] = []
    scope: tuple[str | None, str | None] = (None, None)  # the innermost fund and area the stack names

    def push(rank: int, title: str) -> None:
        nonlocal scope
        while stack and stack[-1][0] >= rank:
            stack.pop()
        bare = _TRAILING_NOTE.sub("", title.strip())  # 支出预算情况说明（详见表1-3）
        stack.append((rank, fund_in(title) or ("全部" if _ALL_FUNDS_TITLE.search(bare) else None), area_in(bare)))
        scope = (next((f for _r, f, _a in reversed(stack) if f), None), next((a for _r, _f, a in reversed(stack) if a), None))

    for b in doc.blocks:
        if isinstance(b, Heading):
            push(b.numbering.level if b.numbering is not None else 0, b.title or b.text)
        elif isinstance(b, Paragraph):
            if (h := heading_title(b)) is not None:
                push(*h)
            out[id(b)] = scope  # the stack changes only in push
    return out


_CLASSIFIED = regex.compile(r"(?:[\p{Han}、]{2,30}?[（(]类[）)])?(?:[\p{Han}、]{2,30}?[（(]款[）)])?[\p{Han}、]{2,30}?[（(]项[）)]")


def classified_subject(sentence: prose.Sentence, q: Quantity) -> str:
    """The item a figure with no subject of its own belongs to when its paragraph names a
    classification before it (``城乡社区支出（类）…城管执法（项）：年初预算为 A``, the
    national template's wording): the last such name before the figure, else ""."""
    text = sentence.para.text
    found = list(_CLASSIFIED.finditer(text, 0, q.pos))
    if not found:
        return ""
    m = found[-1]
    if regex.search(r"[\d．.]\s*(?:万元|元)", text[m.end() : q.pos]) and sentence.start > m.end():
        return ""  # figures of another item stand between
    return labels.core(m.group(0))


_LINKS = "为是达到了：: \t\u3000"


# The measure words as one pattern anchored at the clause's end: the leftmost match is
# the longest word that ends there (a shorter one is its suffix and starts later).
_CLAUSE_END_CUE = regex.compile("(?:" + "|".join(regex.escape(w) for w, _ in prose.LABEL_CUES) + r")\Z")
_LABEL_ROLE = dict(prose.LABEL_CUES)
_CUE_LAST = frozenset(w[-1] for w, _ in prose.LABEL_CUES)


def clause_cue(sentence: prose.Sentence, q: Quantity) -> str | None:
    """The measure word that stands right before a figure in its clause (``全年预算为 B``:
    adjusted budget), longest word first; None when the clause does not end with one."""
    text = prose.clause_before(sentence, q).rstrip(_LINKS)
    if text[-1:] not in _CUE_LAST:
        return None  # no measure word ends with its last character: the pattern cannot match
    m = _CLAUSE_END_CUE.search(text)
    return _LABEL_ROLE[m.group(0)] if m else None


_SENTENCE_CUE = regex.compile("|".join(regex.escape(w) for w, _ in prose.SENTENCE_CUES))
_CUE_ROLE = dict(prose.SENTENCE_CUES)
_FUND_WORD = regex.compile("|".join(regex.escape(w) for w, _ in sorted(disclosure.FUND_WORDS, key=lambda x: -len(x[0]))))
_FUND_OF_WORD = dict(disclosure.FUND_WORDS)


def measure_cue(sentence: prose.Sentence, q: Quantity) -> str | None:
    """The column cue of a prose figure: the measure word right before it (全年预算为 B),
    else its label's own, else the last one before it in the sentence — where the 预算 of a
    fund's name (一般公共预算财政拨款支出) is no measure word. Found once per figure (the
    fact layer and PRS001 both ask)."""
    memo = sentence.memo_of("measure-cue")
    key = id(q)
    if key not in memo:
        memo[key] = _measure_cue(sentence, q)
    return memo[key]


def _measure_cue(sentence: prose.Sentence, q: Quantity) -> str | None:
    cue = clause_cue(sentence, q)
    if cue:
        return cue
    own = prose.label_cue(q.label)[1]
    if own and not fund_in(q.label):
        return own
    text = sentence.para.text[sentence.start : q.pos]
    if _SENTENCE_CUE.search(text) is None:
        return None  # no cue at all (masking the funds' words below only takes cues away)
    text = _FUND_WORD.sub(lambda m: "＿" * len(m.group(0)), text)
    found = list(_SENTENCE_CUE.finditer(text))
    return _CUE_ROLE[found[-1].group(0)] if found else None


@functools.lru_cache(maxsize=8192)
def prose_item(subject: str) -> str | None:
    """A prose subject as an item: words of fund and measure taken off; a generic word
    (预算, 支出, 部门) names no item."""
    name = canonical(subject)
    for word, _f in disclosure.FUND_WORDS:
        name = name.replace(word, "")
    name = _MEASURE_WORDS.sub("", name)
    name = name.strip("的和及、")
    if name in _GENERIC_ITEMS or len(name) < 2:
        return None
    return name


def sentence_fund(doc: Document, s: prose.Sentence, q: Quantity) -> str | None:
    """The fund a prose figure is of: named before it in its sentence; else, in a sentence
    that continues the one before (其中…, 主要…, 占…), named in its paragraph before; else
    its headings' (:func:`paragraph_funds`)."""
    text = s.para.text
    before = text[s.start : q.pos]
    # no fund word before the figure: scope_fund would find none (most figures, one search)
    fund = scope_fund(before, [o.pos - s.start for o in s.quantities if o.pos < q.pos]) if _FUND_WORD.search(before) else None
    if fund is None and s.start and _CONTINUATION.match(s.text):
        fund = scope_fund(text[: s.start])
    if fund is None:
        fund = paragraph_funds(doc).get(id(s.para))
    return fund


def is_change(sentence: prose.Sentence, q: Quantity) -> bool:
    """A change (增加/减少 N, 比上年…), never a level: also ``支出决算减少 N 万元``, where no
    comparison word stands before the change word."""
    if prose.is_change(sentence, q):
        return True
    clause = prose.clause_before(sentence, q)
    if clause.rstrip()[-1:] not in _CHANGE_BEFORE_LAST:
        return False  # the pattern ends with a change word (or 了) and white space: it cannot match
    return bool(_CHANGE_BEFORE.search(clause))


_TITLE_NOISE = regex.compile(r"[\s（）()]")
_DIGIT = regex.compile(r"\d")
ORG_ENDS = (*lexicon.ORG_SUFFIXES, "本级", "分局", "支队", "大队", "学校", "医院", "管理处", "处", "站", "所", "馆")


def paragraph_entities(doc: Document) -> dict[int, str]:
    """id() of each paragraph -> the organisation its section is about, when a heading names
    one (a title that ends with 局, 院, 中心 …, or 本级): the units' reports a department's
    report holds."""
    return doc.cached("paragraph-entities", lambda: _paragraph_entities(doc))


def _paragraph_entities(doc: Document) -> dict[int, str]:
    out: dict[int, str] = {}
    current: str | None = None
    level = 0
    for b in doc.blocks:
        if isinstance(b, Heading):
            title = _TITLE_NOISE.sub("", b.title)
            if 4 <= len(title) <= 30 and not _DIGIT.search(title) and title.endswith(ORG_ENDS):
                current, level = title, b.level
            elif current is not None and b.level <= level:
                current = None  # a heading of the unit's rank that names none: its section is over
        elif isinstance(b, Paragraph) and current is not None:
            out[id(b)] = current
    return out


def row_index(doc: Document) -> labels.RowIndex:
    """The rows of the document's tables indexed by name (built once, read by several
    checks: the index does not change once built)."""
    return doc.cached("row-index", lambda: labels.RowIndex([t for t in doc.tables if t.side_rows or t.column_items]))


def _prose_facts(doc: Document) -> list[Fact]:
    info = report.infer(doc)
    out: list[Fact] = []
    index = row_index(doc)
    codes = _class_codes(doc)
    resolved: dict[str, str] = {}

    def resolve(name: str) -> str:
        """A subject that names coded rows is their code (一般公共服务支出商贸事务行政运行 -> 2011301)."""
        if name not in resolved:
            found = {r.code for _t, r in index.named(name)}
            resolved[name] = found.pop() if len(found) == 1 and "" not in found else codes.get(name, name)
        return resolved[name]

    scopes = paragraph_scopes(doc)
    for s in prose.sentences(doc):
        for q, subject, cue in prose.subjects(s):
            cue = measure_cue(s, q)
            if not subject and cue:
                subject = classified_subject(s, q)
            clause = prose.clause_before(s, q)
            if q.base_unit in ("%", "百分点", "‰"):
                role = "share" if any(w in clause for w in ("占", "比重", "比例")) else "rate"
            elif is_change(s, q):
                role = "change"
            elif q.base_unit == "分":
                role = "score"
            elif q.family in _COUNT_FAMILIES:
                role = "count"
            else:
                role = "level"
            text_before = s.para.text[s.start : q.pos]
            open_before = prose.outside_brackets(text_before)  # （2024年…为 A 万元），减少 B: B is not of 2024
            years = [m.group(1) for m in _YEAR.finditer(open_before) if not _COMPARED_YEAR.search(open_before, 0, m.start()) and not prose.event_year(open_before, m.end())] if "年" in open_before else []  # every year ends with 年
            if prose.is_prior_period(s, q):
                period = info.year - 1 if info.year else None
            elif years:
                period = int(years[-1])
            else:
                period = info.year
            fund = sentence_fund(doc, s, q)
            measure = MEASURE_OF_ROLE.get(cue) if cue else None
            item = prose_item(subject)
            if item is not None:
                item = resolve(item)
            area = area_in(text_before) or scopes.get(id(s.para), (None, None))[1]
            out.append(Fact(q=q, item=item, measure=measure, period=period, fund=fund, role=role, where="prose", area=area,
                            name=subject, words=clause.strip().rstrip(_LINKS), confidence=0.8 if measure else 0.5))
    return out


def table_code_names(doc: Document, clean) -> dict[str, dict[str, Span | None]]:
    """The names the document's tables give each classification code (类 3, 款 5, 项 7
    digits): code -> {name as ``clean`` leaves it: where it first stands}. Names shorter than
    two characters are left out."""
    names: dict[str, dict[str, Span | None]] = {}
    for t in doc.tables:
        for sr in t.side_rows:
            code = "".join(sr.code.split())
            if len(code) in (3, 5, 7) and code.isdigit():
                label = clean(sr.label)
                if len(label) >= 2:
                    names.setdefault(code, {}).setdefault(label, sr.label_span)
    return names
