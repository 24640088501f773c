"""Names (NAM): the organisation, the report's scope and the classification items are
called the same everywhere.

The organisation's name on every 编制部门/编制单位 line agrees with the others of its kind
and with the cover (an abbreviation — the characters of the full name, in order, some left
out — is allowed: 商务委 for 上海市普陀区商务委员会); a 单位 report does not call itself a
部门 report (its 主管部门's 部门预算 and the standard 部门预算经济分类 are not its own
wording); and a classification code keeps the name the tables give it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from auditor import facts
from auditor.checking.check import Check
from auditor.checking.findings import Finding, Severity, Verified
from auditor.document.model import Document, Heading, Paragraph, Span, Table
from auditor.knowledge import report

_DEPT_LABELS = ("预算主管部门", "主管部门", "编制部门", "部门名称")
_UNIT_LABELS = ("预算单位", "编制单位", "单位名称", "填报单位")
_LABELLED = regex.compile(
    r"(?P<label>预算主管部门|主管部门|编制部门|部门名称|预算单位|编制单位|单位名称|填报单位)\s*[:：]\s*(?P<name>[\p{Han}（）()]{2,40}?)(?=\s|$|[，。；;,*]|单位\s*[:：]|部门负责人|单位负责人|填报人|金额单位)"
)
_PLACEHOLDER = regex.compile(r"[Xx×✕Ｘ]{2}|某某")


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` or an abbreviation of it: its characters occur in
    ``full`` in order (区商务委 of 上海市普陀区商务委员会)."""
    if short == full:
        return True
    if len(short) > len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _same(a: str, b: str) -> bool:
    return abbreviates(a, b) or abbreviates(b, a)


def _lines(doc: Document) -> Iterator[tuple[str, object]]:
    """Paragraphs, headings, captions and the lines above tables (编制部门：… 单位：元),
    each with a function from an index in its text to a source offset."""
    seen = set()
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            yield b.text, b.source_offset
        elif isinstance(b, Heading):
            yield b.text, (lambda i, h=b: h.span.start)
        elif isinstance(b, Table):
            for sp in (b.caption_span, b.unit_span):
                if sp is not None and sp.line not in seen:
                    seen.add(sp.line)
                    line_start = sp.start - (sp.column - 1)
                    yield doc.source.line_text(sp.line), (lambda i, base=line_start: base + i)


class OrganisationNameInconsistent(Check):
    """同一报告中部门（单位）名称前后不一致。
    The organisation's name differs between the cover and the 编制部门/编制单位 lines.

    同类标注（编制部门、主管部门 / 编制单位、预算单位）的名称应相同；简称（按原顺序省去部分字，如“区商务委”）
    不报，名称不同则报告，并指明多数处的写法。占位符（XX局）由 TPL002 报告。

    反例::

        预算主管部门：区生态环境局

        2025年部门收入预算总表

        编制部门：区环境保护局 单位：万元

        | 项目 | 预算数 |
        | --- | --- |
        | 财政拨款收入 | 860.00 |

    正例::

        预算主管部门：区生态环境局

        2025年部门收入预算总表

        编制部门：区生态环境局 单位：万元

        | 项目 | 预算数 |
        | --- | --- |
        | 财政拨款收入 | 860.00 |
    """

    code = "NAM001"
    name = "name.organisation-inconsistent"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        groups: dict[str, list[tuple[str, Span, str]]] = {"dept": [], "unit": []}
        for text, offset in _lines(doc):
            for m in _LABELLED.finditer(text):
                name = "".join(m.group("name").split())
                if _PLACEHOLDER.search(name) or len(name) < 3:
                    continue
                at = doc.source.span(offset(m.start("name")), offset(m.end("name") - 1) + 1)
                kind = "dept" if m.group("label") in _DEPT_LABELS else "unit"
                groups[kind].append((name, at, m.group("label")))
        for items in groups.values():
            if len(items) < 2:
                continue
            votes = Counter(n for n, _s, _l in items)
            reference = votes.most_common(1)[0][0]
            ref_at = next((s, lab) for n, s, lab in items if n == reference)
            for name, at, label in items:
                if _same(name, reference):
                    if name != reference or at != ref_at[0]:
                        yield self.verified(f"{label}“{name}”与“{reference}”一致", f"{label} '{name}' agrees with '{reference}'", [at, ref_at[0]])
                    continue
                yield self.finding(
                    f"{label}写作“{name}”，而文中 {votes[reference]} 处写作“{reference}”",
                    f"{label} reads '{name}', while {votes[reference]} other place(s) read '{reference}'",
                    at,
                    label=("名称不一致", "a different name"),
                    related=[(ref_at[0], f"{ref_at[1]}：{reference}", f"{ref_at[1]}: {reference}")],
                    hint=(f"统一为“{reference}”", f"use '{reference}' throughout"),
                )


# 本部门, 部门预算, 部门决算 — but not 主管部门('s) 部门预算 nor the standard 部门预算经济分类.
_DEPT_WORDING = regex.compile(r"本部门|(?<!主管)(?<!主管部门)(?<!主管部门的)部门(?:预算|决算)(?!支?出?经济分类)")


