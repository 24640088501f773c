"""The Word reader: paragraphs and tables in order, Word's automatic numbering rendered,
merged cells, tracked changes, origins (第N段, 表K 第R行第C列), bad files; and checks run
on what it reads, each planted error reported at its paragraph or cell."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from officegen import Docx, W, chinese_outline

from auditor.checking.engine import check_text
from auditor.checking.registry import load
from auditor.document.readers import InputError, read_bytes
from auditor.document.readers.docx import format_number


def extract(d: Docx) -> str:
    return read_bytes(d.to_bytes(), "report.docx").text


def lines(d: Docx) -> list[str]:
    return [ln.rstrip() for ln in extract(d).splitlines() if ln.strip()]


def check(d: Docx, *codes: str):
    ex = read_bytes(d.to_bytes(), "report.docx")
    reg = load()
    checks = [reg[c]() for c in codes] if codes else [cls() for cls in reg.values()]
    return ex, check_text(ex.text, "report.docx", checks, ex.origins)


# ------------------------------------------------------------------ numbering


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"), (23, "chineseCounting", "二十三"),
        (105, "chineseCountingThousand", "一百零五"), (3, "ideographTraditional", "丙"), (12, "decimalEnclosedCircle", "⑫"),
        (4, "decimal", "4"), (2, "upperLetter", "B"), (9, "lowerRoman", "ix"), (3, "chineseLegalSimplified", "叁"), (7, "decimalZero", "07"),
    ],
)
def test_list_counters_in_word_formats(n, fmt, shown) -> None:
    assert format_number(n, fmt) == shown


def test_automatic_numbering_is_rendered_as_the_reader_sees_it() -> None:
    d = Docx()
    n = chinese_outline(d)
    d.heading("部门基本情况", 1, num=n, ilvl=0)
    d.para("机构设置", num=n, ilvl=1)
    d.para("人员编制", num=n, ilvl=1)
    d.para("承担疾病预防控制和卫生应急工作。", num=n, ilvl=2)
    d.para("承担基层卫生健康服务工作。", num=n, ilvl=2)
    d.heading("年度主要任务", 1, num=n, ilvl=0)
    d.para("卫生应急", num=n, ilvl=1)  # restarts at （一） under a new 一级
    # a second instance of the same list continues it; a restarted instance starts again
    same = d.instance(0)
    d.heading("绩效目标", 1, num=same, ilvl=0)
    circled = d.list([("decimalEnclosedCircle", "%1", 1)])
    d.para("门诊人次", num=circled)
    d.para("住院人次", num=circled)
    again = d.instance(1, restart={0: 1})
    d.para("出院人次", num=again)
    ganzhi = d.list([("ideographTraditional", "%1、", 1), ("decimal", "%1.%2", 1)])
    d.para("甲类项目", num=ganzhi)
    d.para("2025年完成", num=ganzhi, ilvl=1)
    assert lines(d) == [
        "# 一、部门基本情况", "（一）机构设置", "（二）人员编制", "1.承担疾病预防控制和卫生应急工作。", "2.承担基层卫生健康服务工作。",
        "# 二、年度主要任务", "（一）卫生应急", "# 三、绩效目标", "①门诊人次", "②住院人次", "①出院人次",
        "甲、甲类项目", "甲.1 2025年完成",
    ]


def test_a_list_instance_redefining_a_level_and_restarting() -> None:
    d = Docx()
    d.list([("chineseCounting", "%1、", 1), ("decimal", "%2.", 1)])
    plain = d.instance(0)
    d.para("收入", num=plain)
    d.para("财政拨款", num=plain, ilvl=1)
    d.para("事业收入", num=plain, ilvl=1)
    d.para("支出", num=plain)  # a new 一级 item restarts the level below
    d.para("基本支出", num=plain, ilvl=1)
    # another instance redefines level 2 as （1） and starts level 1 at 五
    other = d.instance(0, restart={0: 5}, levels={1: ("decimal", "（%2）", 1)})
    d.para("其他", num=other)
    d.para("说明", num=other, ilvl=1)
    assert lines(d) == ["一、收入", "1.财政拨款", "2.事业收入", "二、支出", "1.基本支出", "五、其他", "（1）说明"]


def test_headings_by_style_name_and_outline_level() -> None:
    d = Docx(heading_names="zh")  # Chinese Word names its styles 标题 1, 标题 2
    d.heading("总体情况", 1)
    d.para("本段是正文，说明总体情况。")
    d.para("自定义大纲级别的标题", style="Outline2")
    assert lines(d) == ["# 总体情况", "本段是正文，说明总体情况。", "## 自定义大纲级别的标题"]


def test_word_paragraphs_are_not_joined_like_a_page_break() -> None:
    d = Docx()
    d.para("本年度共完成招标采购项目十二个其中公开招标")  # no final punctuation
    d.para("九个，邀请招标三个。")
    from auditor.document.model import Paragraph
    from auditor.document.reader import read_document

    doc = read_document(extract(d), "x.docx")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert len(paras) == 2


# ------------------------------------------------------------------ tables


def test_merged_cells_caption_and_unit_line() -> None:
    d = Docx()
    d.para("表2 一般公共预算财政拨款支出决算表")
    d.table([
        [{"text": "单位：万元", "span": 5}],
        [{"text": "科目编码", "vmerge": "restart"}, {"text": "科目名称", "vmerge": "restart"}, {"text": "本年支出", "span": 3}],
        [{"vmerge": "continue"}, {"vmerge": "continue"}, "合计", "基本支出", "项目支出"],
        ["210", "卫生健康支出", "356.40", "256.40", "100.00"],
        ["21004", {"text": ["公共卫生"]}, "100.00", "", "100.00"],
        ["21011", "行政事业单位医疗", "256.40", "256.40", ""],
    ])
    assert extract(d).splitlines()[:7] == [
        "表2 一般公共预算财政拨款支出决算表",
        "单位：万元",
        "科目编码\t科目名称\t本年支出\t\t",
        "\t\t合计\t基本支出\t项目支出",
        "210\t卫生健康支出\t356.40\t256.40\t100.00",
        "21004\t公共卫生\t100.00\t\t100.00",
        "21011\t行政事业单位医疗\t256.40\t256.40\t",
    ]


def test_a_one_column_layout_table_reads_as_paragraphs() -> None:
    d = Docx()
    d.table([["本年度部门收入合计 120.00 万元，比上年增加 20.00 万元"], ["主要原因是新增专项经费"]])
    text = extract(d)
    assert "\t" not in text
    from auditor.document.model import Paragraph
    from auditor.document.reader import read_document

    paras = [b for b in read_document(text, "x.docx").blocks if isinstance(b, Paragraph)]
    assert [p.text.strip() for p in paras] == ["本年度部门收入合计 120.00 万元，比上年增加 20.00 万元", "主要原因是新增专项经费"]
    ex = read_bytes(d.to_bytes(), "x.docx")
    assert ex.origin_at([ln.rstrip() for ln in ex.text.splitlines()].index("主要原因是新增专项经费") + 1, 1).cell == "表1 第2行第1列"


def test_tracked_changes_read_as_the_current_text() -> None:
    d = Docx()
    d.para(["本年度卫生健康支出 ", ("del", "312.00"), ("ins", "356.40"), " 万元", ("moveFrom", "（已移走）"), ("hidden", "（隐藏）"), "。"])
    assert lines(d) == ["本年度卫生健康支出 356.40 万元。"]


def test_origins_count_paragraphs_as_word_does_and_cells_by_table() -> None:
    d = Docx()
    d.para("第一段文字。")
    d.para("")  # an empty paragraph is not counted
    d.table([["项目", "金额"], ["合计", "5.00"]])
    d.para("第二段文字。")
    ex = read_bytes(d.to_bytes(), "r.docx")
    text = ex.text.splitlines()
    at = {t: ex.origin_at(i + 1, 1).cell for i, t in enumerate(text) if t.strip()}
    assert at["第一段文字。"] == "第1段" and at["第二段文字。"] == "第2段"
    row = text.index("合计\t5.00") + 1
    assert ex.origin_at(row, 1).cell == "表1 第2行第1列" and ex.origin_at(row, 4).cell == "表1 第2行第2列"


# ------------------------------------------------------------------ checks on what was read


def _health_report(total: str = "356.40", prose: str = "100.00") -> Docx:
    d = Docx()
    n = chinese_outline(d)
    d.para("某县卫生健康局2024年度部门决算说明")
    d.heading("支出决算情况说明", 1, num=n)
    d.para(f"2024年度公共卫生支出 {prose} 万元，主要用于基本公共卫生服务；行政事业单位医疗支出 256.40 万元。", num=n, ilvl=1)
    d.para("表1 支出决算表")
    d.para("单位：万元")
    d.table([
        [{"text": "科目名称", "vmerge": "restart"}, {"text": "本年支出", "span": 3}],
        [{"vmerge": "continue"}, "合计", "基本支出", "项目支出"],
        ["公共卫生", "100.00", "", "100.00"],
        ["行政事业单位医疗", "256.40", "226.40", "30.00"],
        ["合计", total, "226.40", "130.00"],
    ])
    d.heading("其他情况说明", 1, num=n)
    d.para("本年度无政府采购。")
    return d


def test_consistent_word_report_has_no_finding_and_its_relations_hold() -> None:
    _, result = check(_health_report())
    assert result.findings == []
    held = {v.check for v in result.verified}
    assert {"TBL001", "TBL002", "PRS001", "NUM001"} <= held


def test_wrong_table_total_is_reported_at_its_cell() -> None:
    _, result = check(_health_report(total="365.40"))
    errors = [f for f in result.findings if f.severity.value != "info"]
    assert {f.check for f in errors} <= {"TBL001", "TBL002"} and errors
    tbl001 = [f for f in errors if f.check == "TBL001"]
    assert [f.span.cell for f in tbl001] == ["表1 第5行第2列"]


def test_prose_figure_differing_from_its_cell_is_reported_at_its_paragraph() -> None:
    ex, result = check(_health_report(prose="110.00"))
    [f] = [f for f in result.findings if f.severity.value != "info"]
    assert f.check == "PRS001"
    assert f.span.cell == "第3段"  # title, heading, then the numbered paragraph
    assert ex.text[f.span.start : f.span.end].startswith("110.00")
    assert any(r.span.cell == "表1 第3行第2列" for r in f.related)


# ------------------------------------------------------------------ bad files


def _zip(**parts: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


BAD_DOCX = {
    "not-a-zip.docx": (b"This is not a Word file at all, just some bytes \x00\x01", "not a Word"),
    "truncated.docx": (None, "truncated"),
    "encrypted.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512, "encrypted"),
    "no-body.docx": (_zip(**{"word__styles.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}), "neither"),
    "bad-xml.docx": (_zip(**{"word__document.xml": b"<w:document><unclosed>", "[Content_Types].xml": b"<x/>"}), "broken"),
}


def _bad_bytes(name: str) -> bytes:
    data, _ = BAD_DOCX[name]
    return data if data is not None else _health_report().to_bytes()[:300]


@pytest.mark.parametrize("name", sorted(BAD_DOCX))
def test_bad_word_files_get_one_line(name) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(_bad_bytes(name), name)
    msg = str(exc.value)
    assert msg.startswith(name) and "\n" not in msg and BAD_DOCX[name][1] in msg


def test_cli_bad_word_files_one_line_each_others_still_checked(tmp_path) -> None:
    (tmp_path / "good.md").write_text("单位：万元\n\n项目\t金额\n人员经费\t5.00\n公用经费\t3.00\n合计\t8.00\n", encoding="utf-8")
    (tmp_path / "fine.docx").write_bytes(_health_report().to_bytes())
    for name in BAD_DOCX:
        (tmp_path / name).write_bytes(_bad_bytes(name))
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(tmp_path), "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == len(BAD_DOCX) and "Traceback" not in proc.stderr
    assert all(any(name in line for line in err) for name in BAD_DOCX)
    import json

    data = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(proc.stdout)["files"]}
    assert data["good.md"]["verified_count"] >= 1 and data["good.md"]["findings"] == []
    assert data["fine.docx"]["verified_count"] >= 3 and data["fine.docx"]["findings"] == []


def test_extract_command_prints_word_text(tmp_path) -> None:
    p = tmp_path / "r.docx"
    p.write_bytes(_health_report().to_bytes())
    proc = subprocess.run([sys.executable, "-m", "auditor", "extract", str(p)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0
    assert "公共卫生\t100.00\t\t100.00" in proc.stdout and "# 一、支出决算情况说明" in proc.stdout


# ------------------------------------------------------------------ a file made by python-docx's Word template


def test_file_from_the_word_template_of_python_docx() -> None:
    """python-docx's default template is a real Word template: its styles are named
    ``heading 1`` / ``Title``, and ``List Number`` numbers its paragraphs through the
    style's own numbering (no numPr on the paragraph)."""
    import docx

    d = docx.Document()
    d.add_heading("某区教育局2025年部门预算", 0)
    d.add_heading("收入预算", 1)
    d.add_paragraph("一般公共预算拨款收入", style="List Number")
    d.add_paragraph("事业收入", style="List Number")
    d.add_paragraph("要点", style="List Bullet")
    t = d.add_table(rows=4, cols=2)
    for r, (a, b) in enumerate([("单位：万元", ""), ("项目", "金额"), ("基本支出", "10.00"), ("合计", "10.00")]):
        t.cell(r, 0).text = a
        t.cell(r, 1).text = b
    t.cell(0, 0).merge(t.cell(0, 1))
    buf = io.BytesIO()
    d.save(buf)
    text = read_bytes(buf.getvalue(), "template.docx").text
    assert [ln.rstrip() for ln in text.splitlines() if ln.strip()] == [
        "# 某区教育局2025年部门预算", "# 收入预算", "1. 一般公共预算拨款收入", "2. 事业收入", "要点",
        "单位：万元", "项目\t金额", "基本支出\t10.00", "合计\t10.00",
    ]


