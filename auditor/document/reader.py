"""Plain text and Markdown -> :class:`~auditor.document.model.Document`.

Lines are classified (heading, table row, text, blank), tables are gathered with their
caption and unit line and healed across page breaks, text lines are joined into logical
paragraphs, and a paragraph cut by a page break (a line that ends mid-sentence, blank
lines, and a line that continues it) is joined again, every character keeping its true
source location.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from auditor.document.model import Document, Heading, Paragraph, Section, Span, offset_in
from auditor.document.numbering import nowhere, parse_numbering, word_goes_on
from auditor.document.numbers import read_quantities
from auditor.document.source import SourceText, normalise

_COMMENT = regex.compile(r"<!--.*?-->", regex.S)
# A line holding only ``<!-- sheet: NAME -->`` or ``<!-- table -->`` (written by the
# workbook and Word readers between tables the author made separate): no table goes on
# across it, whatever blank lines stand around it.
_BREAK = regex.compile(r"^[ \t]*<!--[ \t]*(?:sheet:[^\n]*?|table)[ \t]*-->[ \t]*$")
_MD_HEADING = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BOLD_LINE = regex.compile(r"^[ \t]*\*\*([^*\n]+)\*\*[ \t]*$")
_PIPE_ROW = regex.compile(r"^[ \t]*\|.*\|[ \t]*$")
_PIPE_SEP = regex.compile(r"^[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+(?:[ \t]*:?-{2,}:?[ \t]*)?\|?[ \t]*$")
_LIST_MARK = regex.compile(r"^[ \t]*(?:[-*+][ \t]+|>[ \t]?)")
_WRAPPED_UNIT = regex.compile(r"(?:金额)?单位[:：][ \t]*(?P<unit>万亿|亿|千万|百万|万|千)[ \t]*$")
UNIT_LINE = regex.compile(r"(?:金额|计量)?单位[:：][ \t]*(?P<unit>万亿元|亿元|千万元|百万元|万元|千元|元|万人|人次|人|%|个|家|户|件)")

# A line that ends with one of these ends its sentence: no page-break join after it.
_FINAL = "。！？!?；;：:…"


@dataclass
class _Line:
    no: int  # 0-based line index
    start: int  # source offset
    text: str  # content with comments masked
    kind: str = "text"  # blank, break, heading, bold, tsv, pipe, sep, text, used
    md_level: int = 0


@dataclass
class _ParaBuilder:
    text: list[str] = field(default_factory=list)
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    joins: list[int] = field(default_factory=list)
    length: int = 0
    start: int | None = None
    end: int = 0

    def add(self, piece: str, src: int) -> None:
        if not piece:
            return
        if self.start is None:
            self.start = src
        self.segments.append((self.length, src, len(piece)))
        self.text.append(piece)
        self.length += len(piece)
        self.end = src + len(piece)

    def add_line(self, content: str, src: int) -> None:
        """Append a line's text, dropping Markdown bold markers but keeping locations."""
        pos = 0
        while True:
            j = content.find("**", pos)
            if j == -1:
                self.add(content[pos:], src + pos)
                return
            self.add(content[pos:j], src + pos)
            pos = j + 2


def _mask_comments(text: str) -> str:
    def blank(m: regex.Match) -> str:
        return "".join(c if c == "\n" else " " for c in m.group(0))

    return _COMMENT.sub(blank, text)


def _classify(src: SourceText) -> list[_Line]:
    content = _mask_comments(src.text)
    breaks = src.text.count("<!--") and {no for no, raw in enumerate(src.text.split("\n")) if raw.lstrip().startswith("<!--") and _BREAK.match(raw)}
    lines: list[_Line] = []
    offset = 0
    for no, text in enumerate(content.split("\n")):
        line = _Line(no=no, start=offset, text=text)
        offset += len(text) + 1
        stripped = text.strip()
        if breaks and no in breaks:
            line.kind = "break"
        elif "\t" in text and (stripped or text.count("\t") >= 1):
            line.kind = "tsv" if stripped or text.count("\t") >= 2 else "blank"
        elif not stripped:
            line.kind = "blank"
        # each pattern only where its mark is (a pipe, a #, **): most lines are text
        elif "|" in text and _PIPE_SEP.match(text):
            line.kind = "sep"
        elif "|" in text and _PIPE_ROW.match(text):
            line.kind = "pipe"
        elif "#" in text and (m := _MD_HEADING.match(text)):
            line.kind, line.md_level = "heading", len(m.group(1))
        elif "**" in text and _BOLD_LINE.match(text):
            line.kind = "bold"
        lines.append(line)
    return lines


