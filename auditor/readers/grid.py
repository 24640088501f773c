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

from auditor.readers import LineMap, Origin

Cell = tuple[str, Origin | None]

UNIT = re.compile(r"(?:金额|计量)?单位[:：]\s*(?:万亿元|亿元|千万元|百万元|万元|千元|元|万人|人次|人|%|个|家|户|件)")
_FIGURE = re.compile(r"^[\s(（\-−+]*[\d０-９][\d０-９,，.．%％\s)）]*$")
_SENTENCE_END = tuple("。！？!?；;")


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
    used = [any(i < len(r) and r[i][0].strip() for r in rows) for i in range(width)]
    # leading rows that are the table's title or its unit line
    head: list[list[Cell]] = []
    while rows:
        filled = _filled(rows[0])
        joined = " ".join(c[0].strip() for c in filled)
        if len(filled) == 1 and title_like(joined) and len(rows) > 1 or len(filled) <= 3 and UNIT.search(joined) and not any(is_figure(c[0]) for c in filled):
            head.append(filled)
            rows.pop(0)
            continue
        break
    if not glue:
        m.blank()
    for cells in head:
        _line_of(m, cells)
    if not rows:
        return
    keep = [i for i in range(width) if used[i]]
    for r in rows:
        r = r + [("", None)] * (width - len(r))
        cells = [r[i] for i in keep]
        m.row([c[0].strip() for c in cells], [c[1] for c in cells])
    m.blank()


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
