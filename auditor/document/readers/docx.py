"""Word (.docx) reader: the body's paragraphs and tables in document order, as the text
a reader of the document sees.

- Paragraphs become lines separated by blank lines; a paragraph in a heading style
  (``Heading 1``, ``标题 1``, ``Title``) or with an outline level becomes a Markdown heading.
- Word's automatic list numbering (``numbering.xml``) is rendered into the label the reader
  sees (``一、`` ``（一）`` ``1.`` ``①``), since those numbers are not in the text.
- A one-column table whose cells hold tables is a layout frame: its paragraphs and
  tables are read as the body's (its paragraphs located at their cell).
- Tables become tab-separated rows (:mod:`auditor.document.readers.grid`): a cell merged across
  columns holds its text in its first column, a cell merged down is empty below its first
  row; the paragraph just before a table, when it reads as a title, is its caption line.
  Several tables appended in one Word table (a title row and a header row after rows of
  figures) are split, each with its own title and header. A table that goes on in the
  next Word table under a continuation mark (``续表``, ``表5（续）``, its caption again,
  with or without a unit line) is one table: the mark is layout, like a page's running
  head, and is not written. So is one that follows with nothing between and repeats the
  last one's header (or starts with figures, as wide); under a header of its own it is
  another table, never joined to the last as if a page break had cut it.
- Tracked changes read as the document now stands: insertions kept, deletions and
  moved-away text dropped. Comments, headers, footers, footnotes and text boxes are not
  read.

Origins: a paragraph's line is ``第N段`` (N counts the body's non-empty paragraphs outside
tables, headings included, from 1); a table cell is ``表K 第R行第C列`` (K counts the body's
tables, R the table's rows, C its grid columns, from 1).

``Extracted.extra`` keeps, for the writer of annotated copies, where each piece of the
extracted text comes from: ``{line: [(first column, length, paragraph ordinal, offset in
the paragraph's text)]}``, the ordinal counting :func:`paragraphs` in document order.
"""

from __future__ import annotations

import io
import re
import zipfile

