"""The reviewers' check sheet (公开情况检查表): per document one row per required part of
its report kind, whether the part is there and on which pages, whether it meets the
requirements (是/否), and its problems in words with page and check code.

The required parts are data (:data:`PARTS`). Sources: the national 部门决算 template
(财政部《部门决算模板》, in ``/work/shared/samples/real/pdf/national-final-accounts-template.pdf``:
第一部分 概况 — 主要职能, 部门决算单位构成 (one unit: 机构设置); 第二部分 the nine tables; 第三部分
决算情况说明, with 三公, 预算绩效管理, 机关运行经费, 政府采购, 国有资产 under it; 第四部分 名词解释)
and the Shanghai 部门/单位预算 set (目录; 主要职能; 机构设置; 名词解释; 预算编制说明; the nine
tables; 其他相关情况说明 — 三公, 机关运行经费, 政府采购, 绩效目标, 国有资产). The standard tables
come from :data:`auditor.knowledge.disclosure.TABLES`; the report's kind and scope from
:func:`auditor.knowledge.report.infer`.

Finding a part: a table by its caption (:func:`auditor.knowledge.disclosure.identify`); any other
part by its title words at the head of a heading or of a paragraph outside the 目录 (a
PDF often runs a title into its first sentence). A glossary entry (``三公经费：指…``) is
never a title. A part that is not found is ``未找到`` and its 符合要求 is ``待核`` (to be
checked by hand), never ``否``: the sheet does not guess. A part is ``否`` when a finding
(error or warning) stands in it; ``info`` findings are listed but do not make it ``否``.

This module builds the rows; :mod:`auditor.outputs.render.xlsx_out` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from auditor.checking.findings import Finding, Severity
from auditor.knowledge import disclosure
from auditor.outputs.render import common_message, group

if TYPE_CHECKING:
    from auditor.document.model import Document


@dataclass(frozen=True)
class Part:
    key: str
    group: str
    """概况, 公开表, 情况说明, 其他相关情况说明, 名词解释."""
    label: str
    """The row's name; ``{scope}`` is the report's scope (部门 / 单位)."""
    words: str = ""
    """A pattern of the title words, searched at the head of a heading or paragraph."""
    table: str | None = None
    """The key of a standard table in :data:`auditor.knowledge.disclosure.TABLES`."""
    within: str | None = None
    """The part this one may stand inside (the 决算 template numbers 三公 and 绩效 among the
    sections of its 情况说明): that part goes on after it."""


def _tables(kind: str) -> tuple[Part, ...]:
    return tuple(Part(t.key, "公开表", t.name, table=t.key) for t in disclosure.TABLES if t.kind == kind and t.required)


_TOC = Part("toc", "目录", "目录", r"^目录$")
_DUTIES = Part("duties", "概况", "{scope}主要职能", r"主要职能|主要职责|{scope}职能|{scope}职责")
_GLOSSARY = Part("glossary", "名词解释", "名词解释", r"名词解释")
_THREE = Part("three-public", "其他相关情况说明", "“三公”经费", r"三公")
_RUNNING = Part("running-costs", "其他相关情况说明", "机关运行经费", r"机关运行经费")
_PROCUREMENT = Part("procurement", "其他相关情况说明", "政府采购", r"政府采购")
_ASSETS = Part("assets", "其他相关情况说明", "国有资产占有使用情况", r"国有资产")

PARTS: dict[str, tuple[Part, ...]] = {
    "预算": (
        _TOC, _DUTIES,
        Part("organisation", "概况", "{scope}机构设置", r"机构设置|单位构成"),
        _GLOSSARY,
        Part("explanation", "情况说明", "{scope}预算编制说明", r"预算编制说明|预算情况说明|收支预算情况说明"),
        *_tables("预算"),
        _THREE, _RUNNING, _PROCUREMENT,
        Part("performance", "其他相关情况说明", "绩效目标设置情况", r"绩效目标"),
        _ASSETS,
    ),
    "决算": (
        _TOC, _DUTIES,
        Part("organisation", "概况", "{scope}决算单位构成（或机构设置）", r"机构设置|单位构成"),
        *_tables("决算"),
        Part("explanation", "情况说明", "{scope}决算情况说明", r"决算.{0,20}情况说明|决算情况说明|情况说明$"),
        Part("three-public", "其他相关情况说明", "“三公”经费", r"三公", within="explanation"),
        Part("performance", "其他相关情况说明", "预算绩效管理情况", r"绩效", within="explanation"),
        _RUNNING, _PROCUREMENT, _ASSETS, _GLOSSARY,
    ),
}
"""The required parts per report kind, in the order of the templates named above."""

SOURCE = "财政部《部门决算模板》；上海市部门/单位预算公开格式（见 auditor/outputs/render/checksheet.py）"

# The order in which title words are tried: the specific ones (三公 inside a 决算情况说明
# heading) before the general ones.
_MATCH_ORDER = ("toc", "glossary", "three-public", "running-costs", "procurement", "assets", "performance", "duties", "organisation", "explanation")

_SPACE = regex.compile(r"[\s\u3000*#]+")
_NUMBERING = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]+[)）]?[、.．]?)")
# A glossary entry or a sentence: ``三公经费：指…``.
_DEFINITION = regex.compile(r"^[^：:]{1,30}[：:]\s*(?:指|是|系|包括)")
_CLAUSE_END = regex.compile(r"[，。；：:,;！？]")
# Title words that end a title run into its first sentence (PDF).
_TITLE_END = regex.compile(r"(?:说明|情况|职能|职责|设置|构成|解释|预算|支出|经费)")
HEAD = 40


def _strip_leaders(text: str) -> str:
    """A 目录 entry without its leaders and page number (``……………… 3``); string methods,
    not a pattern anchored at the end, which would go quadratic on a long run of dots."""
    core = text.rstrip("0123456789 ")
    bare = core.rstrip("….．·-—_")
    return bare if len(core) - len(bare) >= 3 else text


@dataclass
class Row:
    part: Part
    label: str
    found: bool = False
    pages: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    """Places in a Word or Excel file (``第12段``, ``表2 第3行第1列``, ``Sheet1!A5``)."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.INFO]

    def verdict(self) -> str:
        """是 / 否 / 待核 (not found, or nothing to check: a person looks)."""
        if self.failing:
            return "否"
        return "是" if self.found else "待核"

    def where(self) -> str:
        if self.pages:
            return "第" + _ranges(self.pages) + "页"
        if self.cells:
            return _cell_range(self.cells[0], self.cells[-1])
        if self.lines:
            lo, hi = min(self.lines), max(self.lines)
            return f"第{lo}行" if lo == hi else f"第{lo}-{hi}行"
        return ""

    def problems(self, lang: str = "zh") -> list[str]:
        out = []
        for members in group(self.findings):
            f = members[0]
            text = f.message.get(lang) if len(members) == 1 else f"{common_message(members, lang)} ×{len(members)}"
            if f.severity is Severity.INFO:
                text = ("（提示）" if lang != "en" else "(info) ") + text
            out.append(f"{text}（{_places(members)}，{f.check}）")
        return out


