"""What a report is: its year, kind (预算 / 决算 / 绩效自评), scope (部门 / 单位) and the
organisation it is about, inferred from its title, cover lines and table captions.

Checks that need the report's own period (a budget of year Y compares with Y−1) or its
scope (a 单位预算 should not call itself 部门预算) read this; a dimension the text does not
state clearly stays ``None``, and checks that need it then stay silent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from auditor.document import lexicon
from auditor.document.model import Document, Heading, Paragraph, Span, Table

# The title: "上海市普陀区2025年区级部门预算", "2023年度部门决算", "佛山市人社局2020年度部门整体支出绩效自评报告".
# 一般公共预算, 政府性基金预算, 国有资本经营预算, 社会保险基金预算 name a fund, not the report's
# kind: 2021年全区一般公共预算收入决算表 is a 决算
_FUNDS = "|".join([*(f.removesuffix("预算") for f in lexicon.FUND_BUDGETS), "社保基金"])
_TITLE = regex.compile(
    r"(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*(?P<between>[^\s，。；;,:：]{0,16}?)"
    r"(?P<scope>部门|单位)?\s*(?:整体支出|项目支出|项目)?\s*(?P<kind>(?<!" + _FUNDS + r")预算|决算|绩效自评|绩效评价|自评)"
)
_CAPTION_YEAR = regex.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*(?P<scope>部门|单位)?[^\s]{0,20}?(?P<kind>(?<!" + _FUNDS + r")预算|决算)")
_ORG_LINE = regex.compile(
    r"(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|填报单位|编制单位|报送单位)\s*[:：]\s*(?P<name>[^\s，。；;,:：*]{2,40}?)(?=\s|$|[，。；;,*]|部门负责人|单位负责人|填报人)"
)
# An organisation's name ends with one of these.
_ORG_SUFFIX = "(?:委员会|办公室|办事处|管理局|局|厅|委|办|中心|院|所|站|馆|队|会|政府|街道|镇|乡|公司|学校|医院|大学|学院)"
_ORG_NAME = regex.compile(rf"^(?P<name>[\p{{Han}}（）()]{{2,40}}?{_ORG_SUFFIX})$")
_GENERIC = regex.compile(r"^(?:[\p{Han}]{2,6}[省市县区])?(?:[\p{Han}]{1,6}[市县区])?(?:区级|市级|县级|省级|本级)?$")
_FIRST_SECTION = regex.compile(r"^\s*(?:目\s*录|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[部分章])")

_WIDE_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})

# How many leading blocks count as the cover and title area.
_COVER_BLOCKS = 12


@dataclass(frozen=True)
class ReportInfo:
    year: int | None = None
    """The year the report is about: the budget year of a 预算, the accounting year of a 决算."""
    kind: str | None = None
    """``预算``, ``决算`` or ``绩效自评``."""
    scope: str | None = None
    """``部门`` (a department with its units) or ``单位`` (one unit)."""
    organisation: str | None = None
    organisation_span: Span | None = None
    title_span: Span | None = None
    topic: str | None = None
    """``三公`` for a report on the 三公 expenses alone (2024年度“三公”经费决算情况说明), else None."""
    government: bool = False
    """A region's government budget rather than a department's: the report on the budget's
    execution and the next year's draft (关于…2025年预算执行情况和2026年预算草案的报告), a
    本级政府预算公开, a debt disclosure (地方政府债务余额情况表). Its figures are of the whole
    region (全市) or the government's own level (市本级) and of two years, under the same labels."""

    @property
    def entity(self) -> str | None:
        """The entity the report is of: ``部门`` (a department with its units) or ``单位``."""
        return self.scope


def _text(block) -> str:
    if isinstance(block, Heading):
        return block.title or block.text
    if isinstance(block, Paragraph):
        return block.text
    return ""


def infer(doc: Document) -> ReportInfo:
    """The report's year, kind, scope and organisation (cached per document)."""
    return doc.cached("report-info", lambda: _infer(doc))


def _cover(doc: Document) -> list[tuple[str, Span | None]]:
    """The lines of the title area: the leading blocks up to the table of contents or
    the first numbered section."""
    out = []
    for block in doc.blocks[:_COVER_BLOCKS]:
        text = _text(block)
        if not text:
            if isinstance(block, Table):
                break
            continue
        if _FIRST_SECTION.match(text) and out:
            break
        out.append((text.replace("*", "").strip(), getattr(block, "span", None)))
    return out


