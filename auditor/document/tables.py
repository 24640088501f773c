"""Table structure: cells, header rows, column roles, sides, and row hierarchy.

From rows of text cells this module infers what a reader of a Chinese budget table
sees: which leading rows are headers (one, two or three of them), which columns hold
classification codes (类/款/项), labels or values, where a second table stands beside
the first (收入 columns beside 支出 columns), which rows are totals (合计/总计),
subtotals (小计) or partial breakdowns (其中), and which row is part of which: by
classification code (``201`` -> ``20113`` -> ``2011301``), by numbering (一、 rows are top
level, unnumbered rows under one are its parts) or by indentation.

It also lists the sum relations that the structure implies (:func:`sum_relations`);
checks evaluate them with :mod:`auditor.document.arith`.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from auditor.document import arith, lexicon
from auditor.document.model import Cell, Column, Document, Paragraph, Quantity, Row, SideRow, Table
from auditor.document.numbering import nowhere, parse_numbering
from auditor.document.numbers import cell_money, cell_quantity, read_number
from auditor.document.source import SourceText, normalise, squeeze

_MAX_DIGITS = 13
"""More integer digits than any amount a report states in its units (ten trillion yuan, or a
thousand trillion 万元): a cell whose figures are run together by the reader."""
_HEADER_UNIT = regex.compile(r"[（(](?:单位[:：])?\s*(万亿元|亿元|千万元|百万元|万元|千元|元|%|％|人|万人|人次|个|家|户|件)\s*[）)]")
_LEADING_CODE = regex.compile(r"^(\d{3,9})(?![年月日])[ \t\u3000]*(?=\S)(?!\d)")  # 2026年中央信访资金: a year, not a code
_PIPE = regex.compile(r"(?<!\\)\|")
_DIGITS = regex.compile(r"^\d{1,9}$")
_SPACED_CODE = regex.compile(r"^\d{1,9}(?:[ \t\u3000]+\d{1,7}){0,3}$")


@functools.lru_cache(maxsize=8192)
def as_code(text: str) -> str | None:
    """A classification code as written, normalised: full-width digits made ASCII and a
    stray space inside taken out (``210 01`` -> ``21001``); None when the text is no code."""
    t = normalise(text).strip(" \t\u3000")
    if not t or not _SPACED_CODE.match(t):
        return None
    code = regex.sub(r"[ \t\u3000]+", "", t)
    return code if len(code) <= 9 else None
_YEAR = regex.compile(r"^(?:19|20)\d\d$")


_DECLARED = regex.compile(r"<!--\s*=\s*(\?|SUM\([A-Z0-9:,]+\)|[A-Z]{1,3}\d+)\s*-->")
_AREA = regex.compile(r"^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$")


def _declare(src: SourceText, cell: Cell, start: int, length: int) -> Cell:
    """A cell followed by ``<!-- =SUM(B5:B9) -->`` declares the sum it is."""
    raw = src.text[start : start + length]
    if "<!--" in raw and (m := _DECLARED.search(raw)):
        cell.formula = m.group(1)
    return cell


def _split_tsv(src: SourceText, line_start: int, text: str) -> list[Cell]:
    cells = []
    pos = 0
    for part in text.split("\t"):
        cells.append(_declare(src, _cell(src, line_start + pos, part), line_start + pos, len(part)))
        pos += len(part) + 1
    return cells


def _split_pipe(src: SourceText, line_start: int, text: str) -> list[Cell]:
    first = text.index("|")
    last = text.rindex("|")
    inner = text[first + 1 : last]
    cells = []
    pos = first + 1
    for part in _PIPE.split(inner):
        cells.append(_declare(src, _cell(src, line_start + pos, part), line_start + pos, len(part)))
        pos += len(part) + 1
    return cells


def _cell(src: SourceText, start: int, raw: str) -> Cell:
    stripped = raw.strip(" \t\u3000")
    lead = len(raw) - len(raw.lstrip(" \t\u3000"))
    indent = sum(2 if c == "\u3000" else 1 for c in raw[:lead])
    s = start + lead
    return Cell(text=stripped.replace("**", ""), span=src.span(s, s + len(stripped)), indent=indent)


def build_table(src: SourceText, chunks, fmt: str, caption, unit) -> Table:
    """Build a :class:`Table` from line chunks (a table continued after page breaks)."""
    split = _split_tsv if fmt == "tsv" else _split_pipe
    rows: list[Row] = []
    first_rows: list[list[str]] = []
    for ci, chunk in enumerate(chunks):
        dropping = ci > 0
        for k, line in enumerate(chunk):
            cells = split(src, line.start, line.text)
            texts = [c.text for c in cells]
            if ci == 0 and k < 4:
                first_rows.append(texts)
            if dropping and _same_row(texts, first_rows):
                continue  # a header repeated after a page break
            dropping = False
            rows.append(Row(index=len(rows), cells=cells, line=line.no + 1))
    if src.origins:
        for r in rows:
            for c in r.cells:
                if c.text and (o := src.origin(c.span.start)) is not None and getattr(o, "exact", None):
                    c.exact = Decimal(o.exact)
    width = max((len(r.cells) for r in rows), default=0)
    for r in rows:
        while len(r.cells) < width:
            end = r.cells[-1].span.end if r.cells else 0
            r.cells.append(Cell(text="", span=src.span(end, end)))
    start = rows[0].cells[0].span.start if rows and rows[0].cells else 0
    end = max((c.span.end for c in rows[-1].cells), default=start) if rows else start
    table = Table(rows=rows, span=src.span(start, end), format=fmt)
    if caption:
        text, off, length = caption
        table.caption, table.caption_span = text, src.span(off, off + length)
    if unit:
        u, off = unit
        table.unit, table.unit_span = u, src.span(off, off + len(u))
    analyse(table)
    return table


_ONE_OR_TWO_DIGITS = regex.compile(r"\d{1,2}")
_UP_TO_THREE_DIGITS = regex.compile(r"\d{1,3}")
_COLUMN_NUMBER_MARKS = ("**", "*", "栏次", "行次", "-", "—")


def _marked_column_numbers(texts: list[str]) -> bool:
    """A row that numbers the columns (``** ** 1 2 3 …`` or ``栏次 1 2 3``): at least three
    figures 1, 2, 3 … (or starting anywhere, each one more than the last), nothing else
    but marks. It holds no data."""
    nums = []
    for t in texts:
        t = t.strip()
        if not t or t in _COLUMN_NUMBER_MARKS:
            continue
        if not _ONE_OR_TWO_DIGITS.fullmatch(normalise(t)):
            return False
        nums.append(int(normalise(t)))
    return len(nums) >= 3 and all(b == a + 1 for a, b in itertools.pairwise(nums))


def _is_row_reference(col: Column, values: list[str]) -> bool:
    """A column of small whole numbers rising row by row under no header of words (行次
    numbers, or a workbook's helper column): it numbers the rows, it holds no amounts."""
    if regex.search(r"\p{Han}", col.leaf):
        return False
    nums = [int(c) for v in values if (c := as_code(v)) is not None and len(c) <= 3]
    return len(nums) == len(values) >= 5 and all(b > a for a, b in itertools.pairwise(nums))


def _is_serial(values: list[str]) -> bool:
    """Whether a column's values are the row numbers 1, 2, 3 … n in order (n ≥ 3)."""
    nums = [as_code(v) for v in values]
    return len(nums) >= 3 and all(n is not None and n == str(k) for k, n in enumerate(nums, 1))


def _same_row(texts: list[str], rows: list[list[str]]) -> bool:
    key = [t for t in texts if t]
    return bool(key) and any(key == [t for t in r if t] for r in rows)


@functools.lru_cache(maxsize=8192)
def _is_number(text: str) -> bool:
    t = text.strip().rstrip("%％")
    return bool(t) and (read_number(normalise(t)) is not None or cell_money(normalise(t)))


def _is_total_label(label: str) -> str | None:
    key = squeeze(label).rstrip("：:")  # 总计：
    if not key:
        return None
    if any(key.startswith(w) for w in lexicon.SUBTOTAL_WORDS) or key.endswith("小计"):
        return "subtotal"
    if key in ("合计", "总计", "共计", "总额", "总计数") or (len(key) <= 14 and key.endswith(("合计", "总计"))):
        return "total"
    return None


def _column_numbers(texts: list[str]) -> bool:
    """Whether a row numbers the table's columns (1 2 3 … in order, three or more, and
    nothing else but a label such as 栏次 or an empty or bold-marker cell)."""
    figures = [t.strip().strip("*").strip() for t in texts if t.strip().strip("*").strip()]
    if figures and figures == [str(k) for k in range(1, len(figures) + 1)] and not texts[0].strip().strip("*"):
        return True  # ** | 1 (| 2 …): no label, the columns counted from 1
    if len(figures) < 3 or not all(f.isdigit() for f in figures[1:]):
        return False
    if not figures[0].isdigit():
        figures = figures[1:]  # 栏次 | 1 | 2 | …, or a label cell of any wording
        if len(figures) < 3:
            return False
    return [int(f) for f in figures] == list(range(int(figures[0]), int(figures[0]) + len(figures))) and int(figures[0]) in (0, 1)


def analyse(table: Table) -> None:
    rows = table.rows
    if not rows:
        return
    width = len(rows[0].cells)
    # 1. Header rows: the leading rows with no figure in them.
    header_count = 0
    index_rows: set[int] = set()
    for r in rows[:5]:
        texts = [c.text for c in r.cells]
        if all(not t for t in texts):
            break
        figures = [t for t in texts if _is_number(t) and not _YEAR.match(t.strip())]
        first = next((t for t in texts if t), "")
        rest = texts[texts.index(first) + 1 :] if first in texts else []
        if (squeeze(first) in lexicon.INDEX_ROW_LABELS
                and not any(t.strip() and not _is_number(t) and t.strip() not in _COLUMN_NUMBER_MARKS and squeeze(t) not in lexicon.INDEX_ROW_LABELS
                            and not _TOKEN_CELL.match(normalise(t)) for t in rest)) \
                or _column_numbers(texts) or _marked_column_numbers(texts):
            # 栏次 1 2 3 … numbers the columns; 序号 | 单位名称 | 2021年 … is a header row of words
            index_rows.add(r.index)  # 栏次 1 2 3 …: numbers the columns, holds no figures
            header_count += 1
            continue
        words = [t for t in texts if t.strip() and not _is_number(t)]
        small = all(_UP_TO_THREE_DIGITS.fullmatch(normalise(f.strip())) for f in figures)
        if header_count and not texts[0].strip() and figures and small and len(words) >= max(2, 2 * len(figures)):
            # 预算数 | 3 | 执行数 under a merged 2025年: a header row with a stray helper
            # number (a workbook's hidden reference) is still a header row
            header_count += 1
            continue
        lone_total = _is_total_label(first) and sum(1 for t in texts if t.strip()) == 1  # an empty table's 合计 row
        if header_count and not figures and not lone_total and (not texts[0].strip() or sum(1 for t in texts if t.strip()) >= 3):
            # 公务用车购置及运行费 over 小计 | 购置费 | 运行费: a second header row under a
            # merged cell starts with an empty cell, whatever words it holds
            header_count += 1
            continue
        if figures or (_is_total_label(first) and sum(1 for t in words if regex.search(r"\p{Han}", t)) < 3) or parse_numbering(first, nowhere)[0]:
            # (“三公”经费合计 | 因公出国（境）费 | 公务接待费 …: a total's name heading a
            # row of names is a header row, items listed across the columns)
            break
        header_count += 1
    if header_count >= len(rows) and not (index_rows and max(index_rows) == rows[-1].index):
        # a table of words only: its first row heads the rest (one that ends with its
        # column numbers 1 2 3 … is an empty table, all header)
        header_count = max(index_rows) + 1 if index_rows else min(1, len(rows))
    table.header_count = header_count
    for r in rows[:header_count]:
        r.header = True
    data = rows[header_count:]

    # 2. Header groups: which columns each header cell spans.
    groups: list[list[tuple[int, int, str]]] = []
    parents = [(0, width - 1, "")]
    for r in rows[:header_count]:
        if r.index in index_rows:
            continue
        row_groups = []
        filled = [i for i, c in enumerate(r.cells) if c.text]
        for k, i in enumerate(filled):
            parent = next((p for p in parents if p[0] <= i <= p[1]), (0, width - 1, ""))
            nxt = filled[k + 1] if k + 1 < len(filled) else width
            row_groups.append((i, min(nxt - 1, parent[1]), r.cells[i].text))
        groups.append(row_groups)
        # columns not covered in this row keep the parent span from the row above
        covered = {c for g in row_groups for c in range(g[0], g[1] + 1)}
        parents = row_groups + [p for p in parents if not any(c in covered for c in range(p[0], p[1] + 1))]
    table.header_groups = groups

    # 3. Columns: header path, role, unit, additivity.
    columns = []
    for ci in range(width):
        path = []
        for row_groups in groups:
            for a, b, text in row_groups:
                if a <= ci <= b:
                    path.append(text)
        leaf = path[-1] if path else ""
        cells = [r.cells[ci].text for r in data]
        nums = sum(1 for t in cells if _is_number(t) or as_code(t))
        texts = sum(1 for t in cells if t and not _is_number(t) and not as_code(t) and t not in ("-", "—", "/"))
        if not nums and not texts:
            role = "empty"
        elif texts and texts >= nums and not all(_is_total_label(t) for t in cells if t and not _is_number(t)):
            role = "label"
        else:
            role = "value"
        if any(w in leaf for w in ("序号", "编号", "行次", "栏次")):
            role = "index"
        columns.append(Column(index=ci, header="/".join(path), leaf=leaf, role=role))
    # classification-code columns: whole numbers, before a label column, or headed 类/款/项/编码
    for col in columns:
        if col.role != "value":
            continue
        values = [t for r in data if (t := r.cells[col.index].text) and not _is_total_label(t)]
        if not values or not all(as_code(v) for v in values):
            continue
        if (_is_serial(values) and any(c.role == "label" for c in columns[col.index + 1 : col.index + 3])) or _is_row_reference(col, values):
            col.role = "index"  # 1, 2, … 11 before the item's name: numbers the rows, not a code hierarchy
            continue
        headed = any(w == col.leaf or w in col.header for w in ("编码", "代码", "科目编码")) or col.leaf in lexicon.CODE_HEADERS
        if not headed and any(w in col.leaf for w in _AMOUNT_HEADERS):
            continue  # 项目金额 | 项目简介: whole amounts before a column of words are amounts, not codes
        label_follows = False
        for nxt in columns[col.index + 1 : col.index + 4]:
            if nxt.role == "label":
                label_follows = True
                break
            if nxt.role == "value" and not all(as_code(r.cells[nxt.index].text) for r in data if r.cells[nxt.index].text):
                break
        if _serial(values):
            col.role = "index"  # 1, 2, 3 … 11: rows numbered, not classification codes (1 is no parent of 11)
        elif headed or label_follows:
            col.role = "code"
    side = 0
    seen_value = False
    for col in columns:
        if col.role in ("label", "code") and seen_value:
            side += 1
            seen_value = False
        if col.role == "value":
            seen_value = True
        col.side = side
        m = _HEADER_UNIT.search(col.header)
        col.unit = m.group(1).replace("％", "%") if m else table.unit
        if m is None and col.leaf.rstrip().endswith(("%", "％")):
            col.unit = "%"  # 增减% / 比上年增长%: a percent column without brackets
        text = col.header + col.leaf
        col.additive = not any(w in text for w in lexicon.NON_ADDITIVE_HEADERS) and col.unit != "%"
        if col.role == "value" and any(r.cells[col.index].text.strip().endswith(("%", "％")) for r in data):
            col.additive = False
    table.columns = columns

    # 4. Quantities of value cells.
    side_labels: dict[int, list[Column]] = {}
    for col in columns:
        if col.role == "label":
            side_labels.setdefault(col.side, []).append(col)
    for r in data:
        for col in columns:
            if col.role != "value":
                continue
            cell = r.cells[col.index]
            if not cell.text:
                continue
            label = next((r.cells[c.index].text for c in side_labels.get(col.side, []) if r.cells[c.index].text), "")
            q = cell_quantity(normalise(cell.text), cell.span, col.unit, label)
            if q is not None and len(q.raw.replace(",", "").split(".")[0].lstrip("-+")) > _MAX_DIGITS:
                q = None  # 45710081806884751696: the figures of several cells run together, not an amount
            if q is not None:
                q.context = f"{label}|{col.leaf}"
                if cell.exact is not None and q.resolution and abs(cell.exact - q.written) <= q.resolution / q.scale / 2:
                    q.exact = cell.exact * q.scale  # the stored value its text shows, rounded or in full
                elif cell.exact is not None and cell.exact == q.written:
                    q.exact = q.value
                cell.quantity = q

    # 5. Rows of each side, and their hierarchy.
    table.side_rows = []
    for s in sorted({c.side for c in columns}):
        side_cols = [c for c in columns if c.side == s]
        table.side_rows.extend(_side_rows(table, data, s, side_cols))
    _total_across_panels(table.side_rows)
    table.column_items = _column_items(data, columns)


def _total_across_panels(rows: list[SideRow]) -> None:
    """人员经费合计 | … | 公用经费合计 | … | 2,266.65 on the last row of a table printed as
    panels (the national 基本支出决算表; 当年支出小计 under the 功能分类 panel, its figure under
    支出用途): a total's or subtotal's name whose panel has no figure on its
    row owns the figure of the next panel's row, which has no name of its own."""
    by_row: dict[int, list[SideRow]] = {}
    for r in rows:
        by_row.setdefault(r.row, []).append(r)
    for line in by_row.values():
        line.sort(key=lambda r: r.side)
        for a, b in itertools.pairwise(line):
            if a.role in ("total", "subtotal") and a.label and all(c.quantity is None for c in a.values.values()) \
                    and not b.label and not b.code and b.role != "total" and any(c.quantity is not None for c in b.values.values()):
                own = dict(zip(sorted(a.values), (b.values[k] for k in sorted(b.values)), strict=False))
                if len(a.values) == len(b.values) and (_panel_adds_up(rows, a, own) or _panel_adds_up(rows, b, b.values)):
                    # the figure stands under the other panel's column, and one panel's rows add
                    # up to it: one total that both panels break down (当年支出小计 of the 功能分类
                    # panel, printed under 支出用途), so it is this panel's own too; else it may
                    # cover both panels together (公用经费合计 over 302 | 307, 310, 399)
                    a.values = own
                else:
                    a.values = {**a.values, **b.values}
                b.values = {k: Cell(text="", span=c.span) for k, c in b.values.items()}
                b.role = "blank"


def _panel_adds_up(rows: list[SideRow], total: SideRow, values: dict[int, Cell]) -> bool:
    """Whether the top-level item rows above ``total`` on its side add up to ``values``."""
    items = [r for r in rows if r.side == total.side and r.row < total.row and r.role == "item" and r.parent is None]
    for k, cell in values.items():
        if cell.quantity is None:
            continue
        parts = [r.values[k].quantity for r in items if k in r.values and r.values[k].quantity is not None]
        if not parts or not arith.total(parts).overlaps(arith.interval(cell.quantity)):
            return False
    return True


def _serial(values: list[str]) -> bool:
    """Whole numbers counting up by one (1, 2, … 11): a serial number column."""
    codes = [as_code(v) for v in values]
    if len(values) < 3 or any(c is None or (len(c) > 1 and c.startswith("0")) or len(c) > 4 for c in codes):
        return False
    nums = [int(c) for c in codes]
    return nums[0] <= 1 and all(b == a + 1 for a, b in itertools.pairwise(nums))


_FIGURE_WORDS = ("预算数", "决算数", "执行数", "预算", "决算")
_THREE_PUBLIC_ITEMS = ("出国", "出境", "接待", "公务用车", "公车")
# Header words of a column of amounts: its whole numbers are figures, never codes.
_AMOUNT_HEADERS = ("金额", "预算数", "决算数", "执行数", "合计", "小计", "总计", "支出", "收入", "经费", "资金", "拨款")


def _column_items(data: list[Row], columns: list[Column]) -> list[SideRow]:
    """The items of a table that lists them across its columns: a handful of data rows
    (at most three) whose labels, if any, say which figure each is (预算数, 决算数)."""
    labels = [c for c in columns if c.role == "label"]
    values = [c for c in columns if c.role == "value"]
    if not data or len(data) > 3 or len(values) < 2 or len(labels) > 1:
        return []
    row_names = {r.index: (r.cells[labels[0].index].text if labels else "") for r in data}
    items = []
    for col in values:
        cells = {r.index: r.cells[col.index] for r in data if r.cells[col.index].quantity is not None}
        if not cells:
            continue
        path = col.header.split("/")
        name = col.leaf
        if _is_total_label(name) and len(path) >= 2:
            name = path[-2]  # 合计 under “三公”经费预算数 is the 三公经费预算数
        if _is_total_label(name):
            continue  # a total with no item over it names nothing
        figure = next((w for w in _FIGURE_WORDS if name.endswith(w) and len(name) > len(w) + 1), "")
        if figure:  # 机关运行经费预算数: the item is 机关运行经费, the figure its 预算数
            name = name[: -len(figure)]
        headers = {k: (row_names[k] or figure or col.header) for k in cells}
        items.append(SideRow(row=-1, side=col.side, label=name, role="item", values=cells, headers=headers))
    return items



def _side_rows(table: Table, data: list[Row], side: int, cols: list[Column]) -> list[SideRow]:
    label_cols = [c for c in cols if c.role == "label"]
    code_cols = [c for c in cols if c.role == "code"]
    index_cols = [c for c in cols if c.role == "index"]
    value_cols = [c for c in cols if c.role == "value"]
    out: list[SideRow] = []
    base = len(table.side_rows)
    carried: dict[int, str] = {}  # 类 | 款 | 项 columns: the parts of the last code seen
    # 类 | 款 | 项 columns hold parts of one code (201 | 40 | 01), each of at most three digits
    split_code = all(len(code) <= 3 for r in data for c in code_cols if (code := as_code(r.cells[c.index].text) or ""))
    # label columns tell levels only when each row fills one of them (预算单位 | 年度 filled
    # together on a row are two dimensions, not two levels)
    several_labels = any(sum(1 for c in label_cols if r.cells[c.index].text) > 1 for r in data)
    before: list[str] | None = None
    for r in data:
        # (a 栏次 or 行次 column numbers the row again: the repeat is in every other cell)
        texts = [squeeze(r.cells[c.index].text) for c in cols if c.role != "index"]
        repeats, before = texts == before and any(texts), texts
        label_cell = next((r.cells[c.index] for c in label_cols if r.cells[c.index].text), None)
        if label_cell is None:
            # a 合计 row often writes its label in the code columns
            index_cols = [c for c in cols if c.role == "index"]
            label_cell = next((r.cells[c.index] for c in code_cols + index_cols if r.cells[c.index].text and not as_code(r.cells[c.index].text)), None)
        label = label_cell.text if label_cell else ""
        parts = [as_code(r.cells[c.index].text) or "" for c in code_cols]
        if not split_code:
            # 科目编码 | 单位编码: two whole codes of different systems, not 类 | 款 | 项 parts
            parts = parts[:1]
        if split_code and len(code_cols) > 1 and any(parts):
            # a 款 row that leaves its 类 cell empty (201 | 40 | 01 printed as · | 40 | ·) takes
            # the 类 of the rows above; a lost leading part is inferred from the neighbours
            first = next(k for k, t in enumerate(parts) if t)
            if first > 0 and all(carried.get(k) for k in range(first)):
                parts = [carried[k] for k in range(first)] + parts[first:]
            carried = {k: t for k, t in enumerate(parts) if t}
        code = "".join(parts)
        if not code and label:
            m = _LEADING_CODE.match(normalise(label))
            if m:
                code = m.group(1)
                label = label[m.end():].strip()
        values = {c.index: r.cells[c.index] for c in value_cols}
        sr = SideRow(row=r.index, side=side, label=label, label_span=label_cell.span if label_cell else None, code=code, values=values, repeats=repeats)
        sr.indent = label_cell.indent if label_cell else 0
        filled = [k for k, c in enumerate(label_cols) if r.cells[c.index].text]
        if len(label_cols) > 1 and len(filled) == 1 and not several_labels:
            # 项目名称 | 采购品目: a row whose name stands in a later label column only is a
            # part of the row above whose name stands in an earlier one
            sr.indent += 100 * filled[0]
        numbering, _ = parse_numbering(label, nowhere)
        sr.numbering = numbering
        kind = _is_total_label(label)
        if kind:
            sr.role = kind
        elif any(squeeze(label).startswith(w) for w in lexicon.OF_WHICH_WORDS):
            sr.role = "of_which"
        elif not label and not code and all(c.is_empty for c in values.values()):
            sr.role = "blank"
        out.append(sr)
    _complete_codes(out)
    _nested_totals(out)
    _hierarchy(out, base)
    additive = [c.index for c in value_cols if c.additive]
    if _infer_from_figures(out, base, additive) | _infer_under_heads(out, base, additive) | _infer_under_codes(out, base, additive):
        table.structure = "figures"
    return out


_BARE_TOTALS = ("合计", "总计", "共计", "总额", "总计数")


def _continues(first: SideRow, then: SideRow) -> bool:
    """Whether ``then`` stands beside ``first`` as its next sibling: the next number of the
    same list (一、 then 二、), or, unnumbered both, the same indentation."""
    a, b = first.numbering, then.numbering
    if a is not None and b is not None:
        return a.kind == b.kind and a.level == b.level and b.value == a.value + 1
    return a is None and b is None and first.indent == then.indent


def _nested_totals(rows: list[SideRow]) -> None:
    """A qualified 合计 (区县级合计, 下级合计) that is the second part of a whole and the total
    of the rows listed after it is a subtotal standing above its members: the whole (a
    合计 above its rows, or a row with one part indented under it), its first part (本级),
    then this row beside that part, then two or more rows down to the end of the table
    that it adds up. Read as a total it would end the whole's parts after 本级 alone."""
    solid = [k for k, r in enumerate(rows) if r.role != "blank"]
    for n, t in enumerate(solid):
        r = rows[t]
        if r.role != "total" or squeeze(r.label) in _BARE_TOTALS or n < 2:
            continue
        part, whole = rows[solid[n - 1]], rows[solid[n - 2]]
        after = [rows[k] for k in solid[n + 1 :]]
        if part.role != "item" or len(after) < 2 or any(a.role != "item" for a in after):
            continue
        if not _continues(part, r):
            continue
        w = solid[n - 2]
        above = next((k for k in range(w - 1, -1, -1) if rows[k].role in ("total", "subtotal")), -1)
        if whole.role == "total" and any(rows[k].role == "item" for k in range(above + 1, w)):
            continue  # a 合计 under rows of its own: not the whole of these
        if whole.role == "total" or (whole.role == "item" and whole.indent < part.indent):
            r.role = "subtotal"


def _complete_codes(rows: list[SideRow]) -> None:
    """Codes printed without their leading parts, inferred from the neighbours: a 款 row
    written ``05`` between ``2080104`` and ``2080507`` is ``20805`` (the 类 of the row
    above, and the start of the row below); a 项 written ``99`` after ``2101103`` and
    before another 类 is ``2101199`` (the 类 and 款 of the row above)."""
    coded = [k for k, r in enumerate(rows) if r.code]
    for n, k in enumerate(coded):
        code = rows[k].code
        if len(code) in (4, 6):
            # a digit lost inside (3012 between 30101 and 30108): the 0 that pads the part
            near = [rows[j].code for j in (coded[n - 1] if n else None, coded[n + 1] if n + 1 < len(coded) else None) if j is not None]
            fit = next((c for c in near if len(c) == len(code) + 1 and c[: len(code) - 1] == code[:-1]), None)
            if fit is not None:
                rows[k].code = code[:-1] + "0" + code[-1]
                continue
            prev = next((rows[j].code for j in reversed(coded[:n]) if len(rows[j].code) >= 3), "")
            if len(code) == 4 and len(prev) in (5, 7) and prev[3:5] == code[:2]:
                # 款 99 then 项 9999 on a continued page (款 and 项 printed, 类 left above):
                # a 项 of the 款 above (20799 → 2079999, after 2070204: 0205 → 2070205)
                rows[k].code = prev[:3] + code
            continue
        if len(code) != 2:
            continue
        prev = next((rows[j].code for j in reversed(coded[:n]) if len(rows[j].code) >= 3), "")
        nxt = next((rows[j].code for j in coded[n + 1 :] if len(rows[j].code) >= 3), "")
        if len(prev) < 3:
            continue
        as_kuan = prev[:3] + code
        raw_next = next((rows[j].code for j in coded[n + 1 :]), "")
        if len(raw_next) == 4 and raw_next.startswith(code):
            # 99 above 9999 (款 then its 项, the 类 left on the page before): a 款
            rows[k].code = as_kuan
        elif nxt.startswith(as_kuan) and len(nxt) > len(as_kuan):
            rows[k].code = as_kuan
        elif len(prev) == 7 and not nxt.startswith(prev[:5] + code):
            rows[k].code = prev[:5] + code
        elif len(prev) == 5 and as_kuan == prev:
            rows[k].code = prev + code  # 20799 then 99: the 项 99 of that 款, not the 款 again
        elif len(prev) == 5 and nxt[:5] != prev and not nxt.startswith(as_kuan):
            rows[k].code = prev[:3] + code  # a 款 with no 项 under it, after another 款


def _q_of(row: SideRow, col: int) -> Quantity | None:
    """The figure of a row in a column, if it has one."""
    cell = row.values.get(col)
    return cell.quantity if cell is not None else None


def _q_interval(cell: Cell | None) -> arith.Interval:
    if cell is None or cell.quantity is None:
        return arith.ZERO
    return arith.interval(cell.quantity)


def _adds_up(whole: SideRow, parts: list[SideRow], cols: list[int]) -> bool:
    """Whether ``whole`` equals the sum of ``parts`` in every column where either has a
    figure (an empty cell is zero), with a figure in at least one of them."""
    seen = False
    for c in cols:
        w = whole.values.get(c)
        has = w is not None and w.quantity is not None
        acc = arith.ZERO
        for p in parts:
            cell = p.values.get(c)
            if cell is not None and cell.quantity is not None:
                acc = acc + arith.interval(cell.quantity)
                has = True
        if not has:
            continue
        if not _q_interval(w).overlaps(acc):
            return False
        seen = seen or (w is not None and w.quantity is not None and w.quantity.value != 0)
    return seen


_MAX_COMBINATIONS = 4096


def _infer_from_figures(rows: list[SideRow], base: int, cols: list[int]) -> bool:
    """A second level that the labels do not show but the figures do.

    A 政府采购预算表 or 项目支出预算表 lists each project followed by its items, all in one
    column with nothing to tell them apart; summed as one level the "parts" of the 合计
    come to twice it. When the 合计 (below its rows or above them) does not equal its
    flat rows, find the rows that each equal the rows right after them (a project and its
    items) and read them as heads of groups; the reading is taken only when the total then
    equals the sum of the heads. A group that does not add up (a planted error) is found by
    the total: the rows left over after the groups that do are split into heads and parts
    in the one way (if there is exactly one) that makes the total hold. Returns whether a
    reading was taken."""
    if not cols:
        return False
    taken = False
    totals = [i for i, r in enumerate(rows) if r.role == "total"]
    prev = -1
    for ti in totals:
        members = _flat_members(rows, prev + 1, ti)
        if not members and ti == totals[0]:
            nxt = next((k for k in totals if k > ti), len(rows))
            members = _flat_members(rows, ti + 1, nxt)  # the 合计 stands above its rows
        prev = ti
        if len(members) < 3 or _adds_up(rows[ti], [rows[k] for k in members], cols):
            continue
        heads = _group_heads(rows, members, rows[ti], cols)
        if heads is None:
            nested = _nested_reading(rows, members, rows[ti], cols)
            if nested is not None:
                for k, p in nested.items():
                    rows[k].parent = base + p
                for k in members:  # parents stand above their parts: levels in order
                    if k in nested:
                        rows[k].level = rows[nested[k]].level + 1
                taken = True
            continue
        head = None
        for k in members:
            if k in heads:
                head = k
                continue
            rows[k].parent = base + head
            rows[k].level = rows[head].level + 1
        taken = True
    return taken


def _infer_under_heads(rows: list[SideRow], base: int, cols: list[int]) -> bool:
    """Levels under a numbered row that its unnumbered rows do not show: 一、农林水支出
    followed by 水利 and its 项 (行政运行, 水利工程建设 …), all bare names at one indentation,
    are all read as its parts and come to twice it. When such a head's rows (two or more,
    none numbered, coded or indented apart, none with parts of its own) do not add up to
    it, they are read as a forest from their figures, as for a 合计 (``_nested_reading``):
    the reading is taken only when every group adds up (or exactly one does not and the
    figures say which), and the head then equals its top rows. Returns whether one was taken."""
    if not cols:
        return False
    parents = {r.parent for r in rows if r.parent is not None}
    todo: list[tuple[int, list[int]]] = []
    for hi, head in enumerate(rows):
        if head.role != "item" or head.numbering is None or base + hi not in parents:
            continue
        kids = [k for k, r in enumerate(rows) if r.parent == base + hi]
        if len(kids) < 2 or kids != list(range(kids[0], kids[-1] + 1)):
            continue
        if any(rows[k].role != "item" or rows[k].numbering is not None or rows[k].code or base + k in parents for k in kids):
            continue
        if len({rows[k].indent for k in kids}) > 1 or _adds_up(head, [rows[k] for k in kids], cols):
            continue
        todo.append((hi, kids))
    taken, todo = _read_runs(rows, base, cols, todo)
    if taken:
        # in a table whose bare names are shown to be levels, a head whose rows come to more
        # than it and read no way that holds is not understood (a shortfall is still an error)
        for hi, kids in todo:
            rows[hi].unsure = any(
                arith.total(_q_of(rows[k], c) for k in kids).lo > _q_interval(rows[hi].values.get(c)).hi for c in cols
            )
    return taken


def _infer_under_codes(rows: list[SideRow], base: int, cols: list[int]) -> bool:
    """Rows without a code after the last coded row of a block: a 专项业务经费 table codes its
    units (121 西安市信访局, 121001 西安市信访局) and lists under each, by name only, its
    通用项目 and 专用项目, their categories and their projects. Such a run (two rows or more, at
    one indentation, none numbered) is read as the parts of that coded row when the figures
    say so: flat when they add up to it, else as a forest (``_nested_reading``) under which
    every group adds up (or one, that the figures single out, does not); once one unit's run
    has read so, another's may read as chains (通用项目 over 委托咨询业务 over one project).
    Otherwise the rows stay where the labels put them. Returns whether a reading was taken."""
    if not cols:
        return False
    parents = {r.parent for r in rows if r.parent is not None}
    todo: list[tuple[int, list[int]]] = []
    for hi, head in enumerate(rows):
        if head.role != "item" or not head.code or base + hi in parents:
            continue
        kids = []
        for k in range(hi + 1, len(rows)):
            r = rows[k]
            if r.role == "blank":
                continue
            if r.role != "item" or r.code or r.parent is not None or r.numbering is not None:
                break
            kids.append(k)
        if len(kids) >= 2 and len({rows[k].indent for k in kids}) == 1:
            todo.append((hi, kids))
    return _read_runs(rows, base, cols, todo)[0]


def _read_runs(rows: list[SideRow], base: int, cols: list[int], todo: list[tuple[int, list[int]]]) -> tuple[bool, list[tuple[int, list[int]]]]:
    """Read each (head, run of rows) as the head's parts: flat when they add up to it, else
    as a forest from the figures. First the runs that read with every group of two parts or
    more adding up; once one has, the table's layout is confirmed and the others may read as
    chains, or with the one failing group the figures single out (that sum is then an error
    of the document). Returns whether any was read, and the runs left unread."""
    taken = False
    for confirmed in (False, True):
        left = []
        for hi, kids in todo:
            if _adds_up(rows[hi], [rows[k] for k in kids], cols):
                nested: dict[int, int] | None = {}
            else:
                nested = _nested_reading(rows, kids, rows[hi], cols, confirmed=confirmed)
            if nested is None:
                left.append((hi, kids))
                continue
            for k in kids:  # parents stand above their parts: levels in order
                p = nested.get(k, hi)
                rows[k].parent = base + p
                rows[k].level = rows[p].level + 1
            taken = True
        todo = left
        if not taken:
            break
    return taken, todo


def _flat_members(rows: list[SideRow], start: int, end: int) -> list[int]:
    """The top-level item rows in ``start:end`` when all of them are flat (no parts of
    their own, no 其中 or 小计 among them); else an empty list."""
    out = []
    parents = {r.parent for r in rows if r.parent is not None}
    coded = 0
    for k in range(start, end):
        r = rows[k]
        if r.role in ("subtotal", "of_which", "total"):
            return []
        if r.role != "item":
            continue
        if r.parent is not None:
            return []
        coded += bool(r.code)
        out.append(k)
    if coded and (coded * 2 > len(out) or parents):
        return []  # the codes give the rows a structure of their own
    return out


_MAX_STEPS = 6000


def _nested_reading(rows: list[SideRow], members: list[int], total: SideRow, cols: list[int], confirmed: bool = False) -> dict[int, int] | None:
    """Several levels that neither codes nor indentation show, read from the figures: a
    合计 over 单位 over 专用项目 over its projects, each row equal to the rows right below
    it. The rows are parsed as a forest in their order — a row is either a leaf or the head
    of the rows that follow it up to some point, which then add up to it — such that the
    total equals the sum of the top rows. Among the readings under which every head adds
    up, the one with the most groups is taken (a tie changes no verdict: every relation
    holds under each). With none, a reading with exactly one head that does not add up is
    taken when it is the only best one: the other heads and the total confirm the
    structure, and that head is a real error. With ``confirmed`` (the same layout read
    elsewhere in the table), a reading needs no group of two parts or more: 卫生健康支出
    over 医疗 over 行政单位医疗, each one row equal to the next, and one failing head the
    figures single out are read as the rest of the table was. Returns
    part -> parent (indices of ``rows``), or None when no reading is convincing."""
    n = len(members)
    if n < (2 if confirmed else 3) or n > 80:
        return None
    vals = [[_q_interval(rows[k].values.get(c)) for c in cols] for k in members]
    if any(v.lo < 0 for row in vals for v in row):
        return None  # negative figures: the bounds below do not hold
    steps = [0]

    def fits(target: SideRow, a: int, e: int) -> bool:
        """No row of members[a:e] is larger than the target in any column."""
        tv = [_q_interval(target.values.get(c)) for c in cols]
        return all(vals[i][j].lo <= tv[j].hi for i in range(a, e) for j in range(len(cols)))

    memo: dict[tuple[int, int, int, int], list[tuple[int, int, tuple[tuple[int, int], ...]]]] = {}

    def parses(head: int, a: int, e: int, fails: int) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
        """The best readings of members[a:e] as parts of ``head`` (a members index, or -1 for
        the total), with at most ``fails`` heads that do not add up (the block under ``head``
        itself counted when it fails): [(failures, groups, parent pairs)], best first, at
        most two (to tell a unique best from a tie)."""
        key = (head, a, e, fails)
        if key in memo:
            return memo[key]
        memo[key] = []
        whole = total if head < 0 else rows[members[head]]
        found: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []

        def walk(p: int, tops: list[int], f: int, g: int, pairs: tuple[tuple[int, int], ...]) -> None:
            steps[0] += 1
            if steps[0] > _MAX_STEPS:
                return
            if p == e:
                ok = _adds_up(whole, [rows[members[t]] for t in tops], cols)
                if not ok and (f >= fails or head < 0):
                    return
                # a group counts when it has two parts or more: one part equal to its whole
                # proves little (a chain of equal rows is allowed, never a reading by itself)
                found.append((f + (not ok), g + (ok and len(tops) >= 2 and head >= 0), pairs + tuple((members[t], members[head]) for t in tops if head >= 0)))
                return
            # members[p] is a top here: a leaf, or the head of members[p + 1 : q]
            walk(p + 1, [*tops, p], f, g, pairs)
            for q in range(p + 2, e + 1):
                if not fits(rows[members[p]], p + 1, q):
                    break
                for sf, sg, sp in parses(p, p + 1, q, fails - f):
                    walk(q, [*tops, p], f + sf, g + sg, pairs + sp)

        if head < 0 or fits(whole, a, e):
            walk(a, [], 0, 0, ())
        found.sort(key=lambda x: (x[0], -x[1]))
        best = [x for x in found if x[:2] == found[0][:2]] if found else []
        uniq = list(dict.fromkeys(x[2] for x in best))
        memo[key] = [(best[0][0], best[0][1], u) for u in uniq[:2]]
        return memo[key]

    for fails in (0, 1):
        got = parses(-1, 0, n, fails)
        if steps[0] > _MAX_STEPS:
            return None
        if not got or (got[0][1] == 0 and not confirmed):
            continue
        if got[0][0] and len(got) > 1:
            return None  # one error, but which head it is the figures do not tell
        return dict(got[0][2])
    return None


def _group_heads(rows: list[SideRow], members: list[int], total: SideRow, cols: list[int]) -> set[int] | None:
    n = len(members)
    # best[i]: (groups that add up, heads) for members[i:]
    best: list[tuple[int, list[int]]] = [(0, [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = (best[i + 1][0], [members[i], *best[i + 1][1]])  # a row on its own
        for j in range(i + 1, n):
            kids = [rows[k] for k in members[i + 1 : j + 1]]
            if _adds_up(rows[members[i]], kids, cols):
                got = best[j + 1][0] + 1
                if got > choice[0]:
                    choice = (got, [members[i], *best[j + 1][1]])
        best[i] = choice
    groups, heads = best[0]
    if groups == 0:
        return None
    if _adds_up(total, [rows[k] for k in heads], cols):
        return set(heads)
    if groups >= 2 and any(_adds_up(total, [rows[k] for k in heads], [c]) for c in cols):
        # the groups add up and the total equals their heads in one column at least: the
        # reading stands, and the columns where the total does not are its errors
        return set(heads)
    # the total does not hold over these heads: split the rows left on their own (runs
    # after a group that adds up) into heads and parts, in the one way that makes it hold
    head_set = set(heads)
    grouped = set()
    for pos, k in enumerate(members):
        if k in head_set:
            nxt = next((members[p] for p in range(pos + 1, n) if members[p] in head_set), None)
            kids = [m for m in members[pos + 1 :] if nxt is None or m < nxt]
            if kids:
                grouped.add(k)
                grouped.update(kids)
    runs: list[list[int]] = []
    for k in members:
        if k in grouped:
            continue
        if runs and members.index(k) > 0 and members[members.index(k) - 1] == runs[-1][-1]:
            runs[-1].append(k)
        else:
            runs.append([k])
    fixed = [k for k in heads if k in grouped]
    options: list[list[list[int]]] = []
    combos = 1
    for run in runs:
        rest = run[1:]
        combos *= 2 ** len(rest)
        if combos > _MAX_COMBINATIONS:
            return None
        opts = []
        for mask in range(2 ** len(rest)):
            opts.append([run[0], *[k for b, k in enumerate(rest) if mask >> b & 1]])
        options.append(opts)
    found: list[list[int]] = []

    def walk(i: int, chosen: list[int]) -> None:
        if len(found) > 1:
            return
        if i == len(options):
            if _adds_up(total, [rows[k] for k in fixed + chosen], cols):
                found.append(list(chosen))
            return
        for o in options[i]:
            walk(i + 1, chosen + o)

    walk(0, [])
    if len(found) != 1 or found[0] == [k for run in runs for k in run]:
        return None  # no reading, or several: the structure is not understood
    return set(fixed) | set(found[0])


def _hierarchy(rows: list[SideRow], base: int) -> None:
    """Set ``level`` and ``parent`` (absolute side_rows indices) of each row."""
    coded = [r for r in rows if r.code and r.role == "item"]
    indents = {r.indent for r in rows if r.role == "item" and r.label}
    if len(coded) >= 2:
        for i, r in enumerate(rows):
            if r.role != "item" or not r.code:
                continue
            best = None
            for j in range(i - 1, -1, -1):
                o = rows[j]
                if j == i - 1 and r.repeats and o.code == r.code and o.role == "item":
                    # 21211 农业土地开发资金安排的支出 300 printed again at the next level: the
                    # 款's own detail (its one 项), not a second part of the 类
                    best = j
                    break
                if o.code and len(o.code) < len(r.code) and r.code.startswith(o.code) and o.role == "item":
                    best = j
                    break
                if o.role == "total":
                    break
                if o.code and len(o.code) < len(r.code) and o.code[:3] != r.code[:3] and o.role == "item":
                    break  # a row of another 类 (231 between 23016 and 23009): the block ended
            if best is not None:
                r.parent = base + best
                r.level = rows[best].level + 1
        _of_which(rows, base)
        return
    use_indent = len(indents) > 1
    stack: list[tuple[float, int]] = []
    after_total = False
    seen_item = False
    for i, r in enumerate(rows):
        if r.role == "total":
            stack, after_total = [], seen_item
            continue
        if r.role == "subtotal":
            stack = []  # a 小计 closes the group above it: rows after it are not its parts
            continue
        if r.role != "item":
            continue
        seen_item = True
        if stack and stack[-1][0] == -1.0 and r.numbering is not None and r.numbering.value != 1:
            stack = []  # a numbered row that does not start a breakdown: the opener has none
        if not use_indent and after_total and r.numbering is None and not _in_numbered_of_which(rows, i):
            # 年初财政拨款结转和结余 after 本年收入合计: an unnumbered row after a total is
            # top-level, and the numbered rows that follow it (一、一般公共预算财政拨款 …)
            # are its breakdown, not more addends of the 总计 (an unnumbered row right after
            # the 其中 row of a numbered row is one more part of that 其中)
            stack = [(-1.0, i)]
            continue
        if use_indent:
            key = float(r.indent)
            while stack and stack[-1][0] >= key:
                stack.pop()
            if stack:
                r.parent = base + stack[-1][1]
                r.level = rows[stack[-1][1]].level + 1
            stack.append((key, i))
        elif r.numbering is not None:
            key = float(r.numbering.level)
            while stack and stack[-1][0] >= key:
                stack.pop()
            if stack:
                r.parent = base + stack[-1][1]
                r.level = rows[stack[-1][1]].level + 1
            stack.append((key, i))
        elif stack:
            # an unnumbered row under a numbered one is one of its parts
            r.parent = base + stack[-1][1]
            r.level = rows[stack[-1][1]].level + 1
    _of_which(rows, base)


def _in_numbered_of_which(rows: list[SideRow], i: int) -> bool:
    """Whether the row at ``i`` comes right after a 其中 row whose owner is numbered
    (（一）一般债券 / 其中：再融资 / 财政预算安排): one more part of that 其中."""
    prev = next((j for j in range(i - 1, -1, -1) if rows[j].role != "blank"), None)
    if prev is None or rows[prev].role != "of_which":
        return False
    owner = next((j for j in range(prev - 1, -1, -1) if rows[j].role in ("item", "total", "subtotal")), None)
    return owner is not None and rows[owner].numbering is not None


def _of_which(rows: list[SideRow], base: int) -> None:
    """``其中：`` rows are parts of the row above them (their owner). Unnumbered rows
    that follow belong to the breakdown when the owner is numbered (the next numbered
    row ends it) or when they are indented deeper; otherwise they are tentative."""
    owner: int | None = None
    listed = None  # the numbering of a list the 其中 opens: 其中：（1）购置费, then （2）运行费
    for i, r in enumerate(rows):
        if r.role == "of_which":
            prev = next((j for j in range(i - 1, -1, -1) if rows[j].role != "blank"), None)
            if owner is None or prev is None or rows[prev].role != "of_which":
                # a 其中 row after other rows belongs to the row right above it, not to an
                # owner further up (the next form's 其中：财政拨款 under its own 资金总额)
                owner = next((j for j in range(i - 1, -1, -1) if rows[j].role in ("item", "total", "subtotal")), None)
            r.parent = None if owner is None else base + owner
            rest = squeeze(r.label)
            for w in lexicon.OF_WHICH_WORDS:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    break
            nb, _ = parse_numbering(rest, nowhere)
            listed = nb if nb is not None and nb.value == 1 else (listed if rows[prev or 0].role == "of_which" else None)
            continue
        if owner is not None and listed is not None and r.numbering is not None and r.numbering.kind == listed.kind \
                and r.numbering.level == listed.level and r.numbering.value == listed.value + 1:
            r.role, r.parent, listed = "of_which", base + owner, r.numbering
            continue
        if owner is not None and r.role == "item" and r.numbering is None and not r.code:
            if rows[owner].numbering is not None or r.indent > rows[owner].indent:
                r.role, r.parent = "of_which", base + owner
            else:
                r.tentative = True
            continue
        owner = None


@dataclass
class SumRelation:
    """``whole`` should equal the sum of ``parts`` (for ``of_which``: be at least it).

    ``alternatives`` are other readings of an ambiguous structure; the relation holds
    when any reading holds."""

    kind: str  # "children", "total", "subtotal", "of_which", "columns"
    whole: Cell
    parts: list[Cell]
    whole_label: str
    part_labels: list[str]
    column: str
    alternatives: list[list[Cell]] = field(default_factory=list)
    inferred: bool = False
    """The parts were chosen by position, not declared (a 合计 above rows whose own hierarchy
    comes from codes): a failure is a note, not an error."""
    declared: bool = False
    """The hierarchy is declared by classification codes (``20140`` over ``2014001``): it
    needs no other relation to confirm it."""
    at_end: bool = False
    """The parts run to the last row of a table that ends without a total: if the table
    also ends its page, the rest of the group may be on the next one."""
    uncertain: bool = False
    """The structure has several readings none of which the figures confirm: checked (a
    reading that holds is verified) but never reported as wrong."""


class _Side:
    """The rows of one side of a table with the lookups the relations need."""

    def __init__(self, rows: list[SideRow], base: int) -> None:
        self.rows = rows
        self.base = base
        self.children: dict[int, list[int]] = {}
        for i, r in enumerate(rows):
            if r.parent is not None and r.role == "item":
                self.children.setdefault(r.parent - base, []).append(i)
        self.label_of: dict[int, str] = {}
        for r in rows:
            for c in r.values.values():
                self.label_of[id(c)] = _lbl(r)
        # a group row whose figures are empty is represented by its 小计, if it has one
        self.subtotal_of: dict[int, int] = {}
        for i, r in enumerate(rows):
            if r.role == "subtotal":
                members = self.subtotal_members(i)
                if members and rows[members[0]].parent is not None:
                    self.subtotal_of.setdefault(rows[members[0]].parent - base, i)

    def cells(self, i: int, col: int, depth: int = 0) -> list[Cell]:
        """The cells that stand for row ``i`` in column ``col``: its own cell, or, when it
        is empty, its parts' (a group row whose figures are in its parts)."""
        cell = self.rows[i].values.get(col)
        if cell is not None and cell.quantity is not None:
            return [cell]
        if i in self.subtotal_of:
            sub = self.rows[self.subtotal_of[i]].values.get(col)
            if sub is not None and sub.quantity is not None:
                return [sub]
        if depth > 30:
            return []
        return [c for k in self.children.get(i, []) for c in self.cells(k, col, depth + 1)]

    def sum_parts(self, members: list[int], col: int) -> list[Cell]:
        """The cells that add up to the members' total; none (no reading) when a member's
        cell holds figures that cannot be read as one (``见附表2``, two figures): its share
        of the total is unknown, so the total cannot be checked."""
        out = []
        for k in members:
            cells = self.cells(k, col)
            if not cells and (own := self.rows[k].values.get(col)) is not None and own.quantity is None and any(ch.isdigit() for ch in own.text):
                return []
            out.extend(cells)
        return out

    def readings(self, members: list[int]) -> list[list[int]]:
        """Every reading of a member list whose tentative rows may belong elsewhere:
        the first k tentative rows may be parts of a 其中 breakdown instead."""
        tentative = [k for k in members if self.rows[k].tentative]
        return [[k for k in members if k not in tentative[:cut]] for cut in range(len(tentative) + 1)]

    def subtotal_members_below(self, i: int) -> list[int]:
        """The item rows right below a 小计, down to the next total, subtotal or 其中 row."""
        out = []
        parent = None
        for j in range(i + 1, len(self.rows)):
            r = self.rows[j]
            if r.role == "blank":
                continue
            if r.role != "item":
                break
            if out and r.parent != parent:
                if r.parent is not None and r.parent - self.base in out:
                    continue  # a part of a member: counted in it
                break
            parent = r.parent
            out.append(j)
        return out

    def above_its_members(self, i: int) -> list[int] | None:
        """The rows below a 小计 that it adds up when it stands above them (本级 alone above
        it, two or more members below), else None."""
        below = self.subtotal_members_below(i)
        members = self.subtotal_members(i)
        if below and below != members and len(members) < 2 <= len(below):
            return below
        return None

    def subtotal_above(self, p: int) -> int | None:
        """The 小计 right after the parts of row ``p`` that stands above members of its own,
        beside those parts: a further part of ``p`` (区县级合计 after 本级 under 全市)."""
        kids = self.children.get(p)
        if not kids:
            return None
        last = kids[-1]
        while self.children.get(last):
            last = self.children[last][-1]
        nxt = next((k for k in range(last + 1, len(self.rows)) if self.rows[k].role != "blank"), None)
        if nxt is None or self.rows[nxt].role != "subtotal" or self.rows[nxt].indent != self.rows[kids[-1]].indent:
            return None
        return nxt if self.above_its_members(nxt) is not None else None

    def subtotal_members(self, i: int) -> list[int]:
        """Rows a 小计 at ``i`` adds up: the parts of the group it opens (when the row
        below it is a part of the row above it), else the siblings just above it."""
        rows = self.rows
        if i == 0:
            return []
        above = i - 1
        if i + 1 < len(rows) and rows[i + 1].parent == self.base + above:
            return list(self.children.get(above, []))
        members = []
        j = above
        while j >= 0 and rows[j].role == "item":
            if rows[j].parent == rows[above].parent:
                members.append(j)
            elif rows[j].level <= rows[above].level:
                break
            j -= 1  # a row deeper than the siblings (1.一般公共预算 under 一、财政拨款) is a part of one of them
        return sorted(members)


def sum_relations(table: Table) -> list[SumRelation]:
    """The table's sum relations: those its cells declare (workbook formulas) first; the
    structure inferred from labels, codes and layout only where no formula speaks."""
    declared, columns, rows = _declared_relations(table)
    inferred = _inferred_relations(table)
    if not columns and not rows:
        return [rel for rel in inferred if rel.whole.formula is None] if declared or _any_formula(table) else inferred
    at = {id(c): (r.index, i) for r in table.rows for i, c in enumerate(r.cells)}
    kept = []
    for rel in inferred:
        ri, ci = at.get(id(rel.whole), (-1, -1))
        if rel.whole.formula is not None or (rel.kind == "columns" and ri in rows) or (rel.kind != "columns" and ci in columns):
            continue  # the workbook says what this cell's parts are, or states the structure of its column
        kept.append(rel)
    return declared + kept


def _any_formula(table: Table) -> bool:
    return any(c.formula for r in table.rows for c in r.cells)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _declared_relations(table: Table) -> tuple[list[SumRelation], set[int], set[int]]:
    """Relations the cells' formulas declare (kind ``formula``), and those a typed figure
    owes to its siblings' formulas (kind ``typed``: a total typed among totals that are
    all the same formula, shifted); with the columns and rows that hold formulas.

    Cells are named as their workbook names them (``Sheet!C7``, from the reader), or, in a
    table without such names, ``A1``-style by their place in the table."""
    rows = table.rows
    if not any(c.formula for r in rows for c in r.cells):
        return [], set(), set()
    named = any(c.span.cell and "!" in c.span.cell for r in rows for c in r.cells if c.quantity is not None)
    # (sheet, sheet row, sheet column) -> (table row, table column): a table continued on
    # the next sheet holds cells of two sheets, each formula naming cells of its own
    pos: dict[tuple[str, int, int], tuple[int, int]] = {}
    place: dict[tuple[int, int], tuple[str, int, int]] = {}
    for r in rows:
        for i, c in enumerate(r.cells):
            if c.quantity is None:
                continue
            if named:
                sheet, _, name = (c.span.cell or "").rpartition("!")
                m = _AREA.match(name)
                if not m or m.group(3):
                    continue
                key = (sheet, int(m.group(2)), _col_index(m.group(1)))
            else:
                key = ("", r.index + 1, i + 1)
            pos[key] = (r.index, i)
            place[(r.index, i)] = key
    labels = {}
    for sr in table.side_rows:
        for ci in sr.values:
            labels[(sr.row, ci)] = _lbl(sr)

    def label(ri: int, ci: int) -> str:
        return labels.get((ri, ci)) or next((c.text for c in rows[ri].cells if c.text and c.quantity is None), f"第{ri + 1}行")

    def cells_of(formula: str, sheet: str) -> list[tuple[int, int]] | None:
        out = []
        for piece in formula.removeprefix("SUM(").removesuffix(")").split(","):
            m = _AREA.match(piece)
            if not m:
                return None
            r1, c1 = int(m.group(2)), _col_index(m.group(1))
            r2, c2 = (int(m.group(4)), _col_index(m.group(3))) if m.group(3) else (r1, c1)
            for rr in range(min(r1, r2), max(r1, r2) + 1):
                for cc in range(min(c1, c2), max(c1, c2) + 1):
                    if (sheet, rr, cc) not in pos:
                        return None  # a part outside this table: not checked here
                    out.append(pos[(sheet, rr, cc)])
        return out or None

    rels: list[SumRelation] = []
    columns: set[int] = set()
    rows_with: set[int] = set()
    parts_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in rows:
        for i, c in enumerate(r.cells):
            if c.formula is None or c.quantity is None or c.formula == "?":
                continue  # "?": a formula that is no sum of cells seen here; only this cell's own relations are off
            columns.add(i)
            rows_with.add(r.index)
            parts = None if (r.index, i) not in place else cells_of(c.formula, place[(r.index, i)][0])
            if not parts or (r.index, i) in parts:
                continue
            parts_of[(r.index, i)] = parts
            col = table.columns[i].leaf if i < len(table.columns) else ""
            rels.append(SumRelation("formula", c, [rows[a].cells[b] for a, b in parts], label(r.index, i), [label(a, b) for a, b in parts], col))
    # a typed figure among formulas: its row's (or column's) other figures are all one formula, shifted
    for r in rows:
        for i, c in enumerate(r.cells):
            if c.formula is not None or c.quantity is None or (r.index, i) not in place or (i < len(table.columns) and not table.columns[i].additive):
                continue  # a rate or share typed beside sums is no total
            for along_row in (True, False):
                line = [(r.index, k) for k in range(len(r.cells))] if along_row else [(k, i) for k in range(len(rows))]
                # a rate beside the totals (增长%, 执行率) is no sibling total: left out
                figures = [p for p in line if p in place and p != (r.index, i)
                           and not (along_row and p[1] < len(table.columns) and not table.columns[p[1]].additive)]
                sibs = [p for p in figures if p in parts_of]
                if len(sibs) < 2 or len(sibs) < len(figures):
                    continue
                shapes = set()
                here = place[(r.index, i)]
                for p in sibs:
                    sheet, sr, sc = place[p]
                    shifted = []
                    for q in parts_of[p]:
                        qsheet, qr, qc = place[q]
                        if qsheet != here[0] or sheet != here[0] or (along_row and qc != sc) or (not along_row and qr != sr):
                            shifted = None
                            break
                        shifted.append((here[0], qr, here[2]) if along_row else (here[0], here[1], qc))
                    shapes.add(None if shifted is None else tuple(shifted))
                if len(shapes) != 1 or None in shapes:
                    continue
                keys = next(iter(shapes))
                parts = [pos[k] for k in keys if k in pos]
                if not parts or (r.index, i) in parts:
                    continue
                (columns if along_row else rows_with).add(i if along_row else r.index)
                col = table.columns[i].leaf if i < len(table.columns) else ""
                rels.append(SumRelation("typed", c, [rows[a].cells[b] for a, b in parts], label(r.index, i), [label(a, b) for a, b in parts], col))
                break
    return rels, columns, rows_with


def _inferred_relations(table: Table) -> list[SumRelation]:
    rels: list[SumRelation] = []
    by_side: dict[int, list[SideRow]] = {}
    for r in table.side_rows:
        by_side.setdefault(r.side, []).append(r)
    cols = {c.index: c for c in table.columns}
    # 科目代码 | 科目名称 | 决算数 printed three times side by side, not every panel with a
    # total: one list snaking across panels, whose 人员经费合计 and 公用经费合计 add up rows
    # of several panels (a 收支总表's panels each have their own totals)
    heads = {}
    for c in table.columns:
        if c.role != "empty":
            heads.setdefault(c.side, []).append(c.header)
    totalled = {r.side for r in table.side_rows if r.role == "total"}
    snake = len(heads) > 1 and len({tuple(v) for v in heads.values()}) == 1 and not set(heads) <= totalled
    base = 0
    for side_no in sorted(by_side):
        side = _Side(by_side[side_no], base)
        base += len(side.rows)
        rows = side.rows
        value_cols = list(rows[0].values) if rows else []
        continued = table.header_count == 0 and _starts_mid_list(rows)
        for col in value_cols:
            if cols[col].additive:
                found = _row_relations(side, col, cols[col].leaf, continued)
                if any(_spilled(r.values.get(col)) for r in rows):
                    # a figure behind the tail of the label beside it (出 2,022.39): the
                    # column is not read cleanly, so its sums are not understood
                    for rel in found:
                        rel.inferred = True
                if snake:
                    for rel in found:
                        if rel.kind == "total":
                            rel.inferred = True
                rels.extend(found)
    _leading_parts(rels)
    lettered = _lettered_relations(table)
    declared_wholes = {id(r.whole) for r in lettered}
    rels.extend(lettered)
    rels.extend(r for r in _column_relations(table) if id(r.whole) not in declared_wholes)
    return rels


_SPILLED = regex.compile(r"^[^\d\s]{1,4}\s+[-−]?\d[\d,]*(?:\.\d+)?$")


def _spilled(cell: Cell | None) -> bool:
    """A value cell that holds a figure behind a few characters that are not part of it (the
    end of the label of the cell before, run past its ruling: ``助 4.82``): the figure was
    not read, and the sums of its column would be taken without it."""
    return cell is not None and cell.quantity is None and bool(_SPILLED.match(cell.text.strip()))


def _holds(rel: SumRelation, parts: list[Cell]) -> bool:
    return arith.interval(rel.whole.quantity).overlaps(arith.total(c.quantity for c in parts if c.quantity is not None))


def _leading_parts(rels: list[SumRelation]) -> None:
    """A table whose rows equal their first parts only (a city = 市本级 + its districts,
    the counties listed under it after them but reported on their own): when two or more
    rows of the table, by their labels, fail over all the rows under them and hold over
    their first two or more, that is the table's convention. Those relations are read so;
    a row of that table that holds under neither reading is not understood (a note)."""
    failing = [r for r in rels if r.kind == "children" and not r.declared and len(r.parts) >= 3
               and not any(_holds(r, parts) for parts in [r.parts, *r.alternatives])]
    leading: dict[int, int] = {}
    for rel in failing:
        k = next((k for k in range(2, len(rel.parts)) if _holds(rel, rel.parts[:k])), None)
        if k is not None:
            leading[id(rel)] = k
    if len({r.whole_label for r in failing if id(r) in leading}) < 2:
        return
    for rel in failing:
        k = leading.get(id(rel))
        if k is None:
            rel.inferred = True
            continue
        rel.alternatives = [rel.parts, *rel.alternatives]
        rel.parts, rel.part_labels = rel.parts[:k], rel.part_labels[:k]


def _starts_mid_list(rows: list[SideRow]) -> bool:
    """A table with no header whose first row is a later item of a numbered list
    (（十九）… or 五、…): the rest of a table begun on an earlier page."""
    first = next((r for r in rows if r.role != "blank"), None)
    return first is not None and first.numbering is not None and first.numbering.value > 1


def _row_relations(side: _Side, col: int, leaf: str, continued: bool = False) -> list[SumRelation]:
    rows = side.rows
    last_item = max((k for k, r in enumerate(rows) if r.role != "blank"), default=-1)
    open_end = last_item >= 0 and rows[last_item].role not in ("total", "subtotal")
    rels: list[SumRelation] = []

    def relation(kind: str, whole_row: int, readings: list[list[Cell]], uncertain: bool = False) -> None:
        whole = rows[whole_row].values.get(col)
        readings = [r for r in readings if r]
        if whole is None or whole.quantity is None or not readings:
            return
        main = readings[0]
        rels.append(SumRelation(kind, whole, main, _lbl(rows[whole_row]), [side.label_of.get(id(c), "") for c in main], leaf, readings[1:], uncertain=uncertain))

    # parent rows against their parts
    for p, kids in side.children.items():
        before = len(rels)
        readings = [side.sum_parts(r, col) for r in side.readings(kids)]
        uncoded = _uncoded_in_block(rows, p) if rows[p].code else []
        if uncoded:
            # 110 转移性收入 over 11001 …, with 一般性转移支付收入 (no code) among them: the
            # uncoded rows may be parts too
            readings.append(side.sum_parts(sorted(set(kids) | set(uncoded)), col))
        above = side.subtotal_above(p)
        if above is not None:
            # 全市 over 本级 and 区县级合计, the counties listed under the latter: the
            # subtotal standing above its members is the parent's last part
            readings.insert(0, side.sum_parts(kids, col) + side.cells(above, col))
        relation("children", p, readings)
        if len(rels) > before and rows[p].unsure:
            rels[-1].inferred = True  # its parts read flat come to more than it: not understood
        if len(rels) > before and rows[p].code and not uncoded and all(rows[k].code.startswith(rows[p].code) for k in kids):
            rels[-1].declared = True
        if len(rels) > before and open_end and _reaches(side, p, last_item):
            # the group runs to the end of a table that ends without a total: its other
            # parts may be on the next page
            rels[-1].at_end = True
    # 其中 rows: at most their owner
    owners: dict[int, list[int]] = {}
    for i, r in enumerate(rows):
        if r.role == "of_which" and r.parent is not None:
            owners.setdefault(r.parent - side.base, []).append(i)
    for p, kids in owners.items():
        relation("of_which", p, [[c for k in kids if (c := rows[k].values.get(col)) is not None and c.quantity is not None]])
    # subtotals, then totals over the top-level rows since the last total
    covers: dict[int, list[int]] = {}  # 小计 -> the rows it adds up under the reading that holds
    for i, r in enumerate(rows):
        if r.role != "subtotal":
            continue
        members = side.subtotal_members(i)
        member_readings = side.readings(members)
        below = side.subtotal_members_below(i)
        if below and below != members:
            # 本级 then 小计 then the members: a 小计 placed above the rows it adds up
            first = side.above_its_members(i) is not None  # 本级 alone above it, its members below
            member_readings = [below, *member_readings] if first else [*member_readings, below]
        readings = [side.sum_parts(m, col) for m in member_readings]
        whole = r.values.get(col)
        covers[i] = member_readings[0] if member_readings else []
        if whole is not None and whole.quantity is not None:
            for m, parts in zip(member_readings, readings, strict=True):
                if parts and arith.interval(whole.quantity).overlaps(arith.total(c.quantity for c in parts)):
                    covers[i] = m
                    break
        relation("subtotal", i, readings)

    def collapsed(tops: list[int]) -> list[int]:
        """The rows left when a row followed by rows that add up to it is read as their
        head (年初结转和结余 over 其中 一般公共预算财政拨款 …, unmarked)."""
        out, i = [], 0
        while i < len(tops):
            head = rows[tops[i]].values.get(col)
            out.append(tops[i])
            skip = 0
            if head is not None and head.quantity is not None and head.quantity.value != 0:
                acc = arith.ZERO
                for k in range(i + 1, len(tops)):
                    cell = rows[tops[k]].values.get(col)
                    if cell is not None and cell.quantity is not None:
                        acc = acc + arith.interval(cell.quantity)
                    if acc.lo > arith.interval(head.quantity).hi:
                        break
                    if arith.interval(head.quantity).overlaps(acc) and cell is not None and cell.quantity is not None:
                        skip = k - i
                        break
            i += 1 + skip
        return out

    def collapsed_after(tops: list[int]) -> list[int]:
        """The rows left when a row that equals the two or more rows right above it is read
        as their subtotal (全市一般公共预算收入 after 税收收入 and 非税收入, unmarked)."""
        out: list[int] = []
        for t in tops:
            cell = rows[t].values.get(col)
            if cell is not None and cell.quantity is not None and cell.quantity.value != 0 and len(out) >= 2:
                acc = arith.ZERO
                for k in range(len(out) - 1, -1, -1):
                    c = rows[out[k]].values.get(col)
                    if c is not None and c.quantity is not None:
                        acc = acc + arith.interval(c.quantity)
                    if k <= len(out) - 2 and arith.interval(cell.quantity).overlaps(acc):
                        del out[k:]
                        break
            out.append(t)
        return out

    def total_readings(first: int, last: int, tops: list[int]) -> list[list[Cell]]:
        readings = [side.sum_parts(t, col) for t in side.readings(tops)]
        short = collapsed(tops)
        if short != tops:
            readings.append(side.sum_parts(short, col))
        after = collapsed_after(tops)
        if after != tops:
            readings.append(side.sum_parts(after, col))
        inside = {k for t in tops if rows[t].code for k in _uncoded_in_block(rows, t)}
        if inside & set(tops):
            # uncoded rows inside a coded row's block are its parts, not more items
            rest = collapsed_after([t for t in tops if t not in inside])
            readings.append(side.sum_parts(rest, col))
        subs = [k for k in covers if first <= k < last and covers[k]]
        covered = {m for k in subs for m in covers[k]}
        if subs and covered <= set(tops):
            # the 合计 over the rows no 小计 covers and the 小计 rows themselves
            alt = side.sum_parts([t for t in tops if t not in covered], col)
            alt += [c for k in subs if (c := rows[k].values.get(col)) is not None and c.quantity is not None]
            readings.append(alt)
        return readings

    prev_total: int | None = None
    start = 0
    for i, r in enumerate(rows):
        if r.role == "total":
            tops = [k for k in range(start, i) if rows[k].role == "item" and rows[k].parent is None]
            if not tops and prev_total is None:
                # the 合计 stands above its rows: it adds up the rows down to the next total
                end = next((k for k in range(i + 1, len(rows)) if rows[k].role == "total"), len(rows))
                tops = [k for k in range(i + 1, end) if rows[k].role == "item" and rows[k].parent is None]
                before = len(rels)
                relation("total", i, total_readings(i + 1, end, tops))
                if len(rels) > before and any(rows[k].code for k in range(i + 1, end)):
                    rels[-1].inferred = True
                if len(rels) > before and end == len(rows):
                    # its rows run to the end of the table: where the table ends its page,
                    # the rest of them may stand on the next one
                    rels[-1].at_end = True
                start = end
                continue
            readings = total_readings(start, i, tops)
            inferred = continued and start == 0
            if prev_total is not None:
                pt = rows[prev_total].values.get(col)
                if pt is not None and pt.quantity is not None:
                    # 总计 = 本年收入合计 + the rows after it (上年结转, 年初结余...)
                    readings = [[pt, *parts] for parts in readings] + readings
            before = len(rels)
            # 县区合计 over the counties listed after it (a whole, 本级 and 县区合计 first, the
            # members below): a qualified total with no total after it may add the rows that
            # follow; with two readings and neither holding, the layout is not understood
            after = [k for k in range(i + 1, len(rows)) if rows[k].role == "item" and rows[k].parent is None]
            later_total = any(rows[k].role in ("total", "subtotal") for k in range(i + 1, len(rows)))
            qualified = squeeze(r.label) not in ("合计", "总计", "共计", "总额", "总计数")
            if qualified and len(after) >= 2 and not later_total and tops:
                relation("total", i, [*readings, side.sum_parts(after, col)], uncertain=True)
            else:
                relation("total", i, readings)
            if inferred and len(rels) > before:
                rels[-1].inferred = True  # over the rows of this page only
            prev_total, start = i, i + 1
    return rels


def _uncoded_in_block(rows: list[SideRow], p: int) -> list[int]:
    """Item rows without a code (and not parts of another row) between a coded row and
    the next row whose code is not under it."""
    code = rows[p].code
    out = []
    for k in range(p + 1, len(rows)):
        r = rows[k]
        if r.role in ("total", "subtotal"):
            break
        if r.code:
            if not r.code.startswith(code):
                break
            continue
        if r.role == "item" and r.label and r.parent is None and any(c.quantity is not None for c in r.values.values()):
            out.append(k)
    # a trailing uncoded row after the block's last coded row is outside it
    last_coded = max((k for k in range(p + 1, len(rows)) if rows[k].code and rows[k].code.startswith(code)), default=p)
    return [k for k in out if k < last_coded]


def _reaches(side: _Side, parent: int, last: int) -> bool:
    """Whether the rows under ``parent`` (and theirs) run down to row ``last``."""
    k = parent
    while True:
        kids = side.children.get(k)
        if not kids:
            return k == last
        k = kids[-1]


_TOKEN_CELL = regex.compile(r"^\s*([A-Z]|\d{1,2})\s*(?:[=＝]\s*((?:[A-Z]|\d{1,2})(?:\s*[+＋]\s*(?:[A-Z]|\d{1,2}))+))?\s*$")


def _lettered_relations(table: Table) -> list[SumRelation]:
    """Columns a header row declares to add up: ``公式 | A=B+C | B | C`` or
    ``栏次 | 1 | 2 | 3=1+2`` names each column and states which column is the sum of which."""
    rels: list[SumRelation] = []
    cols = table.columns
    for r in table.rows[: table.header_count]:
        tokens: dict[str, int] = {}
        sums: list[tuple[int, list[str]]] = []
        for i, c in enumerate(r.cells):
            m = _TOKEN_CELL.match(normalise(c.text))
            if not m:
                continue
            tokens.setdefault(m.group(1), i)
            if m.group(2):
                sums.append((i, [t.strip() for t in regex.split(r"[+＋]", m.group(2))]))
        for a, names in sums:
            if any(n not in tokens for n in names) or a >= len(cols) or cols[a].role != "value":
                continue
            part_cols = [tokens[n] for n in names]
            if len(set(part_cols)) != len(part_cols) or a in part_cols or any(cols[c].role != "value" for c in part_cols):
                continue
            text = r.cells[a].text.strip()
            for row in table.data_rows:
                whole = row.cells[a]
                if whole.quantity is None:
                    continue
                parts = [row.cells[c] for c in part_cols if row.cells[c].quantity is not None]
                if not parts:
                    continue
                row_label = next((row.cells[c.index].text for c in cols if c.role == "label" and row.cells[c.index].text), f"第{row.index + 1}行")
                rels.append(SumRelation("columns", whole, parts, f"{row_label}·{cols[a].leaf or text}",
                                        [f"{row_label}·{cols[row.cells.index(c)].leaf or text}" for c in parts], text))
    return rels


def _lbl(r: SideRow) -> str:
    return r.label or r.code or f"第{r.row + 1}行"


def _column_relations(table: Table) -> list[SumRelation]:
    """Total columns (合计 beside 基本支出 and 项目支出) against the columns they add up."""
    rels: list[SumRelation] = []
    cols = table.columns
    groups = table.header_groups
    for level, row_groups in enumerate(groups):
        for a, b, text in row_groups:
            three_public_total = "三公" in text and squeeze(text).endswith(("总额", "总计", "合计", "小计"))
            if (_is_total_label(text) is None and not three_public_total) or a != b or cols[a].role != "value" or not cols[a].additive:
                continue
            parent = _parent_span(groups, level, a, len(cols))
            siblings = [g for g in row_groups if parent[0] <= g[0] and g[1] <= parent[1] and g != (a, b, text)]
            after = [g for g in siblings if g[0] > a]
            before = [g for g in siblings if g[1] < a]
            chosen = after if after else before
            # 其中 columns list a part of the total, not all of its parts
            chosen = [g for g in chosen if not any(squeeze(g[2]).startswith(w) for w in lexicon.OF_WHICH_WORDS)]
            if "三公" in text or any("三公" in t for _a, _b, t in groups[level - 1] if level and _a <= a <= _b):
                # “三公”经费合计 adds up its three items, not the 会议费 and 培训费 printed beside them
                chosen = [g for g in chosen if any(w in g[2] for w in _THREE_PUBLIC_ITEMS)]
            part_cols = []
            ok = bool(chosen)
            for g in chosen:
                if all(cols[k].role == "empty" for k in range(g[0], g[1] + 1)):
                    continue  # a column with no figure in any row adds nothing
                rep = _representative(groups, level, g, cols)
                if rep is None:
                    ok = False
                    break
                part_cols.append(rep)
            if not ok or not part_cols or len(chosen) < 2 or any(cols[c].side != cols[a].side for c in part_cols):
                continue
            # a trailing group with columns of its own (2026年政府采购项目: 小计 | 其中 …) may be
            # another measure of the same rows rather than a part: take the reading under
            # which more rows add up
            trailing = 0
            for g in reversed(chosen[1:]):
                if g[0] == g[1]:
                    break
                trailing += 1
            if trailing and len(part_cols) - trailing >= 2:
                shorter = part_cols[: len(part_cols) - trailing]
                if _rows_holding(table, a, shorter) > _rows_holding(table, a, part_cols):
                    part_cols = shorter
            for r in table.data_rows:
                whole = r.cells[a]
                if whole.quantity is None:
                    continue
                parts = [r.cells[c] for c in part_cols if r.cells[c].quantity is not None]
                if not parts:
                    continue
                row_label = next((r.cells[c.index].text for c in cols if c.role == "label" and c.side == cols[a].side and r.cells[c.index].text), f"第{r.index + 1}行")
                rels.append(SumRelation("columns", whole, parts, f"{row_label}·{text}", [f"{row_label}·{cols[r.cells.index(c)].leaf}" for c in parts], text))
    return rels


def _rows_holding(table: Table, whole: int, parts: list[int]) -> int:
    n = 0
    for r in table.data_rows:
        w = r.cells[whole].quantity
        if w is None:
            continue
        if arith.interval(w).overlaps(arith.total(r.cells[c].quantity for c in parts)):
            n += 1
    return n


def _parent_span(groups, level: int, col: int, width: int) -> tuple[int, int]:
    for up in range(level - 1, -1, -1):
        for a, b, _ in groups[up]:
            if a <= col <= b:
                return a, b
    return 0, width - 1


def _representative(groups, level: int, g: tuple[int, int, str], cols: list[Column]) -> int | None:
    """The column that carries a sibling header group's total."""
    a, b, _ = g
    if a == b:
        return a if cols[a].role == "value" and cols[a].additive else None
    if level + 1 < len(groups):
        subs = [g2 for g2 in groups[level + 1] if a <= g2[0] and g2[1] <= b]
        for a2, b2, text2 in subs:
            if a2 == a and b2 == a and _is_total_label(text2):
                return a if cols[a].role == "value" else None
        # 事业收入 over 金额 | 其中：教育收费: the first column is the whole, the others 其中
        first = next((g2 for g2 in subs if g2[0] == a and g2[1] == a), None)
        rest = [g2 for g2 in subs if g2 is not first]
        if first is not None and rest and all(any(squeeze(g2[2]).startswith(w) for w in lexicon.OF_WHICH_WORDS) for g2 in rest):
            return a if cols[a].role == "value" and cols[a].additive else None
    return None


# ----------------------------------------------------------------------- tables over pages

_FOLIO_BIT = regex.compile(r"^[-－—–\d\s]{1,9}$")


def ends_page(doc: Document, table: Table) -> bool:
    """Whether a table is the last thing on its page and another table follows on the next
    (after at most a running head): it may go on there even where the reader did not join it."""
    pages = [c.span.page for c in table.rows[-1].cells if c.span.page is not None] if table.rows else []
    if not pages:
        return False
    k = doc.block_index().get(id(table))
    if k is None:
        return False
    while k + 1 < len(doc.blocks) and isinstance(doc.blocks[k + 1], Paragraph) and _FOLIO_BIT.match(doc.blocks[k + 1].text.strip()):
        k += 1  # the page's folio under the table (- 143 -, its digits perhaps a line each)
    nxt = doc.blocks[k + 1] if k + 1 < len(doc.blocks) else None
    if nxt is None:
        return False  # nothing follows: the table is complete
    page = getattr(getattr(nxt, "span", None), "page", None)
    if page is None or page <= max(pages):
        return False
    # a table goes on only where a table (its rest, perhaps under a running head or its
    # caption and unit line repeated) follows
    return any(isinstance(b, Table) for b in doc.blocks[k + 1 : k + 4])