def _strip_md(text: str) -> tuple[str, int]:
    """Text of a heading line without ``#`` marks and bold markers; returns (text, offset)."""
    m = _MD_HEADING.match(text)
    if m:
        body, off = m.group(2), m.start(2)
    else:
        m = _BOLD_LINE.match(text)
        body, off = (m.group(1), m.start(1)) if m else (text, 0)
    lead = len(body) - len(body.lstrip(" \t*"))
    return body.strip(" \t*").replace("**", ""), off + lead


@functools.lru_cache(maxsize=4096)
def _starts_item(text: str) -> bool:
    body = text.lstrip(" \t\u3000").removeprefix("**").lstrip()
    numbering, _ = parse_numbering(body, nowhere)
    return numbering is not None or bool(_LIST_MARK.match(text))


@functools.lru_cache(maxsize=4096)
def _numbered_title(text: str) -> bool:
    """A short numbered line with no sentence in it reads as a heading: 一、项目概述."""
    body = text.strip().replace("**", "")
    if len(body) > 40 or any(c in body for c in "。；;") or body.endswith(("：", ":")):
        return False
    numbering, rest = parse_numbering(body, nowhere)
    return numbering is not None and numbering.kind in ("cn", "cn_paren") and rest < len(body)


def _title_like(lines: list[_Line], i: int) -> bool:
    body = lines[i].text.strip()
    nxt = lines[i + 1].kind if i + 1 < len(lines) else "blank"
    return len(body) <= 20 and not any(c in body for c in "，。；,;：:、") and nxt == "blank"


def read_document(text: str, path: str = "<text>", origins: dict | None = None) -> Document:
    """Build the document model from Markdown or plain text (or the text another format's
    reader extracted, with ``origins`` mapping its lines back to pages or cells)."""
    from auditor.document.tables import build_table  # table structure inference

    src = SourceText(text, path, origins)
    lines = _classify(src)
    blocks: list = []
    n = len(lines)

    # Pass 1: tables, with caption/unit lines above them and page-break continuations.
    tables_at: dict[int, tuple[int, object]] = {}
    i = 0
    while i < n:
        if lines[i].kind not in ("tsv", "pipe"):
            i += 1
            continue
        fmt = lines[i].kind
        chunks: list[list[_Line]] = [[]]
        j = i
        while j < n:
            k = lines[j].kind
            if k == fmt or (fmt == "pipe" and k == "sep"):
                if k != "sep":
                    chunks[-1].append(lines[j])
                j += 1
                continue
            if k == "blank":
                nxt = j
                while nxt < n and lines[nxt].kind == "blank":
                    nxt += 1
                if nxt < n and lines[nxt].kind == fmt:
                    chunks.append([])
                    j = nxt
                    continue
            break
        caption, unit = _caption_and_unit(lines, i)
        table = build_table(src, chunks, fmt, caption, unit)
        tables_at[i] = (j, table)
        for line in lines[i:j]:
            line.kind = "used"
        i = j

    # Pass 2: headings and paragraphs, in source order.
    i = 0
    while i < n:
        line = lines[i]
        if i in tables_at:
            end, table = tables_at[i]
            blocks.append(table)
            i = end
            continue
        if line.kind in ("blank", "used", "sep", "caption", "break"):
            i += 1
            continue
        if line.kind in ("heading", "bold") or (line.kind == "text" and _numbered_title(line.text)):
            blocks.append(_heading(src, line))
            i += 1
            continue
        para, i = _paragraph(src, lines, i)
        blocks.append(para)

    doc = Document(path=path, source=src, blocks=blocks)
    _build_sections(doc)
    return doc


