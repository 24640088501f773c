"""The quantity reader: every form in which a report writes a number, and the numbers
that are not quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.document.numbers import cn_to_int, read_quantities
from auditor.document.source import SourceText


def read(text: str):
    src = SourceText(text)
    return read_quantities(src.norm, src.span)


def one(text: str):
    qs = read(text)
    assert len(qs) == 1, [q.raw for q in qs]
    return qs[0]


@pytest.mark.parametrize(
    "text, value, base, decimals",
    [
        ("全市城镇新增就业8.6万人。", "86000", "人", 1),
        ("减免社保费137.6亿元。", "13760000000", "元", 1),
        ("部门整体支出 51935.06 万元。", "519350600", "元", 2),
        ("收入预算37,151.47万元。", "371514700", "元", 2),
        ("拨款 371,514,655.00 元。", "371514655", "元", 2),
        ("就业率为98.7%。", "98.7", "%", 1),
        ("组织考试20.7 万人次。", "207000", "人次", 1),
        ("检查用人单位 2.37 万户。", "23700", "户", 2),
        ("处理案件3.9万件。", "39000", "件", 1),
        ("查处违法案件 271 宗。", "271", "宗", 0),
        ("为 759 名劳动者追发工资。", "759", "人", 0),
        ("覆盖 65 个项目。", "65", "个", 0),
        ("举办招聘会30场。", "30", "场", 0),
        ("制卡 644 万张。", "6440000", "张", 0),
        ("推送岗位信息3万条。", "30000", "条", 0),
        ("发放贷款1358笔。", "1358", "笔", 0),
        ("该指标分值 8 分。", "8", "分", 0),
        ("增长2.5个百分点。", "2.5", "百分点", 1),
        ("预算为３２.５万元。", "325000", "元", 1),
        ("共计１２３４５人。", "12345", "人", 0),
        ("预算3千元。", "3000", "元", 0),
    ],
)
def test_units_magnitudes_and_precision(text: str, value: str, base: str, decimals: int) -> None:
    q = one(text)
    assert q.value == Decimal(value)
    assert q.base_unit == base
    assert q.decimals == decimals


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("现有十三个科室。", 13, "个"),
        ("预算两千三百万元。", 23000000, "元"),
        ("培训一千二百人。", 1200, "人"),
        ("推进三项工程。", 3, "项"),
        ("获两项荣誉。", 2, "项"),
    ],
)
def test_chinese_numerals(text: str, value: int, unit: str) -> None:
    q = one(text)
    assert q.value == value
    assert q.base_unit == unit


def test_cn_to_int() -> None:
    assert cn_to_int("十三") == 13
    assert cn_to_int("两千三百万") == 23_000_000
    assert cn_to_int("一千二百") == 1200
    assert cn_to_int("一亿零五万") == 100_050_000
    assert cn_to_int("二十") == 20
    assert cn_to_int("万") is None


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("接送务工人员近 11 万人。", "近"),
        ("输送9000 多名务工人员。", "多"),
        ("提供岗位超过2万个。", "超过"),
        ("全年一般公共预算支出超 4500 亿元。", "超"),
        ("税收收入突破2000亿元大关。", "突破"),
        ("带动就业3600人以上。", "以上"),
        ("减负约 2 亿元。", "约"),
        ("惠及4 万多人。", "多"),
        ("培训1000余人。", "余"),
    ],
)
def test_qualifiers_make_a_figure_approximate(text: str, qualifier: str) -> None:
    q = one(text)
    assert q.approx == qualifier
    assert not q.is_exact_figure


@pytest.mark.parametrize(
    "text",
    [
        "2020年，全市人社系统扎实推进各项工作。",
        "填报日期：2021 年 7 月",
        "实施周期2025.1.1-2025.12.31。",
        "截至2024年8月31日，共有车辆情况如下。",
        "联系电话：83387770",
        "全面贯彻党的十九届五中全会精神。",
        "圆满完成“1+1+9”重点工作。",
        "深入落实“四个一”精准服务。",
        "喜获第46届世界技能大赛金牌。",
        "依据《2020年度佛山市市级部门整体支出绩效自评表》进行自评。",
        "《普陀区服务企业发展工作实施意见》（普投资规范〔2023〕1号）。",
        "按照沪商规（2024）2号文件执行。",
        "一是倾力驰援一线，二是强化保障。",
        "“十四五”规划2021-2025年。",
        "实行一次性延迟复工补助。",
    ],
)
def test_not_quantities(text: str) -> None:
    assert read(text) == [], [q.raw for q in read(text)]


def test_labels_are_the_words_before_the_figure() -> None:
    qs = read("2020 年部门整体支出 51935.06 万元，其中：基本支出 16113.47 万元，项目支出 35821.59 万元。")
    assert [q.label for q in qs] == ["部门整体支出", "基本支出", "项目支出"]
    q = one("本市应届高校毕业生就业率为98.7%。")
    assert q.label == "本市应届高校毕业生就业率"


def test_spans_point_at_the_figure() -> None:
    text = "甲乙丙 8.6 万人。"
    q = one(text)
    assert text[q.span.start : q.span.end] == "8.6 万人"
    assert (q.span.line, q.span.column) == (1, 5)


def test_full_width_digits_keep_their_location() -> None:
    text = "预算为３２.５万元。"
    q = one(text)
    assert text[q.span.start : q.span.end] == "３２.５万元"


def test_integer_counts_are_exact_and_rounded_figures_are_not() -> None:
    assert one("项目共 65 个。").resolution == 0
    assert one("新增就业8.6万人。").resolution == 1000
    assert one("支出 1062.25 万元。").resolution == 100


def test_negative_and_signed_numbers() -> None:
    assert one("增减 -12.5 万元。").value == Decimal("-125000")


def test_a_hyphen_after_a_bracket_is_a_range_not_a_sign() -> None:
    from auditor.document.reader import read_document

    doc = read_document("综合得分在90（含）-100分为优；本年结余-25.00万元，增长-3.5%。")
    got = [(q.raw, str(q.value)) for p in doc.paragraphs for q in p.quantities]
    assert ("100分", "100") in got and ("-25.00万元", "-250000.00") in got and ("-3.5%", "-3.5") in got
