"""Excel 97-2003 (.xls) reader: the same text, locations (``Sheet1!C7``) and table model as
the .xlsx reader, read with xlrd (BSD-3).

- Values are the results stored in the file, shown in their number format (the .xlsx
  reader's :func:`~auditor.readers.xlsx.format_number`); each number keeps its exact
  stored value.
- Hidden sheets, hidden rows and hidden columns, and cells outside a sheet's print area
  are not read; merged cells hold their value in their first cell.
- xlrd does not read formulas, so an .xls declares no sums: its tables' structure is
  inferred as for any other table.
"""

from __future__ import annotations

import datetime as _dt

from auditor.files import InputError
from auditor.readers import Extracted, Origin, grid, legacy_error
from auditor.readers.xlsx import exact_value, finish, format_number

_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}


def _column_letter(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def read(data: bytes, path: str) -> Extracted:
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a declared dependency
        raise legacy_error(path, True) from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_Quiet())
    except Exception as exc:  # xlrd raises many kinds of errors on damaged or unusual files  # noqa: BLE001
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: Excel 97-2003 workbook that cannot be read ({first}); convert it with "
                         f"`soffice --headless --convert-to xlsx {path}` / 旧版 Excel 工作簿无法读取，请先转换为 .xlsx") from None
    try:
        areas = _print_areas(book)
        sheets = []
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            if sh.visibility != 0:
                continue
            boxes = areas.get(index)
            hidden_cols = {c for c, info in sh.colinfo_map.items() if info.hidden}
            columns = [c for c in range(sh.ncols) if c not in hidden_cols and (boxes is None or any(c1 <= c <= c2 for _, c1, _, c2 in boxes))]
            rows = []
            for r in range(sh.nrows):
                info = sh.rowinfo_map.get(r)
                if info is not None and info.hidden:
                    rows.append((r + 1, None))
                    continue
                if boxes is not None and not any(r1 <= r <= r2 for r1, _, r2, _ in boxes):
                    continue
                cells: list[grid.Cell] = []
                for c in columns:
                    if boxes is not None and not any(r1 <= r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in boxes):
                        cells.append(("", None))
                        continue
                    text, exact = _show(book, sh, r, c)
                    cells.append((text, Origin(cell=f"{sh.name}!{_column_letter(c)}{r + 1}", exact=exact) if text else None))
                rows.append((r + 1, cells))
            sheets.append((sh.name, rows))
            book.unload_sheet(index)
    except (IndexError, KeyError, ValueError, TypeError, AttributeError, AssertionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: broken Excel 97-2003 workbook ({first}) / 文件已损坏") from None
    finally:
        book.release_resources()
    return finish(sheets, path, "xls")


class _Quiet:
    """xlrd writes warnings to a log file; they are not the user's business here."""

    def write(self, _text: str) -> None:
        pass


def _show(book, sh, r: int, c: int) -> tuple[str, str | None]:
    import xlrd

    cell = sh.cell(r, c)
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return "", None
    if kind == xlrd.XL_CELL_TEXT:
        return grid.join_lines(str(value).replace("\r", "\n").split("\n")), None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return ("TRUE" if value else "FALSE"), None
    if kind == xlrd.XL_CELL_ERROR:
        return "", None  # an error value is no figure
    fmt = None
    try:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, TypeError, AttributeError):
        fmt = None
    if kind == xlrd.XL_CELL_DATE:
        try:
            d = xlrd.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(value, "General"), None
        return (d.date().isoformat() if d.time() == _dt.time() else d.isoformat(sep=" ")), None
    number = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
    return format_number(number, fmt), exact_value(number, fmt)


def _print_areas(book) -> dict[int, list[tuple[int, int, int, int]]]:
    """Sheet index -> (first row, first column, last row, last column) boxes, 0-based."""
    out: dict[int, list[tuple[int, int, int, int]]] = {}
    for name in getattr(book, "name_obj_list", []):
        if name.name.lower().replace("_xlnm.", "") != "print_area" and name.name != "\x06":
            continue
        try:
            _, rlo, rhi, clo, chi = name.area2d(clipped=True)
        except Exception:  # several areas, or a formula xlrd cannot evaluate: read the whole sheet  # noqa: BLE001
            continue
        if name.scope >= 0 and rhi > rlo and chi > clo:
            out.setdefault(name.scope, []).append((rlo, clo, rhi - 1, chi - 1))
    return out