def _caption_and_unit(lines: list[_Line], first: int) -> tuple[tuple[str, Span | None, int] | None, tuple[str, int] | None]:
    """Find the caption and unit lines just above a table; mark them used."""
    caption = None
    unit = None
    j = first - 1
    seen = 0
    while j >= 0 and seen < 3:
        line = lines[j]
        if line.kind == "blank":
            j -= 1
            continue
        body = line.text.strip()
        if line.kind in ("heading", "bold"):
            title, off = _strip_md(line.text)
            m = UNIT_LINE.search(title)
            if m and unit is None:
                unit = (m.group("unit"), line.start + off + m.start("unit"))
            caption = (title, line.start + off, len(title))
            break
        if line.kind != "text" or len(body) > 60 or (body.endswith(tuple(_FINAL)) and not UNIT_LINE.search(body)):
            break
        m = UNIT_LINE.search(body)
        k = next((k for k in range(j - 1, -1, -1) if lines[k].kind != "blank"), None)
        if m is None and unit is None and body.endswith("元") and k is not None and (w := _WRAPPED_UNIT.search(lines[k].text.rstrip())):
            # 单位：万 / 部门名称：X 元: a unit wrapped at the page's edge, its 元 on the line below
            above = lines[k]
            unit = (w.group("unit") + "元", above.start + w.start("unit"))
            line.kind = above.kind = "caption"
            j = k - 1
            seen += 2
            continue
        if m and unit is None:
            lead = len(line.text) - len(line.text.lstrip())
            unit = (m.group("unit"), line.start + line.text.index(m.group("unit"), m.start("unit")))
            line.kind = "caption"
            before = line.text[: m.start()].strip()
            # "编制部门：X 单位：元" carries no caption of its own; keep looking above it
            if before and not any(w in before for w in ("编制", "部门：", "部门:", "填报")) and not _ORG_LABEL.search(before) and caption is None:
                caption = (before.replace("**", ""), line.start + lead, len(before))
                break
            j -= 1
            seen += 1
            continue
        if _starts_item(line.text) and not _numbered_title(line.text):
            break
        if _ORG_FIELD.match(body.replace("**", "")) and seen < 2:
            # 部门名称：X (its unit wrapped onto the line below): the organisation, not the caption
            line.kind = "caption"
            j -= 1
            seen += 1
            continue
        lead = len(line.text) - len(line.text.lstrip())
        caption = (body.replace("**", ""), line.start + lead, len(body))
        line.kind = "caption"
        if _FORM_CODE.match(body.replace("**", "")) and (title := _title_above(lines, j)) is not None:
            caption = title  # 收入支出决算总表 / 公开01表: the form's code under its title
        elif (upper := _caption_begun_above(lines, j, body.replace("**", ""))) is not None:
            text, start = upper
            caption = (text + body.replace("**", ""), start, line.start + lead + len(body) - start)
        break
    return caption, unit


# "部门（单位）：X", "单位名称：X", "606-湖州市交通运输局" before a unit: the organisation,
# not the table's title.
_ORG_FIELD = regex.compile(r"^\s*(?:编制|填报|预算|主管)?(?:部门|单位)(?:名称)?[（(]?(?:单位)?[）)]?\s*[：:]")
_ORG_LABEL = regex.compile(
    r"(?:部门|单位|名称)[^：:]{0,6}[：:]"
    r"|^[\d\-－—\s]*\p{Han}{2,30}?(?:局|委员会|委|办公室|办|中心|院|所|站|馆|队|政府|街道|镇|乡|公司|学校|医院|大学|学院)$"
)

# A form's code or period on a line of its own (公开01表, 表1-1, 附表3, （公开03表）, （2022年度）):
# the table's title is the line above it.
_FORM_CODE = regex.compile(r"^[（(]?\s*(?:部门|单位)?(?:预算|决算)?(?:公开|附)?表\s*[\d一二三四五六七八九十]+(?:\s*[-—－]\s*\d+)?\s*[）)]?$|^[（(]?\s*公开\s*\d+\s*表\s*[）)]?$"
    r"|^[（(]\s*(?:19|20)\d\d\s*年度?\s*[）)]$")


