"""The reviewer's HTML report: self-contained, every figure marked, report text escaped;
and in a real headless browser (Debian's chromium driven by playwright): it loads
without console errors, shows the JSON's finding count, and clicking a finding brings its
figure into view."""

from __future__ import annotations

import io
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor import cli
from auditor.checking.engine import FileResult
from auditor.checking.findings import Finding, Message, Related, Severity
from auditor.document.source import SourceText
from auditor.outputs.render import html_out

ROOT = Path(__file__).resolve().parent.parent
FOSHAN = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"
PUTUO = ROOT / "samples" / "real" / "putuo-commerce-2025-department-budget.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside the figure marks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def report(tmp_path: Path, *paths: Path, lang: str = "zh") -> tuple[Path, dict]:
    out = tmp_path / "report.html"
    code = cli.main(["check", "--no-cache", "--format", "html", "-o", str(out), "--lang", lang, *map(str, paths)])
    assert code in (0, 1)
    js = tmp_path / "report.json"
    cli.main(["check", "--no-cache", "--format", "json", "-o", str(js), "--lang", lang, *map(str, paths)])
    return out, json.loads(js.read_text(encoding="utf-8"))


def test_self_contained_and_every_figure_marked(tmp_path, capsys) -> None:
    out, data = report(tmp_path, FOSHAN, PUTUO)
    assert capsys.readouterr().out == "", "-o wrote to standard output"
    page = out.read_text(encoding="utf-8")
    all_tags = tags(page)
    # nothing fetched: no external script, style, font or image
    assert not [t for t, a in all_tags if t in ("link", "img", "iframe", "object", "embed")]
    assert all("src" not in a for t, a in all_tags if t == "script")
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page.replace("https://bford.info", "")
    assert "@import" not in page and "url(" not in page
    # every figure of every document is marked, and those in a relation are told apart
    figs = [a for t, a in all_tags if t == "span" and "fig" in (a.get("class") or "").split() and a.get("id")]
    assert len(figs) == data["summary"]["quantities"]
    marked = [a for a in figs if "st-none" not in a["class"]]
    assert len(marked) == data["summary"]["covered"]
    statuses = {c for a in figs for c in a["class"].split() if c.startswith("st-")}
    assert {"st-ok", "st-error", "st-none"} <= statuses
    # the summary shows the same counts as the JSON
    count = next(a for t, a in all_tags if a.get("id") == "finding-count")
    s = data["summary"]
    assert int(count["data-count"]) == s["errors"] + s["warnings"] + s["infos"]
    items = [a for t, a in all_tags if t == "li" and "finding" in (a.get("class") or "")]
    assert len(items) == int(count["data-count"])
    # sections, paragraphs and tables of the document model
    assert sum(1 for t, _ in all_tags if t == "table") >= 2 and sum(1 for t, _ in all_tags if t == "p") > 50
    assert sum(1 for t, a in all_tags if t.startswith("h") and "hd" in (a.get("class") or "")) > 20


def test_each_finding_points_at_a_marked_element(tmp_path) -> None:
    out, _ = report(tmp_path, FOSHAN)
    page = out.read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    ids = {a["id"] for _, a in tags(page) if a.get("id")}
    findings = [r for r in data["docs"][0]["rels"] if r["kind"] == "finding"]
    assert len(findings) == 4
    for rel in findings:
        assert all(i in ids for i in rel["ids"]), rel
    prs = next(r for r in findings if r["check"] == "PRS001")
    assert len(prs["ids"]) == 3  # the prose figure and the two table cells it was compared with
    fig = data["docs"][0]["figs"][prs["ids"][0]]
    names = dict(fig["facts"])
    assert names["原文"] == "1061.80 万元" and names["数值"] == "10618000 元"
    assert any(data["docs"][0]["rels"][k]["kind"] == "finding" for k in fig["rels"])


