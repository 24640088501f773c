"""The row and column labels of the standard 预算/决算 tables, as a closed list.

Sources:

- the national 部门决算 template (财政部《部门决算模板》, 附件2, in
  ``/work/shared/samples/real/pdf/national-final-accounts-template.pdf``): the row labels
  of its 收入支出决算总表 and 财政拨款收入支出决算总表 (一、一般公共预算财政拨款收入 …
  本年收入合计 … 年末结转和结余 … 总计), the column headers of its nine tables (本年收入合计,
  财政拨款收入, 上级补助收入 … 功能分类科目编码, 科目名称), and the items of its 三公 table
  (因公出国（境）费, 公务用车购置及运行维护费, 公务用车购置费, 公务用车运行维护费, 公务接待费);
- the 部门/单位预算 table set that provinces publish (Shanghai's nine tables: 财务收支预算总表
  with 一般公共预算资金 / 政府性基金 / 国有资本经营预算 under 财政拨款收入, 事业单位经营收入,
  收入总计 / 支出总计; the 三公 table's 公务用车购置及运行费 / 公务用车运行费 and 机关运行经费).

:data:`STANDARD_LABELS` are the labels a table's author types from the template: one of
them written with one character wrong (``本年支出含计``, ``年未结转和结余``) is a slip.
:data:`KNOWN_LABELS` are other labels that stand in these tables in their own right —
names of the functional classification's 类 (《政府收支分类科目》, 财政部, issued yearly,
names of 2018–2025) and of the economic classification's 类 and 款 (部门预算支出经济分类 and
政府预算支出经济分类, 财预〔2017〕98号), and the wordings provinces use for the same line
(上年结转结余, 一般公共预算拨款收入, 因公出国（境）费用 …). A label on either list is never a
slip, and a label one character away from a known label as well as from a standard one is
left alone: which one was meant is not clear.

Labels are compared as :func:`normalise` leaves them: numbering, 其中, spaces, quotes and
colons taken off, brackets made full-width.
"""

from __future__ import annotations

import regex

from auditor.document.numbering import nowhere, parse_numbering

STANDARD_LABELS: frozenset[str] = frozenset({
    # 收入支出决算总表 / 财务收支预算总表: income side
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
    "财政拨款收入", "一般公共预算资金", "国有资本经营预算", "上级补助收入", "事业收入", "经营收入",
    "事业单位经营收入", "附属单位上缴收入", "其他收入", "本年收入合计", "使用非财政拨款结余",
    "年初结转和结余", "收入总计",
    # expenditure side
    "本年支出合计", "结余分配", "年末结转和结余", "支出总计",
    # 财政拨款收入支出决算总表
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
    "年初财政拨款结转和结余", "年末财政拨款结转和结余",
    # column headers
    "功能分类科目编码", "功能分类科目名称", "经济分类科目编码", "经济分类科目名称", "科目编码", "科目名称",
    "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出", "人员经费", "公用经费",
    "人员经费合计", "公用经费合计", "本年收入", "本年支出", "一般公共预算",
    # the 三公 table
    "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置费",
    "公务用车运行维护费", "公务用车运行费", "公务接待费", "机关运行经费",
})

