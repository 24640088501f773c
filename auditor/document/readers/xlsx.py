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
- What is printed is the report: hidden sheets, hidden rows and hidden columns, and cells
  outside a sheet's print area are not read.
- Each sheet holds its own tables (:func:`emit_sheets`): a sheet whose first title says
  it continues the previous one (续表, or the same title) goes on with its table; tables
  side by side (apart by an empty column) or stacked (blank rows, title rows over a
  header) are separate tables.
- A formula that adds up cells shown in the same sheet (``SUM(B5:B9)``, ``B5+B7``,
  ``SUBTOTAL(9, B5:B20)`` without the subtotals inside it) is the author's own statement
  of the cell's parts (a cell of 0 in a hidden row adds nothing; a number stored as text
  is a part of ``+``, as Excel adds it): it is written after the cell's text as
  ``<!-- =SUM(B5:B9) -->`` for the table builder. Formulas are looked for only in sheets
  whose XML holds any; hidden rows, columns and formulas come from one pass over the
  sheet's XML beside openpyxl's read-only stream (a full load costs 60 % more time and
  several times the memory on a large sheet).
- Every number keeps its stored value (``Origin.exact``): a workbook's figures are exact,
  whatever digits their format shows.

Origins: ``Sheet1!C7`` per cell. Sheets are introduced by a comment line
(``<!-- sheet: 收入 -->``), which ends any table above it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from auditor.document.files import InputError
from auditor.document.readers import Extracted, LineMap, Origin, grid

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


class _Section:
    """One section of a number format, parsed once: the text before and after the
    number, and how the number is written."""

    __slots__ = ("after", "before", "general", "int_part", "literal", "percent", "places", "quantum", "scale", "spec", "thousands", "trim")

    def __init__(self, section: str) -> None:
        shown, mask = _literal(section)
        self.general = shown.strip().lower() == "general"
        # the first run of digit placeholders outside quoted text is where the number goes
        m = _PLACEHOLDERS.search(mask)
        self.literal = m is None
        if m is None:
            self.before, self.after = shown.strip(), ""
            return
        start, end = m.start(), m.end()
        self.before, self.after = shown[:start], shown[end:]
        self.spec = spec = mask[start:end]
        self.percent = "%" in mask.replace("\0", "")
        int_part, _, frac = spec.partition(".")
        # trailing commas scale by a thousand each (#,##0, shows thousands)
        self.scale = len(int_part) - len(int_part.rstrip(","))
        self.int_part = int_part.rstrip(",")
        self.thousands = "," in self.int_part
        self.places = sum(1 for c in frac if c in "0#?")
        self.quantum = Decimal(1).scaleb(-self.places)
        self.trim = bool(self.places) and "0" not in frac  # '#' decimals are optional


@functools.lru_cache(maxsize=256)
def _parsed(fmt: str) -> tuple[_Section, ...]:
    return tuple(_Section(s) for s in _sections(fmt))


def format_number(value, fmt: str | None) -> str:
    """A number as Excel shows it in number format ``fmt``."""
    fmt = fmt or "General"
    if fmt == "General" or fmt == "@" or fmt.lower() == "general":
        return _plain(value)
    sections = _parsed(fmt)
    if value < 0 and len(sections) > 1:
        sec, value, sign = sections[1], -value, ""
    elif value == 0 and len(sections) > 2:
        sec, sign = sections[2], ""
    else:
        sec, sign = sections[0], "-" if value < 0 else ""
        value = abs(value)
    if sec.general:
        return sign + _plain(value)
    if sec.literal:
        return sec.before or _plain(value)
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if sec.percent:
        d *= 100
    if sec.scale:
        d /= Decimal(1000) ** sec.scale
    q = d.quantize(sec.quantum, rounding=ROUND_HALF_UP)
    if q == 0 and "0" not in sec.spec:
        return (sign + (sec.before + sec.after).strip()).strip()  # '?' placeholders show a zero as blanks: "-"
    text = f"{q:,.{sec.places}f}" if sec.thousands else f"{q:.{sec.places}f}"
    if sec.trim:
        text = text.rstrip("0").rstrip(".")
    if "0" not in sec.int_part and text.startswith("0") and "." in text and sec.places:
        text = text[1:]  # '.00' shows no leading zero
    return sign + (sec.before + text + sec.after).strip()


