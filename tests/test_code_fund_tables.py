"""REL010 and REL009 beyond their case files: the 财政拨款收支总表's fund columns as the
source, and the shapes that must stay silent."""

from __future__ import annotations

from pathlib import Path

from conftest import check_text

CASES = Path(__file__).parent / "cases" / "REL"
WATER = (CASES / "water-codes-fund-tables.md").read_text(encoding="utf-8")

FISCAL = """# 市气象局2024年度部门决算

2024年度财政拨款收入支出决算总表

单位：万元

| 收入项目 | 决算数 | 支出项目 | 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 |
| --- | --- | --- | --- | --- | --- |
| 一、一般公共预算财政拨款 | 920.00 | 一、社会保障和就业支出 | 80.00 | 80.00 |  |
| 二、政府性基金预算财政拨款 |  | 二、自然资源海洋气象等支出 | 800.00 | 800.00 |  |
|  |  | 三、住房保障支出 | 40.00 | 40.00 |  |
| 本年收入合计 | 920.00 | 本年支出合计 | 920.00 | 920.00 |  |
| 总计 | 920.00 | 总计 | 920.00 | 920.00 |  |

2024年度一般公共预算财政拨款支出决算表

单位：万元

| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
| --- | --- | --- | --- | --- |
| 208 | 社会保障和就业支出 | 80.00 | 80.00 |  |
| 220 | 自然资源海洋气象等支出 | 800.00 | 500.00 | 300.00 |
| 221 | 住房保障支出 | 40.00 | 40.00 |  |
|  | 合计 | 920.00 | 620.00 | 300.00 |
"""


def _rel(text: str, code: str):
    result = check_text(text, [code])
    return [f for f in result.findings if f.check == code], result


def test_fiscal_summary_class_missing_from_gpb_table() -> None:
    found, result = _rel(FISCAL, "REL010")
    assert not found and any(v.check == "REL010" for v in result.verified)
    # 住房保障支出 dropped from the 一般公共预算 table; the 支出决算表 gives its code (221), so the
    # 收支总表's line is known as 221
    broken = FISCAL.replace("| 221 | 住房保障支出 | 40.00 | 40.00 |  |\n", "").replace("| 合计 | 920.00 | 620.00 |", "| 合计 | 880.00 | 580.00 |")
    broken += "\n2024年度支出决算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 本年支出合计 |\n| --- | --- | --- |\n| 221 | 住房保障支出 | 40.00 |\n"
    found, _ = _rel(broken, "REL010")
    assert len(found) == 1 and "221" in found[0].message.zh and found[0].related


def test_silent_shapes() -> None:
    # no 政府性基金 table in the report: the code may be that fund's
    assert not _rel(WATER.split("2025年部门政府性基金预算支出功能分类预算表")[0], "REL010")[0]
    # the missing code stands in the table's continuation (an uncaptioned table right after it)
    continued = WATER.replace(
        "|  | 合计 | 1,297.40 | 573.40 | 724.00 |\n",
        "\n| 2130335 | 农村人畜饮水 | 60.00 |  | 60.00 |\n| --- | --- | --- | --- | --- |\n|  | 合计 | 1,357.40 | 573.40 | 784.00 |\n",
    )
    found, result = _rel(continued, "REL010")
    assert not found and any(v.check == "REL010" for v in result.verified)
    # the same name under another code: a code read (or renamed) differently, not a missing line
    renamed = WATER.replace("| 2130306 | 水利工程运行与维护 | 724.00 |  | 724.00 |", "| 2130306 | 水利工程运行与维护 | 724.00 |  | 724.00 |\n| 2130399 | 农村人畜饮水 | 0.00 |  |  |")
    assert not _rel(renamed, "REL010")[0]


def test_empty_three_public_table_other_year_or_figures() -> None:
    text = (CASES / "museum-three-public-empty.md").read_text(encoding="utf-8")
    # the prose's figure is the year before's: nothing to compare
    prior = text.replace("2024年度“三公”经费财政拨款支出决算为 1.86 万元，", "上年“三公”经费财政拨款支出决算为 1.86 万元，")
    assert not _rel(prior, "REL009")[0]
    # a table with figures is PRS001's to compare, not an empty table
    full = text.replace("决算数\t0.00\t0.00\t0.00\t0.00", "决算数\t1.86\t0.00\t0.00\t1.86").replace("注：本单位2024年度无“三公”经费支出，本表为空。", "")
    assert not _rel(full, "REL009")[0]
    found, _ = _rel(text, "REL009")
    assert len(found) == 1 and len(found[0].related) == 2  # the table and its note


def test_unread_or_coarser_fund_tables() -> None:
    # the 政府性基金 table has figures but no code was read: its codes are not known
    unread = WATER.replace("|  | 合计 |  |  |  |\n\n注：本部门2025年无政府性基金预算拨款安排的支出，本表为空。", "|  | 合计 | 60.00 |  | 60.00 |")
    assert not _rel(unread, "REL010")[0]
    # the 一般公共预算 table lists 21303 only to its 款 but the other branches to their 项: 2130335 is listed as far as it goes
    coarse = WATER.replace("| 2130301 | 行政运行 | 512.00 | 512.00 |  |\n| 2130306 | 水利工程运行与维护 | 724.00 |  | 724.00 |\n", "")
    found, result = _rel(coarse, "REL010")
    assert not found and any(v.check == "REL010" for v in result.verified)
    # the code written in the text (a project's description) is left alone: it may be listed where it was not read
    told = WATER + "\n农村人畜饮水（2130335）项目 60.00 万元。\n"
    assert not _rel(told, "REL010")[0]


def test_empty_three_public_table_in_word() -> None:
    import io

    import docx
    from test_standard_labels import _run

    def build(amount: str) -> bytes:
        d = docx.Document()
        d.add_paragraph("县供销社2024年度部门决算")
        for caption, rows in (
            ("2024年度收入支出决算总表", [["收入项目", "决算数", "支出项目", "决算数"], ["一、一般公共预算财政拨款收入", "230.50", "一、商业服务业等支出", "230.50"], ["总计", "230.50", "总计", "230.50"]]),
            ("2024年度财政拨款“三公”经费支出决算表", [["项目", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"], ["预算数", "0.00", "0.00", "0.00"], ["决算数", "0.00", "0.00", "0.00"]]),
        ):
            d.add_paragraph(caption)
            d.add_paragraph("单位：万元")
            table = d.add_table(rows=len(rows), cols=4)
            for i, row in enumerate(rows):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
        d.add_paragraph(f"2024年度“三公”经费财政拨款支出决算为 {amount} 万元。")
        out = io.BytesIO()
        d.save(out)
        return out.getvalue()

    bad = _run(build("0.75"), "supply.docx", ("REL009",))
    assert [f.check for f in bad.findings] == ["REL009"] and "0.75" in bad.findings[0].message.zh
    good = _run(build("0"), "supply.docx", ("REL009",))
    assert not good.findings and any(v.check == "REL009" for v in good.verified)