KNOWN_LABELS: frozenset[str] = frozenset({
    # functional classification, 类 (2018–2025 names, and the older ones still met)
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "文化体育与传媒支出", "社会保障和就业支出", "社会保险基金支出",
    "卫生健康支出", "医疗卫生与计划生育支出", "节能环保支出", "城乡社区支出", "农林水支出",
    "交通运输支出", "资源勘探工业信息等支出", "资源勘探信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "国土海洋气象等支出", "住房保障支出",
    "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "预备费", "其他支出",
    "转移性支出", "债务还本支出", "债务付息支出", "债务发行费用支出", "抗疫特别国债安排的支出",
    "超长期特别国债安排的支出",
    # economic classification, 类 and the 款 the standard tables list by name
    "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "对个人和家庭补助", "债务利息及费用支出",
    "资本性支出", "资本性支出（基本建设）", "对企业补助", "对企业补助（基本建设）", "对社会保障基金补助",
    "机关工资福利支出", "机关商品和服务支出", "机关资本性支出（一）", "机关资本性支出（二）",
    "对事业单位经常性补助", "对事业单位资本性补助", "对企业资本性支出", "预备费及预留",
    "基本工资", "津贴补贴", "伙食补助费", "绩效工资", "机关事业单位基本养老保险缴费", "职业年金缴费",
    "职工基本医疗保险缴费", "公务员医疗补助缴费", "其他社会保障缴费", "住房公积金", "其他工资福利支出",
    "离休费", "退休费", "退职（役）费", "抚恤金", "生活补助", "救济费", "医疗费补助", "个人农业生产补贴",
    "代缴社会保险费", "其他对个人和家庭的补助", "办公费", "印刷费", "咨询费", "手续费", "邮电费",
    "取暖费", "物业管理费", "差旅费", "因公出国（境）费用", "维修（护）费", "租赁费", "会议费", "培训费",
    "专用材料费", "被装购置费", "专用燃料费", "劳务费", "委托业务费", "工会经费", "福利费",
    "公务用车运行维护费", "其他交通费用", "税金及附加费用", "其他商品和服务支出", "房屋建筑物购建",
    "办公设备购置", "专用设备购置", "信息网络及软件购置更新", "公务用车购置", "其他交通工具购置",
    "文物和陈列品购置", "无形资产购置", "其他资本性支出",
    # other wordings of the same lines (provinces, older templates)
    "一般公共预算拨款", "一般公共预算拨款收入", "政府性基金预算拨款", "政府性基金预算拨款收入",
    "国有资本经营预算拨款", "国有资本经营预算拨款收入", "政府性基金拨款", "政府性基金预算资金",
    "国有资本经营预算资金", "政府性基金", "政府性基金预算", "政府性基金预算收入", "一般公共预算收入",
    "国有资本经营预算收入", "一般公共预算支出", "政府性基金预算支出", "财政拨款", "财政拨款支出",
    "财政专户管理资金", "财政专户管理资金收入", "财政专户拨款", "单位资金", "其他资金", "上年结转",
    "上年结转结余", "上年结余", "年终结转结余", "结转下年", "结转下年支出", "用事业基金弥补收支差额",
    "事业单位经营支出", "对附属单位上缴收入", "人员支出", "公用支出", "日常公用支出", "人员经费支出",
    "公用经费支出", "日常公用经费", "收入合计", "支出合计", "本年收入合计", "本年支出合计",
    "因公出国（境）经费", "公务用车购置经费", "公务用车运行经费", "公务接待经费", "三公经费",
    "上年结转和结余", "年初结转结余", "年末结转结余", "年初结余", "年末结余", "年初结转", "年末结转",
    "上级补助", "附属单位上缴", "事业单位经营", "专项资金", "功能分类科目", "经济分类科目",
    "功能科目名称", "功能科目编码", "经济科目名称", "经济科目编码", "科目代码", "项目名称", "单位名称",
    "单位编码", "预算单位", "调整预算数", "年初预算数", "全年预算数", "其它收入", "其它支出",
    "因公出国（境）", "因公出国费", "公务接待费用", "公务用车运行维护费用", "基建支出", "机关运行费",
})

# Words a table may use for one another without a slip: 收入小计 for 收入总计, 科目代码 for 科目编码,
# 上年支出 (a comparison column) beside 本年支出.
INTERCHANGEABLE: tuple[frozenset[str], ...] = (
    frozenset({"总计", "合计", "小计", "共计", "总额", "累计"}),
    frozenset({"编码", "代码", "编号"}),
    frozenset({"本年", "上年", "全年", "当年", "去年", "今年", "下年", "次年", "明年"}),
    frozenset({"费", "费用", "经费"}),
)

# Characters whose insertion or deletion inside a label is a wording, not a slip
# (对附属单位的补助支出, 事业单位经营性收入).
PARTICLES = frozenset("的之和及与性")


def same_wording(label: str, standard: str) -> bool:
    """Whether a label is the standard label with one word swapped for an interchangeable one."""
    for words in INTERCHANGEABLE:
        for a in words:
            i = standard.find(a)
            while i >= 0:
                for b in words:
                    if b != a and standard[:i] + b + standard[i + len(a) :] == label:
                        return True
                i = standard.find(a, i + 1)
    return False


_NOISE = regex.compile(r"[\s\u3000“”\"'‘’「」*:：]")
_LEAD = ("其中",)


def normalise(label: str) -> str:
    """A label as the lists hold it: numbering, 其中, spaces, quotes and colons taken off,
    brackets full-width."""
    text = label.strip()
    numbering, rest = parse_numbering(text, nowhere)
    if numbering is not None:
        text = text[rest:]
    text = _NOISE.sub("", text).replace("(", "（").replace(")", "）")
    for lead in _LEAD:
        if text.startswith(lead):
            text = text[len(lead) :]
    return text
