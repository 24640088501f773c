"""Cell grids (Word tables, Excel ranges) written as the extracted text's tables.

Both office readers hand over a table as rows of (text, origin) cells, merged cells
already resolved (the value in the first covered cell, the others empty). This module
writes it the way the PDF reader writes a table: a caption line, a unit line, then one
tab-separated line per row, so that a table reads the same whatever format it came in.

A title row inside the grid (one filled cell, no figure, such as a merged
``2025年部门收支预算总表``) becomes the caption line; a row holding ``单位：万元`` (alone,
or beside ``编制部门：…``) becomes the unit line.
"""

from __future__ import annotations

import re

from auditor.document.readers import LineMap, Origin

Cell = tuple[str, Origin | None]

UNIT = re.compile(r"(?:金额|计量)?单位[:：]\s*(?:万亿元|亿元|千万元|百万元|万元|千元|元|万人|人次|人|%|个|家|户|件)")
_FIGURE = re.compile(r"^[\s(（\-−+]*[\d０-９][\d０-９,，.．%％\s)）]*$")
_SENTENCE_END = tuple("。！？!?；;")
_FINAL = "。！？!?；;：:…"


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text))


def _filled(row: list[Cell]) -> list[Cell]:
    return [c for c in row if c[0].strip()]


def title_like(text: str) -> bool:
    """A short line that names something rather than says something: a caption."""
    t = text.strip()
    return 0 < len(t) <= 60 and not t.endswith(_SENTENCE_END) and not is_figure(t) and "\t" not in t


def _line_of(m: LineMap, cells: list[Cell]) -> None:
    """Several cells of one row written as one line of text, each keeping its origin."""
    m.parts([(c[0].strip(), c[1]) for c in cells], " ")


def emit(m: LineMap, rows: list[list[Cell]], glue: bool = False) -> None:
    """Write one table: caption and unit rows lifted out of the grid, empty rows and
    columns dropped, the rest as tab-separated rows. ``glue``: no blank line above (the
    line above is the table's caption or unit line)."""
    rows = [r for r in rows if _filled(r)]
    if not rows:
        return
    width = max(len(r) for r in rows)
    # leading rows that are the table's title or its unit line (a one-column grid is text: no title row)
    one_column = len({i for r in rows for i, c in enumerate(r) if c[0].strip()}) == 1
    head: list[list[Cell]] = []
    while rows and not one_column:
        filled = _filled(rows[0])
        joined = " ".join(c[0].strip() for c in filled)
        if (len(filled) == 1 and title_like(joined) and len(rows) > 1) or (len(filled) <= 3 and UNIT.search(joined) and not any(is_figure(c[0]) for c in filled)):
            head.append(filled)
            rows.pop(0)
            continue
        break
    # trailing notes (注：…, 说明…, a sentence in one cell) are text below the table, not rows of it
    tail: list[list[Cell]] = []
    while len(rows) > 1 and not one_column:
        filled = _filled(rows[-1])
        text = filled[0][0].strip() if len(filled) == 1 else ""
        if text and (text.startswith(("注", "说明", "备注", "资料来源", "数据来源")) or (len(text) > 30 and not is_figure(text))):
            tail.insert(0, filled)
            rows.pop()
            continue
        break
    rows = [r + [("", None)] * (width - len(r)) for r in rows]
    rows = merge_code_columns(rows)
    width = max((len(r) for r in rows), default=0)
    used = [any(r[i][0].strip() for r in rows) for i in range(width)]
    if not glue:
        m.blank()
    for cells in head:
        _line_of(m, cells)
    if not rows:
        return
    keep = [i for i in range(width) if used[i]]
    if len(keep) == 1:
        # one column: a layout table holding text (a boxed note, a report typed into a
        # table), each cell a paragraph of its own
        for r in rows:
            text, origin = r[keep[0]][0].strip(), r[keep[0]][1]
            # a Markdown hard break ends the paragraph where the cell ends (no page-break join)
            m.line(text + ("  " if len(text) >= 10 and text[-1] not in _FINAL else ""), origin)
            m.blank()
    else:
        for r in rows:
            cells = [r[i] for i in keep]
            m.row([_with_formula(c) for c in cells], [c[1] for c in cells])
        m.blank()
    for cells in tail:
        _line_of(m, cells)
        m.blank()


