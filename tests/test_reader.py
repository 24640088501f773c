"""Readers: headings and sections, paragraphs healed across page breaks, tables."""

from __future__ import annotations

from auditor.document.model import Heading, Paragraph, Table
from auditor.document.reader import read_document


def test_numbering_not_hash_count_decides_the_level() -> None:
    text = "\n".join([
        "## 一、基本情况", "", "### (一) 职能", "", "正文。", "", "## （二）机构", "", "#### （三）任务", "", "1. 第一项。", "2. 第二项。",
        "", "#### 二、评价结果", "", "（1）小项。",
    ])
    doc = read_document(text)
    heads = doc.headings
    assert [h.level for h in heads] == [1, 2, 2, 2, 1]
    assert [h.numbering.kind for h in heads] == ["cn", "cn_paren", "cn_paren", "cn_paren", "cn"]
    assert heads[1].numbering.bracket == "half" and heads[2].numbering.bracket == "full"
    # sections: 二、 is a sibling of 一、, and （三） a child of 一、
    sec = {s.title: s for s in doc.sections}
    assert sec["（三）任务"].parent == sec["一、基本情况"].index
    assert sec["二、评价结果"].parent == 0
    items = [b for b in doc.blocks if isinstance(b, Paragraph) and b.numbering]
    assert [(p.numbering.kind, p.numbering.value) for p in items] == [("arabic", 1), ("arabic", 2), ("arabic_paren", 1)]


def test_bold_lines_and_short_numbered_lines_are_headings() -> None:
    doc = read_document("**某局2023年度绩效自评报告**\n\n一、项目概述\n推动产业发展。\n二、立项依据\n文件。\n")
    assert [h.text for h in doc.headings] == ["某局2023年度绩效自评报告", "一、项目概述", "二、立项依据"]


def test_page_break_joins_paragraph_and_keeps_locations() -> None:
    text = "全年处理劳动争议案件 1.2 万件，累计结案率为\n\n\n96.4%。全年共检查用人单位 300 户。\n"
    doc = read_document(text)
    paras = doc.paragraphs
    assert len(paras) == 1
    p = paras[0]
    assert "累计结案率为96.4%" in p.text
    assert p.joins == [p.text.index("96.4%")]
    rate = next(q for q in p.quantities if q.base_unit == "%")
    assert rate.label == "累计结案率"
    assert (rate.span.line, rate.span.column) == (4, 1)
    assert text[rate.span.start : rate.span.end] == "96.4%"


def test_no_join_after_a_finished_sentence_or_before_a_heading() -> None:
    doc = read_document("第一段写完了全部的内容，没有断开的地方。\n\n第二段。\n\n这一段没有句号但后面是标题很长的一行文字\n\n## 二、下一节\n")
    assert len(doc.paragraphs) == 3


def test_lines_wrapped_without_blank_line_are_one_paragraph() -> None:
    doc = read_document("主要用于支持中小企业发展，金额为29,381.00万\n元，较上年增加。\n")
    p = doc.paragraphs[0]
    q = p.quantities[0]
    assert q.raw == "29,381.00万元" or q.unit == "万元"
    assert q.span.line == 1 and q.span.end_line == 2


def test_tsv_table_with_caption_and_unit() -> None:
    text = "部门支出明细表\n\n单位：万元\n\n项目\t决算数\n一、基本支出\t10.00\n人员经费\t6.00\n公用经费\t4.00\n合计\t10.00\n"
    doc = read_document(text)
    t = doc.tables[0]
    assert t.caption == "部门支出明细表" and t.unit == "万元"
    assert t.header_count == 1
    roles = [(r.label, r.role, r.parent) for r in t.side_rows]
    assert roles == [("一、基本支出", "item", None), ("人员经费", "item", 0), ("公用经费", "item", 0), ("合计", "total", None)]
    cell = t.rows[1].cells[1]
    assert cell.quantity.value == 100000 and cell.quantity.base_unit == "元"
    assert not doc.paragraphs  # caption and unit lines belong to the table


def test_pipe_table_and_empty_cells() -> None:
    text = "| 项目 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|\n| 甲 | 5 | 5 |  |\n| 乙 | 3 |  | 3 |\n"
    t = read_document(text).tables[0]
    assert [c.role for c in t.columns] == ["label", "value", "value", "value"]
    assert t.rows[1].cells[3].text == "" and t.rows[1].cells[3].quantity is None


def test_table_continued_after_page_break_with_repeated_header() -> None:
    text = (
        "单位：元\n\n科目编码\t科目名称\t金额\n201\t一般公共服务支出\t300.00\n20101\t人大事务\t100.00\n\n\n\n"
        "科目编码\t科目名称\t金额\n20102\t政协事务\t200.00\n\t合计\t300.00\n"
    )
    doc = read_document(text)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert [r.code for r in t.side_rows] == ["201", "20101", "20102", ""]
    assert [r.parent for r in t.side_rows][:3] == [None, 0, 0]