def _infer(doc: Document) -> ReportInfo:
    year = kind = scope = org = None
    org_span = title_span = None
    cover = _cover(doc)
    for text, span in cover:
        if org is None and (m := _ORG_LINE.search(text)):
            org, org_span = m.group("name"), span
    joined = "".join(t for t, _ in cover).translate(_WIDE_DIGITS)  # ２０２４ 年: a year in full-width digits
    found = list(_TITLE.finditer(joined))
    m = found[0] if found else None
    if m is not None and len(found) > 1 and "执行" in joined[m.end() : m.end() + 8] and found[1].group("kind") == "预算" and found[1].group("year") > m.group("year"):
        m = found[1]  # 2025年预算执行情况与2026年预算草案的报告: a report on the 2026 budget
    if m is not None:
        year = int(m.group("year"))
        kind = {"绩效评价": "绩效自评", "自评": "绩效自评"}.get(m.group("kind"), m.group("kind"))
        scope = m.group("scope")
        at, pos = 0, m.start()
        for text, span in cover:  # the block the title starts in
            if pos < at + len(text):
                title_span = span
                break
            at += len(text)
        if org is None:
            before = joined[: m.start()].strip()
            between = m.group("between")
            for name in (between, before):
                if name and not _GENERIC.match(name) and (n := _ORG_NAME.match(name)):
                    org, org_span = n.group("name"), title_span
                    break
    if org is None:  # a cover line that is an organisation's name and nothing else
        for text, span in cover:
            if (n := _ORG_NAME.match(text)) and not _TITLE.search(text):
                org, org_span = n.group("name"), span
                break
    # Captions of the standard tables ("2025年部门收入预算总表") confirm or supply year, kind, scope.
    votes: Counter = Counter()
    for t in doc.tables:
        if isinstance(t, Table) and t.caption and (m := _CAPTION_YEAR.search(t.caption)):
            votes[(int(m.group("year")), m.group("kind"), m.group("scope"))] += 1
    if votes:
        (cy, ck, cs), _n = votes.most_common(1)[0]
        if year is None:
            year, kind = cy, ck
        if scope is None and kind == ck:
            scope = cs
    topic = "三公" if m is not None and "三公" in joined[max(0, m.start() - 4) : m.end() + 12] else None
    finance = org is None or _FINANCE_ORG.search(org) is not None
    government = scope is None and (
        _GOVERNMENT.search(joined) is not None
        or (finance and "预算执行情况" in joined)  # a department also reports its 预算执行情况
        # a finance bureau's report that is not its own department's: the region's 决算情况表
        or (org is not None and _FINANCE_BUREAU.search(org) is not None and kind in ("预算", "决算") and not _DEPARTMENT.search(joined))
        or any(isinstance(t, Table) and t.caption and _GOVERNMENT.search(t.caption) for t in doc.tables[:12])
        # a gazette or a volume that holds the report further in (深圳市人民政府公报 …)
        or any(_REPORT_TITLE.search(_text(b)) for b in doc.blocks[:80] if isinstance(b, Heading | Paragraph))
        or any(_CONGRESS_RE.search(_text(b)) for b in doc.blocks[:30] if isinstance(b, Heading | Paragraph))
    )
    return ReportInfo(year=year, kind=kind, scope=scope, organisation=org, organisation_span=org_span, title_span=title_span, topic=topic,
                      government=government)


# Titles of a region's government budget: the report to the people's congress, the
# government's own budget, the debt tables.
_CONGRESS = r"人大.{0,12}会议文件"
_FINANCE_ORG = regex.compile(r"财政(?:局|厅|部)$|政府$")
_FINANCE_BUREAU = regex.compile(r"财政(?:局|厅)$")
_DEPARTMENT = regex.compile(r"部门|单位")
_GOVERNMENT = regex.compile(
    rf"预算草案|{_CONGRESS}|(?:本级|全[省市县区州])(?:政府)?预算|政府预算|地方(?:政府|财政)|总预算"
    r"|政府(?:一般|专项)?债务|债务(?:限额|余额)|(?:省|市|县|区|州)本级"
    r"|全[省市县区州](?:一般公共|政府性基金|国有资本经营|社会保险基金)预算"
    r"|决算[（(]?草案|财政决算|全[省市县区州](?:及|和)[省市县区州]级|[省市县区州]级决算|本级决算"
    # a report delivered to the people's congress or its standing committee (在市十七届人大常委会第八次会议上)
    r"|在[^。]{0,20}(?:人大常委会|人民代表大会)[^。]{0,16}会议上"
    # the government's (or its finance bureau's) report on the region's budget or 决算
    r"|(?:人民政府|财政局|财政厅)关于[^。]{0,24}?(?:决算|预算)[^。]{0,16}?的报告"
)
_CONGRESS_RE = regex.compile(_CONGRESS)
# The title of the report to the people's congress, wherever it stands
_REPORT_TITLE = regex.compile(r"预算执行情况(?:和|与|及)\S{0,16}?预算(?:草案)?的报告|预算草案的报告")


# A heading or title line that opens the organisation's mandate (主要职能, 部门职责, 职能职责 …):
# text copied from its 三定 provisions, where 本部门 or 部门预算 name the sector or a budget
# system, not the report.
_MANDATE_TITLE = regex.compile(r"(?:主要|基本|部门|单位)?(?:职能|职责)(?:职责|配置)?(?:[和及与]机构设置)?\s*$")
_TITLE_LIKE = regex.compile(r"^[^。；，]{1,30}$")


def mandate_blocks(doc: Document) -> frozenset[int]:
    """Indices of the paragraphs that state the organisation's mandate (cached per document).

    The mandate starts after a heading or a short title line ending in 职能/职责 and runs to the next
    heading, table or title-like line."""
    return doc.cached("mandate-blocks", lambda: _mandate_blocks(doc))


def _mandate_blocks(doc: Document) -> frozenset[int]:
    out: set[int] = set()
    inside = False
    for i, b in enumerate(doc.blocks):
        text = _text(b).strip()
        if isinstance(b, Table):
            inside = False
            continue
        title_like = isinstance(b, Heading) or (_TITLE_LIKE.match(text) is not None and not text.endswith(("：", ":")))
        if title_like:
            inside = _MANDATE_TITLE.search(text) is not None
            continue
        if inside:
            out.add(i)
    return frozenset(out)
