"""A corpus of generated performance self-evaluation reports, from a seed and templates.

Each report is shaped like a real 部门整体支出绩效自评报告 of a few tens of KB: headings
numbered by level, an expenditure table in 万元 or 元 (tab-separated or a Markdown pipe
table), prose that restates the table's figures, a breakdown, a statistic stated in two
sections, an enumeration, a coverage rate, a completion rate, indicator scores and a
grade, and filler paragraphs. Wording, departments, figures and layout vary with the
seed. A share of the reports carries one planted error whose kind is recorded, so that a
run over the corpus measures what is caught as well as how fast.

    python benchmarks/corpus.py OUTDIR [N] [SEED]
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DEPARTMENTS = [
    ("市教育局", "教育"), ("区卫生健康局", "卫生健康"), ("县农业农村局", "农业农村"), ("市交通运输局", "交通运输"),
    ("区民政局", "民政"), ("市文化广电旅游局", "文化旅游"), ("县水利局", "水利"), ("市生态环境局", "生态环境"),
    ("区市场监督管理局", "市场监管"), ("市体育局", "体育"), ("县自然资源局", "自然资源"), ("市司法局", "司法行政"),
]
OFFICES = [
    "办公室", "政策法规科", "计划财务科", "人事科", "规划发展科", "综合执法科", "审批服务科", "安全监督科",
    "宣传教育科", "信息化科", "项目管理科", "督查考核科", "机关党委办公室", "统计科", "科技科", "对外合作科",
]
UNITS = ["信息中心", "服务中心", "培训中心", "档案馆", "监测站", "指导站", "研究所", "事务中心"]
STATISTICS = [  # (label, unit, low, high, decimals): a figure the report states twice
    ("全年培训基层干部", "人次", 1200, 9800, 0), ("新增服务对象", "万人", 1.2, 9.8, 1),
    ("完成监督检查", "家", 300, 4000, 0), ("办理群众来信来访", "件", 500, 6000, 0),
    ("新建服务站点", "个", 12, 160, 0), ("惠及困难群众", "万人", 0.5, 6.5, 1),
]
FILLER = [
    "本部门坚持以人民为中心的发展思想，围绕年度重点任务，统筹推进各项工作。",
    "严格执行预算管理制度，规范资金使用流程，确保财政资金安全、规范、有效。",
    "按照上级部门的统一部署，认真组织开展各项专项工作，取得了较好的社会效果。",
    "加强内部控制建设，完善财务管理、资产管理和政府采购等制度，堵塞管理漏洞。",
    "强化绩效目标管理，将绩效目标细化分解为可衡量的绩效指标，实行全过程跟踪。",
    "持续推进信息公开，在门户网站按时公开部门预算、决算及相关说明，接受社会监督。",
    "落实过紧日子要求，严控一般性支出，压减非急需、非刚性支出。",
    "对照年初工作计划，逐项梳理任务完成情况，对进度滞后的事项及时督办。",
    "加强干部队伍建设，组织开展业务培训，提升干部依法履职能力。",
    "深化“放管服”改革，优化办事流程，压缩办理时限，提升群众满意度。",
    "建立健全项目库管理制度，做好项目前期论证，提高预算编制的科学性。",
    "会同有关部门开展联合检查，及时发现和整改存在的问题。",
]
DUTIES = [
    "贯彻执行国家和省、市有关方针政策和法律法规，拟订本行业发展规划并组织实施。",
    "负责本行业的统筹协调和综合管理工作，指导下级部门开展业务工作。",
    "负责行业安全监督管理，组织开展专项整治和执法检查。",
    "负责本部门预算编制和财务管理，监督管理所属单位的国有资产。",
    "组织开展行业人才队伍建设和教育培训工作。",
    "负责行业信息化建设和统计工作，发布有关信息。",
    "承办上级机关交办的其他事项。",
]
# A small phrase grammar for realistic filler: subject + action + object + result.
ACTIONS = ["扎实推进", "统筹做好", "持续深化", "全面加强", "认真落实", "积极开展", "稳步推进", "不断完善"]
OBJECTS = ["行业监管工作", "基层服务能力建设", "重点项目建设", "专项资金管理", "依法行政工作", "安全生产工作",
           "队伍作风建设", "数字化转型工作", "公共服务体系建设", "政策宣传解读工作", "风险防控工作", "标准化建设"]
RESULTS = ["取得明显成效", "服务水平进一步提升", "各项任务按期完成", "群众获得感不断增强", "工作机制更加健全",
           "形成了一批可复制的经验做法", "为全年目标任务的完成提供了有力保障"]
FACTS = [  # each used at most once per report: a figure with its own label
    ("组织开展专题培训", "场", 5, 60), ("发放宣传资料", "份", 2000, 90000), ("受理投诉举报", "件", 50, 3000),
    ("开展执法检查", "次", 20, 800), ("召开专题工作会议", "次", 4, 40), ("培训业务骨干", "人次", 100, 5000),
    ("办结行政许可事项", "件", 300, 20000), ("完成项目验收", "个", 3, 80), ("走访服务企业", "家", 40, 1500),
    ("整改问题隐患", "处", 30, 900), ("新建标准化站点", "个", 2, 50), ("编印工作简报", "期", 6, 48),
]
INDICATORS = ["预算编制情况", "绩效目标设置情况", "资金管理情况", "财务管理情况", "项目管理情况", "资产管理情况",
              "公用经费控制情况", "重点任务完成情况", "履职效益情况"]
NUMERALS = "一二三四五六七八九十"
KINDS = ["table-cell", "prose-figure", "breakdown", "repeat", "score", "weight", "grade", "rate", "enumeration",
         "heading", "claim"]


@dataclass
class Report:
    name: str
    text: str
    planted: str | None = None  # the kind of the planted error, if any
    notes: dict = field(default_factory=dict)


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return (Decimal(rng.randint(int(low * 100), int(high * 100))) / 100).quantize(Decimal("0.01"))


def _pct(num: Decimal, den: Decimal) -> str:
    return str((num / den * 100).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _cn(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


def _grade(score: Decimal) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def _weights(rng: random.Random, k: int) -> list[int]:
    cuts = sorted(rng.sample(range(4, 97), k - 1))
    while any(b - a < 4 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)):
        cuts = sorted(rng.sample(range(4, 97), k - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def generate(index: int, seed: int = 2026, plant_share: float = 0.3) -> Report:
    rng = random.Random(seed * 100_003 + index)
    dept, field_ = rng.choice(DEPARTMENTS)
    year = rng.randint(2019, 2024)
    yuan = rng.random() < 0.25
    pipe = rng.random() < 0.3
    planted = rng.choice(KINDS) if rng.random() < plant_share else None

    # Figures in 万元 with two decimals.
    staff = [_money(rng, 800, 9000) for _ in range(3)]  # 年初, 调整, 决算
    public = [_money(rng, 80, 1500) for _ in range(3)]
    project = [_money(rng, 500, 40000) for _ in range(3)]
    basic = [s + p for s, p in zip(staff, public, strict=True)]
    total = [b + p for b, p in zip(basic, project, strict=True)]
    cells = {"人员经费": staff, "日常公用经费": public, "一、基本支出": basic, "二、项目支出": project, "合计": total}

    lines: list[str] = []
    out = lines.append

    def heading(level: int, number: str, title: str) -> None:
        out(f"{'#' * (level + 1)} {number}{title}")
        out("")

    facts = rng.sample(FACTS, len(FACTS))

    def sentence() -> str:
        if rng.random() < 0.5:
            return rng.choice(FILLER)
        return f"{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{rng.choice(RESULTS)}。"

    def filler(n: int) -> None:
        text = "".join(sentence() for _ in range(n))
        if facts and rng.random() < 0.4:
            label_, unit_, lo, hi = facts.pop()
            text += f"全年{label_}{rng.randint(lo, hi)}{unit_}，{rng.choice(RESULTS)}。"
        out(text)
        out("")

    out(f"**{dept}{year}年度部门整体支出绩效自评报告**")
    out("")
    out(f"填报单位：{dept}  ")
    out(f"填报日期：{year + 1} 年 {rng.randint(3, 8)} 月")
    out("")

    # 一、部门基本情况
    heading(1, "一、", "部门基本情况")
    heading(2, "（一）", "部门职能")
    for i, duty in enumerate(rng.sample(DUTIES, rng.randint(4, 7)), 1):
        out(f"{i}. {duty}")
    out("")

    heading(2, "（二）", "机构设置")
    offices = rng.sample(OFFICES, rng.randint(5, 11))
    units = [f"{dept[:-1]}{u}" for u in rng.sample(UNITS, rng.randint(2, 4))]
    count = len(offices) + (1 if planted == "enumeration" else 0)
    out(f"{dept}机关内设 {count} 个科室，包括{'、'.join(offices)}。"
        f"下属事业单位 {len(units)} 个，分别是{'、'.join(units)}。")
    out("")

    label, unit, low, high, dec = rng.choice(STATISTICS)
    stat = Decimal(str(round(rng.uniform(low, high), dec))) if dec else Decimal(rng.randint(int(low), int(high)))
    stat_text = f"{stat:.{dec}f}"
    heading(2, "（三）", "年度主要工作")
    for _ in range(rng.randint(4, 8)):
        filler(rng.randint(5, 10))
    out(f"{year}年，{dept}围绕{field_}工作重点，{label}{stat_text}{unit}。" + "".join(rng.sample(FILLER, 2)))
    out("")
    filler(rng.randint(2, 5))

    # 整体支出 and the table.
    heading(2, "（四）", "整体支出使用情况")
    prose_basic = basic[2] + (Decimal("0.18") if planted == "breakdown" else 0)
    out(f"根据{year}年度部门决算，{year}年部门整体支出 {total[2]} 万元，其中：基本支出 {prose_basic} 万元，"
        f"项目支出 {project[2]} 万元。支出明细见下表：")
    out("")
    out("部门整体支出明细表")
    out("")
    out("单位：元" if yuan else "单位：万元")
    out("")
    header = ["支出类别", "年初预算数", "调整预算数", "决算数"]
    rows = []
    planted_cell = rng.choice(["人员经费", "日常公用经费"]) if planted == "table-cell" else None
    for name in ["一、基本支出", "人员经费", "日常公用经费", "二、项目支出"]:
        values = list(cells[name])
        if name == planted_cell:
            values[rng.randrange(3)] += Decimal("0.30")
        rows.append([name, *values])
    rows.append(["三、上缴上级支出", "", "", ""])
    rows.append(["四、对附属单位补助支出", "", "", ""])
    rows.append(["合计", *total])

    def cell(v) -> str:
        if v == "" or isinstance(v, str):
            return v
        return f"{v * 10000:.2f}" if yuan else f"{v}"

    if pipe:
        out("| " + " | ".join(header) + " |")
        out("|" + "---|" * len(header))
        for r in rows:
            out("| " + " | ".join(cell(v) for v in r) + " |")
    else:
        out("\t".join(header))
        for r in rows:
            out("\t".join(cell(v) for v in r))
    out("")

    # 二、绩效自评
    heading(1, "二、", "绩效自评结果及指标分析")
    k = rng.randint(6, 9)
    weights = _weights(rng, k)
    scores = [w - rng.choice([0, 0, 0, 1, 2]) for w in weights]
    total_score = sum(scores)
    stated_total = total_score + (1 if planted == "score" else 0)
    grade = _grade(Decimal(total_score))
    if planted == "grade":
        grade = {"优": "良", "良": "优", "中": "良", "差": "中"}[grade]
    out(f"根据部门整体支出绩效评价指标体系，{dept}{year}年度部门整体支出绩效自评得分为{stated_total}分，"
        f"绩效等级为“{grade}”。各项指标自评情况如下：")
    out("")
    names = rng.sample(INDICATORS, k)
    skip = rng.randrange(2, k) if planted == "heading" else None
    number = 0
    projects = rng.randint(12, 90)
    evaluated = projects - rng.randint(0, 3)
    claim_done = False
    for i, (name, w, s) in enumerate(zip(names, weights, scores, strict=True)):
        number += 2 if i == skip else 1
        heading(2, f"（{_cn(number)}）", name)
        filler(rng.randint(3, 8))
        filler(rng.randint(2, 6))
        if i == 1:
            rate = _pct(Decimal(evaluated), Decimal(projects))
            if planted == "rate":
                rate = str(Decimal(rate) - Decimal("1.50"))
            out(f"{year}年度本部门项目共 {projects} 个，对 {evaluated} 个项目开展了绩效自评，项目自评覆盖率为 {rate}%。")
            out("")
        if i == 2:
            done = _pct(total[2], total[1])
            out(f"全年调整预算为 {total[1]} 万元，支出决算为 {total[2]} 万元，完成全年预算数的 {done}%。")
            out("")
        if i == 3 and not claim_done:
            claim_done = True
            actual = public[2] + (Decimal("0.45") if planted == "prose-figure" else 0)
            if planted == "claim":
                word = "大于" if actual < public[0] else "小于"
            else:
                word = "小于" if actual < public[0] else "大于" if actual > public[0] else "等于"
            out(f"{year}年预算安排公用经费 {public[0]} 万元，实际支出为 {actual} 万元，实际支出数{word}预算数。")
            out("")
        weight = w + (1 if planted == "weight" and i == 0 else 0)  # only the weight is off
        out(f"该指标分值 {weight} 分，自评得分 {s} 分。")
        out("")
    heading(1, "三、", "主要履职成效")
    filler(rng.randint(3, 6))
    for i in range(1, rng.randint(5, 9)):
        out(f"**{i}. {rng.choice(ACTIONS)}{rng.choice(OBJECTS)}。**" + "".join(sentence() for _ in range(rng.randint(5, 12))))
        out("")
        filler(rng.randint(4, 9))
    again = stat
    if planted == "repeat":
        again = stat + (Decimal("0.3") if dec else Decimal(max(7, int(stat) // 10)))
    out(f"{'' if label.startswith('全年') else '全年'}{label}{again:.{dec}f}{unit}，" + rng.choice(FILLER))
    out("")
    filler(rng.randint(2, 4))
    heading(1, "四、", "存在问题及改进措施")
    for i in range(1, rng.randint(3, 5)):
        out(f"{i}. " + rng.choice(FILLER))
    out("")
    return Report(name=f"report-{index:05d}.md", text="\n".join(lines), planted=planted)


def write_corpus(outdir: Path, n: int = 1000, seed: int = 2026) -> list[Report]:
    outdir.mkdir(parents=True, exist_ok=True)
    reports = [generate(i, seed) for i in range(n)]
    for r in reports:
        (outdir / r.name).write_text(r.text, encoding="utf-8")
    (outdir / "planted.json").write_text(
        json.dumps({r.name: r.planted for r in reports}, ensure_ascii=False, indent=0), encoding="utf-8")
    return reports


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    write_corpus(target, count, seed)
    print(f"{count} reports in {target}")