def test_split_classification_code_columns_and_three_header_rows() -> None:
    text = (
        "项目\t\t\t\t支出预算\t\t\n功能分类科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n"
        "205\t\t\t教育支出\t30.00\t10.00\t20.00\n205\t01\t\t教育管理事务\t30.00\t10.00\t20.00\n"
        "205\t01\t01\t行政运行\t10.00\t10.00\t\n205\t01\t99\t其他\t20.00\t\t20.00\n合计\t\t\t\t30.00\t10.00\t20.00\n"
    )
    t = read_document(text).tables[0]
    assert t.header_count == 3
    assert [c.role for c in t.columns[:4]] == ["code", "code", "code", "label"]
    assert [r.code for r in t.side_rows] == ["205", "20501", "2050101", "2050199", ""]
    assert t.side_rows[-1].role == "total"
    assert t.columns[5].header == "支出预算/基本支出"


def test_side_by_side_tables_have_their_own_rows() -> None:
    text = "收入\t\t支出\t\n项目\t金额\t项目\t金额\n一、拨款收入\t9.00\t一、教育支出\t9.00\n收入总计\t9.00\t支出总计\t9.00\n"
    t = read_document(text).tables[0]
    assert [c.side for c in t.columns] == [0, 0, 1, 1]
    assert sorted((r.side, r.label) for r in t.side_rows) == [(0, "一、拨款收入"), (0, "收入总计"), (1, "一、教育支出"), (1, "支出总计")]


def test_blocks_carry_sections_and_locations() -> None:
    doc = read_document("## 一、概况\n\n正文 5 人。\n")
    head, para = doc.blocks
    assert isinstance(head, Heading) and isinstance(para, Paragraph)
    assert para.section == 1 and para.span.line == 3
    assert not isinstance(para, Table)


def test_crlf_and_bom_do_not_move_locations() -> None:
    doc = read_document("\ufeff## 一、概况\r\n\r\n正文 5 人。\r\n")
    q = doc.paragraphs[0].quantities[0]
    assert (q.span.line, q.span.column) == (3, 4)


def test_paragraphs_a_layout_reader_separated_stay_separate() -> None:
    """A blank line between two lines without a final mark is a page break left in text
    converted from PDF (Markdown, plain text): the sentence is joined and a character
    doubled across it is found. In the text a PDF, Word or Excel reader wrote, the reader
    decided the paragraphs from the layout: the same lines stay two paragraphs."""
    from auditor.document.reader import read_document
    from auditor.document.readers import Origin

    text = "2026年市级部门支出预算总表反映本部门支出预算\n\n的总体情况，按功能分类列示。\n"
    converted = read_document(text, "x.md")
    assert len(converted.paragraphs) == 1 and converted.paragraphs[0].joins
    laid_out = read_document(text, "x.pdf", {0: [(0, Origin(page=1))], 2: [(0, Origin(page=1))]})
    assert [p.text for p in laid_out.paragraphs] == ["2026年市级部门支出预算总表反映本部门支出预算", "的总体情况，按功能分类列示。"]
    # a line that opens with a table's number and a year is a title of its own, not the rest of
    # the line before (a list of tables: 表3.2026年… / 表4.2026年…)
    titles = read_document("表3.2026年市级部门支出预算总表\n\n表4.2026年市级部门财政拨款收支预算总表\n", "x.md")
    assert [p.text.strip() for p in titles.paragraphs] == ["表3.2026年市级部门支出预算总表", "表4.2026年市级部门财政拨款收支预算总表"]


def test_a_word_wrapped_before_its_numeral_goes_on_its_paragraph() -> None:
    """Text converted from a PDF with its line ends: ``…构建集中统`` / ``一、全面覆盖…`` is the word
    统一 wrapped, not an item; after a finished sentence ``一、`` starts one."""
    text = "（十二）职能转变。优化审计资源配置，构建集中统\n一、全面覆盖、权威高效的审计监督体系。\n一、部门机构设置情况。\n"
    doc = read_document(text, "x.md")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph | Heading)]
    assert paras[0] == "（十二）职能转变。优化审计资源配置，构建集中统一、全面覆盖、权威高效的审计监督体系。"
    assert paras[1].endswith("部门机构设置情况。")


def test_organisation_line_above_a_wrapped_unit_is_not_the_caption() -> None:
    """公开01表 / 收支预算总表 / 部门名称：X / 单位:万元 + the rest of X: the caption is the title,
    not the organisation's line, and the unit is still read."""
    text = "公开01表\n\n收支预算总表\n\n部门名称：某省人大\n\n单位:万元常委会办公厅\n\n收入\t金额\n一、财政拨款\t100.00\n收入合计\t100.00\n"
    doc = read_document(text)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].caption == "收支预算总表"
    assert tables[0].unit == "万元"