# ------------------------------------------------------------------ property: the map back into the file

_words = st.text(alphabet="收支预算合计万元一二三（）0123456789.,、。 ", min_size=0, max_size=12)
_runs = st.lists(st.one_of(_words, st.tuples(st.sampled_from(["ins", "del", "b", "hidden", "moveFrom"]), _words)), min_size=1, max_size=4)
_cell = st.one_of(_words, st.fixed_dictionaries({"text": st.lists(_words, min_size=1, max_size=2)}), st.just({"vmerge": "continue"}), st.builds(lambda t: {"text": t, "span": 2}, _words))
_block = st.one_of(
    st.tuples(st.just("para"), _runs, st.sampled_from([None, 0, 1, 2])),
    st.tuples(st.just("heading"), _words, st.sampled_from([1, 2, 3])),
    st.tuples(st.just("table"), st.lists(st.lists(_cell, min_size=1, max_size=4), min_size=1, max_size=4)),
)


@given(st.lists(_block, min_size=1, max_size=8))
def test_every_mapped_piece_of_text_is_the_paragraph_text_it_points_at(blocks) -> None:
    from lxml import etree

    from auditor.document.readers.docx import paragraph_text, paragraphs

    d = Docx()
    n = chinese_outline(d)
    for b in blocks:
        if b[0] == "para":
            d.para(b[1], num=n if b[2] is not None else None, ilvl=b[2] or 0)
        elif b[0] == "heading":
            d.heading(b[1], b[2])
        else:
            d.table(b[1])
    try:
        ex = read_bytes(d.to_bytes(), "p.docx")
    except InputError as exc:
        assert "without text" in str(exc)
        return
    paras = [paragraph_text(p) for p in paragraphs(etree.fromstring(d.document_xml().encode()).find(f"{{{W}}}body"))]
    lines = ex.text.split("\n")
    for no, entries in ex.extra.items():
        for col, length, ordinal, off in entries:
            assert lines[no][col : col + length] == paras[ordinal][off : off + length]
    check_text(ex.text, "p.docx", [cls() for cls in load().values()], ex.origins)  # never raises


