"""Figures with a glyph the file does not map to a character (a font's private use area, as a
PDF draws a decimal point of its own): not read, not checked, and said once per file (TXT006)."""

from __future__ import annotations

from conftest import check_text

GLYPH = "\U001001b0"  # the private-use code point a real budget report's font gives its decimal point

TEXT = f"""# 某市2025年预算执行情况和2026年预算草案的报告

全市一般公共预算收入 2200 亿元，增长 3{GLYPH}5%，税收收入占比达 76{GLYPH}1%。

全市非税收入 50.0 亿元，比上年增加 5.0 亿元，增长 11.1%。
"""


def test_a_figure_with_an_unmapped_glyph_is_not_read_and_is_noted_once() -> None:
    from auditor.document.reader import read_document

    raws = [q.raw for q in read_document(TEXT, "x.md").quantities()]
    assert not any(r.startswith(("3", "5%", "76", "1%")) for r in raws), raws  # 3?5% and 76?1% are not read
    assert "2200 亿元" in raws
    result = check_text(TEXT)
    notes = [f for f in result.findings if f.check == "TXT006"]
    assert len(notes) == 1 and notes[0].severity.value == "info" and "2 处" in notes[0].message.zh
    assert not [f for f in result.findings if f.severity.value in ("error", "warning")]
    # the readable figures are still checked
    assert any(v.check == "RAT001" and "11.1%" in v.message.zh for v in result.verified)


def test_no_note_without_such_glyphs() -> None:
    result = check_text(TEXT.replace(GLYPH, "."))
    assert not [f for f in result.findings if f.check == "TXT006"]
