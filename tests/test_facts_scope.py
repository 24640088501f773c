"""Table facts whose item is not what their row's words say: the 合计 of a 收入总表 that
holds carry-over columns, a column of one kind of income, a 三公 table's unit rows with
unit codes (found on unseen budgets of Xi'an and Zhuhai issuers)."""

from __future__ import annotations

from pathlib import Path

from auditor import facts
from auditor.document.reader import read_document

CASE = Path(__file__).parent / "cases" / "DIS" / "police-income-table-with-carry-over-columns.md"


def _facts(caption: str) -> list:
    doc = read_document(CASE.read_text(encoding="utf-8"), "case.md")
    return [f for f in facts.facts(doc).table_facts if f.table.caption.endswith(caption)]


def test_an_income_table_with_carry_over_columns_has_no_year_income_total() -> None:
    totals = {f.cell.text: f.item for f in _facts("收入总表") if f.row.role == "total"}
    # the row total holds the 上年结转: not 本年收入合计; nor is the 上年结转 column's 合计;
    # a column of one kind of income (教育收费) totals that kind
    assert totals["34,444.77"] is None
    assert totals["1,310.27"] is None
    assert totals["0.00"] != "本年收入合计"
    # the fund column keeps the year's income of its fund
    assert totals["32,463.85"] == "本年收入合计"


def test_a_three_public_tables_unit_rows_with_unit_codes_count_three_public_items() -> None:
    items = {f.item for f in _facts("“三公”经费预算表") if f.row.role != "total"}
    assert "125001" not in items and "125002" not in items
    assert items <= {"三公经费", "因公出国费用", "公务接待费", "公务用车运行维护费"}, items
