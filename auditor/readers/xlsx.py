"""Excel (.xlsx) reader: each visible sheet's tables as the text a reader of the sheet
sees, shaped like a table the PDF reader extracts (caption line, unit line, tab-separated
rows).

- A sheet holds one table per run of non-empty rows; blank rows separate tables. A run
  without figures of at most two rows (a title, a unit line, a note) is written as lines
  of text, so that a title above a blank row still captions the table below it.
- Merged cells: the value stands in the first covered cell, the others read empty.
- Values are the cached results of formulas (``data_only``), written as the cell shows
  them: the number format's decimals, thousands separators, percent, literal text. A
  formula whose result was never computed (a file written by a library and never opened
  in Excel) has no cached value and reads as empty.
- Hidden sheets are not read; hidden rows and columns are.

Origins: ``Sheet1!C7`` per cell. Sheets are introduced by an HTML comment line
(``<!-- sheet: 收入 -->``), which the text reader ignores.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from auditor.files import InputError
from auditor.readers import Extracted, LineMap, Origin, grid

_QUOTED = re.compile(r'"([^"]*)"')
_BRACKET = re.compile(r"\[[^\]]*\]")
_PLACEHOLDERS = re.compile(r"[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+")


def _sections(fmt: str) -> list[str]:
    out, cur, quoted = [], "", False
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and i + 1 < len(fmt) and not quoted:
            cur += c + fmt[i + 1]
            i += 2
            continue
        elif c == ";" and not quoted:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    out.append(cur)
    return out


def _literal(section: str) -> tuple[str, str]:
    """A format section with quotes, escapes, padding, fills and [colours] resolved to the
    characters they show; number placeholders are left in place."""
    out = []
    i = 0
    s = _BRACKET.sub("", section)
    while i < len(s):
        c = s[i]
        if c == '"':
            j = s.find('"', i + 1)
            j = len(s) if j == -1 else j
            out.append(("lit", s[i + 1 : j]))
            i = j + 1
        elif c == "\\" and i + 1 < len(s):
            out.append(("lit", s[i + 1]))
            i += 2
        elif c in "_*" and i + 1 < len(s):
            i += 2  # padding to a character's width, or a fill: no visible text
        else:
            out.append(("fmt", c))
            i += 1
    return "".join(t for _, t in out), "".join(t if k == "fmt" else "\0" * len(t) for k, t in out)


def _plain(value: float | int | Decimal) -> str:
    """Excel's General format: up to 11 significant characters, no exponent for ordinary values."""
    if isinstance(value, int):
        return str(value)
    d = Decimal(repr(value)) if isinstance(value, float) else value
    if d == d.to_integral_value():
        return str(int(d))
    text = f"{float(d):.10g}"
    if "e" in text:
        return format(d.normalize(), "f")
    return text


def format_number(value, fmt: str | None) -> str:
    """A number as Excel shows it in number format ``fmt``."""
    fmt = fmt or "General"
    if fmt.lower() == "general" or fmt == "@":
        return _plain(value)
    sections = _sections(fmt)
    if value < 0 and len(sections) > 1:
        section, value, sign = sections[1], -value, ""
    elif value == 0 and len(sections) > 2:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if value < 0 else ""
        value = abs(value)
    shown, mask = _literal(section)
    if shown.strip().lower() == "general":
        return sign + _plain(value)
    # the first run of digit placeholders outside quoted text is where the number goes
    m = _PLACEHOLDERS.search(mask)
    if m is None:
        return shown.strip() or _plain(value)
    start, end = m.start(), m.end()
    spec = mask[start:end]
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if "%" in mask.replace("\0", ""):
        d *= 100
    int_part, _, frac = spec.partition(".")
    # trailing commas scale by a thousand each (#,##0, shows thousands)
    scale = len(int_part) - len(int_part.rstrip(","))
    if scale:
        d /= Decimal(1000) ** scale
        int_part = int_part.rstrip(",")
    places = sum(1 for c in frac if c in "0#?")
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if q == 0 and "0" not in spec:
        return (sign + (shown[:start] + shown[end:]).strip()).strip()  # '?' placeholders show a zero as blanks: "-"
    text = f"{q:,.{places}f}" if "," in int_part else f"{q:.{places}f}"
    if places and "0" not in frac:  # '#' decimals are optional: drop trailing zeros
        text = text.rstrip("0").rstrip(".")
    if not int_part.count("0") and text.startswith("0") and "." in text and places:
        text = text[1:]  # '.00' shows no leading zero
    out = (shown[:start] + text + shown[end:]).strip()
    return sign + out


def _show(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float, Decimal)):
        return format_number(v, cell.number_format)
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    text = str(v)
    if text.startswith("#") and text.endswith(("!", "?", "A")) and text.upper() in ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"):
        return ""  # an error value is no figure
    return grid.join_lines(text.replace("\r", "\n").split("\n"))


def read(data: bytes, path: str) -> Extracted:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, OSError, EOFError):
        raise InputError(f"{path}: broken or truncated Excel file / 文件已损坏或不完整") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: broken Excel file ({first}) / 文件已损坏") from None
    m = LineMap()
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            ws.reset_dimensions()  # the stored dimension is often wrong in files written by other tools
            rows: list[tuple[int, list[grid.Cell]]] = []
            for r in ws.iter_rows():
                cells: list[grid.Cell] = []
                rno = None
                for c in r:
                    if getattr(c, "row", None) is None:  # an EmptyCell
                        cells.append(("", None))
                        continue
                    rno = c.row
                    text = _show(c)
                    cells.append((text, Origin(cell=f"{ws.title}!{get_column_letter(c.column)}{c.row}") if text else None))
                if rno is not None:
                    rows.append((rno, cells))
            _sheet(m, ws.title, rows)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError, zipfile.BadZipFile, EOFError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: broken Excel file ({first}) / 文件已损坏") from None
    finally:
        wb.close()
    text, origins = m.build()
    if not text.strip() or all(line.startswith("<!--") or not line.strip() for line in text.splitlines()):
        raise InputError(f"{path}: Excel workbook without data (nothing to check) / 工作簿中没有数据")
    return Extracted(text=text, format="xlsx", origins=origins)


def _sheet(m: LineMap, title: str, rows: list[tuple[int, list[grid.Cell]]]) -> None:
    m.blank()
    m.line(f"<!-- sheet: {title.replace('--', '- -')} -->")
    blocks: list[list[list[grid.Cell]]] = []
    last = None
    for rno, cells in rows:
        if not any(t.strip() for t, _ in cells):
            last = None
            continue
        if last is None or rno != last + 1:
            blocks.append([])
        blocks[-1].append(cells)
        last = rno
    glue = False
    for block in blocks:
        filled = [[c for c in r if c[0].strip()] for r in block]
        text_only = len(block) <= 2 and all(len(f) <= 3 for f in filled) and not any(grid.is_figure(c[0]) for f in filled for c in f)
        if text_only:
            # a title or unit line standing apart from its table (or a note below it)
            if not glue:
                m.blank()
            for f in filled:
                m.parts([(c[0].strip(), c[1]) for c in f], " ")
            glue = all(grid.title_like(" ".join(c[0] for c in f)) or grid.UNIT.search(" ".join(c[0] for c in f)) for f in filled)
            continue
        grid.emit(m, block, glue=glue)
        glue = False