def _show(v, fmt: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float, Decimal)):
        return format_number(v, fmt)
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    text = str(v)
    if text.startswith("#") and text.endswith(("!", "?", "A")) and text.upper() in ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"):
        return ""  # an error value is no figure
    return grid.join_lines(text.replace("\r", "\n").split("\n"))


def exact_value(value, fmt: str | None) -> str | None:
    """The stored number in the terms its format shows it (percent ×100, trailing commas
    ÷1000), to 15 significant digits (Excel's own precision: float noise gone)."""
    kind = type(value)
    if kind is bool or not isinstance(value, (int, float, Decimal)):
        return None
    percent = scale = 0
    if fmt and fmt != "General" and fmt.lower() not in ("general", "@"):
        sections = _parsed(fmt)
        sec = sections[1] if value < 0 and len(sections) > 1 else sections[2] if value == 0 and len(sections) > 2 else sections[0]
        if not sec.general:
            if sec.literal:
                return None
            percent, scale = sec.percent, sec.scale
    if not percent and not scale:
        if kind is int:
            return str(value)
        if kind is float:
            r = repr(value)
            # the common case: a short decimal that is its own exact shortest form
            if "e" not in r and "n" not in r and len(r) <= 16:
                return r[:-2] if r.endswith(".0") else r
    try:
        d = Decimal(value) if kind is int else Decimal(repr(value)) if kind is float else value
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    if percent:
        d *= 100
    if scale:
        d /= Decimal(1000) ** scale
    if d:
        d = d.quantize(Decimal(1).scaleb(d.adjusted() - 14))
    return format(d.normalize(), "f")


# ------------------------------------------------------------------ the sheet's XML

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_F_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")


def _zero(size: str | None) -> bool:
    try:
        return size is not None and float(size) == 0
    except ValueError:
        return False


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: v.decode("utf-8", "replace") for k, v in _ATTR.findall(raw)}


@dataclass
class SheetLayout:
    """What openpyxl's read-only stream does not give: hidden rows and columns, formulas."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) -> formula text without its ``=``, shared formulas translated."""


def scan_sheet(zf: zipfile.ZipFile, name: str) -> SheetLayout:
    """One streaming pass over a worksheet's XML, cut at row ends."""
    from html import unescape

    from openpyxl.utils import column_index_from_string

    out = SheetLayout()
    shared: dict[str, tuple[str, str]] = {}
    row_no = 0
    buf = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(1 << 22)
            buf += chunk
            if chunk:
                ends = [m.end() for m in _ROW_END.finditer(buf, max(0, len(buf) - (1 << 16)))]
                cut = ends[-1] if ends else (len(buf) if b"<sheetData" not in buf else -1)
                if cut <= 0:
                    continue
                part, buf = buf[:cut], buf[cut:]
            else:
                part, buf = buf, b""
            if b"<col" in part or b":col" in part:
                for m in _COL_TAG.finditer(part):
                    a = _attrs(m.group(1))
                    if (a.get("hidden") in ("1", "true") or _zero(a.get("width"))) and a.get("min", "").isdigit():
                        lo, hi = int(a["min"]), int(a.get("max", a["min"]) or a["min"])
                        out.hidden_cols.update(range(lo, min(hi, 16384) + 1))
            for m in _ROW_TAG.finditer(part):
                a = _attrs(m.group(1))
                r = a.get("r", "")
                row_no = int(r) if r.isdigit() else row_no + 1
                if a.get("hidden") in ("1", "true") or (a.get("customHeight") in ("1", "true") and _zero(a.get("ht"))):
                    out.hidden_rows.add(row_no)  # a row or column of no height or width shows nothing
            if b"<f" in part or b":f" in part:
                for m in _F_CELL.finditer(part):
                    ref = _attrs(m.group(1)).get("r", "")
                    cm = _CELL_REF.match(ref)
                    if not cm:
                        continue
                    fa = _attrs(m.group(2))
                    text = unescape((m.group(3) or b"").decode("utf-8", "replace")).strip()
                    if fa.get("t") == "shared" and "si" in fa:
                        if text:
                            shared[fa["si"]] = (text, ref)
                        elif fa["si"] in shared:
                            text = _translate(*shared[fa["si"]], ref)
                    if text:
                        out.formulas[(int(cm.group(2)), column_index_from_string(cm.group(1)))] = text.removeprefix("=")
            if not chunk:
                break
    return out