class DepartmentWordingInUnitReport(Check):
    """单位预算（决算）中使用“本部门”“部门预算”等部门口径的措辞。
    A 单位 report uses 部门 wording (本部门, 部门预算) about itself.

    报告标题为“单位预算/单位决算”时，标题、表名和正文应称“本单位”“单位预算”；提及主管部门的部门预算
    （纳入主管部门部门预算）、标准名称“部门预算经济分类”和“主要职能”中照录的三定职责不报。

    反例::

        # 上海市某区2025年区级单位预算

        注：本部门2025年无政府性基金预算财政拨款安排的预算。

    正例::

        # 上海市某区2025年区级单位预算

        注：本单位2025年无政府性基金预算财政拨款安排的预算，本单位预算纳入主管部门部门预算。
    """

    code = "NAM002"
    name = "name.department-wording-in-unit-report"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        info = report.infer(doc)
        if info.scope != "单位":
            return
        mandate = report.mandate_blocks(doc)
        for i, b in enumerate(doc.blocks):
            if i in mandate:
                continue  # the mandate quotes the 三定 text: 本部门 there names the sector
            if isinstance(b, Paragraph):
                items = [(b.text, b)]
            elif isinstance(b, Heading):
                items = [(b.title or b.text, None)]
            elif isinstance(b, Table) and b.caption:
                items = [(b.caption, None)]
            else:
                continue
            for text, para in items:
                if info.title_span is not None and isinstance(b, Paragraph | Heading) and b.span == info.title_span:
                    continue
                for m in _DEPT_WORDING.finditer(text):
                    span = b.caption_span if isinstance(b, Table) else b.span
                    if para is not None:
                        span = doc.source.span(para.source_offset(m.start()), para.source_offset(m.end() - 1) + 1)
                    if span is None:
                        continue
                    fixed = m.group(0).replace("部门", "单位")
                    yield self.finding(
                        f"单位{info.kind or '报告'}中写作“{m.group(0)}”",
                        f"a 单位 report calls itself '{m.group(0)}'",
                        span,
                        label=("部门口径", "部门 wording"),
                        hint=(f"改为“{fixed}”", f"write '{fixed}'"),
                    )


# “医疗卫生与计划生育支出（210类）”, 卫生健康支出（210）
_NUMBERED = regex.compile(r"\s|^[一二三四五六七八九十]+、")
_CODE = regex.compile(r"[（(]\s*(?P<code>\d{3}|\d{5}|\d{7})\s*(?:类|款|项)?\s*[）)]")
_NAME_BEFORE = regex.compile(r"(?P<name>[\p{Han}、]{2,24})”?\s*$")



_QUALIFIER = regex.compile(r"[（(][^（）()]{1,30}[)）]$")
_SUFFIXES = ("支出", "费用", "经费", "费")


def _same_name(a: str, b: str) -> bool:
    """Two ways of naming one classification code that are the same name: one ends with the
    other; one adds its parent's name in parentheses (一般行政管理事务（人力资源事务）); one
    adds a generic suffix (对个人和家庭的补助支出); one writes the particle 的 the other leaves
    out (对企业的补助, 对企业补助)."""
    a, b = a.replace("的", ""), b.replace("的", "")
    if a == b or a.endswith(b) or b.endswith(a):
        return True
    a2, b2 = _QUALIFIER.sub("", a), _QUALIFIER.sub("", b)
    if (a2 != a or b2 != b) and a2 and b2 and (a2 == b2 or a2.endswith(b2) or b2.endswith(a2)):
        return True
    for suffix in _SUFFIXES:
        if (a2.endswith(suffix) and a2[: -len(suffix)] == b2) or (b2.endswith(suffix) and b2[: -len(suffix)] == a2):
            return True
    return False

class ClassificationNameInconsistent(Check):
    """正文中功能分类科目的名称与表格中同一编码的名称不同（以表格为准）。
    A classification code is called by a different name in the prose than in the tables.

    正文写“名称（编码类）”时，与各表中该编码的名称比较；表格之间名称一致时才比较，提示给出表中的名称。

    反例::

        一般公共预算支出功能分类预算表

        单位：万元

        | 科目编码 | 科目名称 | 预算数 |
        | --- | --- | --- |
        | 210 | 卫生健康支出 | 1,860.00 |

        医疗卫生与计划生育支出（210类）预算 1,860.00 万元。

    正例::

        一般公共预算支出功能分类预算表

        单位：万元

        | 科目编码 | 科目名称 | 预算数 |
        | --- | --- | --- |
        | 210 | 卫生健康支出 | 1,860.00 |

        卫生健康支出（210类）预算 1,860.00 万元。
    """

    code = "NAM003"
    name = "name.classification-inconsistent"
    severity = Severity.WARNING

    def evaluate(self, doc: Document) -> Iterator[Finding | Verified]:
        names = facts.table_code_names(doc, lambda label: _NUMBERED.sub("", label))
        if not names:
            return
        for p in doc.paragraphs:
            for m in _CODE.finditer(p.text):
                head = p.text[max(0, m.start() - 26) : m.start()]
                n = _NAME_BEFORE.search(head)
                if n is None:
                    continue
                code, name = m.group("code"), n.group("name").split("、")[-1]
                name_start = m.start() - len(head) + n.end("name") - len(name)
                name_end = name_start + len(name)
                known = names.get(code)
                if not known or len(known) != 1:
                    continue  # the tables do not name it, or name it two ways themselves
                table_name, table_span = next(iter(known.items()))
                at = doc.source.span(p.source_offset(name_start), p.source_offset(name_end - 1) + 1)
                if _same_name(name, table_name):
                    yield self.verified(f"{code}“{name}”与表中名称一致", f"{code} '{name}' matches the tables", [at])
                    continue
                yield self.finding(
                    f"科目 {code} 在正文中称“{name}”，表中称“{table_name}”",
                    f"code {code} is called '{name}' in the prose but '{table_name}' in the tables",
                    at,
                    label=("与表中名称不同", "not the tables' name"),
                    related=[(table_span, f"表中：{table_name}", f"in the tables: {table_name}")] if table_span is not None else [],
                    hint=(f"以表格为准，改为“{table_name}”", f"the tables win: write '{table_name}'"),
                )
