"""The quantity reader: finds every number in a piece of text and reads it as a
:class:`~auditor.document.model.Quantity` with an exact decimal value, its unit, precision,
qualifiers and label.

Input is the *normalised* text (full-width digits already mapped to ASCII one
character for one, see :func:`auditor.document.source.normalise`), so offsets found here are
offsets in the original text too.

What is not a quantity: years (2020年, 2021-2025年, （2024）), dates (2025.1.1, 6月, 31日),
phone numbers and identifiers, list ordinals and 第N, dotted section numbers, numbers
inside short quoted names (“1+1+9”, “四个一”) and book titles (《…》).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import regex

from auditor.document import lexicon
from auditor.document.model import Quantity, Span

# Every pattern here is linear: no nested quantifiers, alternations of literals only,
# and a timeout as a second guard (see tests/test_regex_safety.py).
_UNIT_ALT = "|".join(regex.escape(u) for u in sorted(lexicon.UNITS, key=len, reverse=True))
_MAG_ALT = "万亿|千万|百万|亿|万|千(?![克瓦])|百(?!分)"
_AFTER_ALT = "|".join(regex.escape(w) for w in sorted(lexicon.APPROX_AFTER, key=len, reverse=True))

ARABIC = regex.compile(
    # every match starts with a sign or a digit: said first, so that the search skips
    # other characters without trying the rest (the same matches, found faster)
    r"(?=[-+−]|\d)"
    # not inside another number; but 4125.49,4143.91万元 is a list: a comma after a
    # decimal fraction separates numbers (a thousands separator never follows one)
    r"(?:(?<![\d.,A-Za-z_])|(?<=\d\.\d{1,6},))"
    r"(?P<sign>(?<![)）%])[-+−](?=\d))?"  # not a sign after a bracket or %: 90（含）-100分 is a range
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\d.]\d|[A-Za-z])"
    rf"(?P<mid>[ \t]?(?:多|余)(?=[ \t]?(?:{_MAG_ALT}|{_UNIT_ALT})))?"
    rf"(?:[ \t]?(?P<mag>{_MAG_ALT}))?"
    r"(?P<mid2>多|余)?"
    rf"(?:[ \t]?(?P<unit>{_UNIT_ALT}))?"
    rf"(?P<post>{_AFTER_ALT})?",
)

# ARABIC's groups by number: a match's groups asked by name cost several times more
_ARABIC_NUM = ARABIC.groupindex["num"]
_ARABIC_NUM_UNIT_MAG = tuple(ARABIC.groupindex[n] for n in ("num", "unit", "mag"))
_ARABIC_FIELDS = tuple(ARABIC.groupindex[n] for n in ("sign", "num", "unit", "mag", "mid", "mid2", "post"))

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGITS + "十百千万亿"
_CN_UNIT_ALT = "|".join(regex.escape(u) for u in sorted(lexicon.CN_NUMERAL_UNITS, key=len, reverse=True))
CHINESE = regex.compile(
    rf"(?<![第{_CN_ALL}])(?P<cn>[{_CN_ALL}]{{1,12}})(?P<unit>{_CN_UNIT_ALT})(?!性|样|致|般|流|体|起|道|直|线|同)"
)

_ANY_NUMERAL = regex.compile(rf"[\d{_CN_ALL}]")
"""What every match of :data:`ARABIC` (a digit) and :data:`CHINESE` (a numeral) holds."""

# Masks: spans of text whose digits are names, titles, dates or identifiers.
_MASKS = regex.compile(
    r"(?=[《“\"「『〔\[（(第A-Za-z]|\d)"          # what every alternative starts with (a faster search)
    r"(?:《[^《》\n]{0,80}》"                      # book and document titles
    r"|[“\"「『][^“”\"「」『』\n]{0,15}[”\"」』]"  # short quoted names: “1+1+9”, “四个一”
    r"|〔[^〕\n]{0,12}〕|\[\d{4}\]"               # document years 〔2023〕
    r"|[（(]\d{4}[）)]"                          # （2024）
    r"|\d{4}[.\-/年]\d{1,2}[.\-/月]\d{1,2}日?"   # dates 2025.1.1, 2024年8月31日
    r"|\d{4}\s?[-—–~～至到]\s?\d{4}\s?年?"        # year ranges
    r"|\d{4}\s?年(?!以上|以下|左右)"              # years
    r"|(?<!\d)\d{1,2}\s?月(?:份)?(?:\s?\d{1,2}\s?日)?"  # months, days
    r"|(?<!\d)\d{1,2}\s?日"
    r"|(?<!\d)\d{1,2}[:：]\d{2}"                 # clock times
    r"|第\s?[\d零〇一二两三四五六七八九十百千]+"  # ordinals
    r"|[A-Za-z]+[-_]?\d+[A-Za-z\d]*)"            # codes such as G20, COVID-19, A4
)

_BOUNDARY = "。；;！？!?\n：:，,"
_BOUNDARY_RE = regex.compile("[" + regex.escape(_BOUNDARY) + "]")
_SENTENCE_END_RE = regex.compile("[。；;！？!?\n]")
_YEAR_LEAD = regex.compile(r"^(?:截至|截止|截止到)?\s*\d{4}\s*年(?:度|末|底|初)?\s*")
_NUMBERING_LEAD = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}(?:[、．]|\.(?!\d)))\s*")
_PARENS = regex.compile(r"[（(][^（）()]{0,30}[）)]")
_STRIP_RE = regex.compile(r"[ \t*“”\"'‘’「」『』]+")


def _decimal(num: str) -> Decimal | None:
    try:
        return Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None


_CN_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}


def int_to_cn(n: int, digits: str = "零一二三四五六七八九", units: str = "十百千", short_ten: bool = True) -> str:
    """Write a whole number as a Chinese numeral (the inverse of :func:`cn_to_int` below ten
    thousand): 13 -> 十三, 21 -> 二十一, 105 -> 一百零五; with ``short_ten`` off 十三 is 一十三
    (the legal digits 壹拾叁 need it); zero, negatives and 10,000 and over as digits."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    parts = [(n // 1000, units[2]), (n // 100 % 10, units[1]), (n // 10 % 10, units[0]), (n % 10, "")]
    zero = False
    for d, u in parts:
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += digits[d] + u
    if short_ten and 10 <= n < 20:
        out = out[1:]  # 十一, not 一十一
    return out


