"""The document model: what every reader produces and every check reads.

A document is a list of blocks (headings, paragraphs, tables) in source order plus a
section tree built from the headings. Every block, cell and quantity carries a
:class:`Span` so that findings can point at the characters they are about.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from auditor.document.datajson import EXCLUDE

IMAGE_TEXT = "\ufffc"
"""What a reader puts in the text where the file shows words only as a picture (U+FFFC,
OBJECT REPLACEMENT CHARACTER): text is printed there that the file holds no characters
for, so nothing can be read or checked at that place."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A location in the source. Offsets are 0-based characters, end exclusive;
    lines and columns are 1-based, ``end_column`` is the column just past the end.

    A slotted dataclass: a long document holds hundreds of thousands of spans, and an
    instance with a ``__dict__`` costs several times the memory."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    page: int | None = None
    """1-based page, for a report read from a PDF."""
    cell: str | None = None
    """A place in the original file a person can find: ``Sheet1!C7``, ``第12段``."""


_SPAN_SLOTS = tuple(Span.__dict__[name].__set__ for name in Span.__slots__)
assert Span.__slots__ == ("start", "end", "line", "column", "end_line", "end_column", "page", "cell")


def make_span(start: int, end: int, line: int, column: int, end_line: int, end_column: int, page: int | None = None, cell: str | None = None) -> Span:
    """``Span(start=…, …)`` in a third of the time: the frozen dataclass's own ``__init__``
    sets each field through ``object.__setattr__``; this fills the slots directly. The
    same object (equal, same hash, still frozen); a reader makes one for every figure and
    cell."""
    span = object.__new__(Span)
    s0, s1, s2, s3, s4, s5, s6, s7 = _SPAN_SLOTS
    s0(span, start)
    s1(span, end)
    s2(span, line)
    s3(span, column)
    s4(span, end_line)
    s5(span, end_column)
    s6(span, page)
    s7(span, cell)
    return span


@dataclass(slots=True, kw_only=True)
class Quantity:
    """A number read from the text, with its unit, precision and label. A slotted
    dataclass, like :class:`Span`: documents hold many of them."""

    raw: str
    """The characters as written, e.g. ``8.6万人`` or ``两千三百万元``."""
    written: Decimal
    """The numeral's own value, before magnitude words: ``8.6`` for ``8.6万人``."""
    value: Decimal
    """The value in the base unit: ``86000`` (人) for ``8.6万人``."""
    span: Span
    unit: str | None = None
    """The unit as written, magnitude word included: ``万人``, ``万元``, ``%``."""
    base_unit: str | None = None
    """The unit ``value`` is in: ``元``, ``人``, ``%``, ``分``."""
    family: str | None = None
    """Quantities of one family can be compared: money, people, percent, ..."""
    scale: Decimal = Decimal(1)
    """value = written * scale."""
    decimals: int = 0
    """Digits written after the decimal point."""
    resolution: Decimal = Decimal(0)
    """Size of one step of the last written digit, in the base unit; 0 when exact."""
    approx: str | None = None
    """A qualifier that makes the figure approximate: 约, 近, 超过, 多, 余, 以上..."""
    label: str = ""
    """The words just before the number (its subject), normalised."""
    context: str = ""
    """The clause the number stands in (prose), or row label and column header (tables)."""
    context_pos: int = 0
    """Index of the number's first character in ``context`` (prose)."""
    where: Literal["prose", "table"] = "prose"
    exact: Decimal | None = None
    """The exact value stored behind the written figure (a workbook cell), in the base
    unit; None when only the written figure is known. Used where cells of one workbook
    are compared with each other, never against a figure written elsewhere."""
    pos: int = -1
    """Index of the first character in its paragraph's text (prose only)."""
    pos_end: int = -1

    @property
    def is_exact_figure(self) -> bool:
        """True when the figure may be used as one side of an error-raising relation."""
        return self.approx is None


@dataclass(slots=True, kw_only=True)
class Numbering:
    """The numbering in front of a heading or list item: ``一、`` ``（二）`` ``3.`` ``（4）``."""

    kind: str
    """Numbering style: ``cn`` (一、), ``cn_paren`` (（一）), ``arabic`` (1. 1、), ``arabic_paren`` ((1)), ``circled`` (①)."""
    value: int
    raw: str
    level: int
    """Outline level implied by the style: 1 for 一、, 2 for （一）, 3 for 1., 4 for (1), 5 for ①."""
    bracket: str = ""
    """``full`` or ``half`` width brackets, empty when the style has none."""
    span: Span


@dataclass(slots=True, kw_only=True)
class Heading:
    kind: Literal["heading"] = "heading"
    text: str
    title: str
    numbering: Numbering | None = None
    level: int
    span: Span
    section: int = -1


