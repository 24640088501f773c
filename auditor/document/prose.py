"""Prose analysis shared by the cross-verification checks: sentences with their
quantities, column cues (决算/预算/调整预算), years in scope, change figures (比上年增加),
and subjects inherited from the figure before (``预算安排公用经费 X，实际支出为 Y``).

One place decides these things so that every check reads prose the same way.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import regex

from auditor.document import lexicon
from auditor.document.model import Document, Paragraph, Quantity
from auditor.document.source import squeeze

SENTENCE_END = "。；;！？!?\n"
_SENTENCE_END_RE = regex.compile("[" + SENTENCE_END + "]")
YEAR = regex.compile(r"((?:19|20)\d\d)\s?年")
"""A year as written (2023年, 2023 年); the one pattern every check uses for years."""
# A year that dates an event of the organisation or a document (1998年成立的, 2010年与…合并,
# （2019年版）, 2015年修订的): a name, not the period of any figure nor a comparison year.
EVENT_AFTER_YEAR = regex.compile(
    r"\s*(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:(?!预算|决算|支出|收入|经费|资金)[^，,。；;：:\d《》]){0,10}?"
    r"(?:成立|组建|设立|建立|创建|创办|建校|建院|合并|并入|划入|划转|挂牌|更名|升格|改制|撤销|版|修订|修正|颁布|印发|出台|施行)"
)


def event_year(text: str, end: int) -> bool:
    """Whether the year that ends at ``end`` dates an event or a document (成立, 合并,
    版, 修订 …) rather than a period."""
    return EVENT_AFTER_YEAR.match(text, end) is not None


_BRACKETED = regex.compile(r"[（(][^（）()]{0,60}[）)]")


def outside_brackets(text: str) -> str:
    """The text with what closed brackets hold blanked: （上年度…为 A 万元） speaks of its
    own year, not of the figures around it."""
    if "（" not in text and "(" not in text:
        return text  # no bracket opens: nothing to blank, without the search
    return _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)


def period_years(text: str) -> set[str]:
    """The years a text names as periods: every year but those of events and documents,
    and those inside brackets (a base year given in passing)."""
    if "年" not in text:
        return set()  # every year of YEAR ends with 年: most sentences, cheaply
    text = outside_brackets(text)
    return {m.group(1) for m in YEAR.finditer(text) if not event_year(text, m.end())}


_CHANGE = regex.compile(r"(?:比|较|同比|环比|与|相比).{0,16}?(?:增加|减少|增长|下降|上升|降低|持平|多|少|增|减)")
_CHANGE_WORDS = ("增加", "减少", "增长", "下降", "上升", "降低", "增幅", "降幅", "增减", "增", "减")
# A clause opening with a change word; 增 or 减 alone only as a word (同比增 5%), not as the
# start of another (增值税, 增列, 减免, 减去)
_OPENS_WITH_CHANGE = regex.compile("|".join(w for w in _CHANGE_WORDS if len(w) > 1) + r"|[增减](?:了|\s|$)")
# A text that ends with a change word: the figure after it is a change (比2025年执行数增加 B)
ENDS_WITH_CHANGE = regex.compile("(?:" + "|".join(w for w in _CHANGE_WORDS if len(w) > 1) + r"|增收|减收)了?[：:]?\s*$")
# A comparison or rate taken on a basis the raw figures do not show (同口径增长, 剔除…后)
ADJUSTED_BASIS = regex.compile(r"同口径|可比口径|按可比|剔除|扣除")
# a fund's name (一般公共预算, 政府性基金预算 …): its 预算 names the fund, not a budget stage
FUND_BUDGET = regex.compile("|".join(lexicon.FUND_BUDGETS))
# a mark that ends or divides a clause: a line with none is no sentence (a label, a cell)
CLAUSE_MARK = regex.compile(r"[，,。；;！？!?：:]")
_COMPARED = regex.compile(r"相比|同比|环比|比上年|较上年")
AGAINST = regex.compile(r"(?:^|[^\p{Han}]|[年度的])(?:比|较)|^\s*(?:比|较)")  # 比/较 opening a comparison in the clause
_PRIOR = ("上年", "去年", "上一年", "前一年", "上年度", "往年", "同期")
_PRIOR_WORD = regex.compile("|".join(_PRIOR))  # any of them, in one search

# Column cue words as they may be written in a label (prefix or suffix of it).
LABEL_CUES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            ("调整后预算数", "adjusted_budget"), ("调整后预算", "adjusted_budget"), ("调整预算数", "adjusted_budget"),
            ("调整预算", "adjusted_budget"), ("全年预算数", "adjusted_budget"), ("全年预算", "adjusted_budget"),
            ("年初预算数", "initial_budget"), ("年初预算", "initial_budget"), ("预算安排", "initial_budget"),
            ("安排预算", "initial_budget"), ("预算数", "initial_budget"), ("预算", "initial_budget"),
            ("实际支出数", "final"), ("实际支出", "final"), ("支出决算数", "final"), ("支出决算", "final"),
            ("决算数", "final"), ("决算", "final"), ("实际完成", "final"), ("执行数", "final"), ("完成数", "final"),
            ("实际数", "final"),
        ],
        key=lambda c: -len(c[0]),
    )
)
SENTENCE_CUES: tuple[tuple[str, str], ...] = LABEL_CUES + (("实际", "final"), ("执行", "final"))


@dataclass
class Sentence:
    para: Paragraph
    start: int
    end: int
    text: str
    quantities: list[Quantity] = field(default_factory=list)
    years: set[str] = field(default_factory=set)
    index: int = 0
    """Position of the sentence in the document's sentence list."""
    subjects: list | None = None
    memo: dict = field(default_factory=dict)

    def memo_of(self, name: str) -> dict:
        """The sentence's memo for one per-figure look-up (clause, change, measure cue):
        the fact layer and the checks ask each of them again for the same figures."""
        found = self.memo.get(name)
        if found is None:
            found = self.memo[name] = {}
        return found