def _translate(formula: str, origin: str, dest: str) -> str:
    from openpyxl.formula.translate import Translator, TranslatorError

    try:
        return Translator("=" + formula, origin=origin).translate_formula(dest).removeprefix("=")
    except (TranslatorError, ValueError, KeyError, IndexError):
        return ""


# ------------------------------------------------------------------ formulas as sums

_NUMBER_TEXT = re.compile(r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
"""A number stored as text (``'96167``), which Excel's ``+`` converts and adds."""
_SUBTOTAL = re.compile(r"^SUBTOTAL\((?P<fn>9|109),(?P<args>[^()]*)\)$", re.I)
_SUM_TERM = re.compile(r"^(?:SUM\((?P<args>[^()]*)\)|(?P<ref>[^()+,]+))$", re.I)
_AREA = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:]+)!)?\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?$", re.I)


def sum_areas(formula: str, sheet: str) -> list[tuple[int, int, int, int]] | None:
    """The (first row, first column, last row, last column) areas a formula adds up, when
    it is a plain sum of cells of ``sheet`` (``SUM(B5:B9)``, ``B5+B7+SUM(C5,C7)``); None
    for any other formula (a difference, a product, a constant, another sheet's cells)."""
    terms = _sum_terms(formula, sheet)
    return None if terms is None else [area for area, _ in terms]


def _sum_terms(formula: str, sheet: str) -> list[tuple[tuple[int, int, int, int], str]] | None:
    """:func:`sum_areas`, each area with how it is added: ``bare``, a term of ``+`` (``B5``
    in ``B5+B9``: Excel's ``+`` adds a number stored as text), ``sum``, an argument of
    ``SUM`` (text in its cells left out), or ``sub9`` / ``sub109``, the range of a whole
    ``SUBTOTAL(9, …)`` / ``SUBTOTAL(109, …)`` (the subtotals inside it left out, and with
    109 the hidden rows)."""
    from openpyxl.utils import column_index_from_string

    f = formula.replace(" ", "")
    sub = _SUBTOTAL.match(f)
    if sub is not None:
        inner = _sum_terms(f"SUM({sub.group('args')})", sheet)
        return None if inner is None else [(area, "sub" + sub.group("fn")) for area, _ in inner]
    if not f or any(c in f for c in "-*/^&<>=\"{}"):
        return None
    terms, depth, cur = [], 0, ""
    for ch in f:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "+" and depth == 0:
            terms.append(cur)
            cur = ""
        else:
            cur += ch
    terms.append(cur)
    areas = []
    for t in terms:
        m = _SUM_TERM.match(t)
        if m is None:
            return None
        for piece in (m.group("args").split(",") if m.group("args") is not None else [m.group("ref")]):
            a = _AREA.match(piece)
            if a is None:
                return None
            if a.group("sheet") is not None and a.group("sheet").strip("'").replace("''", "'") != sheet:
                return None
            c1, r1 = column_index_from_string(a.group("c1").upper()), int(a.group("r1"))
            c2 = column_index_from_string(a.group("c2").upper()) if a.group("c2") else c1
            r2 = int(a.group("r2")) if a.group("r2") else r1
            areas.append(((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)), "sum" if m.group("args") is not None else "bare"))
    return areas


