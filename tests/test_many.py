"""Many disagreements of one check in one document, outnumbering what held there, are
taken for a misread layout: notes (``info``, reading ``unconfirmed``) that say so. A
check that matches the text itself keeps its findings however many."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from conftest import check_text

from auditor.checking.engine import MANY

ITEMS = ["培训费", "会议费", "办公费", "印刷费", "水电费", "邮电费", "差旅费", "维修费", "租赁费", "劳务费",
         "物业费", "咨询费", "手续费", "取暖费", "福利费", "工会经费", "专用材料费", "委托业务费", "公务接待费", "其他交通费用"]


def report(wrong: int, right: int) -> str:
    """One paragraph per item: this year, the increase, and a rate; ``wrong`` of them with
    a rate of 5.00% that the figures do not give (10 ÷ (100 + i) is near 10%)."""
    out = []
    for i in range(wrong + right):
        base = Decimal(100 + i)
        rate = "5.00" if i < wrong else str((Decimal(10) / base * 100).quantize(Decimal("0.01"), ROUND_HALF_UP))
        out.append(f"（{i + 1}）{ITEMS[i]}支出 {base + 10}.00 万元，比上年增加 10.00 万元，增长 {rate}%。\n")
    return "\n".join(out)


def _rat(text: str):
    result = check_text(text, select=["RAT001"])
    return result, sum(1 for v in result.verified if v.check == "RAT001")


def test_many_disagreements_and_none_held_are_notes_that_say_why() -> None:
    result, held = _rat(report(MANY, 0))
    assert held == 0 and len(result.findings) == MANY
    for f in result.findings:
        assert (f.severity.value, f.reading) == ("info", "unconfirmed")
        assert f"disagrees {MANY} times" in f.hint.en and "版式未读懂" in f.hint.zh
        assert "5.00%" in f.message.zh  # the finding itself is kept, only its weight changes


def test_fewer_than_many_stay_errors() -> None:
    result, held = _rat(report(MANY - 1, 0))
    assert held == 0 and [f.severity.value for f in result.findings] == ["error"] * (MANY - 1)
    assert all(f.reading == "confirmed" and "disagrees" not in (f.hint.en if f.hint else "") for f in result.findings)


def test_as_many_held_as_disagree_keeps_them_errors() -> None:
    result, held = _rat(report(MANY, MANY))
    assert held == MANY and [f.severity.value for f in result.findings] == ["error"] * MANY
    result, held = _rat(report(MANY, MANY - 1))
    assert held == MANY - 1 and {f.severity.value for f in result.findings} == {"info"}


def test_a_check_of_the_text_itself_keeps_every_finding() -> None:
    """TPL001 (template wording left, 增加（减少）) is not a reading: twelve are twelve errors."""
    text = "\n".join(f"（{i + 1}）{ITEMS[i]}支出 {100 + i}.00 万元，比上年增加（减少）{i + 1}.00 万元。\n" for i in range(12))
    result = check_text(text, select=["TPL001"])
    assert [f.severity.value for f in result.findings] == ["error"] * 12


def test_many_on_one_pdf_page_are_notes_where_the_page_agrees_less() -> None:
    """The page rule, on findings as the engine receives them from a PDF: six disagreements
    on page 3 where two relations held there are notes; three on page 4 stay errors; six on
    page 5 beside six that held there stay errors. Nine in all: under the document's MANY."""
    from auditor.checking import registry
    from auditor.checking.engine import MANY_ON_A_PAGE, FileResult, _too_many
    from auditor.document.model import Span

    rat = registry.load()["RAT001"]()
    spans = iter(range(1000))

    def at(page: int) -> Span:
        k = next(spans)
        return Span(start=k, end=k + 1, line=k + 1, column=1, end_line=k + 1, end_column=2, page=page)

    result = FileResult(path="r.pdf")
    result.findings = [rat.finding("不符", "off", at(3)) for _ in range(MANY_ON_A_PAGE)] + [rat.finding("不符", "off", at(4)) for _ in range(3)]
    result.verified = [rat.verified("相符", "holds", [at(3)]) for _ in range(2)]
    _too_many(result, {"RAT001": rat})
    by_page = {(f.span.page, f.severity.value) for f in result.findings}
    assert by_page == {(3, "info"), (4, "error")}
    assert all("page 3" in f.hint.en and "第3页" in f.hint.zh for f in result.findings if f.span.page == 3)

    result = FileResult(path="r.pdf")
    result.findings = [rat.finding("不符", "off", at(5)) for _ in range(MANY_ON_A_PAGE)]
    result.verified = [rat.verified("相符", "holds", [at(5)]) for _ in range(MANY_ON_A_PAGE)]
    _too_many(result, {"RAT001": rat})
    assert {f.severity.value for f in result.findings} == {"error"}