@dataclass
class Sheet:
    path: str
    kind: str | None
    scope: str
    year: int | None
    organisation: str | None
    rows: list[Row]
    other: Row
    """Findings outside every required part (the cover, parts not in the list)."""


def _ranges(numbers: list[int]) -> str:
    nums = sorted(set(numbers))
    out: list[str] = []
    start = prev = nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return "、".join(out)


def _cell_range(first: str, last: str) -> str:
    """``表1`` for cells of one Word table, ``Sheet1!A1:B9`` for one sheet, else both ends."""
    if first == last:
        return first
    if "!" in first and first.split("!")[0] == last.split("!")[0]:
        return f"{first}:{last.split('!', 1)[1]}"
    if first.startswith("表") and first.split(" ")[0] == last.split(" ")[0]:
        return first.split(" ")[0]
    return f"{first} 至 {last}"


def _places(members: list[Finding]) -> str:
    pages = [f.span.page for f in members if f.span.page is not None]
    if pages:
        return f"第{_ranges(pages)}页"
    cells = [f.span.cell for f in members if f.span.cell]
    if cells:
        return "、".join(dict.fromkeys(cells))
    return f"第{_ranges([f.span.line for f in members])}行"


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text or "")


def _kind(doc: Document) -> tuple[str | None, str, int | None, str | None]:
    from auditor.knowledge import report

    info = report.infer(doc)
    kind = info.kind if info.kind in PARTS else None
    if kind is None:  # the standard tables say which kind when the title does not
        kinds = [t.kind for t in (disclosure.identify(tb.caption) for tb in doc.tables) if t is not None]
        if kinds and kinds.count(kinds[0]) * 2 > len(kinds):
            kind = kinds[0]
    return kind, info.scope or "部门", info.year, info.organisation


def _title_part(text: str, parts: dict[str, Part], scope: str, heading: bool) -> Part | None:
    """The part whose title a heading or paragraph starts with, or None."""
    t = _squeeze(text)
    if parts.get("toc") and regex.fullmatch(r"目录", t):
        return parts["toc"]
    t = _NUMBERING.sub("", t)
    if not t or _DEFINITION.match(t):
        return None
    m = _CLAUSE_END.search(t)
    head = t[: m.start() if m else HEAD][:HEAD]
    for key in _MATCH_ORDER:
        part = parts.get(key)
        if part is None or key == "toc":
            continue
        found = regex.search(part.words.replace("{scope}", scope), head)
        if found is None:
            continue
        # a paragraph is a title only when it is short or the title words end its head
        if heading or len(head) <= 24 or _TITLE_END.search(head, found.start()):
            return part
    return None