@functools.lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral: 十三 -> 13, 两千三百万 -> 23000000, 一千二百 -> 1200."""
    digits, small, big = _CN_DIGIT_VALUES, _CN_SMALL, _CN_BIG
    total = 0
    section = 0
    number = 0
    seen_digit = False
    for ch in text:
        if ch in digits:
            number = digits[ch]
            seen_digit = True
        elif ch in small:
            section += (number or 1) * small[ch]
            number = 0
        elif ch in big:
            section += number
            total = (total + section) * big[ch] if big[ch] > 10**4 else total + section * big[ch]
            section = 0
            number = 0
        else:
            return None
    if not seen_digit and text not in small and text != "十":
        return None
    return total + section + number


def _cn_resolution(text: str) -> int:
    """Place value of the last significant digit of a Chinese numeral (两千三百万 -> 1000000)."""
    value = cn_to_int(text) or 0
    place = 1
    while value and value % (place * 10) == 0:
        place *= 10
    return place


@functools.lru_cache(maxsize=1024)
def _quantity_fields(unit: str | None, mag: str | None, decimals: int) -> tuple[str | None, str | None, str, Decimal, Decimal]:
    """base unit, family, kind, scale and resolution for a number written with ``decimals`` digits."""
    scale = lexicon.MAGNITUDES.get(mag or "", Decimal(1))
    if unit is None:
        base, family, kind = None, None, "measure"
    else:
        base, family, kind = lexicon.UNITS[unit]
    if kind == "count" and decimals == 0 and mag is None:
        resolution = Decimal(0)
    else:
        resolution = Decimal(1).scaleb(-decimals) * scale
    return base, family, kind, scale, resolution


_NUMERAL = regex.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


_WIDE_GROUP = regex.compile(r"(?<=\d)，(?=\d{3}(?:[,，.]|$))")


def read_number(text: str, unit: str | None = None, mag: str | None = None) -> tuple[Decimal, int] | None:
    """Read a bare numeral (a table cell): ``371,514,655.00`` -> (Decimal, decimals)."""
    t = text.strip().replace(" ", "")
    if "，" in t:
        t = _WIDE_GROUP.sub(",", t)  # １８，１３１: a full-width comma between groups of three
    negative = False
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        t, negative = t[1:-1], True
    if t[:1] in "-−":
        t, negative = t[1:], not negative
    elif t[:1] == "+":
        t = t[1:]
    if not _NUMERAL.fullmatch(t):
        return None
    value = _decimal(t)
    if value is None:
        return None
    decimals = len(t.split(".")[1]) if "." in t else 0
    return (-value if negative else value), decimals


def _before_note(text: str) -> str | None:
    """The figure before a note in brackets that ends a cell (``120.00（含结转20.00）``,
    ``35.00(注1)``), or None."""
    if not text.endswith((")", "）")):
        return None
    i = max(text.rfind("（"), text.rfind("("))
    if i <= 0 or any(c in text[i + 1 : -1] for c in "（）()"):
        return None
    figure = text[:i].strip()
    return figure if read_number(figure.rstrip("%％")) else None


_CELL_MONEY = regex.compile(r"^(?P<n>[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<u>万亿元|亿元|千万元|百万元|万元|千元|元)$")
"""A sum of money written with its unit in a cell: ``100万元``, ``1,250.50元``."""


def cell_money(text: str) -> bool:
    """Whether a cell is a sum of money written with its unit (``100万元``)."""
    return _CELL_MONEY.match(text.strip()) is not None


def cell_quantity(text: str, span: Span, unit: str | None, label: str) -> Quantity | None:
    """Read a table cell. ``unit`` is the table's (or column's) unit, magnitude included.
    A note in brackets after the figure (a second line of the cell: ``（含结转20.00）``)
    is no part of it: the cell's figure is the one before it. A sum of money written with
    its unit (``50.5万元``) is read in that unit."""
    t = text.strip()
    if t.endswith((")", "）")) and not t.startswith(("(", "（")) and (figure := _before_note(t)):
        t = figure
    if (own := _CELL_MONEY.match(t)) is not None:
        t, unit = own.group("n"), own.group("u")  # 100万元 in a cell: its own unit, whatever the table's
    percent = t.endswith(("%", "％"))
    if percent:
        t = t[:-1]
    parsed = read_number(t)
    if parsed is None:
        return None
    written, decimals = parsed
    mag, base_unit = split_unit(unit)
    if percent:
        mag, base_unit = None, "%"
    base, family, _kind, scale, resolution = _quantity_fields(base_unit, mag, decimals)
    return Quantity(
        raw=text.strip(), written=written, value=written * scale, unit="%" if percent else unit,
        base_unit=base, family=family, scale=scale, decimals=decimals, resolution=resolution,
        label=label, span=span, where="table",
    )


def split_unit(unit: str | None) -> tuple[str | None, str | None]:
    """``万元`` -> (``万``, ``元``); ``元`` -> (None, ``元``); unknown units -> (None, None)."""
    if not unit:
        return None, None
    if unit in lexicon.UNITS:
        return None, unit
    for mag in sorted(lexicon.MAGNITUDES, key=len, reverse=True):
        if unit.startswith(mag) and unit[len(mag):] in lexicon.UNITS:
            return mag, unit[len(mag):]
    return None, None


_GUARDED = 4096
"""Texts longer than this are searched with a timeout (a second guard: the patterns are
linear, see tests/test_robustness.py); on shorter ones a linear pattern ends in well under
a millisecond, and asking for a timeout costs several microseconds a call."""


def _masked(text: str, skip: list[tuple[int, int]]) -> bytearray:
    """One flag per character: 1 where digits belong to a name, title, date or identifier."""
    flags = bytearray(len(text) + 1)
    for m in _MASKS.finditer(text, timeout=2 if len(text) > _GUARDED else None):
        start, end = m.span()
        flags[start:end] = b"\x01" * (end - start)
    for a, b in skip:
        flags[a:b] = b"\x01" * (b - a)
    return flags


def _inside(flags: bytearray, start: int, end: int) -> bool:
    return flags.find(1, start, end) >= 0  # the flags are 0 or 1: any of them set


_APPROX_BEFORE = tuple(sorted(lexicon.APPROX_BEFORE, key=len, reverse=True))
_IDENTIFIER_LABEL = regex.compile("|".join(regex.escape(w) for w in lexicon.IDENTIFIER_LABELS))
"""Any of the identifier labels (电话, 编号 …): one search instead of one test per word."""


def _approx_before(text: str, start: int) -> tuple[str | None, int]:
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if not text.endswith(_APPROX_BEFORE, 0, j):
        return None, start  # none of the words: most figures, in one call
    for word in _APPROX_BEFORE:
        if text.endswith(word, 0, j):
            return word, j - len(word)
    return None, start


_LEAD_PUNCT = "（(、，,：:；; "
_LEADS_RE = regex.compile("^(?:" + "|".join(regex.escape(w) for w in sorted(lexicon.LABEL_LEADS, key=len, reverse=True)) + ")")
_LINKS_RE = regex.compile("(?:" + "|".join(regex.escape(w) for w in sorted(lexicon.LABEL_LINKS, key=len, reverse=True)) + ")$")


@functools.lru_cache(maxsize=16384)
def clean_label(raw: str) -> str:
    """Normalise the words before a number into a label: no parentheses, quotes, years, links."""
    label = _STRIP_RE.sub("", _PARENS.sub("", raw))
    label = _NUMBERING_LEAD.sub("", label.lstrip(_LEAD_PUNCT))
    label = _YEAR_LEAD.sub("", label)
    changed = True
    while changed and label:
        changed = False
        label = label.lstrip(_LEAD_PUNCT)
        m = _LEADS_RE.match(label)
        if m and len(label) - m.end() >= 2:
            label, changed = label[m.end():], True
        m = _LINKS_RE.search(label)
        if m and m.start() >= 2:
            if m.group(0)[:2] in ("合计", "总计") and label[: m.start()].endswith(("支出", "收入")):
                # 本年支出合计 2,789.32 万元: 支出合计 names a total, 支出 alone does not
                label = label[: m.start()] + m.group(0)[:2]
                break
            label, changed = label[: m.start()], True
    return label[-40:]


UNMAPPED = "\\p{Co}\\ufffd"
"""A character class of what a file draws without saying which character it is: a font's
private use area, and U+FFFD."""
_UNMAPPED = regex.compile(f"[{UNMAPPED}]")


def _unreadable(text: str, start: int, end: int) -> bool:
    """Whether a figure touches a character of a font's private use (a decimal point or a digit
    the PDF did not map to Unicode), so that its value cannot be known."""
    return (start > 0 and _UNMAPPED.match(text, start - 1) is not None) or (end < len(text) and _UNMAPPED.match(text, end) is not None)


def read_quantities(text: str, span_of: Callable[[int, int], Span], skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """All quantities in ``text`` (normalised), in order, located with ``span_of``."""
    if _ANY_NUMERAL.search(text) is None:
        return []  # neither pattern can match: no digit, no Chinese numeral
    masks = _masked(text, skip or [])
    found: list[tuple[int, int, dict]] = []
    timeout = 5 if len(text) > _GUARDED else None
    unmapped = _UNMAPPED.search(text) is not None  # else no figure can touch such a character
    for m in ARABIC.finditer(text, timeout=timeout):
        start, end = m.span()
        num_start, num_end = m.span(_ARABIC_NUM)
        if masks.find(1, num_start, num_end) >= 0:  # _inside, inlined
            continue
        num, unit, mag = m.group(*_ARABIC_NUM_UNIT_MAG)
        if unmapped and _unreadable(text, num_start, num_end):
            continue  # 76<glyph>1%: a glyph of the font's own (private use) inside the figure: not read
        digits = num.replace(",", "").replace(".", "")
        if unit is None and mag is None and "," not in num and "." not in num and len(digits) >= 7:
            continue  # phone numbers and identifiers
        after = text[end : end + 3]
        if unit is None and after.startswith(lexicon.NOT_QUANTITY_AFTER):
            continue
        before = text[max(0, start - 8) : start]
        if _IDENTIFIER_LABEL.search(before):
            continue
        found.append((start, end, {"m": m}))
    for s, e, _ in found:
        masks[s:e] = b"\x01" * (e - s)
    for m in CHINESE.finditer(text, timeout=timeout):
        start, end = m.span()
        if masks.find(1, start, end) >= 0:  # _inside, inlined
            continue
        found.append((start, end, {"cn": m}))
    found.sort(key=lambda f: f[0])
    if not found:
        return []  # numerals, but all of years, dates, names: no clause bounds needed

    out: list[Quantity] = []
    prev_end = 0
    bounds = [m.start() for m in _BOUNDARY_RE.finditer(text)]
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
    for start, end, info in found:
        q = _build(text, start, end, info, span_of)
        if q is None:
            continue
        k = bisect.bisect_left(bounds, start)
        label_start = max(prev_end, bounds[k - 1] + 1 if k else 0)
        q_start = start
        approx, qstart = _approx_before(text, start)
        if approx and q.approx is None:
            q.approx = approx
            q_start = qstart
        raw_label = text[label_start:q_start]
        q.label = clean_label(raw_label)
        k = bisect.bisect_left(ends, start)
        clause_start = ends[k - 1] + 1 if k else 0
        k = bisect.bisect_left(ends, end)
        clause_end = ends[k] if k < len(ends) else len(text)
        q.context = text[clause_start:clause_end]
        q.context_pos = start - clause_start
        q.pos, q.pos_end = start, end
        out.append(q)
        prev_end = end
    _infer_bare_magnitudes(out, text)
    _share_list_units(out, text)
    return out


def _share_list_units(quantities: list[Quantity], text: str) -> None:
    """``4125.49、4143.91万元``: a bare number listed right before a figure with a unit,
    written to the same decimals, takes that unit (the unit is written once per list)."""
    for k in range(len(quantities) - 2, -1, -1):
        q, nxt = quantities[k], quantities[k + 1]
        if q.unit is not None or q.base_unit is not None or nxt.base_unit is None or q.decimals != nxt.decimals or q.approx:
            continue
        if nxt.pos - q.pos_end > 4 or text[q.pos_end : nxt.pos].strip() not in (",", "，", "、"):
            continue
        q.unit, q.base_unit, q.family, q.scale = nxt.unit, nxt.base_unit, nxt.family, nxt.scale
        q.value = q.written * nxt.scale
        q.resolution = (nxt.resolution if nxt.resolution == 0 else Decimal(1).scaleb(-q.decimals) * nxt.scale)


_MONEY_WORDS = ("预算", "经费", "资金", "支出", "收入", "金额", "拨款", "补贴", "投资", "费用", "元")


def _infer_bare_magnitudes(quantities: list[Quantity], text: str) -> None:
    """``1170.00万`` written without 元: take the unit of a figure with the same magnitude
    word in the same sentence, else 元 when the sentence speaks of money."""
    for q in quantities:
        if q.base_unit is not None or q.scale == 1:
            continue
        same = [o for o in quantities if o.base_unit and o.scale == q.scale and _same_sentence(text, o.pos, q.pos)]
        if same:
            o = same[0]
            q.base_unit, q.family, q.unit = o.base_unit, o.family, (q.unit or "") + (o.base_unit or "")
        elif any(w in q.context for w in _MONEY_WORDS):
            q.base_unit, q.family = "元", "money"


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not any(c in text[lo:hi] for c in "。；;！？!?\n")


def _build(text: str, start: int, end: int, info: dict, span_of: Callable[[int, int], Span]) -> Quantity | None:
    if "m" in info:
        sign, num, unit_word, mag, mid, mid2, post = info["m"].group(*_ARABIC_FIELDS)
        value = _decimal(num)
        if value is None:
            return None
        if sign in ("-", "−"):
            value = -value
        decimals = len(num.split(".")[1]) if "." in num else 0
        base, family, _kind, scale, resolution = _quantity_fields(unit_word, mag, decimals)
        approx = None
        if mid or mid2:
            approx = (mid or mid2).strip()
        if post:
            approx = post
        unit = (mag or "") + (unit_word or "") or None
        written = value
        raw_end = end
    else:
        m = info["cn"]
        cn = m.group("cn")
        ivalue = cn_to_int(cn)
        if ivalue is None:
            return None
        unit_word = m.group("unit")
        mag = None
        for mg in ("万", "亿"):
            if unit_word.startswith(mg) and unit_word[1:] in lexicon.UNITS:
                mag, unit_word = mg, unit_word[1:]
        if unit_word not in lexicon.UNITS:
            return None
        base, family, kind = lexicon.UNITS[unit_word]
        scale = lexicon.MAGNITUDES.get(mag or "", Decimal(1))
        place = _cn_resolution(cn)
        resolution = Decimal(0) if kind == "count" and mag is None else Decimal(place) * scale
        value = Decimal(ivalue)
        written = value
        decimals = 0
        approx = None
        unit = (mag or "") + unit_word
        raw_end = end
    return Quantity(
        raw=text[start:raw_end], written=written, value=written * scale, unit=unit, base_unit=base,
        family=family, scale=scale, decimals=decimals, resolution=resolution, approx=approx,
        span=span_of(start, raw_end), where="prose",
    )