@dataclass(slots=True, kw_only=True)
class Paragraph:
    """A logical paragraph: lines joined, page breaks healed, every character located."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    """(index in ``text``, source offset, length) runs, sorted by index."""
    joins: list[int] = field(default_factory=list)
    """Indices in ``text`` where a page break was healed (the first character after it)."""
    numbering: Numbering | None = None
    quantities: list[Quantity] = field(default_factory=list)
    span: Span
    section: int = -1

    def source_offset(self, index: int) -> int:
        """Source offset of the character at ``index`` of ``text`` (index may equal len)."""
        return offset_in(self.segments, [s[0] for s in self.segments], index, self.span.start)


def offset_in(segments: list[tuple[int, int, int]], keys: list[int], index: int, default: int = 0) -> int:
    """Source offset of paragraph index ``index``, given the paragraph's segments and
    their first indices (``keys``)."""
    if not segments:
        return default + index
    i = max(0, bisect.bisect_right(keys, index) - 1)
    seg_index, src, length = segments[i]
    if index - seg_index > length:
        return src + length
    return src + (index - seg_index)


@dataclass(slots=True, kw_only=True)
class Cell:
    text: str
    span: Span
    quantity: Quantity | None = None
    indent: int = 0
    formula: str | None = None
    """The sum the cell declares itself to be (a workbook formula, written after the cell
    as ``<!-- =SUM(B5:B9,B12) -->``), naming the cells it adds; ``?`` for a formula that
    declares no sum of cells that can be seen."""
    exact: Decimal | None = None
    """The number stored behind the cell's text (a workbook cell), in the text's terms."""

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() or self.text.strip() in {"-", "—", "－", "/", "——"}


@dataclass(slots=True, kw_only=True)
class Column:
    index: int
    header: str
    """All header rows' text above this column, joined with ``/``."""
    leaf: str
    """The lowest non-empty header text of this column."""
    role: Literal["code", "index", "label", "value", "empty"] = "value"
    side: int = 0
    unit: str | None = None
    additive: bool = True
    """False for rates, shares and other columns that do not add up."""


@dataclass(slots=True, kw_only=True)
class Row:
    index: int
    cells: list[Cell]
    header: bool = False
    line: int = 0


@dataclass(slots=True, kw_only=True)
class SideRow:
    """One row of one side of a table: label, code and values, with its place in the hierarchy."""

    row: int
    side: int
    label: str = ""
    label_span: Span | None = None
    code: str = ""
    numbering: Numbering | None = None
    indent: int = 0
    role: Literal["item", "total", "subtotal", "of_which", "blank"] = "item"
    level: int = 0
    parent: int | None = None
    """Index into the table's ``side_rows`` of this row's parent, if it has one."""
    values: dict[int, Cell] = field(default_factory=dict)
    """Column index -> cell, for the value columns of this side."""
    tentative: bool = False
    """An unnumbered row after a ``其中`` row under an unnumbered owner: it may be one
    more part of the breakdown or the next top-level row; relations try both readings."""
    repeats: bool = False
    """The row before it on this side has the same text in every cell (a 款 printed again
    as its own one 项)."""
    unsure: bool = False
    """Its parts as printed (bare names at one level) do not add up to it and no reading of
    them from the figures holds: a failure of its sum is not understood, not an error."""
    headers: dict[int, str] = field(default_factory=dict)
    """For a column item (a table whose items are its columns): key of ``values`` ->
    what that cell is (the data row's label, e.g. 预算数 or 决算数)."""


@dataclass(slots=True, kw_only=True)
class Table:
    kind: Literal["table"] = "table"
    caption: str = ""
    caption_span: Span | None = None
    unit: str | None = None
    unit_span: Span | None = None
    rows: list[Row]
    header_count: int = 0
    columns: list[Column] = field(default_factory=list)
    header_groups: list[list[tuple[int, int, str]]] = field(default_factory=list)
    """For each header row, the (first, last, text) column spans its cells cover."""
    side_rows: list[SideRow] = field(default_factory=list)
    column_items: list[SideRow] = field(default_factory=list)
    """The items of a table that lists them across its columns (“三公”经费 | 因公出国费 |
    公务接待费 … over a row of 预算数 and one of 决算数): one per value column, its values
    keyed by data row. Prose figures are matched against them as against rows."""
    span: Span
    section: int = -1
    format: Literal["tsv", "pipe"] = "tsv"
    structure: Literal["labels", "figures"] = "labels"
    """Where the row hierarchy came from: codes, numbering, indentation and 合计 words
    (``labels``), or a second level only the figures show (``figures``)."""

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.header]

    def quantities(self) -> list[Quantity]:
        return [c.quantity for r in self.rows for c in r.cells if c.quantity is not None]


Block = Heading | Paragraph | Table


@dataclass(slots=True, kw_only=True)
class Section:
    index: int
    heading: int | None = None
    """Index into ``Document.blocks`` of the heading that opens the section; None for the root."""
    title: str = ""
    level: int = 0
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Document:
    path: str
    source: Any = field(metadata=EXCLUDE)
    """The :class:`auditor.document.source.SourceText` the document was read from."""
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False, metadata=EXCLUDE)

    def cached(self, key: str, build):
        """Analyses shared by several checks (sentences, table relations) are built once."""
        cache = self._cache
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def block_index(self) -> dict[int, int]:
        """id() of each block -> its index in :attr:`blocks` (built once, for the checks
        that look at the blocks around a table or a paragraph)."""
        return self.cached("block-index", lambda: {id(b): k for k, b in enumerate(self.blocks)})

    def _of_kind(self, kind: type) -> list:
        """The blocks of one kind, in order: picked out once for a list of blocks (the
        checks ask for the tables and paragraphs dozens of times), picked out again when
        the list is replaced or changes length; a copy each time, as a caller may change it."""
        key = ("blocks-of", kind)
        seen = self._cache.get(key)
        if seen is None or seen[0] is not self.blocks or seen[1] != len(self.blocks):
            seen = self._cache[key] = (self.blocks, len(self.blocks), [b for b in self.blocks if isinstance(b, kind)])
        return list(seen[2])

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self._of_kind(Paragraph)

    @property
    def tables(self) -> list[Table]:
        return self._of_kind(Table)

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def quantities(self) -> list[Quantity]:
        out: list[Quantity] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.extend(b.quantities)
            elif isinstance(b, Table):
                out.extend(b.quantities())
        return out

    def section_path(self, index: int) -> list[Section]:
        """The chain of sections from the root down to section ``index``."""
        chain = []
        while index is not None and 0 <= index < len(self.sections):
            chain.append(self.sections[index])
            index = self.sections[index].parent
        return list(reversed(chain))
