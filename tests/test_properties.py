"""Property tests: the quantity reader reads back what was written, and nothing — the
reader, the table builder, any check — raises or hangs on arbitrary or hostile input."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from auditor.checking import registry
from auditor.checking.engine import run_checks
from auditor.document.numbers import read_quantities
from auditor.document.reader import read_document
from auditor.document.source import SourceText
from auditor.outputs.render import json_out, rich_out

CHECKS = [cls() for cls in registry.load().values()]
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
UNITS = ["万元", "元", "亿元", "人", "万人", "人次", "个", "家", "件", "%"]
SCALE = {"万元": 10**4, "元": 1, "亿元": 10**8, "人": 1, "万人": 10**4, "人次": 1, "个": 1, "家": 1, "件": 1, "%": 1}


def _written(value: Decimal, decimals: int, separators: bool) -> str:
    text = f"{value:,.{decimals}f}" if separators else f"{value:.{decimals}f}"
    return text


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
    st.booleans(),
    st.sampled_from(UNITS),
    st.sampled_from(["支出", "城镇新增就业", "项目", "完成率为", "其中：基本支出"]),
    st.booleans(),
)
def test_a_written_number_reads_back_to_its_value(units: int, decimals: int, separators: bool, fullwidth: bool, unit: str, label: str, space: bool) -> None:
    value = Decimal(units).scaleb(-decimals)
    written = _written(value, decimals, separators)
    if fullwidth:
        written = written.translate(FULLWIDTH)
    text = f"本年{label}{written}{' ' if space else ''}{unit}，较好完成。"
    src = SourceText(text)
    qs = read_quantities(src.norm, src.span)
    assert len(qs) == 1, [q.raw for q in qs]
    q = qs[0]
    assert q.value == value * SCALE[unit]
    assert q.decimals == decimals
    assert text[q.span.start : q.span.end].startswith(written)


@given(st.text(max_size=400))
def test_reading_never_raises_on_arbitrary_text(text: str) -> None:
    src = SourceText(text)
    for q in read_quantities(src.norm, src.span):
        assert 0 <= q.span.start <= q.span.end <= len(src.text)


_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "## 一、概况", "### （二）情况", "单位：万元", "| 项目 | 金额 |", "|---|---|", "合计\t1\t2", "一、基本支出\t10\t", "\t\t\t", "其中：", "1. 项目", "（1）子项",
                     "### （一）预算编制（10分）", "本项得 9 分。", "支出预算 100 万元，主要用于以下方面：", "1. 支出 60 万元，占 60%。", "2. 其他 30 万元，占项目支出的 30%。",
                     "项目\t上年决算数\t本年决算数\t增减额\t增减率（%）", "收入\t0\t12\t12\t", "| 指标 | 分值 | 得分 |", "| 合计 | 100 | 101 |", "执行率（B/A）\t全年预算数（A）\t全年执行数（B）",
                     "<!-- auditor-ignore: TBL -->", "与2021年相比，支出减少 3 万元，下降 5%。", "下设 3 个中心：甲中心、乙中心。"]),
    st.builds(lambda a, b, c: f"{a}\t{b}\t{c}", st.text(max_size=8), st.integers(-10**6, 10**6), st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6)),
    st.builds(lambda n, u: f"共计{n}{u}，其中甲{n}{u}", st.integers(0, 10**9), st.sampled_from(UNITS)),
    st.builds(lambda k: f"该指标分值 {k} 分，自评得分 {k + 1} 分。", st.integers(0, 100)),
)


@given(st.lists(_LINES, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_pipeline_never_raises_on_arbitrary_documents(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    doc = read_document(text)
    result = run_checks(doc, CHECKS)
    assert result.internal_errors == []
    # every finding points inside the text, says something in both languages, and renders
    n_lines = len(doc.source.text.splitlines()) or 1
    for f in result.findings:
        for span in [f.span, *(r.span for r in f.related)]:
            assert 0 <= span.start <= span.end <= len(doc.source.text)
            assert 1 <= span.line <= span.end_line <= n_lines + 1
        assert f.message.zh and f.message.en
    data = json_out.to_dict([result], "zh")
    json.dumps(data, ensure_ascii=False)
    out = io.StringIO()
    rich_out.render([result], {result.path: doc.source}, Console(file=out, width=100, color_system=None), "en", show_verified=True)
    assert out.getvalue()


def _run(text: str) -> None:
    result = run_checks(read_document(text), CHECKS)
    assert result.internal_errors == []


def test_huge_line() -> None:
    _run("支出" + "1,234.56万元，" * 20000)


def test_thousands_of_headings() -> None:
    _run("\n\n".join(f"## {'一二三四五六七八九十'[i % 10]}、标题{i}" for i in range(3000)))


def test_deeply_nested_numbering() -> None:
    styles = ["{}、", "（{}）", "{}.", "（{}）", "①"]
    cn = "一二三四五六七八九"
    lines = []
    for i in range(2000):
        level = i % 5
        n = cn[i % 9] if level < 2 else str(i % 9 + 1)
        lines.append(styles[level].format(n) + "内容 5 人。")
    _run("\n".join(lines))


def test_ragged_and_empty_tables() -> None:
    rows = ["项目\t金额\t备注\t"] + ["\t".join(["x"] * (i % 7)) for i in range(500)] + ["合计", "\t\t\t\t\t\t\t\t"]
    _run("单位：万元\n" + "\n".join(rows))
    _run("| a |\n|---|\n| |\n| 1 | 2 | 3 | 4 |\n|||\n")


def test_numbers_with_hundreds_of_digits() -> None:
    big = "9" * 400
    _run(f"支出{big}.{big}万元，其中基本支出{big}万元。\n\n项目\t金额\n合计\t{big}\n甲\t{big}.5\n")


def test_code_hierarchy_cycles_and_repeats() -> None:
    rows = "\n".join(f"{'2' * (i % 9 + 1)}\t名称{i}\t{i}.00" for i in range(800))
    _run("科目编码\t科目名称\t金额\n" + rows + "\n\t合计\t1.00\n")
