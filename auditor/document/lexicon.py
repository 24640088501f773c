"""Domain knowledge as data: units, magnitude words, qualifiers, total labels, column roles.

This module holds no logic, so that a finance officer can read and extend it. Every
other module reads these tables; none keeps its own copy.
"""

from __future__ import annotations

from decimal import Decimal

# Magnitude words written between a number and its unit: 8.6万人, 137.6亿元, 3千元.
MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

# unit as written -> (base unit, family, kind). Families group units that can be
# compared with each other once folded to the base unit. ``kind`` decides rounding:
# "money" and "measure" figures are rounded to their last written digit; "count" figures
# written as whole numbers without a magnitude word are exact.
UNITS: dict[str, tuple[str, str, str]] = {
    "元": ("元", "money", "money"),
    "个百分点": ("百分点", "pp", "measure"),
    "百分点": ("百分点", "pp", "measure"),
    "%": ("%", "percent", "measure"),
    "‰": ("‰", "permille", "measure"),
    "人次": ("人次", "person_times", "count"),
    "户次": ("户次", "household_times", "count"),
    "人": ("人", "people", "count"),
    "名": ("人", "people", "count"),
    "位": ("人", "people", "count"),
    "户": ("户", "households", "count"),
    "家": ("家", "entities", "count"),
    "件": ("件", "cases", "count"),
    "宗": ("宗", "cases_zong", "count"),
    "场次": ("场次", "sessions", "count"),
    "场": ("场", "events", "count"),
    "个月": ("个月", "months", "count"),
    "个": ("个", "items", "count"),
    "张": ("张", "sheets", "count"),
    "条": ("条", "entries", "count"),
    "笔": ("笔", "transactions", "count"),
    "分钟": ("分钟", "minutes", "measure"),
    "分": ("分", "score", "count"),
    "次": ("次", "times", "count"),
    "项": ("项", "items_xiang", "count"),
    "辆": ("辆", "vehicles", "count"),
    "台（套）": ("台", "devices", "count"),
    "台(套)": ("台", "devices", "count"),
    "台套": ("台", "devices", "count"),
    "台": ("台", "devices", "count"),
    "套": ("套", "sets", "count"),
    "所": ("所", "institutions", "count"),
    "间": ("间", "rooms", "count"),
    "份": ("份", "copies", "count"),
    "批": ("批", "batches", "count"),
    "篇": ("篇", "articles", "count"),
    "期": ("期", "issues", "count"),
    "天": ("天", "days", "count"),
    "小时": ("小时", "hours", "measure"),
    "周年": ("周年", "anniversary", "count"),
    "岁": ("岁", "age", "count"),
    "倍": ("倍", "ratio", "measure"),
    "平方米": ("平方米", "area", "measure"),
    "平方公里": ("平方公里", "area_km", "measure"),
    "亩": ("亩", "area_mu", "measure"),
    "公里": ("公里", "length_km", "measure"),
    "千米": ("公里", "length_km", "measure"),
    "米": ("米", "length", "measure"),
    "吨": ("吨", "mass", "measure"),
    "座": ("座", "structures", "count"),
    "处": ("处", "places", "count"),
    "支": ("支", "teams", "count"),
    "册": ("册", "volumes", "count"),
    "本": ("本", "books", "count"),
    "门": ("门", "courses", "count"),
    "课时": ("课时", "class_hours", "count"),
    "学时": ("学时", "class_hours", "count"),
    "年": ("年", "years", "count"),
}

# Units that a Chinese numeral must be followed by to be read as a quantity (一是, 十九届,
# 五中全会 and 一村一品 are not quantities).
CN_NUMERAL_UNITS = (
    "万元", "亿元", "元", "人次", "万人", "人", "名", "个百分点", "个", "项", "家", "件", "宗", "户",
    "场", "次", "所", "条", "笔", "张", "份", "批", "类", "辆", "台", "套", "支",
)

# Qualifiers that make a figure approximate or a bound rather than a value.
APPROX_BEFORE = ("将近", "接近", "大约", "约", "近", "超过", "超", "突破", "逾", "不少于", "不低于", "多于", "高于", "达到近")
APPROX_AFTER = ("以上", "以下", "左右", "余", "多", "以内")

