"""A sum a page break may have cut (TBL001): where a table runs on to the next page, the
rows there may be the rest of a group, or the own parts of the row that ended the page,
with codes printed apart that do not tie them back. The figures tell it: parts short of
a whole above them whose last part ends its page, or parts over the whole by the figure
of the row that ends its page. Such a failure is a note ("structure not understood"); the
same misread on one page is an error. Tables of our own, the page of each row set as a
PDF reader would set it."""

from __future__ import annotations

import dataclasses
import re

from auditor.checking import registry
from auditor.checking.engine import run_checks
from auditor.document.reader import read_document

HEAD = "# 某局2026年部门预算\n\n2026年支出预算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 |\n| --- | --- | --- |\n"
TAIL = "| 221 | 住房保障支出 | 356.78 |\n| 22102 | 住房改革支出 | 356.78 |\n| 2210201 | 住房公积金 | 356.78 |\n| | 合计 | 3,456.78 |\n"

# 交通运输支出 3,100 = 公路水路运输 900 + 铁路运输 2,200 (= 行政运行 1,000 + 其他 1,200)
WHOLE_CODES = "| 214 | 交通运输支出 | 3,100.00 |\n| 21401 | 公路水路运输 | 900.00 |\n| 21402 | 铁路运输 | 2,200.00 |\n| 2140201 | 行政运行 | 1,000.00 |\n| 2140299 | 其他铁路运输支出 | 1,200.00 |\n"
# the same rows with the codes printed apart (款 02, 项 01 and 99): the 项 read beside their 款
SPLIT_CODES = "| 214 | 交通运输支出 | 3,100.00 |\n| 21401 | 公路水路运输 | 900.00 |\n| 02 | 铁路运输 | 2,200.00 |\n| 01 | 行政运行 | 1,000.00 |\n| 99 | 其他铁路运输支出 | 1,200.00 |\n"
# a 款 whose 项 is read on its page, then a second 项 number on the next page read under it
SHORT = "| 214 | 交通运输支出 | 3,100.00 |\n| 21401 | 公路水路运输 | 900.00 |\n| 2140101 | 行政运行 | 900.00 |\n| 01 | 行政运行 | 2,200.00 |\n"


def _tbl001(rows: str, first_on_page_2: int):
    """TBL001 on the table, rows from ``first_on_page_2`` (0 is the header) on page 2."""
    doc = read_document(HEAD + rows + TAIL, "t.md")
    for r in doc.tables[0].rows:
        for c in r.cells:
            c.span = dataclasses.replace(c.span, page=2 if r.index >= first_on_page_2 else 1)
    classes, _ = registry.select(["TBL001"], None)
    return run_checks(doc, [c() for c in classes])


def _seen(result) -> list[tuple[str, str, str]]:
    return sorted((f.severity.value, f.reading, re.search(r"「(.*?)」", f.message.zh).group(1)) for f in result.findings)


def test_codes_that_tie_the_rows_across_the_page_hold() -> None:
    for first in (3, 4, 5, 99):
        result = _tbl001(WHOLE_CODES, first)
        assert result.findings == [], first
        held = [v.message.zh for v in result.verified]
        assert any("「交通运输支出」的合计 3,100.00 = 900.00 + 2,200.00" in m for m in held), first


def test_parts_over_the_whole_by_the_row_that_ends_the_page_are_a_note() -> None:
    # 铁路运输 ends page 1, its 项 open page 2: read beside it, they add 2,200.00 too many
    result = _tbl001(SPLIT_CODES, 4)
    assert _seen(result) == [("info", "unconfirmed", "交通运输支出")]
    assert any("住房保障支出" in v.message.zh for v in result.verified)


def test_the_same_misread_on_one_page_is_an_error() -> None:
    result = _tbl001(SPLIT_CODES, 99)
    assert _seen(result) == [("error", "confirmed", "交通运输支出")]


def test_parts_over_by_another_figure_than_the_row_ending_the_page_stay_an_error() -> None:
    # the break falls after 公路水路运输 (900.00): the 2,200.00 too many is not its figure
    result = _tbl001(SPLIT_CODES, 3)
    assert _seen(result) == [("error", "confirmed", "交通运输支出")]


def test_parts_short_of_a_whole_above_them_whose_last_part_ends_the_page_are_a_note() -> None:
    across = _seen(_tbl001(SHORT, 3))  # 公路水路运输 ends page 1: the 类 may go on on page 2
    one_page = _seen(_tbl001(SHORT, 99))
    assert ("info", "unconfirmed", "交通运输支出") in across and ("error", "confirmed", "交通运输支出") in one_page
    # nothing else changes: the 款's own sum (over by 2,200.00, no row ending a page has it) is an error on both
    assert [x for x in across if x[2] != "交通运输支出"] == [x for x in one_page if x[2] != "交通运输支出"] == [("error", "confirmed", "公路水路运输")]