def declared_sum(formula: str, sheet: str, numbers: dict[tuple[int, int], bool], budget: list[int],
                 texts: dict[tuple[int, int], bool] | None = None, subtotals: set[tuple[int, int]] | frozenset = frozenset()) -> str:
    """The formula as the sum it declares: the numeric cells it adds, runs of rows in one
    column written as ranges (``SUM(B5:B9,B12)``, every cell named holding a number), or
    ``?`` when it is no plain sum of this sheet's cells, or when a cell it adds holds a
    number that is not shown (a hidden row, outside the print area): then its parts
    cannot be seen. ``numbers``: (row, column) -> shown, for the sheet's numeric cells;
    ``texts``: the same for cells holding a number as text (``'96167``), which a bare
    ``+`` term adds as Excel does (``SUM`` leaves them out); ``budget``: cells left to
    look at (bounds the work on a sheet of huge ranges); ``subtotals``: the cells holding a
    ``SUBTOTAL`` formula, which a ``SUBTOTAL`` over them leaves out."""
    from openpyxl.utils import get_column_letter

    terms = _sum_terms(formula, sheet)
    if not terms:
        return "?"
    cells: list[tuple[int, int]] = []
    for (r1, c1, r2, c2), kind in terms:
        size = (r2 - r1 + 1) * (c2 - c1 + 1)
        budget[0] -= size
        if budget[0] < 0:
            return "?"
        for c in range(c1, c2 + 1):
            for r in range(r1, r2 + 1):
                if kind.startswith("sub") and (r, c) in subtotals:
                    continue  # a SUBTOTAL leaves the subtotals inside its range out
                shown = numbers.get((r, c))
                if shown is None and kind == "bare" and texts:
                    shown = texts.get((r, c))
                if shown is False:
                    if kind == "sub109":
                        continue  # SUBTOTAL(109, …) leaves hidden rows out
                    return "?"
                if shown:
                    cells.append((r, c))
    if not cells or len(set(cells)) != len(cells):
        return "?"  # nothing to add, or a cell counted twice
    # runs of rows in one column (or columns in one row) written as ranges
    across = len({r for r, _ in cells}) == 1
    step = (0, 1) if across else (1, 0)
    if across:
        cells.sort()
    terms: list[str] = []
    i = 0
    while i < len(cells):
        j = i
        while j + 1 < len(cells) and cells[j + 1] == (cells[j][0] + step[0], cells[j][1] + step[1]):
            j += 1
        a, z = cells[i], cells[j]
        first = f"{get_column_letter(a[1])}{a[0]}"
        terms.append(first if i == j else f"{first}:{get_column_letter(z[1])}{z[0]}")
        i = j + 1
    return "SUM(" + ",".join(terms) + ")"


# ------------------------------------------------------------------ print areas


def print_boxes(text: str | None) -> list[tuple[int, int, int, int]] | None:
    """(first row, first column, last row, last column) boxes of a print area such as
    ``'收入'!$A$1:$F$40,'收入'!$H$1:$J$40`` (whole rows or columns open-ended); None
    when there is none or it cannot be read."""
    from openpyxl.utils.cell import range_boundaries

    if not text:
        return None
    boxes = []
    for piece in re.split(r",(?=(?:[^']*'[^']*')*[^']*$)", text):
        ref = piece.rsplit("!", 1)[-1].strip()
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            return None
        boxes.append((r1 or 1, c1 or 1, r2 or 1 << 20, c2 or 1 << 14))
    return boxes or None


def printed(boxes: list[tuple[int, int, int, int]] | None, r: int, c: int) -> bool:
    return boxes is None or any(r1 <= r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in boxes)


# ------------------------------------------------------------------ reading


def read(data: bytes, path: str) -> Extracted:
    with warnings.catch_warnings():
        # openpyxl warns about what it does not read (data validation, a missing default
        # style): nothing the user can act on, and not a finding
        warnings.simplefilter("ignore")
        return _read(data, path)