_CAPTION_GOES_ON = ("、", "，", ",", "及", "和", "与", "的", "“", "（", "(")
_CAPTION_STOPS = "。；;：:！？!?"


# a year's title, after the table's number if any (2.8 2020年…, 表3 2024年…; the number may
# touch the year: 2.82020年)
_YEAR_TITLE = regex.compile(r"(?:表?\s*\d+(?:\.\d+)*?\s*)?(?:19|20)\d\d\s*年")


def _caption_begun_above(lines: list[_Line], j: int, lower: str) -> tuple[str, int] | None:
    """A caption broken over two lines (blank lines between): the line above, when it
    cannot end a title (2022年…“三公”经费、 / 会议费、培训费表), or the title whose qualifier
    stands on the next line (…支出明细表 / （按经济分类科目分）), or a year's title that the
    next line ends with 表 (2022年…政府采购（资产配置、购买服务） / 预算表（不含上年结转）).
    Returns the upper line's text and where it starts, and marks it used."""
    k = j - 1
    while k >= 0 and lines[k].kind == "blank":
        k -= 1
    if k < 0 or lines[k].kind != "text":
        return None
    upper = lines[k].text.strip().replace("**", "")
    if not upper or len(upper) > 45 or any(c in upper for c in _CAPTION_STOPS) or _starts_item(upper):
        return None
    tail = regex.sub(r"[（(][^（）()]*[）)]$", "", lower)
    joined = (upper.endswith(_CAPTION_GOES_ON)
              or (lower.startswith(("（", "(")) and upper.endswith("表"))
              or (_YEAR_TITLE.match(upper) and not upper.endswith("表") and tail.endswith("表") and len(tail) <= 12))
    if not joined:
        return None
    lines[k].kind = "caption"
    return upper, lines[k].start + len(lines[k].text) - len(lines[k].text.lstrip())


def _title_above(lines: list[_Line], j: int) -> tuple[str, int, int] | None:
    """The title line right above a form code (blank lines between), marked as caption."""
    k = j - 1
    while k >= 0 and lines[k].kind == "blank":
        k -= 1
    if k < 0 or lines[k].kind not in ("text", "heading", "bold"):
        return None
    title, off = _strip_md(lines[k].text) if lines[k].kind != "text" else (lines[k].text.strip(), len(lines[k].text) - len(lines[k].text.lstrip()))
    if not title.endswith("表") or len(title) > 60 or any(c in title for c in "，。；;："):
        return None
    lines[k].kind = "caption"
    return (title.replace("**", ""), lines[k].start + off, len(title))


def _heading(src: SourceText, line: _Line) -> Heading:
    title, off = _strip_md(line.text)
    start = line.start + off
    numbering, rest = parse_numbering(title, lambda s, e: src.span(start + s, start + e))
    span = src.span(start, start + len(title))
    return Heading(
        text=title, title=title[rest:].strip() if numbering else title,
        numbering=numbering, level=numbering.level if numbering else 0, span=span,
    )


