"""The reader layer shared by every format: format by signature, legacy binaries named,
origins carried from extracted text to the spans findings point at."""

import zipfile

import pytest

from auditor.checking.engine import check_text
from auditor.checking.registry import load
from auditor.document.readers import Extracted, InputError, LineMap, Origin, detect, read_bytes


def test_format_by_signature_not_name(tmp_path) -> None:
    assert detect(b"%PDF-1.7\n...", "report.docx") == "pdf"
    assert detect("一、概况\n".encode(), "report.pdf") == "text"


@pytest.mark.parametrize(("name", "convert_to"), [("old.doc", "docx"), ("old.xls", "xlsx"), ("old.wps", "docx"), ("old.et", "xlsx")])
def test_legacy_binaries_get_one_line_naming_the_conversion(name, convert_to) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name)
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith(name) and f"soffice --headless --convert-to {convert_to} {name}" in msg


def test_zip_that_is_not_office(tmp_path) -> None:
    p = tmp_path / "x.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(InputError, match="neither a Word"):
        read_bytes(p.read_bytes(), "x.docx")


def test_truncated_zip_is_named() -> None:
    with pytest.raises(InputError, match="broken or truncated"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 40, "draft.docx")


def test_origins_reach_finding_spans() -> None:
    m = LineMap()
    m.line("表1 支出预算表", Origin(page=3))
    m.line("单位：万元", Origin(page=3))
    m.row(["项目", "金额"], [Origin(page=3), Origin(page=3)])
    m.row(["工资福利支出", "10.00"], [Origin(page=4), Origin(page=4)])
    m.row(["商品和服务支出", "10.00"], [Origin(page=4), Origin(page=4)])
    m.row(["合计", "30.00"], [Origin(page=4, cell="B5"), Origin(page=4, cell="C5")])
    text, origins = m.build()
    ex = Extracted(text=text, format="pdf", origins=origins)
    assert ex.origin_at(6, 4) == Origin(page=4, cell="C5")
    result = check_text(text, "x.pdf", [load()["TBL001"]()], origins)
    [finding] = result.findings
    assert finding.span.page == 4 and finding.span.cell == "C5"


@pytest.mark.parametrize("name", ["2026年单位预算.pdf", "report.md", "budget.txt"])
def test_an_html_page_is_refused_in_one_line(name) -> None:
    """A web page saved under a report's name (a crawler's error page, or the page that
    links to the PDF) is no report: one line naming the file, not its scripts checked."""
    page = "\ufeff<!DOCTYPE html>\n<html lang=\"zh\"><head><title>单位预算公开</title><script>s.value=\"\";</script></head></html>".encode()
    with pytest.raises(InputError) as exc:
        read_bytes(page, name)
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith(name) and "HTML" in msg
    # a Markdown report that only mentions a tag is a report
    assert detect("# 报告\n\n正文提到 <html> 标签。\n".encode(), name) in ("text", "pdf")