def test_report_text_cannot_inject_markup() -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    text = f"一、概况\n\n{evil} 本年支出 100.00 万元。</script>\n"
    src = SourceText(text, "evil.md")
    start = text.index("100.00")
    span = src.span(start, start + 9)
    finding = Finding(
        check="PRS001", name="prose.table-mismatch", severity=Severity.ERROR,
        message=Message(zh=f"{evil} 不符", en=f"{evil} differs"), span=span,
        related=[Related(span=src.span(0, 2), message=Message(zh="</script><b>x</b>", en="</script>"))],
        hint=Message(zh=f"应为 {evil}", en=evil),
    )
    result = FileResult(path="<b>evil</b>.md", findings=[finding], quantities=1, covered=1)
    buf = io.StringIO()
    html_out.render([result], {result.path: src}, buf, "zh")
    page = buf.getvalue()
    assert page.count("<script") == 2  # the data block and the page's own script
    assert "<img src=x" not in page and "<b>x</b>" not in page and "<b>evil" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    data = page.split('<script type="application/json" id="data">')[1].split("</script>")[0]
    assert json.loads(data)["docs"][0]["rels"][0]["msg"].startswith("<script>alert(1)")


def test_unreadable_file_is_listed(tmp_path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    out = tmp_path / "r.html"
    code = cli.main(["check", "--no-cache", "--format", "html", "-o", str(out), str(empty), str(FOSHAN)])
    assert code == 2
    page = out.read_text(encoding="utf-8")
    assert "empty.md" in page and "无法读取" in page


def test_output_never_overwrites_an_input(tmp_path, capsys) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(FOSHAN.read_bytes())
    code = cli.main(["check", "--no-cache", "--format", "html", "-o", str(target), str(tmp_path)])
    assert code == 2
    assert target.read_bytes() == FOSHAN.read_bytes()
    assert "never writes" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["rich", "json"])
def test_output_file_equals_standard_output(tmp_path, capsys, fmt) -> None:
    cli.main(["check", "--no-cache", "--format", fmt, str(FOSHAN)])
    printed = capsys.readouterr().out
    out = tmp_path / "out.txt"
    cli.main(["check", "--no-cache", "--format", fmt, "-o", str(out), str(FOSHAN)])
    assert out.read_text(encoding="utf-8") == printed


# -- in a real browser -------------------------------------------------------------


