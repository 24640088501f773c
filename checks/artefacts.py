"""Text artefacts (TXT): traces of conversion that change what the text says."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import lexicon
from auditor.check import Check
from auditor.findings import Finding, Severity, Verified
from auditor.model import Document

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
