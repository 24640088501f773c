"""Text artefacts (TXT): traces of conversion that change what the text says."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

import regex

from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document import lexicon, prose
from auditor.document.model import IMAGE_TEXT, Document, Heading, Paragraph, Table
from auditor.document.numbers import UNMAPPED

_CJK = regex.compile(r"\p{Han}")
# Characters a sentence may legitimately double (人人, 天天, 常常, 层层, 仅仅).
_REDUPLICATED = set("人天常年月日个家处时刻层步渐纷仅刚往默稍慢紧牢多大深久连频事件项条村户样次代节")
# Four-character words whose middle is a doubled character (兢兢业业 split as 兢兢业 | 业).
_AABB = regex.compile(r"(\p{Han})\1(\p{Han})\2")


class DoubledCharacterAtPageBreak(Check):
    """分页处的字重复（分页前后各有一个相同的字）。
    A character is doubled across a page break.

    PDF 转换或排版时，分页前一行的最后一个字常在下一页开头重复出现，如“进入事业单位 / 位。”。

    反例::

        推进事业单位人事制度改革，完善岗位设置和公开招聘管理

        理制度，规范聘用合同管理。

    正例::

        推进事业单位人事制度改革，完善岗位设置和公开招聘管

        理制度，规范聘用合同管理。
    """

    code = "TXT001"
    name = "text.doubled-at-page-break"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for para in doc.paragraphs:
            text = para.text
            for j in para.joins:
                if j <= 0 or j >= len(text):
                    continue
                a, b = text[j - 1], text[j]
                if a != b or not _CJK.match(a) or a in _REDUPLICATED:
                    continue
                if text[j : j + 2] in lexicon.WORDS_AFTER_DOUBLE:
                    continue  # 学习|习近平, 单位|位于: the text itself, not an artefact
                if _AABB.fullmatch(text[max(0, j - 3) : j + 1]) or _AABB.fullmatch(text[j - 1 : j + 3]):
                    continue  # 兢兢业|业, 扎|扎实实: a reduplicated word, not an artefact
                joined = text[max(0, j - 8) : j + 8]
                fixed = text[max(0, j - 8) : j - 1] + text[j : j + 8]
                first = doc.source.span(para.source_offset(j - 1), para.source_offset(j - 1) + 1)
                second = doc.source.span(para.source_offset(j), para.source_offset(j) + 1)
                yield self.finding(
                    f"分页处“{a}”字重复：“{joined}”",
                    f"'{a}' is doubled across a page break: '{joined}'",
                    second,
                    label=("重复的字", "doubled"),
                    related=[(first, "分页前", "before the page break")],
                    hint=(f"删去一个“{a}”：“{fixed}”", f"drop one '{a}': '{fixed}'"),
                )


# --- hygiene that reviewers list: doubled marks, missing final marks, unbalanced pairs, a rate without % ---

# Two marks, not three or more of one kind: 。。。 and ，，， are leaders or an ellipsis.
_DOUBLED_MARKS = regex.compile(r"(?<![。；;，,、])[。；;，,、]{2}(?![。；;，,、])")
_FINAL = ("。", "；", ";", "！", "？", "!", "?", "：", ":", "…")
_PAIRS = {"（": "paren", "(": "paren", "）": "paren", ")": "paren", "“": "dquote", "”": "dquote", "‘": "squote", "’": "squote",
          "\"": "dquote", "《": "book", "》": "book", "【": "lent", "】": "lent", "〔": "tort", "〕": "tort", "[": "square", "]": "square"}
_OPENERS = set("（(“‘《【〔[")
_PAIR_CHARS = regex.compile("[" + regex.escape("".join(_PAIRS)) + "]")
# A list marker written with a closing bracket only: 1) a) 一）
_LEADING_MARKER = regex.compile(r"^\s*(?:[0-9]{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,3}|[①-⑳])\s*[)）]")
_RATE_CUE = regex.compile(r"(?:增长|下降|增幅|降幅|上升|降低|提高|占比?|比重|比例|率)(?:了|为|达到?|约)?\s*$")


def _text_blocks(doc: Document):
    """Paragraphs and headings, with a function that turns a text index into a span."""
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            yield b, b.text, (lambda a, z, p=b: doc.source.span(p.source_offset(a), p.source_offset(z - 1) + 1))
        elif isinstance(b, Heading):
            yield b, b.text, (lambda a, z, h=b: h.span)


class DoubledPunctuation(Check):
    """句末或句中标点重复（。。、；；、，。）。
    Punctuation is doubled (。。, ；；, ，。).

    反例::

        全年共开展安全生产检查 126 次。。

    正例::

        全年共开展安全生产检查 126 次。
    """

    code = "TXT002"
    name = "text.doubled-punctuation"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        for _b, text, span_of in _text_blocks(doc):
            for m in _DOUBLED_MARKS.finditer(text):
                yield self.finding(
                    f"标点重复：“{text[max(0, m.start() - 8) : m.end()]}”",
                    f"doubled punctuation: '{text[max(0, m.start() - 8) : m.end()]}'",
                    span_of(m.start(), m.end()),
                    label=("重复的标点", "doubled"),
                    hint=(f"只保留一个“{m.group(0)[-1]}”", f"keep one '{m.group(0)[-1]}'"),
                )


class MissingFinalPunctuation(Check):
    """同一编号列表中，某一项末尾缺少标点，而其他各项都有。
    An item of a numbered list ends without final punctuation where its siblings have it.

    只比较连续编号、编号样式相同的至少三项；标题、表格不检查。

    反例::

        1. 完成农村公路养护 320 公里。

        2. 新建候车亭 45 座，改造港湾式停靠站 12 处

        3. 开展路政巡查 1,200 次。

    正例::

        1. 完成农村公路养护 320 公里。

        2. 新建候车亭 45 座，改造港湾式停靠站 12 处。

        3. 开展路政巡查 1,200 次。
    """

    code = "TXT003"
    name = "text.missing-final-punctuation"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        run: list[Paragraph] = []
        for b in [*doc.blocks, None]:
            if isinstance(b, Paragraph) and b.numbering is not None and run and b.numbering.kind == run[-1].numbering.kind and b.numbering.value == run[-1].numbering.value + 1:
                run.append(b)
                continue
            yield from self._run(doc, run, b)
            run = [b] if isinstance(b, Paragraph) and b.numbering is not None else []

    def _run(self, doc: Document, run: list[Paragraph], after) -> Iterator[Finding | Verified]:
        if len(run) < 3:
            return
        ends = [p.text.rstrip().endswith(_FINAL) or (len(p.text.rstrip()) > 1 and p.text.rstrip()[-1] in "”’）)" and p.text.rstrip()[-2] in _FINAL) for p in run]
        missing = [p for p, e in zip(run, ends, strict=True) if not e]
        if len(missing) != 1 or len(run) - 1 < 2:
            return
        p = missing[0]
        text = p.text.rstrip()
        if p is run[-1] and isinstance(after, Paragraph) and after.numbering is None:
            return  # the last item goes on in an unnumbered paragraph (a line break in the item, a figure moved to the next line)
        if len(text) < 12 or not _CJK.search(text[-1]):
            return  # a short item (a name, a date) or one ending in a figure or mark of its own
        if "=" in text or "＝" in text:
            return  # ②年末滚存结余=本年收支结余+上年滚存结余: a formula, not a sentence
        others = [q for q in run if q is not p]
        at = len(text)
        yield self.finding(
            f"列表项末尾缺少标点，同列表其他 {len(others)} 项都有：“…{text[-12:]}”",
            f"this list item ends without final punctuation where the other {len(others)} items have it: '…{text[-12:]}'",
            doc.source.span(p.source_offset(at - 1), p.source_offset(at - 1) + 1),
            label=("缺少句末标点", "no final punctuation"),
            related=[(others[0].span, "有标点的同级项", "a sibling item with it")],
            hint=("在末尾加上与其他各项相同的标点", "end it as the other items end"),
        )


class UnbalancedPair(Check):
    """段落中括号、引号或书名号不成对。
    Brackets, quotes or title marks do not pair up in a paragraph.

    全角与半角括号视为同一种（（款) 成对）；跨段的引号（本段开、下段合）不报。

    反例::

        按照《政府采购法》和“放管服改革要求，完成采购项目 18 个。

    正例::

        按照《政府采购法》和“放管服”改革要求，完成采购项目 18 个。
    """

    code = "TXT004"
    name = "text.unbalanced-pair"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        blocks = list(_text_blocks(doc))
        before = {id(b): a for a, b in itertools.pairwise(doc.blocks) if isinstance(a, Table)}  # a paragraph right after a table
        open_ends: list[tuple[int, list, list]] = []
        for i, (_b, text, _span_of) in enumerate(blocks):
            lead = _LEADING_MARKER.match(text)
            start = lead.end() if lead else 0
            stack: list[tuple[str, int]] = []
            stray: list[tuple[str, int]] = []
            for m in _PAIR_CHARS.finditer(text, start):  # only the marks, not every character
                k = m.start()
                ch = text[k]
                kind = _PAIRS[ch]
                if ch == '"':
                    # a straight quote closes an open quote of either width (“三公" is a pair),
                    # otherwise it opens one
                    if stack and stack[-1][0] == "dquote":
                        stack.pop()
                    else:
                        stack.append(("dquote", k))
                    continue
                if ch in _OPENERS:
                    stack.append((kind, k))
                elif stack and stack[-1][0] == kind:
                    stack.pop()
                elif any(s[0] == kind for s in stack):
                    # a pair closed across another unclosed one: 《…（…》 — the inner one is unclosed
                    while stack and stack[-1][0] != kind:
                        stray.append(stack.pop())
                    stack.pop()
                else:
                    stray.append((kind, k))
            open_ends.append((i, stack, stray))
        found: list[tuple[str, int, object]] = []
        for i, stack, stray in open_ends:
            if not stack and not stray:
                continue  # every mark of the block paired: nothing to look for in its neighbours
            _b, text, span_of = blocks[i]
            unclosed = list(stack)
            unopened = [s for s in stray if text[s[1]] not in _OPENERS]
            unclosed += [s for s in stray if text[s[1]] in _OPENERS]
            # a pair that opens at one paragraph's end and closes at the next's start: a line
            # the reader did not join
            if i + 1 < len(open_ends):
                nxt = [s for s in open_ends[i + 1][2] if blocks[i + 1][1][s[1]] not in _OPENERS]
                unclosed = [s for s in unclosed if not any(n[0] == s[0] for n in nxt)]
            if i > 0:
                prev = open_ends[i - 1][1] + [s for s in open_ends[i - 1][2] if blocks[i - 1][1][s[1]] in _OPENERS]
                unopened = [s for s in unopened if not any(p[0] == s[0] for p in prev)]
            if unopened and (table := before.get(id(blocks[i][0]))) is not None:
                # a table's cell wrapped: 举办“…洽谈会 in the cell, its ” on the line after the table
                opened = _opened_in(table)
                unopened = [s for s in unopened if not (s[1] <= 1 and s[0] in opened)]
            for _kind, k in sorted(unclosed + unopened, key=lambda s: s[1]):
                found.append((text, k, span_of(k, k + 1)))
        per_page = Counter(span.page for _t, _k, span in found if span.page is not None)
        for text, k, span in found:
            ch = text[k]
            # a straight quote in a paragraph of few words is most often a chart's label or a
            # glyph the text layer mis-maps (「0 … M0 / " " "」); many unpaired marks on one page
            # are the page's text read out of order (a newspaper's columns): not the author's
            # and a line of no sentence at all (no ，。；) is most often a table's cell read as
            # text, its other lines elsewhere (理二期项目（玻璃山镇、东 理设)
            unsure = (ch == '"' and _mostly_not_words(text)) or per_page.get(span.page, 0) >= _OUT_OF_ORDER or not prose.CLAUSE_MARK.search(text)
            yield self.finding(
                f"“{ch}”没有与之成对的{'右' if ch in _OPENERS else '左'}半边：“{text[max(0, k - 8) : k + 10]}”",
                f"'{ch}' has no matching {'closing' if ch in _OPENERS else 'opening'} mark: '{text[max(0, k - 8) : k + 10]}'",
                span,
                label=("不成对", "unpaired"),
                hint=("补上或删去对应的符号", "add the missing half or drop this one"),
                reading="inferred" if unsure else "confirmed",
            )


def _opened_in(table: Table) -> set[str]:
    """The kinds of mark a table's cells open more often than they close."""
    text = "".join(c.text for r in table.rows for c in r.cells)
    return {kind for opener, kind in _PAIRS.items() if opener in _OPENERS and text.count(opener) > sum(text.count(c) for c, k in _PAIRS.items() if k == kind and c not in _OPENERS)}


