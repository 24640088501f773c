"""Which table row a prose subject names."""

from __future__ import annotations

import pytest

from auditor.document.labels import RowIndex, core
from auditor.document.reader import read_document

TABLE = """部门支出决算表

单位：万元

| 项目 | 合计 | 基本支出 | 项目支出 |
| --- | --- | --- | --- |
| 一、社会保障和就业支出 | 150.00 | 100.00 | 50.00 |
| 最低生活保障 | 50.00 | | 50.00 |
| 行政运行 | 100.00 | 100.00 | |
| 合计 | 150.00 | 100.00 | 50.00 |
"""


@pytest.fixture(scope="module")
def index() -> RowIndex:
    return RowIndex(read_document(TABLE).tables)


@pytest.mark.parametrize(
    "subject, row",
    [
        ("行政运行", "行政运行"),
        ("最低生活保障支出", "最低生活保障"),  # the prose adds 支出 to the row's name
        ("本年支出合计", "合计"),
        ("部门整体支出", "合计"),
        ("区民政局整体支出", "合计"),  # an organisation's name before the alias
        ("社会保障和就业支出", "一、社会保障和就业支出"),
    ],
)
def test_subjects_that_name_a_row(index: RowIndex, subject: str, row: str) -> None:
    assert [r.label for _, r in index.named(core(subject))] == [row]


@pytest.mark.parametrize(
    "subject",
    [
        "支出总计",  # 总计 is another total than 合计 in final accounts
        "政府采购支出总额",  # the total of something else
        "局机关行政运行",  # a part of the organisation, not the row
        "运行",  # too short to name a row
    ],
)
def test_subjects_that_name_no_row(index: RowIndex, subject: str) -> None:
    assert index.named(core(subject)) == []