def _paragraph(src: SourceText, lines: list[_Line], i: int) -> tuple[Paragraph, int]:
    b = _ParaBuilder()
    n = len(lines)
    first = True
    while i < n:
        line = lines[i]
        content = line.text
        lead = len(content) - len(content.lstrip(" \t\u3000"))
        if first:
            m = _LIST_MARK.match(content)
            if m:
                lead = m.end()
        body = content[lead:].rstrip()
        hard_break = content.endswith("  ") or content.rstrip().endswith("\\")
        if body.endswith("\\"):
            body = body[:-1]
        if not first and b.text:
            prev = b.text[-1][-1:]
            if prev.isascii() and prev.isalnum() and body[:1].isascii() and body[:1].isalnum():
                b.add(" ", line.start - 1)
        b.add_line(body, line.start + lead)
        if hard_break:
            b.add("\n", line.start + len(content))
        first = False
        i += 1
        # Next line: same paragraph unless it starts a new block.
        if i < n and lines[i].kind == "text" and not _starts_item(lines[i].text) and not _numbered_title(lines[i].text):
            continue
        if i < n and lines[i].kind == "text" and body[-1:] not in _FINAL and word_goes_on(body, lines[i].text.lstrip(" \t\u3000")):
            continue  # 构建集中统 / 一、全面覆盖: a word wrapped before its numeral, not a new item
        if i < n and lines[i].kind == "blank":
            j = i
            while j < n and lines[j].kind == "blank":
                j += 1
            # a blank line in text another format's reader wrote (PDF, Word, Excel) is a
            # paragraph break it decided from the layout: only text converted with its page
            # breaks left in (Markdown, plain text) has sentences cut by them
            if not src.origins and _page_break_continues(lines, i - 1, j):
                b.joins.append(b.length)
                i = j
                continue
        break
    text = "".join(b.text)
    start = b.start if b.start is not None else lines[i - 1].start
    para = Paragraph(text=text, segments=b.segments, joins=b.joins, span=src.span(start, b.end))
    keys = [seg[0] for seg in b.segments]

    if len(b.segments) == 1:  # one run (a one-line paragraph, most of them): offset_in's result without its search
        seg0, src0, len0 = b.segments[0]

        def span_of(s: int, e: int) -> Span:
            a = src0 + min(s - seg0, len0)
            z = src0 + min(max(s, e - 1) - seg0, len0) + 1 if e > s else a
            return src.span(a, z)
    else:

        def span_of(s: int, e: int) -> Span:
            a = offset_in(b.segments, keys, s, start)
            z = offset_in(b.segments, keys, max(s, e - 1), start) + 1 if e > s else a
            return src.span(a, z)

    norm = normalise(text)
    skip = []
    body_start = len(norm) - len(norm.lstrip())
    numbering, rest = parse_numbering(text[body_start:], lambda s, e: span_of(body_start + s, body_start + e))
    if numbering:
        para.numbering = numbering
        skip.append((body_start, body_start + rest))
    para.quantities = read_quantities(norm, span_of, skip)
    return para, i


def _page_break_continues(lines: list[_Line], last: int, nxt: int) -> bool:
    """Whether the text at line ``nxt`` continues the sentence cut at line ``last``."""
    n = len(lines)
    if nxt >= n or lines[nxt].kind != "text" or lines[last].kind != "text":
        return False
    tail = lines[last].text.rstrip().rstrip("*").rstrip()
    if len(tail.strip()) < 10 or not tail or tail[-1] in _FINAL:
        return False
    if lines[last].text.endswith("  "):
        return False  # a Markdown hard break ends the line on purpose
    if _starts_item(lines[nxt].text) or _numbered_title(lines[nxt].text) or _title_like(lines, nxt):
        return False
    if UNIT_LINE.search(lines[nxt].text):
        return False
    if _TABLE_TITLE_START.match(lines[nxt].text):
        return False  # 2.9 2023年…决算表 after 2.8 …表（不含管委会）: the next title of a list of tables
    return True


# a line that opens with a table's number and a year (2.9 2023年…, 表3 2024年…): a title of its own
_TABLE_TITLE_START = regex.compile(r"^\s*(?:表\s*[一二三四五六七八九十\d]+[：:、.．]?\s*|\d+(?:\.\d+)+\s*)(?:19|20)\d\d\s*年")


def _build_sections(doc: Document) -> None:
    root = Section(index=0, level=-1)
    doc.sections = [root]
    stack = [root]
    seen_numbered = False
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            if block.numbering is not None:
                level = block.numbering.level
                seen_numbered = True
            elif not seen_numbered:
                level = 0
            else:
                level = stack[-1].level + 1
            block.level = level
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            sec = Section(index=len(doc.sections), heading=bi, title=block.text, level=level, parent=stack[-1].index)
            stack[-1].children.append(sec.index)
            doc.sections.append(sec)
            stack.append(sec)
        block.section = stack[-1].index
        stack[-1].blocks.append(bi)