def clause_start(text: str, pos: int, marks: str = "。！？!?") -> int:
    """Where the stretch of ``text`` that ``pos`` stands in begins: after the last of
    ``marks`` before it (by default a full stop, so that a list parted by ； is one stretch)."""
    return max(text.rfind(c, 0, pos) for c in marks) + 1


_EXCERPT_STOP = "，,。；;：:！？!?\n"


def excerpt(text: str, a: int, b: int, before: int = 6, after: int = 6) -> str:
    """The flagged stretch ``text[a:b]`` with its clause around it, for a message: the
    clause whole where it starts (ends) within twice ``before`` (``after``) characters of the
    stretch, else that many characters (从预算单位构成看，上海市XX局部门决算包括： shows
    上海市XX局部门决算包括, not 成看，上海市XX局部门决算包)."""
    start = max(text.rfind(c, 0, a) for c in _EXCERPT_STOP) + 1
    ends = [k for c in _EXCERPT_STOP if (k := text.find(c, b)) >= 0]
    end = min(ends) if ends else len(text)
    lo = start if a - start <= 2 * before else a - before
    hi = end if end - b <= 2 * after else b + after
    return text[lo:hi].replace("\n", " ").strip()


def sentences(doc: Document) -> list[Sentence]:
    return doc.cached("sentences", lambda: _build(doc))


