"""Heading and list numbering: 一、 （一） (一) 1. 1、 （1） ①.

The numbering style, not the Markdown ``#`` count, decides the outline level: reports
converted from PDF mix ``##``/``###``/``####`` for one level and half/full-width brackets.
"""

from __future__ import annotations

import regex

from auditor.document.model import Numbering, Span
from auditor.document.numbers import cn_to_int

_CN = "一二三四五六七八九十百零〇两"
NUMBERING = regex.compile(
    rf"^(?P<cn>[{_CN}]{{1,4}})\s?(?:、|[．.](?!\d))"
    rf"|^(?P<lp>[（(])\s?(?P<cnp>[{_CN}](?:[ \u3000]?[{_CN}]){{0,3}})\s?(?P<rp>[）)])"  # (十 一): a space typed inside
    r"|^(?P<ar>\d{1,3})\s?(?:[、．]|\.(?![\d.])|[)）](?!\d))"
    r"|^(?P<lp2>[（(])\s?(?P<arp>\d{1,3})\s?(?P<rp2>[）)])"
    r"|^(?P<circ>[①-⑳])"
)

LEVELS = {"cn": 1, "cn_paren": 2, "arabic": 3, "arabic_paren": 4, "circled": 5}


def _width(left: str, right: str) -> str:
    full = left in "（" and right in "）"
    half = left in "(" and right in ")"
    return "full" if full else "half" if half else "mixed"


_NOWHERE = Span(start=0, end=0, line=0, column=0, end_line=0, end_column=0)


def nowhere(start: int, end: int) -> Span:
    """A span function for when only the numbering's kind and value matter."""
    return _NOWHERE


_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"（": "（", "）": "）"})


_LEADS = frozenset(_CN + "（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳0123456789" + "".join(chr(0xFF10 + i) for i in range(10)))


def parse_numbering(text: str, span_of) -> tuple[Numbering | None, int]:
    """Numbering at the start of ``text`` and the index where the rest begins.

    ``text`` is the source text: a full-width ``．`` is a numbering mark even before a
    digit (``4．2025年部门…``), where a half-width ``.`` would make a decimal number."""
    if text[:1] not in _LEADS:
        return None, 0
    text = text[:12].translate(_DIGITS) + text[12:]
    m = NUMBERING.match(text)  # anchored, bounded: no backtracking to guard (a timeout costs ~10 us a call)
    if not m:
        return None, 0
    bracket = ""
    if m.group("cn"):
        kind, value = "cn", cn_to_int(m.group("cn"))
    elif m.group("cnp"):
        kind, value = "cn_paren", cn_to_int(m.group("cnp").replace(" ", "").replace("\u3000", ""))
        bracket = _width(m.group("lp"), m.group("rp"))
    elif m.group("ar"):
        kind, value = "arabic", int(m.group("ar"))
    elif m.group("arp"):
        kind, value = "arabic_paren", int(m.group("arp"))
        bracket = _width(m.group("lp2"), m.group("rp2"))
    else:
        kind, value = "circled", ord(m.group("circ")) - ord("①") + 1
    if value is None:
        return None, 0
    end = m.end()
    while end < len(text) and text[end] in " \t\u3000":
        end += 1
    span: Span = span_of(m.start(), m.end())
    return Numbering(kind=kind, value=value, raw=m.group(0), level=LEVELS[kind], bracket=bracket, span=span), end


# A Han character that forms a word with the numeral after it (统一, 唯一, 之一, 第二 …): a
# full line ending with it and a next line starting ``一、`` is one word wrapped, not an item.
_BEFORE_ONE = frozenset("统唯之同单专划万逐不合归初")


def word_goes_on(prev: str, line: str) -> bool:
    """Whether ``line``'s numbering label is the end of a word the line before began."""
    tail, head = prev.rstrip()[-1:], line[:1]
    if not tail or head not in "一二三四五六七八九十":
        return False
    return tail == "第" or (head == "一" and tail in _BEFORE_ONE)