# A number followed by one of these is a name, an identifier or a date part, not a quantity.
NOT_QUANTITY_AFTER = ("号", "届", "月", "日", "时", "楼", "层", "版", "代", "级", "型", "星", "线", "路", "期间", "年代", "世纪", "号线")

# Words in a label that mark a phone number, postcode or identifier.
IDENTIFIER_LABELS = ("电话", "手机", "传真", "邮编", "邮政编码", "编号", "代码", "账号", "帐号", "QQ", "统一社会信用代码")

# Words trimmed from the end of a label: they link the subject to its figure.
LABEL_LINKS = (
    "分别为", "分别达", "分别是", "分别", "合计为", "总计为", "共计为", "累计达", "累计为", "达到", "为", "是", "达", "共计", "合计",
    "总计", "共有", "共", "计", "约", "近", "超过", "逾", "有", "了", "至", "到", "增加", "减少", "增长", "下降",
)

# Words trimmed from the start of a label.
LABEL_LEADS = ("其中：", "其中:", "其中", "包括", "本年度", "全年度", "当年度", "全年", "年度", "本年", "当年", "为", "对", "向", "给", "共", "合计")

# Row labels of totals. A row whose label (without spaces) is one of these, or ends with
# 合计/总计 and is short, closes a group of rows.
TOTAL_WORDS = ("合计", "总计", "共计", "总额", "合  计", "总  计")
SUBTOTAL_WORDS = ("小计",)
OF_WHICH_WORDS = ("其中：", "其中:", "其中", "含：", "含:")

# Header words of classification-code columns (功能分类科目编码 类/款/项, 经济分类 类/款).
CODE_HEADERS = ("编码", "代码", "科目编码", "类", "款", "项", "目", "科目代码")

# Header words of columns that are rates or shares and so do not add up across rows.
NON_ADDITIVE_HEADERS = ("%", "％", "率", "比例", "占比", "比重", "百分比", "系数", "单价", "均", "得分率", "排名", "序号", "编号",
                        "指数", "幅度", "增幅", "涨幅", "降幅",
                        # performance indicators: targets of many units (≥ 480 个, ＝ 6 篇, 95 %)
                        "指标值", "目标值", "标准值", "完成值")

# Column roles: which header a figure in the prose refers to, from its wording.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    "final": ("决算数", "决算", "实际支出数", "实际支出", "执行数", "实际执行", "实际数", "完成数", "支出数", "实际完成"),
    "adjusted_budget": ("调整预算数", "调整后预算数", "调整后预算", "调整预算", "全年预算数", "全年预算", "预算调整数"),
    "initial_budget": ("年初预算数", "年初预算", "预算安排数", "年初数", "预算数", "预算"),
}

# Column headers that end in 预算 but name a fund, not the budget measure.
FUND_BUDGETS: tuple[str, ...] = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算")

# Prose words that say which column a figure is taken from. Longest first matters: the
# reader tries them in order.
PROSE_COLUMN_CUES: tuple[tuple[str, str], ...] = (
    ("调整后预算", "adjusted_budget"),
    ("调整预算", "adjusted_budget"),
    ("全年预算", "adjusted_budget"),
    ("年初预算", "initial_budget"),
    ("预算安排", "initial_budget"),
    ("安排预算", "initial_budget"),
    ("预算数", "initial_budget"),
    ("预算", "initial_budget"),
    ("实际支出", "final"),
    ("支出决算", "final"),
    ("决算", "final"),
    ("实际完成", "final"),
    ("完成", "final"),
    ("执行", "final"),
    ("实际", "final"),
    ("支出", "final"),
)

# Grading bands of performance self-evaluations: (grade, lowest total score).
GRADE_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)),
    ("良", Decimal(80)),
    ("中", Decimal(60)),
    ("差", Decimal(0)),
)

# Prose subjects that mean the total row of an expenditure table.
TOTAL_ALIASES = ("部门整体支出", "整体支出", "总支出", "支出总额", "支出合计", "支出总计", "全部支出", "本年支出合计")