_HAN_CHAR = regex.compile(r"\p{Han}")
_OUT_OF_ORDER = 3
"""Unpaired marks on one page from which the page's text order, not the author, is doubted."""


def _mostly_not_words(text: str) -> bool:
    """Whether fewer than half of a paragraph's visible characters are Chinese words."""
    visible = [c for c in text if not c.isspace()]
    return len(_HAN_CHAR.findall(text)) * 2 < len(visible)


def _without_percent_sign(raw: str) -> str:
    """The figure without its closing % or ％ (at the end, or before a final line end), white
    space stripped: what a search for white space and a sign at the end gave, without a
    pattern that a long run of white space makes quadratic."""
    body = raw[:-1] if raw.endswith("\n") else raw
    if body.endswith(("%", "％")):
        return (body[:-1] + raw[len(body):]).strip()
    return raw.strip()


class PercentSignMissing(Check):
    """比率漏写“%”，而同一数字在文中其他地方写有“%”。
    A rate is written without % where the same figure elsewhere has it.

    反例::

        本年度综合执法支出 568.20 万元，同比增长 13.95。上年同期增长率为 13.95%。

    正例::

        本年度综合执法支出 568.20 万元，同比增长 13.95%。上年同期增长率为 13.95%。
    """

    code = "TXT005"
    name = "text.percent-sign-missing"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        with_sign: dict[str, object] = {}
        bare = []
        for p in doc.paragraphs:
            for q in p.quantities:
                if q.base_unit == "%":
                    num = _without_percent_sign(q.raw)
                    with_sign.setdefault(num, q)
                elif q.unit is None and q.decimals >= 1 and _RATE_CUE.search(p.text[max(0, q.pos - 8) : q.pos]):
                    after = p.text[q.pos_end : q.pos_end + 1]
                    if after == "" or after in "。；;，,）)":
                        bare.append((p, q))
        for p, q in bare:
            other = with_sign.get(q.raw.strip())
            if other is None:
                continue
            yield self.finding(
                f"“{p.text[max(0, q.pos - 6) : q.pos_end]}”缺少“%”，同一数字在他处写作 {other.raw}",
                f"'{p.text[max(0, q.pos - 6) : q.pos_end]}' lacks '%', while the same figure is written {other.raw} elsewhere",
                q.span,
                label=("缺少 %", "no %"),
                related=[(other.span, f"写有 % 的 {other.raw}", f"{other.raw} with %")],
                hint=(f"写作 {q.raw}%", f"write {q.raw}%"),
            )