from auditor.document.files import InputError
from auditor.document.numbers import int_to_cn
from auditor.document.readers import Extracted, LineMap, Origin, grid

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
P, R, T, TBL, TR, TC, SDT = (_W + n for n in ("p", "r", "t", "tbl", "tr", "tc", "sdt"))
_CONTAINERS = {_W + n for n in ("ins", "moveTo", "hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "dir", "bdo")}


_FINAL = "。！？!?；;：:…"


def _val(el, name: str = "val") -> str | None:
    return None if el is None else el.get(_W + name)


# ---------------------------------------------------------------- paragraph text


def pieces(p) -> list[tuple[str, object, int]]:
    """The visible text of a paragraph as (text, w:t element or None, offset in it).

    Tracked deletions and moved-away text are left out; a tab or a line break reads as a
    space (a tab would split the line into table cells)."""
    out: list[tuple[str, object, int]] = []

    def walk(parent) -> None:
        for el in parent:
            tag = el.tag
            if tag == R:
                rpr = el.find(_W + "rPr")
                if rpr is not None and _hidden(rpr):
                    continue  # hidden text (w:vanish) is not shown, so not read
                for c in el:
                    ct = c.tag
                    if ct == T:
                        if c.text:
                            out.append((c.text, c, 0))
                    elif ct in (_W + "tab", _W + "br", _W + "cr", _W + "ptab"):
                        out.append((" ", None, 0))
                    elif ct == _W + "noBreakHyphen":
                        out.append(("-", None, 0))
            elif tag in _CONTAINERS:
                walk(el)

    walk(p)
    return out


def _hidden(rpr) -> bool:
    v = rpr.find(_W + "vanish")
    return v is not None and _val(v) not in ("0", "false", "off")


def paragraph_text(p) -> str:
    return "".join(t for t, _, _ in pieces(p))


def paragraphs(body):
    """Every paragraph the reader reads, in document order (body and table cells): the
    ordinals in ``Extracted.extra`` count these."""
    for el in _blocks(body):
        if el.tag == P:
            yield el
        else:
            yield from _table_paragraphs(el)


def _blocks(parent):
    """Block-level paragraphs and tables, through content controls."""
    for el in parent:
        if el.tag in (P, TBL):
            yield el
        elif el.tag in (SDT, _W + "sdtContent", _W + "customXml"):
            yield from _blocks(el)


# ---------------------------------------------------------------- styles and numbering

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


class _Styles:
    def __init__(self, root) -> None:
        self.by_id: dict[str, object] = {}
        self.default_p: str | None = None
        self._levels: dict[str | None, int] = {}
        self._num_prs: dict[str | None, tuple[str | None, int | None]] = {}
        if root is None:
            return
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            if sid:
                self.by_id[sid] = st
                if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                    self.default_p = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st.find(_W + "basedOn"))

    def heading_level(self, sid: str | None) -> int:
        """1-based outline level of a paragraph style, 0 for body text."""
        if sid not in self._levels:
            self._levels[sid] = self._heading_level(sid)
        return self._levels[sid]

    def _heading_level(self, sid: str | None) -> int:
        for st in self._chain(sid):
            name = (_val(st.find(_W + "name")) or "").strip()
            m = _HEADING_NAME.match(name)
            if m:
                return int(m.group(1))
            if name.lower() in ("title", "标题"):
                return 1
            lvl = _val(st.find(f"{_W}pPr/{_W}outlineLvl"))
            if lvl is not None and lvl.isdigit() and int(lvl) < 9:
                return int(lvl) + 1
        return 0

    def num_pr(self, sid: str | None) -> tuple[str | None, int | None]:
        if sid not in self._num_prs:
            self._num_prs[sid] = self._num_pr(sid)
        return self._num_prs[sid]

    def _num_pr(self, sid: str | None) -> tuple[str | None, int | None]:
        for st in self._chain(sid):
            np_ = st.find(f"{_W}pPr/{_W}numPr")
            if np_ is not None:
                ilvl = _val(np_.find(_W + "ilvl"))
                return _val(np_.find(_W + "numId")), int(ilvl) if ilvl and ilvl.isdigit() else None
        return None, None


_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _letters(n: int, base: str) -> str:
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _enclosed(n: int, first: int, last: int = 20) -> str:
    return chr(first + n - 1) if 1 <= n <= last else str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word shows it in the numbering format ``fmt`` (ST_NumberFormat)."""
    if fmt in ("chineseCounting", "taiwaneseCounting", "chineseCountingThousand", "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return int_to_cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return int_to_cn(n, _LEGAL, "拾佰仟", short_ten=False)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        if 1 <= n <= 20:
            return chr(0x2460 + n - 1)
        if 21 <= n <= 35:
            return chr(0x3251 + n - 21)
        if 36 <= n <= 50:
            return chr(0x32B1 + n - 36)
        return str(n)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Level:
    __slots__ = ("fmt", "is_lgl", "restart", "start", "style", "suff", "text")

    def __init__(self, el) -> None:
        start = _val(el.find(_W + "start"))
        self.start = int(start) if start and start.lstrip("-").isdigit() else 0
        self.fmt = _val(el.find(_W + "numFmt")) or "decimal"
        self.text = _val(el.find(_W + "lvlText"))
        if self.text is None:
            self.text = ""
        restart = _val(el.find(_W + "lvlRestart"))
        self.restart = int(restart) if restart and restart.isdigit() else None
        self.is_lgl = el.find(_W + "isLgl") is not None and _val(el.find(_W + "isLgl")) not in ("0", "false")
        self.suff = _val(el.find(_W + "suff")) or "tab"
        self.style = _val(el.find(_W + "pStyle"))


class _Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order.

    Counters belong to the abstract list: two list instances (``w:num``) of one abstract
    list continue each other's numbering, as in Word, unless an instance restarts a level
    with ``w:startOverride`` (Word's "restart numbering"), which gives it counters of its own."""

    def __init__(self, root, styles: _Styles) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[object, dict[int, int]] = {}
        self.styles = styles
        if root is None:
            return
        for an in root.iter(_W + "abstractNum"):
            aid = an.get(_W + "abstractNumId")
            self.abstract[aid] = {int(lv.get(_W + "ilvl", "0")): _Level(lv) for lv in an.iter(_W + "lvl")}
            link = _val(an.find(_W + "numStyleLink"))
            if link:
                self.style_link[aid] = link
        for num in root.iter(_W + "num"):
            nid = num.get(_W + "numId")
            aid = _val(num.find(_W + "abstractNumId"))
            levels: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                ilvl = int(ov.get(_W + "ilvl", "0"))
                so = _val(ov.find(_W + "startOverride"))
                if so and so.lstrip("-").isdigit():
                    starts[ilvl] = int(so)
                lv = ov.find(_W + "lvl")
                if lv is not None:
                    levels[ilvl] = _Level(lv)
            self.nums[nid] = (aid, levels, starts)

    def _levels(self, aid: str | None, depth: int = 0) -> dict[int, _Level]:
        if aid in self.style_link and depth < 3:
            nid, _ = self.styles.num_pr(self.style_link[aid])
            if nid in self.nums:
                return self._levels(self.nums[nid][0], depth + 1)
        return self.abstract.get(aid or "", {})

    def label(self, num_id: str | None, ilvl: int | None, style: str | None) -> tuple[str, str]:
        """The label of the next paragraph of list ``num_id`` at level ``ilvl``, and the
        text that follows it (a space after ``1.``, nothing after ``一、``)."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return "", ""
        aid, overrides, starts = self.nums[num_id]
        levels = dict(self._levels(aid))
        levels.update(overrides)
        if not levels:
            return "", ""
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        if ilvl not in levels:
            return "", ""
        key: object = ("num", num_id) if starts or overrides else ("abstract", aid)
        counters = self.counters.get(key)
        if counters is None:
            counters = self.counters[key] = {}
        lv = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else starts.get(ilvl, lv.start)
        for deeper in [i for i in counters if i > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                del counters[deeper]
        text = lv.text
        if lv.fmt in ("bullet", "none"):
            return "", ""

        def sub(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            if i not in levels:
                return ""
            n = counters.get(i, starts.get(i, levels[i].start))
            fmt = "decimal" if lv.is_lgl and i != ilvl else levels[i].fmt
            return format_number(n, fmt)

        label = re.sub(r"%([1-9])", sub, text)
        if not label:
            return "", ""
        sep = "" if lv.suff == "nothing" or not label[-1].isascii() or label[-1] in ")]" else " "
        return label, sep

    @staticmethod
    def joint(label: str, sep: str, text: str) -> str:
        """What goes between a label and its text: ``1. 2025年`` must not read as 1.2025."""
        if not sep and label and label[-1].isascii() and text[:1].isascii() and text[:1].isalnum():
            return " "
        return sep


# ---------------------------------------------------------------- reading


def _load(data: bytes, path: str):
    from lxml import etree

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{path}: broken or truncated Word file (not a readable zip archive) / 文件已损坏或不完整") from None
    if "word/document.xml" not in names:
        raise InputError(f"{path}: not a Word document (word/document.xml is missing) / 不是 Word 文档")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)

    def part(name: str, required: bool = False):
        if name not in names:
            return None
        try:
            return etree.fromstring(z.read(name), parser)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, etree.XMLSyntaxError, KeyError) as exc:
            if required:
                raise InputError(f"{path}: broken Word file ({name} cannot be read: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}) / 文件已损坏") from None
            return None

    doc = part("word/document.xml", required=True)
    return doc, part("word/styles.xml"), part("word/numbering.xml")


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.m = LineMap()
        self.extra: dict[int, list[tuple[int, int, int, int]]] = {}
        self.styles = styles
        self.numbering = numbering
        self.ordinal = -1  # of the paragraph in paragraphs() order
        self.para_no = 0  # Word's 第N段: non-empty body paragraphs outside tables
        self.table_no = 0
        self.last_title = False  # the last line written may be a table's caption
        self.open_end: int | None = None  # a paragraph's line ending mid-sentence, just written
        self.caption = ""  # the title line last written (a table's caption when a table follows)
        self.table_caption: str | None = None  # the last table's caption, while nothing but marks follow it
        self.goes_on = False  # a continuation mark (续表) stands between the last table and what follows
        self.last_head: list[str] = []  # the last table's first row, as its cells read

    def para_parts(self, p) -> tuple[str, str, int, list[tuple[str, object, int]]]:
        """(label with its separator, text, heading level, pieces) of one paragraph."""
        self.ordinal += 1
        ppr = p.find(_W + "pPr")
        style = _val(ppr.find(_W + "pStyle")) if ppr is not None else None
        style = style or self.styles.default_p
        num_id, ilvl = None, None
        np_ = ppr.find(_W + "numPr") if ppr is not None else None
        if np_ is not None:
            num_id = _val(np_.find(_W + "numId"))
            lv = _val(np_.find(_W + "ilvl"))
            ilvl = int(lv) if lv and lv.isdigit() else 0
        if num_id is None:  # the style's list (a paragraph may still set its own level)
            num_id, style_ilvl = self.styles.num_pr(style)
            ilvl = ilvl if np_ is not None and np_.find(_W + "ilvl") is not None else style_ilvl
        ps = pieces(p)
        text = "".join(t for t, _, _ in ps)
        label, sep = ("", "")
        if num_id and text.strip():
            label, sep = self.numbering.label(num_id, ilvl, style)
            sep = self.numbering.joint(label, sep, text.lstrip())
        level = 0
        outline = _val(ppr.find(_W + "outlineLvl")) if ppr is not None else None
        if outline is not None and outline.isdigit():
            level = int(outline) + 1 if int(outline) < 9 else 0
        else:
            level = self.styles.heading_level(style)
        return label + sep, text, level, ps

    def paragraph(self, p, where: str | None = None) -> None:
        """One paragraph; ``where``: its place when it stands in a layout frame (a table
        cell), else it is the body's next 第N段."""
        prefix, text, level, _ = self.para_parts(p)
        if not text.strip():
            return
        if where is None:
            self.para_no += 1
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        if self.table_caption is not None and not level:
            # 续表 (or the caption again) between two parts of one table, and its unit line:
            # a layout mark like a page's running head, not text; the table goes on
            if (not self.goes_on and grid.title_like(body) and grid.continues(body, self.table_caption)) or (
                    self.goes_on and grid.UNIT.search(body) and len(body) <= 60):
                self.goes_on = True
                return
        self.table_caption = None
        self.goes_on = False
        head = ("#" * min(level, 6) + " ") if level else ""
        line = head + prefix + body
        if not level and self.open_end is not None:
            # the previous Word paragraph ended there: a Markdown hard break keeps the text
            # reader from joining the two as if a page break had cut a sentence
            self.m.extend_line(self.open_end, "  ")
        self.open_end = None
        # a table's caption, its unit line and the table are written together, as the PDF reader writes them
        is_unit = bool(grid.UNIT.search(body)) and len(body) <= 60
        if not (self.last_title and is_unit):
            self.m.blank()
        no = self.m.count
        self.m.line(line, Origin(cell=where or f"第{self.para_no}段"))
        self.extra[no] = [(len(head) + len(prefix), len(body), self.ordinal, lead)]
        if not level and len(line) >= 10 and line[-1] not in _FINAL:
            self.open_end = no
        self.last_title = is_unit or (not level and grid.title_like(prefix + body))
        if self.last_title and not is_unit:
            self.caption = prefix + body

    def table(self, tbl) -> None:
        self.table_no += 1
        k = self.table_no
        if _frame(tbl):
            # a one-column layout table framing the content, tables inside it: its
            # paragraphs and tables are read as the body's, each table as a table
            for ri, tr in enumerate(_rows(tbl), start=1):
                for tc in _cells(tr):
                    for el in _blocks(tc):
                        if el.tag == P:
                            self.paragraph(el, f"表{k} 第{ri}行第1列")
                        else:
                            self.table(el)
            return
        rows: list[list[grid.Cell]] = []
        refs: dict[int, list[tuple[int, str, int, int]]] = {}  # id(origin) -> (position in cell text, text, ordinal, offset)
        for ri, tr in enumerate(_rows(tbl), start=1):
            row: list[grid.Cell] = []
            trpr = tr.find(_W + "trPr")
            before = _val(trpr.find(_W + "gridBefore")) if trpr is not None else None
            row.extend([("", None)] * (int(before) if before and before.isdigit() else 0))
            for tc in _cells(tr):
                tcpr = tc.find(_W + "tcPr")
                span = _val(tcpr.find(_W + "gridSpan")) if tcpr is not None else None
                span_n = int(span) if span and span.isdigit() and int(span) > 0 else 1
                vm = tcpr.find(_W + "vMerge") if tcpr is not None else None
                continued = vm is not None and _val(vm) in (None, "continue")
                value = ""
                cell_refs: list[tuple[int, str, int, int]] = []
                for el in _blocks(tc):
                    inner = [el] if el.tag == P else list(_table_paragraphs(el))
                    for q in inner:
                        prefix, t, _, _ = self.para_parts(q)
                        full = prefix + t
                        s = full.strip()
                        if continued or not s:
                            continue  # a cell merged down reads empty below its first row
                        ls = len(full) - len(full.lstrip())
                        if value and value[-1].isascii() and value[-1].isalnum() and s[0].isascii() and s[0].isalnum():
                            value += " "
                        in_s = max(0, len(prefix) - ls)
                        if in_s < len(s):
                            cell_refs.append((len(value) + in_s, s[in_s:], self.ordinal, max(0, ls - len(prefix))))
                        value += s
                origin = Origin(cell=f"表{k} 第{ri}行第{len(row) + 1}列")
                refs[id(origin)] = cell_refs
                row.append((value, origin))
                row.extend([("", None)] * (span_n - 1))
            rows.append(row)
        first = self.m.count
        goes_on, self.goes_on = self.goes_on, False
        caption = self.table_caption if goes_on else (self.caption if self.last_title else "")
        head = _first_row(rows)
        if self.table_caption is not None and not goes_on and not _goes_on(head, self.last_head):
            # a Word table right after another, under a header of its own: another table
            # (one the text reader must not join to the last as if a page break cut it)
            self.m.blank()
            self.m.line(grid.BREAK)
        self.last_head = head
        # several tables appended in one Word table (表1, 表2 … one under the other): each its own
        for n, part in enumerate(grid.split_stacked(rows)):
            if n:
                self.m.blank()
                self.m.line(grid.BREAK)
            grid.emit(self.m, part, glue=self.last_title and not n)
        self.open_end = None
        for no in range(first, self.m.count):
            line = self.m.text_of(no)
            out = []
            for col, origin in self.m.origins_of(no):
                for pos, piece, ordinal, off in refs.get(id(origin), ()):
                    at = col + pos
                    if line[at : at + len(piece)] != piece:
                        # the cell's text moved (a code merged from 类/款/项 parts): find it
                        at = line.find(piece, col)
                    if at >= 0:
                        out.append((at, len(piece), ordinal, off))
            if out:
                self.extra[no] = out
        self.last_title = False
        self.table_caption = caption or ""


def _first_row(rows: list[list[grid.Cell]]) -> list[str]:
    return next(([c[0].strip() for c in r] for r in rows if any(c[0].strip() for c in r)), [])


def _goes_on(head: list[str], last: list[str]) -> bool:
    """Whether a Word table that follows another with nothing between goes on with it: its
    first row repeats the other's (a header repeated by hand) or is already a row of
    figures as wide as the other's."""
    filled = [t for t in head if t]
    if not filled or not last:
        return False
    if [t for t in head if t] == [t for t in last if t]:
        return True
    return len(head) == len(last) and any(grid.is_figure(t) for t in filled)


def _frame(tbl) -> bool:
    """A table of one column whose cells hold tables: a frame around them, not a table."""
    nested = False
    for tr in _rows(tbl):
        cells = list(_cells(tr))
        if len(cells) != 1:
            return False
        nested = nested or any(el.tag == TBL for el in _blocks(cells[0]))
    return nested


def _rows(tbl):
    for el in tbl:
        if el.tag == TR:
            yield el
        elif el.tag in (SDT, _W + "sdtContent", _W + "customXml"):
            yield from _rows(el)


def _table_paragraphs(tbl):
    for tr in _rows(tbl):
        for tc in _cells(tr):
            for el in _blocks(tc):
                if el.tag == P:
                    yield el
                else:
                    yield from _table_paragraphs(el)


def _cells(tr):
    for el in tr:
        if el.tag == TC:
            yield el
        elif el.tag in (SDT, _W + "sdtContent", _W + "customXml"):
            yield from _cells(el)


def read(data: bytes, path: str) -> Extracted:
    doc, styles_root, numbering_root = _load(data, path)
    body = doc.find(_W + "body")
    if body is None:
        raise InputError(f"{path}: not a Word document (no body in word/document.xml) / 不是 Word 文档")
    styles = _Styles(styles_root)
    reader = _Reader(styles, _Numbering(numbering_root, styles))
    for el in _blocks(body):
        if el.tag == P:
            reader.paragraph(el)
        else:
            reader.table(el)
    text, origins = reader.m.build()
    if not text.strip():
        raise InputError(f"{path}: Word document without text (nothing to check) / 文档中没有文字")
    return Extracted(text=text, format="docx", origins=origins, extra=reader.extra)
