"""The word tests that let the reader, the fact layer and the checks skip a search give the
answer the search gives: each rests on a property of a pattern or word list, asserted here
so that an edit of the pattern that breaks it fails a test instead of changing findings."""

from __future__ import annotations

import random

import regex

import auditor_checks.artefacts as artefacts
import auditor_checks.breakdowns as breakdowns
import auditor_checks.enumerations as enumerations
import auditor_checks.repeats as repeats
from auditor import facts
from auditor.document import prose
from auditor.document.model import Span, make_span
from auditor.document.reader import read_document


def test_every_zone_word_holds_the_characters_area_in_tests_first() -> None:
    assert all("区" in w or "县" in w or "街" in w for w in facts._ZONE_ENDS)
    assert facts.area_in("高新区财政预算支出") == "高新区"
    assert facts.area_in("全市财政预算支出") == "全域"


def test_the_list_opener_and_head_patterns_hold_the_words_tested_first() -> None:
    assert breakdowns._OF_WHICH.pattern.startswith("其中")
    assert prose._OF_WHICH.pattern == "其中"
    assert repeats._HEAD.pattern.endswith("[：:]")  # a list head ends with a colon
    assert prose._BRACKETED.pattern.startswith("[（(]")
    assert not any("＿" in w for w, _ in prose.SENTENCE_CUES)  # masking funds only takes cues away


def test_outside_brackets_blanks_closed_brackets_only() -> None:
    assert prose.outside_brackets("2024年支出 5 万元") == "2024年支出 5 万元"
    inner = "（2023年为 4 万元）"
    assert prose.outside_brackets(f"支出{inner}5 万元") == "支出" + " " * len(inner) + "5 万元"


def test_the_percent_sign_is_taken_off_as_the_pattern_took_it_off() -> None:
    rng = random.Random(7)
    alphabet = [" ", "\t", "\n", "%", "％", "5", ".", "\u3000", "a", "\x1c"]
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        assert artefacts._without_percent_sign(s) == regex.sub(r"\s*[%％]$", "", s).strip(), repr(s)


def test_a_slogan_is_found_as_the_pattern_found_it() -> None:
    def old(text: str, raw: str, pos_end: int) -> bool:
        term = regex.match(r"\p{Han}{2,4}", text[pos_end : pos_end + 4])
        return term is not None and regex.search(r"[“\"‘「]" + regex.escape(raw.strip() + term.group(0)[:2]), text) is not None

    texts = ["五个聚焦、三个强化：“三个强化”指…", "落实“3+1”个要求、3+1个要求", "设 3 个处室，即“3 个处室”", "三个强化工作"]
    seen = set()
    for text in texts:
        doc = read_document(text, "t.md")
        for q in doc.quantities():
            seen.add(enumerations._slogan(text, q))
            assert enumerations._slogan(text, q) == old(text, q.raw, q.pos_end), (text, q.raw)
    assert seen == {True, False}


def test_make_span_is_the_frozen_span() -> None:
    a = make_span(1, 5, 1, 2, 2, 3, 4, "Sheet1!C7")
    b = Span(start=1, end=5, line=1, column=2, end_line=2, end_column=3, page=4, cell="Sheet1!C7")
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    try:
        a.start = 0  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a span must stay frozen")


def test_the_blocks_of_a_kind_follow_the_block_list() -> None:
    doc = read_document("# 一、概况\n\n支出 5 万元。\n\n| 项目 | 金额 |\n| --- | --- |\n| 支出 | 5 |\n\n收入 6 万元。\n", "t.md")
    paragraphs, tables = doc.paragraphs, doc.tables
    assert [p.text for p in paragraphs] == ["支出 5 万元。", "收入 6 万元。"] and len(tables) == 1
    paragraphs.clear()  # a caller's copy: the document's own list is untouched
    assert len(doc.paragraphs) == 2
    doc.blocks = doc.blocks[:2]  # a new list: looked at afresh
    assert [p.text for p in doc.paragraphs] == ["支出 5 万元。"] and doc.tables == []
    doc.blocks.append(tables[0])  # the same list, longer: looked at afresh
    assert len(doc.tables) == 1


def test_the_flat_and_grade_patterns_hold_the_words_tested_first() -> None:
    import auditor_checks.directions as directions
    import auditor_checks.scores as scores

    assert directions._FLAT.pattern.endswith("持平")
    assert "(?:等级|等次|结果)(?:为" in scores._GRADE.pattern  # one of the three, not optional
    assert scores._GRADE.search("综合评价等级为“优秀”") is not None


def test_every_comparison_word_of_a_claim_holds_the_characters_tested_first() -> None:
    import auditor_checks.claims as claims

    assert all("于" in w or "超" in w or "与" in w for w in (*claims._OPS, "与"))
    assert "(?P<op>" + "|".join(claims._OPS).replace("|持平于", "|持平于|与") + ")" in claims._CLAIM.pattern


def test_a_change_word_before_a_figure_ends_with_a_character_tested_first() -> None:
    words = facts._CHANGE_BEFORE.pattern.split("(?:增加|")[1].split(")")[0].split("|")
    assert all(w[-1] in facts._CHANGE_BEFORE_LAST for w in ["增加", *words]) and "了" in facts._CHANGE_BEFORE_LAST
    assert facts._CHANGE_BEFORE.pattern.endswith(r"了?\s*$")


def test_an_inline_list_head_ends_with_a_colon() -> None:
    assert enumerations._LIST_HEAD.pattern.endswith(r"[：:]\s*")
    text = "设 3 个科室：1.办公室；2.财务科；3.人事科。"
    assert enumerations._inline_list(text, text.index("个") + 1) is not None
    assert enumerations._inline_list("设 3 个科室，1.办公室；2.财务科；3.人事科。", 4) is None


def test_the_line_patterns_need_the_marks_tested_first() -> None:
    from auditor.document import reader

    for pattern, mark in ((reader._PIPE_SEP, "|"), (reader._PIPE_ROW, "|"), (reader._MD_HEADING, "#"), (reader._BOLD_LINE, "**")):
        for line in ("| --- | --- |", "|---|", "| a | b |", "## 标题", "**一、概况**", "  ### x ##", "正文 1 万元"):
            assert pattern.match(line) is None or mark in line, (pattern.pattern, line)
    assert reader._PIPE_SEP.match("--- | ---") is not None  # a separator without a leading pipe still has one