def build(doc: Document, findings: list[Finding]) -> Sheet:
    """The check sheet of one document: its required parts located and its findings
    placed in them."""
    kind, scope, year, org = _kind(doc)
    required = PARTS.get(kind or "", ())
    by_key = {p.key: p for p in required}
    rows = {p.key: Row(p, p.label.replace("{scope}", scope)) for p in required}
    other = Row(Part("other", "其他", "其他（封面及未列入检查表的内容）"), "其他（封面及未列入检查表的内容）", found=True)
    # anchors: (source offset, part key or "" for a heading that ends the part before it)
    anchors: list[tuple[int, str]] = []
    toc_start = toc_end = -1
    current, current_level, closed = "", 0, set()
    blocks = doc.blocks
    for bi, block in enumerate(blocks):
        if bi <= toc_end:
            continue
        if block.kind == "table":
            st = disclosure.identify(block.caption)
            if st is not None and st.key in rows:
                _mark(rows[st.key], block)
                anchors.append((block.span.start, st.key))
                current, current_level = st.key, 0
            continue
        text = block.text if block.kind == "paragraph" else (block.title or block.text)
        part = _title_part(text, by_key, scope, block.kind == "heading") if by_key else None
        if part is not None and part.key == "toc":
            toc_start, toc_end = bi, _toc_end(blocks, bi)
            for b in blocks[bi : toc_end + 1]:
                _mark(rows["toc"], b)
            anchors.append((block.span.start, "toc"))
            if toc_end + 1 < len(blocks):  # what follows the 目录 is no part until a title says so
                anchors.append((blocks[toc_end + 1].span.start, ""))
            current = ""
            continue
        if part is not None and (part.key == current or part.key not in closed):
            if part.key != current and current and part.within != current:
                closed.add(current)
            anchors.append((block.span.start, part.key))
            current, current_level = part.key, block.level if block.kind == "heading" else 0
        elif block.kind == "heading" and current and (current_level == 0 or block.level <= current_level):
            # a heading of the same rank that is no required part ends the part before it
            closed.add(current)
            anchors.append((block.span.start, ""))
            current, current_level = "", 0
            continue
        if current:
            _mark(rows[current], block)
    # the 目录's region is its lines only: what follows belongs to the next anchor
    starts = [a for a, _ in anchors]
    import bisect

    toc_span = (blocks[toc_start].span.start, blocks[toc_end].span.end) if toc_end >= 0 else None
    for f in findings:
        key = ""
        i = bisect.bisect_right(starts, f.span.start) - 1
        if i >= 0:
            key = anchors[i][1]
        if key == "toc" and toc_span and f.span.start >= toc_span[1]:
            key = ""
        if key == "toc":  # a finding about a table the 目录 lists goes to that table's row
            st = disclosure.identify(_line(doc, f))
            if st is not None and st.key in rows:
                key = st.key
        (rows[key] if key else other).findings.append(f)
    return Sheet(doc.path, kind, scope, year, org, list(rows.values()), other)


def _line(doc: Document, f: Finding) -> str:
    return doc.source.line_text(f.span.line) if doc.source is not None else ""


def _mark(row: Row, block) -> None:
    row.found = True
    spans = [block.span]
    if block.kind == "table":
        spans += [c.span for r in block.rows for c in r.cells[:1]]
    for s in spans:
        if s.page is not None:
            row.pages.append(s.page)
        elif s.cell:
            row.cells.append(s.cell)
        else:
            row.lines.append(s.line)


def _toc_end(blocks, start: int) -> int:
    """The last block of the 目录 that starts at ``start``. On pages (PDF): the rest of the
    目录's page, and each next page whose blocks are all entry-like (short, no full stop).
    Without pages: entries run while blocks are short lines. Either way it ends at a
    table, or at the first entry's title seen again (the body's first part)."""
    first = None
    end = start
    page = blocks[start].span.page
    for j in range(start + 1, len(blocks)):
        b = blocks[j]
        if b.kind == "table":
            break
        text = _squeeze(b.text if b.kind == "paragraph" else (b.title or b.text))
        if page is not None and b.span.page is not None and b.span.page != page:
            same = [x for x in blocks[j:] if x.span.page == b.span.page]
            if not all(x.kind != "table" and _entry_like(x) for x in same):
                break
            page = b.span.page
        if b.kind == "paragraph" and len(_strip_leaders(text)) > 60:
            break
        key = _NUMBERING.sub("", text)
        if first is None:
            first = key
        elif key and (key == first or (len(first) >= 4 and key.startswith(first))):
            break
        end = j
    return end


def _entry_like(block) -> bool:
    text = _strip_leaders(_squeeze(block.text if block.kind == "paragraph" else (block.title or block.text)))
    return len(text) <= 40 and "。" not in text
