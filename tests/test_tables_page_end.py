"""A group of a table's rows that runs to the foot of a page where the table goes on overleaf
may have parts on the next page: its shortfall is a note. The page's folio printed under the
table (``- 143 -``, a character a line when the page is a book page printed two to a sheet)
does not hide that the table ends its page."""

from __future__ import annotations

import pytest
from conftest import problems

from auditor.checking import registry
from auditor.checking.engine import run_checks
from auditor.document.reader import read_document
from auditor.document.readers import Origin

PAGE_1 = [
    "2025年某市政府性基金预算收支平衡表",
    "",
    "表15 单位：万元",
    "",
    "科目编码\t预算科目\t全市",
    "\t地方本级收入合计\t452,639",
    "110\t转移性收入\t2,116,065",
    "11004\t政府性基金转移支付收入\t320,558",
    "11008\t上年结余收入\t227,591",
    "1100802\t政府性基金预算上年结余收入\t{own}",
    "11009\t调入资金\t45,948",
    "",
    "-",
    "",
    "1",
    "",
    "4",
    "",
    "3",
    "",
    "-",
    "",
]
PAGE_2 = [
    "2025年某市政府性基金预算收支平衡表",
    "",
    "表15 单位：万元",
    "",
    "科目编码\t预算科目\t全市",
    "11011\t债务转贷收入\t1,521,968",
    "1101102\t地方政府专项债务转贷收入\t1,521,968",
]


def _document(planted: bool):
    lines = [ln.format(own="227,519" if planted else "227,591") for ln in PAGE_1] + PAGE_2
    origins = {i: [(0, Origin(page=143 if i < len(PAGE_1) else 144))] for i, ln in enumerate(lines) if ln}
    return read_document("\n".join(lines) + "\n", "x.pdf", origins)


@pytest.mark.parametrize("planted", [False, True])
def test_a_group_at_the_foot_of_a_page_under_its_folio_is_a_note(planted: bool) -> None:
    result = run_checks(_document(planted), [c() for c in registry.select(["TBL001"], None)[0]])
    notes = [f for f in result.findings if "转移性收入" in f.message.zh]
    assert notes and all(f.severity.value == "info" and f.reading != "confirmed" for f in notes)
    if planted:
        assert problems(result) == {("TBL001", 9)}  # the 款 whose 项 do not add up inside the page
    else:
        assert problems(result) == set()
        assert any("227,591 = 227,591" in v.message.zh for v in result.verified)
