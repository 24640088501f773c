"""The standard tables of 部门/单位预算公开 and 决算公开, as data.

Sources: the national 部门决算 template (财政部《部门决算模板》, 附件2, in
``/work/shared/samples/real/pdf/national-final-accounts-template.pdf``: nine tables,
their column headers and notes) and the 部门/单位预算 table set that provinces publish
(Shanghai's nine tables, e.g. ``2025年部门财务收支预算总表`` … ``2025年部门“三公”经费和机关
运行经费预算表``; older years and other provinces call them ``部门收支总体情况表``,
``一般公共预算支出情况表``, ``一般公共预算基本支出情况表`` and the like).

A caption is recognised by the words it must contain and must not contain (after the
year, the organisation's name and quotes are taken off), the most specific rule first.
Variants a rule cannot tell apart (明细表, 项目支出表 of one fund, Sichuan's
财政拨款支出决算明细表) are left unrecognised rather than taken for a table they are not.
This module holds no logic beyond :func:`identify`; a finance officer can read and
extend the tables below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class StandardTable:
    key: str
    kind: str
    """``预算`` or ``决算``."""
    name: str
    """The national name of the table."""
    fund: str
    """The fund the table covers: ``全部`` (all funds), ``财政拨款``, ``一般公共预算``,
    ``政府性基金``, ``国有资本经营``."""
    part: str | None = None
    """A part of the expenditure the whole table is about (``基本支出``), else None."""
    required: bool = True
    """Part of the complete set (project tables are not)."""


TABLES: tuple[StandardTable, ...] = (
    # 部门/单位预算公开
    StandardTable("budget.summary", "预算", "财务收支预算总表", "全部"),
    StandardTable("budget.income", "预算", "收入预算总表", "全部"),
    StandardTable("budget.expenditure", "预算", "支出预算总表", "全部"),
    StandardTable("budget.fiscal-summary", "预算", "财政拨款收支预算总表", "财政拨款"),
    StandardTable("budget.gpb-function", "预算", "一般公共预算支出功能分类预算表", "一般公共预算"),
    StandardTable("budget.gf-function", "预算", "政府性基金预算支出功能分类预算表", "政府性基金"),
    StandardTable("budget.soe-function", "预算", "国有资本经营预算支出功能分类预算表", "国有资本经营"),
    StandardTable("budget.gpb-basic", "预算", "一般公共预算基本支出经济分类预算表", "一般公共预算", "基本支出"),
    StandardTable("budget.three-public", "预算", "“三公”经费和机关运行经费预算表", "财政拨款"),
    StandardTable("budget.projects", "预算", "项目支出预算表", "全部", "项目支出", required=False),
    # 部门/单位决算公开
    StandardTable("final.summary", "决算", "收入支出决算总表", "全部"),
    StandardTable("final.income", "决算", "收入决算表", "全部"),
    StandardTable("final.expenditure", "决算", "支出决算表", "全部"),
    StandardTable("final.fiscal-summary", "决算", "财政拨款收入支出决算总表", "财政拨款"),
    StandardTable("final.gpb", "决算", "一般公共预算财政拨款支出决算表", "一般公共预算"),
    StandardTable("final.gpb-basic", "决算", "一般公共预算财政拨款基本支出决算表", "一般公共预算", "基本支出"),
    StandardTable("final.three-public", "决算", "财政拨款“三公”经费支出决算表", "财政拨款"),
    StandardTable("final.gf", "决算", "政府性基金预算财政拨款收入支出决算表", "政府性基金"),
    StandardTable("final.soe", "决算", "国有资本经营预算财政拨款收入支出决算表", "国有资本经营"),
)
BY_KEY = {t.key: t for t in TABLES}

# (key, words the caption must all contain, words it must not contain); first match wins.
# Kind words (预算/决算) are decided before: a caption with 决算 is a 决算 table.
_FINAL_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("final.three-public", ("三公",), ()),
    ("final.gpb-basic", ("一般公共预算", "基本支出"), ()),
    ("final.gpb", ("一般公共预算", "支出"), ("基本支出", "项目支出", "明细")),
    ("final.gf", ("政府性基金",), ()),
    ("final.soe", ("国有资本经营",), ()),
    ("final.fiscal-summary", ("财政拨款", "收", "支", "总"), ()),
    ("final.summary", ("收", "支", "总"), ("财政拨款",)),
    ("final.income", ("收入",), ("支出", "明细")),
    ("final.expenditure", ("支出",), ("收入", "财政拨款", "明细", "项目")),
)
_BUDGET_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("budget.gpb-basic", ("一般公共预算", "基本支出"), ()),
    ("budget.three-public", ("三公",), ()),
    ("budget.gpb-function", ("一般公共预算", "支出"), ("基本支出", "财政拨款收支", "项目支出", "明细")),
    ("budget.gf-function", ("政府性基金", "支出"), ("财政拨款收支",)),
    ("budget.soe-function", ("国有资本经营", "支出"), ("财政拨款收支",)),
    ("budget.fiscal-summary", ("财政拨款", "收", "支", "总"), ()),
    ("budget.projects", ("项目",), ("收入", "收支", "绩效")),
    ("budget.summary", ("收支", "总"), ()),
    ("budget.income", ("收入",), ("支出", "明细")),
    ("budget.expenditure", ("支出", "总"), ("收入", "财政拨款", "明细", "基本", "项目")),
)

_STRIP = regex.compile(r"[\s\u3000“”\"'‘’「」《》*]|(?:19|20)\d\d\s*年度?|^[\d一二三四五六七八九十]+[、.．]\s*|^表\s*[\d一二三四五六七八九十]+[-—－\d]*")
_TRAILING_NOTE = regex.compile(r"[（(][^（）()]{0,12}[）)]$")
_TABLE_WORD = regex.compile(r"(?:总表|表|情况表|总体情况表)$")


_AND_OTHERS = regex.compile(r"(?:及|和|与|以及)其他|及其它|和其它")


@functools.lru_cache(maxsize=2048)
def identify(caption: str) -> StandardTable | None:
    """Which standard table a caption (or a 目录 line) names, or None."""
    full = _STRIP.sub("", caption or "")
    text = _TRAILING_NOTE.sub("", full)
    if not text or len(text) > 60 or not _TABLE_WORD.search(text) or "绩效" in text:
        return None  # (a 绩效目标表 is none of the financial tables, whatever it names)
    # the kind may stand in the table's number only: 收入总表(预算表2)
    if ("机关运行" in text and "三公" not in text) or "采购" in text:
        return None  # 机关运行经费 and 政府采购 tables: a part of the spending, no standard table's scope
    kind = text if "决算" in text or "预算" in text else full
    if "决算" in kind:
        rules = _FINAL_RULES
    else:
        # 预算, or no kind at all: the 决算 template names every table with 决算, a budget's
        # tables often go without 预算 (收入总表, 财政拨款“三公”经费支出表)
        rules = _BUDGET_RULES
    for key, must, must_not in rules:
        if all(w in text for w in must) and not any(w in text for w in must_not):
            if not BY_KEY[key].required and "预算" not in kind:
                return None  # 项目支出总表 with no kind: a project list of its own scope (carry-overs apart …)
            std = BY_KEY[key]
            if std.part and _AND_OTHERS.search(text):
                # 项目支出及其他支出预算表: the part and more besides — a table of its own
                # scope, whose figures are no standard table's
                return None
            return std
    return None


# Funds named in captions, headers and prose, longest first: word -> fund.
FUND_WORDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算财政拨款", "一般公共预算"),
    ("政府性基金预算财政拨款", "政府性基金"),
    ("国有资本经营预算财政拨款", "国有资本经营"),
    ("一般公共预算拨款", "一般公共预算"),
    ("政府性基金预算拨款", "政府性基金"),
    ("国有资本经营预算拨款", "国有资本经营"),
    ("政府性基金拨款", "政府性基金"),
    ("国有资本经营拨款", "国有资本经营"),
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金"),
    ("国有资本经营", "国有资本经营"),
    ("财政拨款", "财政拨款"),
)

# Column headers that name a part of the row's figure (a breakdown of it), not a measure.
PART_HEADERS: tuple[str, ...] = (
    "基本支出", "项目支出", "人员经费", "公用经费", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "财政拨款收入", "上级补助收入", "事业收入", "事业单位经营收入", "经营收入", "附属单位上缴收入", "其他收入",
    "购置费", "运行费", "运行维护费",
)

# Column headers that say which flow of money a column holds (决算 fund tables).
FLOW_HEADERS: tuple[tuple[str, str], ...] = (
    ("年初结转和结余", "年初结转和结余"),
    ("年末结转和结余", "年末结转和结余"),
    ("本年收入", "收入"),
    ("本年支出", "支出"),
)

# Funds whose tables a department may have nothing to put in: the template asks such an
# empty table to keep its format and say so in a note under it.
MAY_BE_EMPTY = ("政府性基金", "国有资本经营")

# Notes that say a table is empty on purpose. Either the table is named (本表为空, 故此表
#无数据, 该表无内容, 本表不涉及, 空表) or what the table is about is said to be absent: the
# organisation has no (无 / 没有 / 未安排 / 不涉及) money of the table's fund or of "this kind"
# (注：本部门无相关收支项目, 注：本部门无该项目, 注：我单位无政府性基金预算安排, （无政府性基金支出）, 本单位2024年
# 没有使用国有资本经营预算拨款安排的支出). A note that one line is absent (本单位无因公出国
# （境）费支出, under a 三公 table with figures) says nothing of the table.
EMPTY_NOTE = regex.compile(
    r"(?:本表|此表|该表|本张表)\s*(?:为空|为空表|是空表|无数据|无内容|数据为空|无相关数据|无数|不涉及|没有数据|未有数据)"
    r"|空表|不涉及此表|此表不涉及|(?:本表|此表)(?:中)?(?:无|没有)(?:任何)?(?:数据|内容|金额)"
    r"|(?:本表|此表|该表)[^。；;，,]{0,6}?(?:无|没有|未)(?:发生额|发生数|发生|数字|收支|支出|收入|此项|相关)"
)
_MONEY_WORDS = r"(?:收支|支出|收入|安排|预算|数据|资金|项目|经费|拨款|事项|情况)"
ABSENT = regex.compile(
    r"(?:无|没有|未(?:使用|安排|发生|设置)|不涉及|不存在)[^。；;！!]{0,16}?"
    rf"(?:(?P<what>政府性基金|国有资本经营)[^。；;！!]{{0,20}}?{_MONEY_WORDS}"
    rf"|(?:相关|此项|该项|此类|这类|有关|上述|以上|该|此)[^。；;！!（）()]{{0,2}}?{_MONEY_WORDS})"
)


_CONDITION = regex.compile(r"如果|如|若|倘若|假如")


def says_empty(text: str, fund: str | None = None, conditional: bool = False) -> bool:
    """Whether a note says its table is empty on purpose (:data:`EMPTY_NOTE`, or the
    table's subject said to be absent). With ``fund`` (the table's), a note that names
    another fund (本单位无国有资本经营预算… under the 政府性基金 table) does not count. A
    note that says what an empty table would mean (此表如无数字则表示单位无该项支出) counts
    only with ``conditional`` (under a table that is empty: it explains it), never as a
    claim that a table with figures is empty."""
    for m in EMPTY_NOTE.finditer(text):
        if conditional or not _CONDITION.search(m.group(0)):
            return True  # (此表如无数字则…: what an empty table would mean, not that it is)
    for m in ABSENT.finditer(text):
        if not conditional and _CONDITION.search(text, max(0, m.start() - 12), m.start() + 2):
            continue  # 此表如无数字则表示单位无该项支出: what an empty table would mean, not that it is

        what = m.group("what")
        if what in ("政府性基金", "国有资本经营"):
            if fund is None or fund == what:
                return True
            continue
        return True
    return False

# Rows of the 决算 summary tables in the carry-over identity
#   年初结转和结余 + 本年收入合计 (+ 使用非财政拨款结余) − 本年支出合计 − 结余分配 = 年末结转和结余
CARRY_IN = ("年初结转和结余", "年初财政拨款结转和结余")
CARRY_OUT = ("年末结转和结余", "年末财政拨款结转和结余")
INCOME_TOTAL = ("本年收入合计",)
EXPENDITURE_TOTAL = ("本年支出合计",)
USE_OF_BALANCE = ("使用非财政拨款结余", "用事业基金弥补收支差额")
DISTRIBUTION = ("结余分配",)

IDENTITIES: tuple[tuple[str, str], ...] = (
    ("DIS001", "收入总计 = 支出总计（收支总表、财政拨款收支总表）"),
    ("DIS002", "同一事实（科目编码或项目、口径、资金、年度、栏目均相同）在各标准表中金额相同"),
    ("DIS003", "基本支出 = 人员经费 + 公用经费（跨表）"),
    ("DIS004", "年初结转和结余 + 本年收入 − 本年支出 − 结余分配 = 年末结转和结余"),
    ("DIS005", "无数据的标准表附“本表为空”说明，有数据的表不附"),
    ("DIS006", "目录所列标准表均在正文中出现"),
)

# 项 names of the functional classification (《政府收支分类科目》, 财政部, issued yearly) that
# stand under most 款 as items of their own — 01 行政运行, 02 一般行政管理事务, 03 机关服务,
# 50 事业运行, and the 信息化建设/专项业务/专项服务 lines many 款 carry: two of them are two
# items, never one name misspelt (REL007 compares the 名词解释 with the tables).
RECURRING_ITEM_NAMES = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行", "信息化建设", "专项业务", "专项服务"})
