"""Matching labels: which table row a figure in the prose names.

A prose subject names a row when it is the row's name, the row's name after words of
scope or after its ancestors' names (一般公共服务支出商贸事务行政运行 -> 行政运行), or a
clear part of it (公用经费 -> 日常公用经费). ``部门整体支出`` names the total of an
expenditure table. Exact matches win over partial ones.
"""

from __future__ import annotations

import functools

import regex

from auditor.document import lexicon
from auditor.document.model import SideRow, Table
from auditor.document.numbering import nowhere, parse_numbering

_NOISE = regex.compile(r"[\s\u3000“”\"'‘’「」*]|[（(][^（）()]{0,30}[）)]")


@functools.lru_cache(maxsize=8192)
@functools.lru_cache(maxsize=8192)
def core(label: str) -> str:
    """A row or subject name without numbering, 其中, brackets, quotes and spaces."""
    text = label.strip()
    numbering, rest = parse_numbering(text, nowhere)
    if numbering is not None:
        text = text[rest:]
    text = _NOISE.sub("", text)
    for lead in lexicon.OF_WHICH_WORDS:
        if text.startswith(lead):
            text = text[len(lead):]
    return text


def strip_scope(prefix: str, ancestors: list[str]) -> str:
    """What is left of a prefix once scope words, an organisation's name and the names
    of the row's ancestors are taken off its end."""
    changed = True
    while prefix and changed:
        changed = False
        for name in ancestors + list(lexicon.SCOPE_WORDS):
            if name and prefix.endswith(name):
                prefix, changed = prefix[: -len(name)], True
        if any(prefix.endswith(s) for s in lexicon.ORG_SUFFIXES):
            return ""
    if prefix and any(len(prefix) >= 2 and a.endswith(prefix) for a in ancestors):
        return ""  # the label was cut inside an ancestor's name
    return prefix


# Words a prose subject may add to a row's name: 最低生活保障 (row) / 最低生活保障支出 (prose).
_ROW_SUFFIXES = ("支出", "经费", "资金")


def same_total(subject: str, row_label: str) -> bool:
    """Whether a subject that names a total names this total row. In final accounts 合计
    and 总计 are different totals (总计 adds carry-overs to the year's 合计), so a subject
    that says one of them names only a row that says the same."""
    for word in ("总计", "合计"):
        if word in subject:
            return word in row_label
    return True


def names_total(subject: str) -> bool:
    """Whether a subject names a table's total expenditure: 部门整体支出, 本年支出合计,
    市文化局整体支出 — but not 政府采购支出总额, which is the total of something else."""
    if not subject.endswith(lexicon.TOTAL_ALIASES):
        return False  # ends with none of them (nor is one): most subjects, in one call
    for alias in lexicon.TOTAL_ALIASES:
        if subject == alias or (subject.endswith(alias) and not strip_scope(subject[: -len(alias)], [])):
            return True
    return False


def _ancestors(table: Table, row: SideRow) -> list[str]:
    out = []
    seen = 0
    parent = row.parent
    while parent is not None and seen < 10:
        r = table.side_rows[parent]
        out.append(core(r.label))
        parent = r.parent
        seen += 1
    return out


def match(subject: str, table: Table, row: SideRow) -> str | None:
    """``exact``, ``partial`` or None: how well a prose subject names a row."""
    name = core(row.label)
    if not subject or not name:
        return None
    if row.role == "total":
        caption = table.caption + " ".join(c.header for c in table.columns)
        if "支出" in caption and names_total(subject) and same_total(subject, name):
            return "exact"
        return "exact" if len(name) >= 4 and subject == name else None
    if row.role not in ("item", "subtotal", "of_which"):
        return None
    if subject == name or (len(name) >= 3 and subject[:-2] == name and subject.endswith(_ROW_SUFFIXES)):
        return "exact"  # 最低生活保障支出 names the row 最低生活保障
    if len(name) >= 3 and subject.endswith(name) and not strip_scope(subject[: -len(name)], _ancestors(table, row)):
        return "exact"
    if len(subject) >= 3 and name.endswith(subject) and len(subject) * 2 >= len(name):
        return "partial"
    return None


class RowIndex:
    """Rows of many tables indexed by name, so that finding the rows a subject names
    costs the subject's length, not the number of rows in the document. It gives the
    same answer as calling :func:`match` on every row."""

    def __init__(self, tables: list[Table]) -> None:
        self._by_name: dict[str, list[tuple[int, Table, SideRow]]] = {}
        self._by_suffix: dict[str, list[tuple[int, Table, SideRow]]] = {}
        self._totals: list[tuple[int, Table, SideRow]] = []
        self._named: dict[str, list[tuple[Table, SideRow]]] = {}
        order = 0
        for t in tables:
            for r in t.side_rows + t.column_items:
                entry = (order, t, r)
                order += 1
                if r.role == "total":
                    if "支出" in t.caption + " ".join(c.header for c in t.columns):
                        self._totals.append(entry)  # an expenditure table's total
                    name = core(r.label)
                    if len(name) >= 4:  # 本年收入合计, 支出总计: a total named by its own words
                        self._by_name.setdefault(name, []).append(entry)
                    continue
                name = core(r.label)
                if not name or r.role not in ("item", "subtotal", "of_which"):
                    continue
                self._by_name.setdefault(name, []).append(entry)
                for k in range(1, len(name) - 2):  # proper suffixes of 3 characters or more
                    self._by_suffix.setdefault(name[k:], []).append(entry)
        self._name_lengths = sorted({len(name) for name in self._by_name}, reverse=True)
        """The lengths of the names indexed: a subject's ends of other lengths name no row."""

    def named(self, subject: str) -> list[tuple[Table, SideRow]]:
        """Every row the subject names; exact matches only, when there are any (found once
        per subject: the fact layer and the checks ask for the same names again)."""
        found = self._named.get(subject)
        if found is None:
            found = self._named[subject] = self._find(subject)
        return list(found)

    def _find(self, subject: str) -> list[tuple[Table, SideRow]]:
        if not subject:
            return []
        exact: dict[int, tuple[Table, SideRow]] = {}
        partial: dict[int, tuple[Table, SideRow]] = {}
        if names_total(subject):
            for order, t, r in self._totals:
                if same_total(subject, core(r.label)):
                    exact[order] = (t, r)
        for order, t, r in self._by_name.get(subject, ()):
            exact[order] = (t, r)
        if subject.endswith(_ROW_SUFFIXES) and len(subject) >= 5:
            for order, t, r in self._by_name.get(subject[:-2], ()):
                exact[order] = (t, r)  # 最低生活保障支出 names the row 最低生活保障
        for n in self._name_lengths:  # the subject ends with a row's name (3 characters or more, shorter than it)
            if not 3 <= n < len(subject):
                continue
            for order, t, r in self._by_name.get(subject[-n:], ()):
                if order not in exact and match(subject, t, r) == "exact":
                    exact[order] = (t, r)
        if exact:
            return [exact[k] for k in sorted(exact)]
        if len(subject) >= 3:  # a row's name ends with the subject
            for order, t, r in self._by_suffix.get(subject, ()):
                if match(subject, t, r) == "partial":
                    partial[order] = (t, r)
        return [partial[k] for k in sorted(partial)]


def rows_named(subject: str, tables: list[Table]) -> list[tuple[Table, SideRow]]:
    """Every row the subject names; exact matches only, when there are any."""
    return RowIndex(tables).named(subject)