_PRIVATE_IN_FIGURE = regex.compile(f"[0-9０-９][{UNMAPPED}]|[{UNMAPPED}][0-9０-９]")


class UnreadableGlyphs(Check):
    """文中数字夹有无法识别的字形（PDF 字体私用区字符），这些数字未读取、未核对。
    Figures hold glyphs the file does not map to characters (a font's private use area): those
    figures are not read and not checked.

    PDF 的字体可能把小数点或数字画成自定义字形而不给出其 Unicode 含义；其值无法确定，故不参与任何核对。
    每个文件报告一次（提示），列出出现次数与第一处位置。

    反例::

        税收收入占一般公共预算收入比重达７６\U000f0001１％。

    正例::

        税收收入占一般公共预算收入比重达７６.１％。
    """

    code = "TXT006"
    name = "text.unreadable-glyphs"
    severity = Severity.INFO

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        hits = []
        for p in doc.paragraphs:
            for m in _PRIVATE_IN_FIGURE.finditer(p.text):
                hits.append((p, m))
        if not hits:
            return
        p, m = hits[0]
        at = doc.source.span(p.source_offset(m.start()), p.source_offset(m.end() - 1) + 1)
        yield self.finding(
            f"{len(hits)} 处数字夹有无法识别的字形（字体私用区字符），这些数字未读取、未核对",
            f"{len(hits)} figure(s) hold glyphs the file does not map to characters (private use area): not read, not checked",
            at,
            label=("无法识别的字形", "an unmapped glyph"),
            hint=("以能正确复制文字的方式重新导出 PDF（嵌入带 Unicode 映射的字体）", "export the PDF again with fonts that map their glyphs to Unicode"),
        )


