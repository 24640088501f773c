"""The Foshan sample with one planted change at a time: each is reported at the changed
line or at the figure it contradicts, and consistent rewrites add no finding.

The plants are examples of each class of error; the checks know nothing of them."""

from __future__ import annotations

import pytest
from conftest import check_text

BASELINE = {("PRS001", 121), ("TXT001", 147), ("TXT001", 153)}


def line_of(text: str, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return text[:pos].count("\n") + 1


def plant(text: str, old: str, new: str, nth: int = 0) -> tuple[str, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(old, pos + 1)
    return text[:pos] + new + text[pos + len(old) :], text[:pos].count("\n") + 1


def found(text: str) -> set[tuple[str, int]]:
    r = check_text(text)
    assert not r.internal_errors, r.internal_errors
    return {(f.check, f.span.line) for f in r.findings if f.severity.value in ("error", "warning")}


def shown(text: str) -> set[tuple[str, int]]:
    """(check, line) of every line a finding shows: its primary span and its labelled
    related spans (a sum of weights that is off cannot say which weight changed)."""
    r = check_text(text)
    out = set()
    for f in r.findings:
        if f.severity.value in ("error", "warning"):
            out.add((f.check, f.span.line))
            out.update((f.check, x.span.line) for x in f.related)
    return out


def test_untouched_sample_reports_exactly_the_real_problems(foshan_text: str) -> None:
    result = check_text(foshan_text)
    problems = {(f.check, f.span.line) for f in result.findings if f.severity.value in ("error", "warning")}
    assert problems == BASELINE
    prs = next(f for f in result.findings if f.check == "PRS001")
    assert "1061.80" in prs.message.zh and "1062.25" in prs.message.zh
    assert "调整预算数" in prs.hint.zh and "1062.25" in prs.hint.zh
    assert {f.severity.value for f in result.findings if f.check == "TXT001"} == {"warning"}


PLANTS = [
    # (class, old, new, nth occurrence, check, where: "changed" or a needle for the contradicted figure)
    ("prose figure the table holds", "基本支出 16113.47", "基本支出 16131.47", 0, "PRS001", "changed"),
    ("table cell", "人员经费\t13983.71\t15051.22\t15051.22", "人员经费\t13983.71\t15051.22\t15051.32", 0, "TBL001", "一、基本支出\t"),
    ("repeated statistic", "城镇新增就业 8.6 万人", "城镇新增就业 8.9 万人", 0, "REP001", "changed"),
    # two places disagree: the finding stands at one and names the other
    ("repeated statistic, first place", "城镇新增就业8.6万人", "城镇新增就业8.2万人", 0, "REP001", "城镇新增就业 8.6 万人"),
    ("score", "该指标分值8分，自评得分8分", "该指标分值8分，自评得分6分", 0, "SCR003", "绩效得分为97分"),
    ("weight", "该指标分值 6 分", "该指标分值 9 分", 0, "SCR002", "related"),
    ("total score", "绩效得分为97分", "绩效得分为96分", 0, "SCR003", "changed"),
    ("grade", "绩效等级为“优”", "绩效等级为“良”", 0, "SCR004", "changed"),
    ("rate part", "对 64 个项目开展了自评", "对 63 个项目开展了自评", 0, "RAT001", "changed"),
    ("rate", "覆盖率为 98.46%", "覆盖率为 97.46%", 0, "RAT001", "changed"),
    ("enumeration count", "公益一类事业单位 1 个", "公益一类事业单位 2 个", 0, "ENU001", "changed"),
    ("enumeration count 15", "现有 15 个科室", "现有 16 个科室", 0, "ENU001", "changed"),
    ("enumeration item", "工伤保险科、", "", 0, "ENU001", "changed"),
    ("comparison claim", "实际支出为 26.95 万元", "实际支出为 62.95 万元", 0, "CMP001", "changed"),
    ("exceeded target", "超额完成省下达支出 2.8 亿元", "超额完成省下达支出 4.8 亿元", 0, "CMP001", "changed"),
    ("heading number", "（三）资金管理情况", "（四）资金管理情况", 0, "NUM001", "changed"),
    ("list number", "3. 负责促进就业创业", "4. 负责促进就业创业", 0, "NUM001", "changed"),
    ("breakdown part exceeds", "其中建档立卡户6309人", "其中建档立卡户7309人", 0, "BRK002", "changed"),
    ("breakdown whole", "部门整体支出 51935.06 万元", "部门整体支出 51953.06 万元", 0, "BRK001", "changed"),
]


@pytest.mark.parametrize("case", PLANTS, ids=[p[0] for p in PLANTS])
def test_planted_error_is_reported(foshan_text: str, case) -> None:
    _name, old, new, nth, check, where = case
    text, changed_line = plant(foshan_text, old, new, nth)
    if where == "related":
        assert (check, changed_line) in shown(text)
        return
    problems = found(text)
    expected_line = changed_line if where == "changed" else line_of(text, where)
    assert (check, expected_line) in problems, sorted(problems - BASELINE)


REWRITES = [
    ("unit rewrite", [("城镇新增就业8.6万人", "城镇新增就业86000人")]),
    ("rounded rewrite", [("部门整体支出 51935.06 万元", "部门整体支出 5.19 亿元")]),
    ("same change everywhere", [("案件3.9万件", "案件4.1万件"), ("案件 3.9 万件", "案件 4.1 万件")]),
    ("thousands separators", [("51935.06", "51,935.06"), ("97766.13", "97,766.13"), ("35821.59", "35,821.59")]),
    ("full-width digits", [("城镇新增就业8.6万人", "城镇新增就业８.６万人"), ("项目共 65 个", "项目共 ６５ 个")]),
]


@pytest.mark.parametrize("case", REWRITES, ids=[r[0] for r in REWRITES])
def test_consistent_rewrite_adds_no_finding(foshan_text: str, case) -> None:
    text = foshan_text
    for old, new in case[1]:
        assert old in text
        text = text.replace(old, new)
    assert found(text) == BASELINE


def _table_block(text: str) -> tuple[int, int]:
    start = text.index("支出类别\t")
    end = text.index("合计\t97766.13") + len("合计\t97766.13\t50070.84\t51935.06")
    return start, end


def test_table_as_markdown_pipe_table(foshan_text: str) -> None:
    a, b = _table_block(foshan_text)
    rows = foshan_text[a:b].split("\n")
    cells = [r.split("\t") for r in rows]
    pipe = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])] + ["| " + " | ".join(c) + " |" for c in cells[1:]]
    text = foshan_text[:a] + "\n".join(pipe) + foshan_text[b:]
    # the pipe table has one more line (the separator): the prose finding moves down by one
    assert found(text) == {(c, ln + 1 if ln > 60 else ln) for c, ln in BASELINE}


def test_table_in_yuan(foshan_text: str) -> None:
    from decimal import Decimal

    a, b = _table_block(foshan_text)
    rows = []
    for row in foshan_text[a:b].split("\n"):
        out = []
        for cell in row.split("\t"):
            try:
                out.append(f"{Decimal(cell) * 10000:,.2f}")
            except ArithmeticError:  # not a number: the label cell
                out.append(cell)
        rows.append("\t".join(out))
    text = foshan_text[:a] + "\n".join(rows) + foshan_text[b:]
    text = text.replace("单位：万元", "单位：元")
    assert found(text) == BASELINE


def test_crlf_line_ends(foshan_text: str) -> None:
    assert found(foshan_text.replace("\n", "\r\n")) == BASELINE
