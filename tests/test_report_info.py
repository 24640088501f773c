"""The report's year, kind, scope and organisation, from title, cover lines and captions."""

import pytest

from auditor.document.reader import read_document
from auditor.knowledge.report import infer


@pytest.mark.parametrize(
    ("text", "year", "kind", "scope", "org"),
    [
        ("2023年度某区卫生健康委员会部门决算\n\n一、部门基本情况\n\n正文。\n", 2023, "决算", "部门", "某区卫生健康委员会"),
        ("**某县农业农村局**\n\n**2022年度项目支出绩效自评报告**\n\n一、基本情况\n", 2022, "绩效自评", None, "某县农业农村局"),
        ("某市2024年市级单位预算\n预算单位：某市图书馆\n\n目 录\n\n一、单位职能\n", 2024, "预算", "单位", "某市图书馆"),
        ("部门名称：某市文化广电旅游局\n\n2021 年度部门整体支出\n\n绩效自评报告\n\n一、概况\n", 2021, "绩效自评", "部门", "某市文化广电旅游局"),
        # captions alone give year and kind; no title, no organisation
        ("一、说明\n\n正文。\n\n2019年部门收入预算总表\n\n单位：万元\n\n项目\t金额\n合计\t1.00\n", 2019, "预算", "部门", None),
        ("一、说明\n\n正文没有年份。\n", None, None, None, None),
        # a fund's name (一般公共预算, 政府性基金预算) is not the report's kind
        ("目 录\n\n表一：2021年全区一般公共预算收入决算表\n\n表二：2021年全区政府性基金预算支出决算表\n", 2021, "决算", None, None),
        ("2025年一般公共预算收支预算表\n\n单位：万元\n", 2025, "预算", None, None),
    ],
)
def test_infer(text, year, kind, scope, org) -> None:
    info = infer(read_document(text))
    assert (info.year, info.kind, info.scope, info.organisation) == (year, kind, scope, org)


def test_generic_place_is_not_an_organisation() -> None:
    info = infer(read_document("上海市普陀区2025年区级部门预算\n\n一、部门主要职能\n"))
    assert info.year == 2025 and info.organisation is None