class TextAsImage(Check):
    """部分文字以图像形式印出，文件中没有这些文字，未读取、未核对。
    Some text is printed as a picture: the file holds no characters for it, so it is not read
    and not checked.

    有的 PDF 把字体无法映射的行（或行的一段）嵌成图片，或夹有扫描页（封面、签章页、扫描后附上的表格）：
    页面上看得到，复制不出，也无从核对。读取器在每一行、每一页这样的图像处留下一个占位符（U+FFFC），
    此项检查每个文件报告一次（提示），列出页码与处数，以免把“未核对”误当作“无问题”。

    反例::

        全市一般公共预算收入 2200 亿元，增长 3.5%。￼

    正例::

        全市一般公共预算收入 2200 亿元，增长 3.5%。全市政府性基金预算收入 800 亿元。
    """

    code = "TXT007"
    reads_layout = False  # counts what the reader marked, not a reading of figures
    name = "text.printed-as-image"
    severity = Severity.INFO

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        places = []  # one per line or page printed as a picture: the reader's marks
        for b in doc.blocks:
            if isinstance(b, (Paragraph, Heading)) and IMAGE_TEXT in b.text:
                at = [i for i, c in enumerate(b.text) if c == IMAGE_TEXT]
                if isinstance(b, Paragraph):
                    places.extend(doc.source.span(b.source_offset(i), b.source_offset(i) + 1) for i in at)
                else:
                    places.extend(b.span for _ in at)
        if not places:
            return
        pages = sorted({s.page for s in places if s.page is not None})
        more = len(pages) > 8
        where_zh = f"（第 {'、'.join(str(n) for n in pages[:8])}{f' 等 {len(pages)} ' if more else ' '}页）" if pages else ""
        where_en = f" ({'pages' if len(pages) > 1 else 'page'} {', '.join(str(n) for n in pages[:8])}{f' and {len(pages) - 8} more' if more else ''})" if pages else ""
        yield self.finding(
            f"{len(places)} 处文字以图像形式印出{where_zh}，文件中没有这些文字，未读取、未核对",
            f"{len(places)} place(s) print text as a picture{where_en}: the file holds no characters for it, so it is not read and not checked",
            places[0],
            label=("以图像印出的文字", "text printed as a picture"),
            related=[(s, "以图像印出的文字", "text printed as a picture") for s in places[1:4]],
            hint=("以能正确复制文字的方式重新导出 PDF（嵌入带 Unicode 映射的字体，不把文字转为图片）", "export the PDF again with its text as text (fonts that map their glyphs to Unicode), not as pictures"),
        )