def _read(data: bytes, path: str) -> Extracted:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, InvalidFileException, OSError, EOFError):
        raise InputError(f"{path}: broken or truncated Excel file / 文件已损坏或不完整") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: broken Excel file ({first}) / 文件已损坏") from None
    sheets: list[tuple[str, list[tuple[int, list[grid.Cell]]]]] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            ws.reset_dimensions()  # the stored dimension is often wrong in files written by other tools
            wpath = getattr(ws, "_worksheet_path", None)
            layout = scan_sheet(zf, wpath) if wpath else SheetLayout()
            boxes = print_boxes(str(pa) if (pa := getattr(ws, "_print_area", None)) else None)
            numbers: dict[tuple[int, int], bool] = {}
            texts: dict[tuple[int, int], bool] = {}
            rows: list[tuple[int, dict[int, grid.Cell]]] = []
            last_col = 0
            hidden_rows, hidden_cols, want_numbers = layout.hidden_rows, layout.hidden_cols, bool(layout.formulas)
            title = ws.title
            for r in ws.iter_rows():
                cells: dict[int, grid.Cell] = {}
                rno = None
                for c in r:
                    row = getattr(c, "row", None)
                    if row is None:  # an EmptyCell
                        continue
                    rno, col, v = row, c.column, c.value
                    if v is None:
                        continue
                    shown = row not in hidden_rows and col not in hidden_cols and (boxes is None or printed(boxes, row, col))
                    number = isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                    if want_numbers:
                        if number:
                            if shown or v != 0:
                                numbers[(row, col)] = shown
                            # a hidden zero adds nothing: a sum over it is the sum of the cells shown
                        elif isinstance(v, str) and _NUMBER_TEXT.match(v):
                            texts[(row, col)] = shown
                    if not shown:
                        continue
                    fmt = c.number_format if number else None
                    text = _show(v, fmt)
                    if text:
                        cells[col] = (text, Origin(cell=f"{title}!{get_column_letter(col)}{row}", exact=exact_value(v, fmt) if number else None))
                        if col > last_col:
                            last_col = col
                if rno is not None:
                    rows.append((rno, None if rno in hidden_rows else cells))
            if layout.formulas:
                budget = [2_000_000]
                subtotals = {k for k, f in layout.formulas.items() if f[:9].upper() == "SUBTOTAL("}
                for rno, cells in rows:
                    for col, (text, origin) in (cells or {}).items():
                        f = layout.formulas.get((rno, col))
                        if f and origin is not None and origin.exact is not None:
                            cells[col] = (text, Origin(cell=origin.cell, exact=origin.exact, formula=declared_sum(f, ws.title, numbers, budget, texts, subtotals)))
            columns = [c for c in range(1, last_col + 1) if c not in layout.hidden_cols and (boxes is None or any(c1 <= c <= c2 for _, c1, _, c2 in boxes))]
            sheets.append((ws.title, [(rno, None if cells is None else [cells.get(c, ("", None)) for c in columns]) for rno, cells in rows]))
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError, zipfile.BadZipFile, EOFError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: broken Excel file ({first}) / 文件已损坏") from None
    finally:
        wb.close()
    return finish(sheets, path, "xlsx")


def finish(sheets, path: str, fmt: str) -> Extracted:
    m = LineMap()
    emit_sheets(m, sheets)
    text, origins = m.build()
    if not text.strip() or all(line.startswith("<!--") or not line.strip() for line in text.splitlines()):
        raise InputError(f"{path}: Excel workbook without data (nothing to check) / 工作簿中没有数据")
    return Extracted(text=text, format=fmt, origins=origins)


# ------------------------------------------------------------------ sheets as tables

_CONTINUES = grid.CONTINUES


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _title_of(block: list[list[grid.Cell]]) -> str:
    filled = [c for c in block[0] if c[0].strip()] if block else []
    return filled[0][0].strip() if len(filled) == 1 and grid.title_like(filled[0][0]) else ""