def test_code_table_from_word_reads_as_the_same_table_from_excel_and_pdf() -> None:
    """The 类/款/项 table of the Excel test, as a Word table (gridSpan and vMerge): the
    same rows, the code parts merged into one code as the PDF reader writes them."""
    from test_reader_xlsx import CODE_ROWS, _code_table_xlsx

    d = Docx()
    d.para("一般公共预算财政拨款支出决算表")
    d.para("编制单位：某市交通运输局 单位：万元")
    grid_rows = [
        [{"text": "科目编码", "span": 3}, {"text": "科目名称", "vmerge": "restart"}, {"text": "本年支出", "span": 3}],
        ["类", "款", "项", {"vmerge": "continue"}, "合计", "基本支出", "项目支出"],
        [{"text": "合计", "span": 4}, *CODE_ROWS[2][4:]],
        *CODE_ROWS[3:],
    ]
    d.table(grid_rows)
    word = extract(d)
    xlsx = read_bytes(_code_table_xlsx(), "t.xlsx").text

    def rows(text: str) -> list[str]:
        return [ln for ln in text.splitlines() if "\t" in ln]

    assert rows(word) == rows(xlsx)
    ex = read_bytes(d.to_bytes(), "t.docx")
    no = ex.text.splitlines().index("2140101\t行政运行\t900.00\t900.00\t") + 1
    assert ex.origin_at(no, 1).cell == "表1 第6行第3列"  # the row's own part of the code: its 项 cell