def _build(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    for para in doc.paragraphs:
        text = para.text
        start = 0
        qs = sorted(para.quantities, key=lambda q: q.pos)
        k = 0
        for i in _bounded([m.start() for m in _SENTENCE_END_RE.finditer(text)] + [len(text)], text):
            if i > start:
                words = text[start:i]
                s = Sentence(para=para, start=start, end=i, text=words, index=len(out), years=period_years(words))
                while k < len(qs) and qs[k].pos < i:
                    if qs[k].pos >= start:
                        s.quantities.append(qs[k])
                    k += 1
                out.append(s)
            start = i + 1
    return out


MAX_SENTENCE = 1000
"""No sentence is longer: a longer run without a full stop (a flattened table, a hostile
text of figures) is cut at a clause mark, so that every look-back from a figure into its
sentence stays bounded and the work on a document linear in its length."""
_SOFT_BREAKS = "，,；;：:、 \t"


def _bounded(ends: list[int], text: str) -> list[int]:
    """Sentence ends with an end added wherever a sentence would run past
    :data:`MAX_SENTENCE`: at its last clause mark or space in the second half of the
    window, else at the window's end."""
    out: list[int] = []
    start = 0
    for end in ends:
        while end - start > MAX_SENTENCE:
            window = text[start + MAX_SENTENCE // 2 : start + MAX_SENTENCE]
            k = max(window.rfind(c) for c in _SOFT_BREAKS)
            cut = start + MAX_SENTENCE // 2 + k if k >= 0 else start + MAX_SENTENCE
            out.append(cut)
            start = cut + 1
        out.append(end)
        start = end + 1
    return out


def sentence_of(doc: Document) -> dict[int, Sentence]:
    """id(quantity) -> its sentence."""
    return doc.cached("sentence_of", lambda: {id(q): s for s in sentences(doc) for q in s.quantities})


def before(sentence: Sentence, q: Quantity) -> str:
    """The sentence text before the figure."""
    return sentence.para.text[sentence.start : q.pos]


_CLAUSE_MARK = regex.compile(r"[，：、]|[,:](?!\d)|(?<!\d)[,:]")  # a comma between digits groups thousands: 1,506,121.45


def _marks(sentence: Sentence, key: str, pattern) -> tuple[list[int], list[str]]:
    """Positions (in the paragraph) and texts of a pattern's matches in the sentence,
    found once per sentence so that per-figure look-ups stay linear."""
    if key not in sentence.memo:
        found = list(pattern.finditer(sentence.para.text, sentence.start, sentence.end))
        sentence.memo[key] = ([m.start() for m in found], [m.group(0) for m in found])
    return sentence.memo[key]


_OF_WHICH = regex.compile("其中")


def after_of_which(sentence: Sentence, q: Quantity) -> bool:
    """Whether a ``其中`` stands before the figure in its sentence (it is a part)."""
    if "其中" not in sentence.text:
        return False  # most sentences, without the look-up
    starts, _ = _marks(sentence, "of_which", _OF_WHICH)
    return bool(starts) and starts[0] < q.pos


def clause_before(sentence: Sentence, q: Quantity) -> str:
    """The clause (since the last ，or ：) before the figure (found once per figure: the
    fact layer and most checks ask)."""
    memo = sentence.memo_of("clause-before")
    if q.pos in memo:
        return memo[q.pos]
    starts, _ = _marks(sentence, "clause", _CLAUSE_MARK)
    k = bisect.bisect_left(starts, q.pos)
    cut = starts[k - 1] + 1 if k else sentence.start
    memo[q.pos] = out = sentence.para.text[cut : q.pos]
    return out


def is_change(sentence: Sentence, q: Quantity) -> bool:
    """``比2024年预算增加 24,558.18万元``, ``同比增长 22.9%``: a change, not a level."""
    memo = sentence.memo_of("change")
    found = memo.get(id(q))
    if found is None:
        found = memo[id(q)] = _is_change(sentence, q)
    return found


def _is_change(sentence: Sentence, q: Quantity) -> bool:
    clause = clause_before(sentence, q).strip()
    # 下降5.8%（市本级0.09亿元: a bracket opens a clause of its own
    opened = max(clause.rfind("（"), clause.rfind("("))
    inner = clause[opened + 1 :].strip()
    if inner and not any(c in inner for c in "）)"):  # 较2025年年初预算（下同）减少 420: a bracket closed before is no clause
        clause = inner  # but 减少 14.20 万元（44.38%）: a rate in brackets right after its change is that change's
    if _CHANGE.search(clause) or _OPENS_WITH_CHANGE.match(clause):
        return True
    if clause.rstrip("了 ").endswith(("调增", "调减")):
        return True  # 由年初的 A 调整为 B，调增 C: the adjustment
    if clause.rstrip("了为达至到约近 ").endswith(_CHANGE_WORDS) and (_COMPARED.search(before(sentence, q)) or AGAINST.search(clause)):
        # 与2021年相比，支出总计减少 2570.97 万元; 比2025年财政拨款“三公”经费年初预算增加 419.84 万元
        return True
    if clause.rstrip("了 ").endswith(_CHANGE_VERBS) and _COMPARED.search(sentence.para.text, 0, sentence.start):
        # 与上年相比减少 4,550.92 万元。主要原因是…服务费减少 3840 万元: the causes of a
        # change told after it are changes too
        return True
    # 增长 12.5%: a rate right after a change word
    return q.base_unit in ("%", "百分点") and clause.rstrip("了为达至到约近 ").endswith(_CHANGE_WORDS)


_CHANGE_VERBS = ("增加", "减少", "增长", "下降", "上升", "降低", "压减", "节约", "缩减", "核减")


# money of the year before carried into this one: 上年结转, 上年财政拨款结余, 上年实户资金余额
CARRIED_OVER = regex.compile(r"(?:上年度?|上一年度?)(?:末|年末)?\p{Han}{0,6}?(?:结转|结余|余额)")


_GLOSS = regex.compile(r"[（(]([^（）()]{1,24})[）)]\s*$")


def gloss_before(sentence: Sentence, q: Quantity) -> str:
    """The words in brackets right before a figure (污水处理服务费（政府性基金）A, 行政运行
    （行政及参公单位基本支出）A): what the writer says the figure is; "" when there are none."""
    lo = max(sentence.start, q.pos - 40)
    if not sentence.para.text[lo : q.pos].rstrip().endswith(("）", ")")):
        return ""  # the pattern ends with a bracket and white space: it cannot match
    m = _GLOSS.search(sentence.para.text, lo, q.pos)
    return m.group(1) if m else ""


def is_prior_period(sentence: Sentence, q: Quantity) -> bool:
    """A figure of the year before (上年…为 A): its clause names it — but 上年结转 /
    上年结余 is money of this year's income carried over, not a prior year's figure."""
    clause = clause_before(sentence, q)
    if _PRIOR_WORD.search(clause):
        return _PRIOR_WORD.search(CARRIED_OVER.sub("", clause)) is not None
    return False


_PART_OF_YEAR = regex.compile(
    r"上半年|下半年|前三季度|第?[一二三四1-4]季度|\d{1,2}\s*[-—–～~至到]\s*\d{1,2}\s*月|截至\s*\d{1,2}\s*月|\d{1,2}\s*月(?:份|底|末|中旬|上旬|下旬)?"
)


def part_of_year(sentence: Sentence, q: Quantity) -> str:
    """The part of the year a figure covers when its sentence says so before it (上半年,
    一季度, 1-9月, 截至6月底), normalised; "" for the whole year or when nothing is said.
    A December end (截至12月底, 1-12月) is the whole year; 年初预算 is a budget, not a
    part of the year."""
    if "月" not in sentence.text and "季度" not in sentence.text and "半年" not in sentence.text:
        return ""  # every alternative of the pattern holds one of these: most sentences, cheaply
    found = [m.group(0).replace(" ", "") for m in _PART_OF_YEAR.finditer(sentence.para.text, sentence.start, q.pos)]
    found = [f for f in found if "12月" not in f and not f.startswith("1-12")]
    return found[-1] if found else ""


UP_WORDS = ("增加", "增长", "上升", "提高", "增幅", "多", "增")
DOWN_WORDS = ("减少", "下降", "降低", "降幅", "压减", "减", "少")
_DIRECTION_WORD = regex.compile(r"增减|增加|增长|上升|提高|增幅|减少|下降|降低|降幅|压减|持平|多|少|增|减")


def direction(word: str) -> str | None:
    """``up``, ``down`` or ``flat`` for a direction word (增加, 下降, 持平)."""
    if word in UP_WORDS:
        return "up"
    if word in DOWN_WORDS:
        return "down"
    if word == "持平":
        return "flat"
    return None


def change_direction(sentence: Sentence, q: Quantity) -> tuple[str, str] | None:
    """The direction a change figure is written with (比上年减少 52.30 万元 -> down) and
    its word; None when its clause has none or says 增减."""
    clause = clause_before(sentence, q).rstrip("了为达至到约近 ")
    found = list(_DIRECTION_WORD.finditer(clause))
    if not found:
        return None
    w = found[-1].group(0)
    if w in ("多", "少", "增", "减") and not clause.endswith(w):
        return None  # 多 and 少 only right before the figure (多 1 人), not inside words
    d = direction(w)
    return (d, w) if d else None


@functools.lru_cache(maxsize=4096)
def label_cue(label: str) -> tuple[str, str | None]:
    """Split a label into its subject and the column cue written at its start or end:
    ``预算安排公用经费`` -> (``公用经费``, initial_budget); ``实际支出`` -> ('', final)."""
    for word, role in LABEL_CUES:
        if label.startswith(word):
            return label[len(word):].lstrip("的"), role
        if label.endswith(word):
            subject = label[: -len(word)].rstrip("的")
            if word.startswith("支出") and subject:
                subject += "支出"  # 基本支出决算 is the 决算 of 基本支出, not of 基本
            return subject, role
    return label, None


_CUE_RE = regex.compile("|".join(regex.escape(w) for w, _ in SENTENCE_CUES))
_CUE_ROLE = dict(SENTENCE_CUES)


def sentence_cue(sentence: Sentence, q: Quantity) -> str | None:
    """The last column cue word written before the figure in its sentence."""
    starts, words = _marks(sentence, "cue", _CUE_RE)
    k = bisect.bisect_left(starts, q.pos)
    # a cue must end before the figure starts
    while k and starts[k - 1] + len(words[k - 1]) > q.pos:
        k -= 1
    return _CUE_ROLE[words[k - 1]] if k else None


def subjects(sentence: Sentence) -> list[tuple[Quantity, str, str | None]]:
    """Each figure of a sentence with its subject and column cue. A figure whose label is
    only a cue (``实际支出为 Y``) takes the subject of the figure before it."""
    if sentence.subjects is None:
        sentence.subjects = _subjects(sentence)
    return sentence.subjects


# A classification code in brackets right before a figure: 商品和服务支出（302）4464.76万元.
_CODE_BEFORE = regex.compile(r"(?P<name>[\p{Han}]{2,30})?\s*[（(]\s*(?P<code>(?!(?:19|20)\d\d\s*[）)])\d{3,7})\s*[）)]\s*$")


_HAN = regex.compile(r"\p{Han}")


def coded_subject(sentence: Sentence, q: Quantity, subject: str) -> str:
    """The subject with the classification code written in brackets before the figure
    (一般行政管理事务（2080102）510.10万元): one name under two codes is two items, and
    the code names the item when the label kept only a bracket."""
    clause = clause_before(sentence, q)
    if not clause.rstrip().endswith(("）", ")")):
        return subject  # the pattern ends with a bracket and white space: it cannot match (and searching costs)
    m = _CODE_BEFORE.search(clause)
    if m is None:
        return subject
    name = subject if _HAN.search(subject) else (m.group("name") or "")
    if not name:
        return subject
    return f"{name}（{m.group('code')}）"


def _subjects(sentence: Sentence) -> list[tuple[Quantity, str, str | None]]:
    out = []
    prev_subject = ""
    for q in sentence.quantities:
        subject, cue = label_cue(q.label)
        subject = coded_subject(sentence, q, subject)
        if not subject and cue:
            subject = prev_subject
        if cue is None:
            cue = sentence_cue(sentence, q)
        out.append((q, subject, cue))
        if subject:
            prev_subject = subject
    return out


@functools.lru_cache(maxsize=1024)
def column_role(header: str) -> str | None:
    """Which role a table column plays, from its header: 决算数 -> final. A fund's
    column (一般公共预算, 政府性基金预算) names a fund, not the budget measure."""
    h = squeeze(header)
    if h.endswith(lexicon.FUND_BUDGETS):
        return None
    for role, words in lexicon.COLUMN_ROLES.items():
        if any(h.endswith(w) or h == w for w in words):
            return role
    return None