def _base_title(title: str) -> str:
    return _squeezed(_CONTINUES.sub("", title))


def emit_sheets(m: LineMap, sheets: list[tuple[str, list[tuple[int, list[grid.Cell] | None]]]]) -> None:
    """Write each sheet's tables: a comment line opens each sheet and ends the tables above
    it, unless the sheet's first title says it continues the last table (``续表``, ``（续）``
    or the same title), in which case the table goes on (its repeated title, unit line
    and header are not written again)."""
    last_title = ""
    for title, rows in sheets:
        blocks = _blocks(rows)
        first = _title_of(blocks[0]) if blocks else ""
        continues = bool(last_title and first and (_CONTINUES.search(first) or _squeezed(first) == _squeezed(last_title))
                         and _base_title(first) in ("", _base_title(last_title)))
        m.blank()
        name = title.replace("--", "- -")
        if continues:
            m.line(f"<!-- continued on sheet: {name} -->")
            while blocks and blocks[0]:
                filled = [c for c in blocks[0][0] if c[0].strip()]
                joined = " ".join(c[0].strip() for c in filled)
                if (len(filled) == 1 and grid.title_like(joined)) or (len(filled) <= 3 and grid.UNIT.search(joined) and not any(grid.is_figure(c[0]) for c in filled)):
                    blocks[0] = blocks[0][1:]
                    if not blocks[0]:
                        blocks.pop(0)
                    continue
                break
        else:
            m.line(f"<!-- sheet: {name} -->")
        last_title = _emit_blocks(m, blocks, continues) or (last_title if continues else "")





def _blocks(rows: list[tuple[int, list[grid.Cell] | None]]) -> list[list[list[grid.Cell]]]:
    """Runs of shown rows with something in them; a blank row ends one, a hidden row (no
    cells) does not."""
    blocks: list[list[list[grid.Cell]]] = []
    last = None
    for rno, cells in rows:
        if cells is None:
            last = rno if last is not None else None
            continue
        if not any(t.strip() for t, _ in cells):
            last = None
            continue
        if last is None or rno != last + 1:
            blocks.append([])
        blocks[-1].append(cells)
        last = rno
    return blocks


def _emit_blocks(m: LineMap, blocks: list[list[list[grid.Cell]]], table_open: bool) -> str:
    """Write one sheet's blocks; returns the last table title seen."""
    glue = False
    title = ""
    continuing = table_open  # the first table of a sheet that continues the last one
    for block in blocks:
        filled = [[c for c in r if c[0].strip()] for r in block]
        text_only = len(block) <= 2 and all(len(f) <= 3 for f in filled) and not any(grid.is_figure(c[0]) for f in filled for c in f)
        if text_only:
            # a title or unit line standing apart from its table (or a note below it)
            if not glue:
                m.blank()
            for f in filled:
                m.parts([(c[0].strip(), c[1]) for c in f], " ")
                if len(f) == 1 and grid.title_like(f[0][0]) and not grid.UNIT.search(f[0][0]):
                    title = f[0][0].strip()
            glue = all(grid.title_like(" ".join(c[0] for c in f)) or grid.UNIT.search(" ".join(c[0] for c in f)) for f in filled)
            table_open = continuing = False
            continue
        parts = [p for side in grid.split_side_by_side(block) for p in grid.split_stacked(side)]
        for k, part in enumerate(parts):
            first_filled = next(([c for c in r if c[0].strip()] for r in part if any(c[0].strip() for c in r)), [])
            goes_on = k == 0 and not glue and (continuing or any(grid.is_figure(c[0]) for c in first_filled))
            if table_open and not glue and not goes_on:
                m.blank()
                m.line(grid.BREAK)
            title = _title_of(part) or title
            grid.emit(m, part, glue=glue and k == 0)
            table_open = True
            continuing = False
        glue = False
    return title