def _browser():
    """Debian's chromium through playwright. Outside CI a missing browser skips with the
    reason; in CI (the CI variable set) it fails: the browser test must not vanish."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package (pip install '.[test]')")
        sync_playwright = None
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if missing:
        why = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return sync_playwright


def open_page(play, path: Path, console: list[str], width: int = 1400, height: int = 900):
    browser = play.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("request", lambda r: console.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    return browser, page


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    vp = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= vp["height"] and box["x"] >= 0 and box["x"] + box["width"] <= vp["width"]


def test_in_a_browser(tmp_path) -> None:
    sync_playwright = _browser()
    out, data = report(tmp_path, FOSHAN, PUTUO)
    console: list[str] = []
    with sync_playwright() as play:
        browser, page = open_page(play, out, console)
        try:
            s = data["summary"]
            assert page.locator("#finding-count").inner_text() == str(s["errors"] + s["warnings"] + s["infos"])
            assert page.locator("li.finding").count() == s["errors"] + s["warnings"] + s["infos"]
            page_data = json.loads(page.locator("#data").text_content())
            first = page_data["docs"][0]["rels"][0]
            assert first["kind"] == "finding"
            target = f"#{first['ids'][0]}"
            assert not in_viewport(page, target) or first["line"] < 30
            # the PRS001 finding: its figure is far down the page
            prs = next(i for i, li in enumerate(page.locator("li.finding").all()) if "PRS001" in li.inner_text())
            page.locator("li.finding").nth(0).click()
            assert in_viewport(page, target), "the first finding's figure is not in view after a click"
            page.locator("li.finding").nth(prs).click()
            rel = page_data["docs"][0]["rels"][int(page.locator("li.finding").nth(prs).get_attribute("data-rel"))]
            main = f"#{rel['ids'][0]}"
            assert in_viewport(page, main)
            assert "hl-main" in page.locator(main).get_attribute("class")
            for other in rel["ids"][1:]:  # the figures it was compared with are highlighted
                assert "hl" in page.locator(f"#{other}").get_attribute("class").split()
            # hovering the figure shows what is known of it and its relations
            page.locator(main).hover()
            tip = page.locator("#tip")
            tip.wait_for(state="visible", timeout=2000)
            text = tip.inner_text()
            assert "1061.80 万元" in text and "PRS001" in text and "CMP001" in text
            page.screenshot(path=str(tmp_path / "report-screenshot.png"))
            assert (tmp_path / "report-screenshot.png").stat().st_size > 10_000
            # it prints: the print style sheet applies and the page yields a PDF
            page.emulate_media(media="print")
            assert page.locator("aside.side").first.evaluate("e => getComputedStyle(e).position") == "static"
            assert page.locator("#tip").evaluate("e => getComputedStyle(e).display") == "none"
            pdf = page.pdf()
            assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        finally:
            browser.close()
    assert console == [], console


def test_page_and_cell_origins_are_shown() -> None:
    """A report read from a PDF or a spreadsheet: every figure's page or cell is in its
    hover card, and paragraphs and table cells show where they stand in the original."""
    from auditor.checking import registry
    from auditor.checking.engine import check_text
    from auditor.document.readers import Origin

    text = "一、收入情况\n\n本年收入合计 120.00 万元，其中财政拨款 80.00 万元、其他收入 40.00 万元。\n\n单位：万元\n\n项目\t金额\n合计\t120.00\n财政拨款\t80.00\n其他收入\t40.00\n"
    origins = {0: [(0, Origin(page=2))], 2: [(0, Origin(page=2))], 4: [(0, Origin(page=3))], 6: [(0, Origin(cell="Sheet1!A1")), (3, Origin(cell="Sheet1!B1"))],
               7: [(0, Origin(cell="Sheet1!A2")), (3, Origin(cell="Sheet1!B2"))], 8: [(0, Origin(cell="Sheet1!A3")), (5, Origin(cell="Sheet1!B3"))],
               9: [(0, Origin(cell="Sheet1!A4")), (5, Origin(cell="Sheet1!B4"))]}
    result = check_text(text, "r.pdf", [c() for c in registry.load().values()], origins)
    assert result.verified  # the breakdown and the table total hold
    buf = io.StringIO()
    html_out.render([result], {"r.pdf": SourceText(text, "r.pdf", origins)}, buf, "en")
    page = buf.getvalue()
    assert '<span class="origin">page 2</span>' in page
    assert 'title="Sheet1!B2"' in page
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    facts = [dict(f["facts"]) for f in data["docs"][0]["figs"].values() if f["facts"]]
    assert any(f.get("page") == "2" and f["as written"] == "120.00 万元" for f in facts)
    assert any(f.get("cell") == "Sheet1!B2" and f["as written"] == "120.00" for f in facts)
    ok = [f for f in data["docs"][0]["figs"].values() if f["status"] == "ok"]
    assert not result.findings and len(ok) == result.covered >= 5  # every figure in a relation that held is marked so


# -- page images of a PDF ------------------------------------------------------------


def _pdf_report(tmp_path: Path) -> Path:
    """A two-page PDF of our own making: a table whose total is wrong on page 2 (the
    finding's figure and the parts it was compared with), prose on page 1 that holds."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from pdfgen import Doc, Table

    d = Doc()
    d.heading("某区图书馆2025年单位预算")
    d.paragraph("一、收入预算情况。本年收入预算合计 500.00 万元，其中财政拨款 420.00 万元、事业收入 80.00 万元。")
    d.new_page()
    d.paragraph("二、支出预算情况")
    d.line("单位：万元")
    d.table(Table([["项目", "金额"], ["一、基本支出", "260.00"], ["人员经费", "180.00"], ["公用经费", "60.00"], ["二、项目支出", "240.00"]], [200, 100]))
    path = tmp_path / "library.pdf"
    path.write_bytes(d.bytes())
    return path


def _payload(page: str) -> dict:
    return json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])