def _with_formula(cell: Cell) -> str:
    """A cell's text, followed by the sum its formula declares (``<!-- =SUM(B5:B9) -->``),
    which the table builder reads as the author's own statement of the cell's parts."""
    text, origin = cell[0].strip(), cell[1]
    if origin is not None and origin.formula and text:
        return f"{text}<!-- ={origin.formula} -->"
    return text


CONTINUES = re.compile(r"续表|[（(]续[）)]|[（(]续表?[一二三四五六七八九十\d]*[）)]|^续[:：]?")
"""The words that say a table goes on from the page or sheet before (续表, （续）, 续)."""
_TABLE_NO = re.compile(r"^(?:附?表)?\s*([一二三四五六七八九十\d]+(?:[-－—.．]\d+)?)(?!\d)")


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def continues(title: str, last_caption: str) -> bool:
    """Whether a title line says its table continues the last one: a continuation mark
    (``续表``, ``表5（续）``, ``续表5``) that names no other table, or the last table's
    caption written again."""
    t = _squeezed(title)
    last = _squeezed(last_caption)
    if not t:
        return False
    if not CONTINUES.search(t):
        return bool(last) and t == last
    base = _squeezed(CONTINUES.sub("", t))
    last_base = _squeezed(CONTINUES.sub("", last))
    if not base or base == last_base or (len(base) >= 6 and last_base.endswith(base)):
        return True  # the title again, with or without its number
    # 续表5 / 表5（续） after 表5 …: the same table number, nothing else named
    m, lm = _TABLE_NO.match(CONTINUES.sub("", title).strip()), _TABLE_NO.match(last_caption.strip())
    return bool(m and lm and m.group(1) == lm.group(1) and base == _squeezed(m.group(0)))


BREAK = "<!-- table -->"
"""The line written between two tables the author made separate (several tables in one
Word table or one sheet): the text reader never joins tables across it."""

_TABLE_TITLE = re.compile(r"表|^(?:19|20)\d\d年|情况$|明细$")
_PLACEHOLDER = {"-", "—", "－", "/", "——", "--"}
_NOT_TITLE = ("合计", "总计", "小计", "其中", "注", "说明", "备注")


def _is_title_row(filled: list[Cell]) -> bool:
    joined = " ".join(c[0].strip() for c in filled)
    if len(filled) <= 3 and UNIT.search(joined) and not any(is_figure(c[0]) for c in filled):
        return True
    if len(filled) == 1:
        t = filled[0][0].strip()
        return title_like(t) and bool(_TABLE_TITLE.search(t)) and not t.startswith(_NOT_TITLE)
    return False


def _is_header_row(filled: list[Cell]) -> bool:
    texts = [c[0].strip() for c in filled]
    return (len(texts) >= 2 and not any(is_figure(t) or t in _PLACEHOLDER for t in texts)
            and not texts[0].startswith(_NOT_TITLE) and all(len(t) <= 30 for t in texts))


def split_stacked(rows: list[list[Cell]]) -> list[list[list[Cell]]]:
    """Several tables appended in one grid (a Word table holding 表1, 表2 and 表3 one under
    the other; a sheet with tables stacked without blank rows), split where a title row
    (``表2 …``, a year's ``…表``) or a unit row is followed by a header row, after rows with
    figures: each table keeps its own title and header."""
    parts: list[list[list[Cell]]] = [[]]
    seen_figures = False
    i = 0
    while i < len(rows):
        filled = _filled(rows[i])
        if seen_figures and filled and _is_title_row(filled):
            j = i
            while j < len(rows) and _filled(rows[j]) and _is_title_row(_filled(rows[j])):
                j += 1
            if j < len(rows) - 1 and _is_header_row(_filled(rows[j])):
                parts.append(rows[i:j])
                seen_figures = False
                i = j
                continue
        if any(is_figure(c[0]) for c in filled):
            seen_figures = True
        parts[-1].append(rows[i])
        i += 1
    return [p for p in parts if p]