# Words of scope that may stand before a row name in prose without changing what it
# names: 部门基本支出 is the table's 基本支出.
SCOPE_WORDS = (
    "本部门", "全部门", "部门", "本单位", "单位", "我局", "本局", "全局", "我委", "本委", "我办", "本级", "全市", "全区",
    "年度", "全年", "本年", "当年", "共", "合计", "其中", "财政拨款的",
)
# Words that qualify a row's name without making it another item: the prose's 公用经费 is
# the row 日常公用经费. Any other words before the subject (劳务派遣人员经费 for 人员经费) may
# make it another item.
ROW_QUALIFIERS = ("日常",)
# An organisation's name ends with one of these: 市人力资源和社会保障局基本支出.
ORG_SUFFIXES = ("局", "委员会", "委", "办公室", "厅", "院", "中心", "政府", "办")

# Labels too generic to name a statistic by themselves: the label of the figure before
# qualifies them (惠及 8.78万人 after 发放失业补助金 1.09亿元).
GENERIC_LABEL_PREFIXES = ("惠及", "涉及", "带动", "覆盖", "发放", "完成", "占", "其中", "合计", "共计", "总计", "累计", "达", "共")

# Known partitions: when the parts of a 其中 breakdown cover one of these, the parts are
# exhaustive and must add up to the whole.
PARTITIONS: tuple[tuple[str, ...], ...] = (
    ("基本支出", "项目支出"),
    ("人员经费", "公用经费"),
    ("财政拨款收入", "事业收入", "经营收入", "其他收入"),
    ("一般公共预算", "政府性基金", "国有资本经营"),
    ("货物", "工程", "服务"),
    ("因公出国", "公务用车", "公务接待"),
    ("购置费", "运行费"),
    ("男", "女"),
)

# Rate words: the label of a percentage that is a ratio of two figures of the text.
RATE_WORDS = (
    "覆盖率", "完成率", "执行率", "支出率", "使用率", "到位率", "达成率", "控制率", "合格率", "达标率", "满意率", "结案率",
    "办结率", "及时率", "利用率", "参保率", "比例", "占比", "比重", "占",
)
# Words that mark the figure a rate is taken of (its denominator).
WHOLE_MARKERS = ("共", "总", "合计", "全部", "全年", "计划", "目标", "预算", "应", "编制")

# Labels of rows that number the columns of a 决算 table (栏次 1 2 3 ...): not data.
INDEX_ROW_LABELS = ("栏次", "行次", "序号", "栏号", "列次")

# Two-character words that begin with a character often doubled at a page break. When the
# doubled character and the one after it make one of these words, the doubling is most
# likely the text itself (学习|习近平, 单位|位于, 就业|业务), not a conversion artefact.
WORDS_AFTER_DOUBLE = frozenset(
    ["业务", "业绩", "位于", "位置", "习近", "工作", "工程", "工资", "作用", "作为", "理论", "理解", "会议", "会计", "事业", "事项", "人员", "人民", "人才", "人口", "民生", "生产", "生活", "产业", "产品", "务工", "员工", "程序", "时间", "间接", "部门", "部署", "门户", "户籍", "国家", "家庭", "审计", "审核", "计划", "划拨", "拨款", "款项", "项目", "目标", "标准", "准确", "确保", "保障", "发展", "展开", "开展", "示范", "范围", "围绕", "设施", "施工", "建设", "设备", "备案", "案件", "数据", "外部", "经费", "费用", "用于", "于是", "是否", "支出", "出台", "台账", "账户", "收入", "入库", "资金", "金额", "额度", "管理", "制度", "政策", "服务", "教育", "育人", "能力", "力度", "社会", "法律", "资产", "问题", "目前", "期间", "收支", "支持", "持续", "专项", "主要", "要求", "求实", "实施", "施策", "策划", "全面", "面向", "向上", "上级", "级别", "别人", "家政", "政府", "府际", "际遇", "报告", "告知", "知识", "识别", "培训", "训练", "练习", "学习", "习惯", "情况", "况且", "进一", "一步", "步伐", "行政", "政务", "务实", "实际", "际会", "会同", "同时", "时期", "期限", "限额", "合作", "作风", "风险", "险情", "重点", "点位", "位次", "次数", "数量", "量化", "化解", "解决", "决算", "算法", "法规", "规范"]
)