def test_pdf_findings_carry_their_page_image_and_boxes(tmp_path) -> None:
    pdf = _pdf_report(tmp_path)
    out, data = report(tmp_path, pdf)
    findings = data["files"][0]["findings"]
    assert [f["check"] for f in findings] == ["TBL001"] and findings[0]["page"] == 2
    page = out.read_text(encoding="utf-8")
    figures = [a for t, a in tags(page) if t == "figure"]
    assert [f["id"] for f in figures] == ["d0pg2"]  # only the page with a finding
    imgs = [a for t, a in tags(page) if t == "img"]
    assert len(imgs) == 1 and imgs[0]["src"].startswith("data:image/png;base64,")
    import base64

    png = base64.b64decode(imgs[0]["src"].split(",", 1)[1])
    # moderate: a real page of text is tens of KB (this one's Chinese font is not embedded:
    # without a CJK font on the machine only its lines and figures are drawn)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and 1_000 < len(png) < 200_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert max(width, height) <= 1100 and abs(width / height - 595.3 / 841.9) < 0.01  # an A4 page, upright
    rel = next(r for r in _payload(page)["docs"][0]["rels"] if r["kind"] == "finding")
    assert rel["pages"] == [2]
    main = [b for b in rel["boxes"] if b[5]]
    others = [b for b in rel["boxes"] if not b[5]]
    assert len(main) == 1 and len(others) == len(findings[0]["related"]) >= 2
    # the figure's box is where 260.00 stands: right of the labels, in the table's upper half
    _, x, y, w, h, _ = main[0]
    assert 270 < x < 400 and 0 < w < 80 and 5 < h < 20 and 80 < y < 400
    assert all(o[2] > y for o in others)  # the parts stand below their total


def test_markdown_reports_have_no_page_images(tmp_path) -> None:
    out, _ = report(tmp_path, FOSHAN)
    page = out.read_text(encoding="utf-8")
    assert "pageimg" not in page.split("<style>")[1].split("</style>")[1].split("<script")[0]


def test_clicking_a_pdf_finding_shows_its_page(tmp_path) -> None:
    sync_playwright = _browser()
    pdf = _pdf_report(tmp_path)
    out, _ = report(tmp_path, pdf)
    console: list[str] = []
    with sync_playwright() as play:
        browser, page = open_page(play, out, console)
        try:
            fig = page.locator("#d0pg2")
            assert not fig.is_visible()
            page.locator("li.finding").first.click()
            fig.wait_for(state="visible", timeout=2000)
            img = fig.locator("img")
            assert img.evaluate("i => i.complete && i.naturalWidth > 0")
            box = img.bounding_box()
            assert box is not None and box["width"] > 200
            rects = fig.locator("svg rect")
            assert rects.count() == 3 and fig.locator("svg rect.main").count() == 1
            # the marked box lies on the image, where the figure is on the page
            r = fig.locator("svg rect.main").bounding_box()
            assert box["x"] < r["x"] < box["x"] + box["width"] and box["y"] < r["y"] < box["y"] + box["height"] / 2
            fig.click()  # a click enlarges it
            assert "zoom" in fig.get_attribute("class")
            page.screenshot(path=str(tmp_path / "pdf-report.png"))
        finally:
            browser.close()
    assert console == [], console


def _real_pdf(name: str) -> Path:
    candidates = [ROOT / "samples" / "real" / "pdf" / name, ROOT.parent / "shared" / "samples" / "real" / "pdf" / name]
    if os.environ.get("AUDITOR_SHARED"):
        candidates.insert(0, Path(os.environ["AUDITOR_SHARED"]) / "samples" / "real" / "pdf" / name)
    return next((c for c in candidates if c.is_file()), candidates[-1])


WANLI = _real_pdf("putuo-wanli-street-2024-dept-budget.pdf")


@pytest.mark.skipif(not WANLI.is_file(), reason="shared real PDFs not present")
def test_a_real_pdf_embeds_only_the_pages_with_findings(tmp_path) -> None:
    out, data = report(tmp_path, WANLI)
    pages = sorted({f["page"] for f in data["files"][0]["findings"]})
    assert pages == [9, 31, 33]
    page = out.read_text(encoding="utf-8")
    assert [a["data-page"] for t, a in tags(page) if t == "figure"] == ["9", "31", "33"]
    # a 36-page PDF: three page images, the whole report still well under a megabyte
    images = [a["src"] for t, a in tags(page) if t == "img"]
    assert len(images) == 3 and all(10_000 < len(src) < 150_000 for src in images)
    assert len(page.encode("utf-8")) < 1_000_000
    rels = [r for r in _payload(page)["docs"][0]["rels"] if r["kind"] == "finding"]
    rat = next(r for r in rels if r["check"] == "RAT001")
    assert rat["pages"] == [9] and sum(1 for b in rat["boxes"] if b[5]) == 1 and len(rat["boxes"]) == 3