def split_side_by_side(rows: list[list[Cell]]) -> list[list[list[Cell]]]:
    """Tables laid side by side in one sheet, apart by an empty column or each under its own
    title (``表1 …`` over its columns), each with its own label column and figures: one
    grid each (left to right)."""
    width = max((len(r) for r in rows), default=0)
    used = [any(i < len(r) and r[i][0].strip() for r in rows) for i in range(width)]
    segments: list[list[int]] = []
    for i, u in enumerate(used):
        if u:
            if segments and segments[-1][-1] == i - 1:
                segments[-1].append(i)
            else:
                segments.append([i])

    def table_like(cols: list[int]) -> bool:
        cells = [r[i][0].strip() for r in rows for i in cols if i < len(r) and r[i][0].strip()]
        return len(cols) >= 2 and any(is_figure(t) for t in cells) and any(not is_figure(t) and not UNIT.search(t) for t in cells)

    if len(segments) < 2 and rows:
        # no empty column between them, but a title over each: 表1 … | 表2 … | 表3 …
        starts = [i for i, c in enumerate(rows[0]) if c[0].strip()]
        if len(starts) >= 2 and starts[0] == segments[0][0] and all(_is_title_row([rows[0][i]]) and not UNIT.search(rows[0][i][0]) for i in starts):
            segments = [list(range(a, b)) for a, b in zip(starts, [*starts[1:], segments[0][-1] + 1], strict=True)]
    if len(segments) < 2 or len(segments) == width:
        return [rows]

    if not all(table_like(s) for s in segments):
        return [rows]
    return [[[r[i] if i < len(r) else ("", None) for i in s] for r in rows] for s in segments]


_CODE = re.compile(r"^\d{1,9}$")


def merge_code_columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Classification codes split over 类 | 款 | 项 columns (``201 | 13 | 01``) become one
    code in one column (``2011301``), as the PDF reader writes them; a part left empty
    under a filled one repeats the part above it. The merged cell's place is that of the
    row's last filled part (the one that is this row's own)."""
    if not rows:
        return rows
    ncols = len(rows[0])
    for hr in range(min(4, len(rows))):
        head = [c[0].strip() for c in rows[hr]]
        for c in range(ncols - 1):
            if head[c] != "类" or head[c + 1] != "款":
                continue
            width = 3 if c + 2 < ncols and head[c + 2] == "项" else 2
            data = rows[hr + 1 :]
            if not all(not cell[0].strip() or _CODE.match(cell[0].strip()) for r in data for cell in r[c + 1 : c + width]):
                continue
            return _merge_codes_at(rows, c, width, hr)
    return rows


def _merge_codes_at(rows: list[list[Cell]], c: int, width: int, hr: int) -> list[list[Cell]]:
    out = [list(r) for r in rows]
    last = [""] * width
    for ri in range(hr + 1, len(out)):
        r = out[ri]
        parts = [cell[0].strip() for cell in r[c : c + width]]
        if not any(parts):
            continue
        filled = [k for k, p in enumerate(parts) if p]
        origin = r[c + filled[-1]][1]
        if not all(not p or _CODE.match(p) for p in parts):
            merged = "".join(parts)  # a label written across the code columns (合计)
            origin = r[c + filled[0]][1]
        else:
            full = [parts[k] or last[k] for k in range(filled[-1] + 1)]
            last = full + [""] * (width - len(full))
            merged = "".join(full)
        r[c] = (merged, origin)
    out[hr][c] = ("", None)
    for r in out:
        del r[c + 1 : c + width]
    if not any(cell[0].strip() for cell in out[hr]):
        del out[hr]
    return out


def join_lines(parts: list[str]) -> str:
    """Text of a cell's paragraphs (or an Excel cell's lines) on one line: Chinese
    joins without a space, but two figures or two words never run together."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out
