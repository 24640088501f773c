"""Text a PDF prints as a picture (a line, or part of one, embedded as an image strip because
its font could not be mapped): the reader marks the place with U+FFFC, a paragraph is not
read as ending before it, and TXT007 says once per file that the text was not read or
checked. Pictures of other shapes (a seal, a chart) and a shaded band under text that is
read are not such text."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from auditor.document.model import IMAGE_TEXT

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import FONT, read_and_check

SIZE = 12
LEFT = 60
LEAD = 22  # line pitch, unlike the real samples'

PARAGRAPHS = [
    ("heading", "一、收入预算情况"),
    ("text", "本年度收入预算合计 1200.00 万元，比上年增加 100.00 万元，增长 9.09%，"),
    ("text", "主要是人员经费和信息化运维经费增加，相关项目已按规定完成前期论证。"),
    ("text", "其中财政拨款收入 1000.00 万元，占收入预算的 83.33%，其他收入 200.00 万元，"),
    ("text", "主要是存量资金和往来款项，均已纳入预算统一管理，不存在未列入预算的收入。"),
    ("text", "全年预算编制坚持厉行节约，从严控制一般性支出，重点保障基本民生支出，"),
    ("text", "严格执行预算法有关规定，认真落实人大审查意见和决议决定，坚持科学谋划"),
    ("picture", "，创新作为，进一步提高资金使用效益。"),  # the rest of the sentence, as a picture
    ("heading", "二、支出预算情况"),
    ("text", "本年度支出预算合计 1200.00 万元，其中基本支出 900.00 万元，项目支出 300.00 万元。"),
    ("text", "基本支出主要用于保障机构正常运转，项目支出主要用于完成特定工作任务，"),
    ("text", "各项支出均按照轻重缓急排序，优先保障重点领域和关键环节的资金需求。"),
]


def _strip(width: float, height: float) -> ImageReader:
    """A grey picture of a line of text (its look does not matter to the reader)."""
    return ImageReader(Image.new("L", (max(1, int(width * 2)), max(1, int(height * 2))), 90))


def _pdf(paragraphs=PARAGRAPHS, *, extra=None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 780
    para_start = True
    for kind, text in paragraphs:
        if kind == "heading":
            c.setFont(FONT, SIZE + 2)
            c.drawString(LEFT, y, text)
            para_start = True
        elif kind == "text":
            c.setFont(FONT, SIZE)
            c.drawString(LEFT + (2 * SIZE if para_start else 0), y, text)
            para_start = text.endswith("。")
        else:
            c.drawImage(_strip(len(text) * SIZE, SIZE * 1.1), LEFT, y - SIZE * 0.2, width=len(text) * SIZE, height=SIZE * 1.1)
            para_start = True
        y -= LEAD
    if extra:
        extra(c)
    c.showPage()
    c.save()
    return buf.getvalue()



def _loud(result):
    return [f for f in result.findings if f.severity.value in ("error", "warning")]


def test_a_line_printed_as_a_picture_is_marked_and_noted_once() -> None:
    ex, result = read_and_check(_pdf())
    assert ex.text.count(IMAGE_TEXT) == 1
    before, after = ex.text.split(IMAGE_TEXT)
    assert before.rstrip().endswith("坚持科学谋划") and after.lstrip().startswith("二、支出预算情况")
    notes = [f for f in result.findings if f.check == "TXT007"]
    assert len(notes) == 1 and notes[0].severity.value == "info"
    assert "1 处" in notes[0].message.zh and "第 1 页" in notes[0].message.zh
    assert not _loud(result), [(f.check, f.message.zh) for f in _loud(result)]
    # the readable text is still checked
    assert any(v.check == "RAT001" and "9.09%" in v.message.zh for v in result.verified)


def test_without_the_picture_the_unfinished_paragraph_is_reported() -> None:
    # the same page with the picture left out: the paragraph does end without its full stop
    # before the heading, and GAP003 says so — it is the picture that keeps it quiet above
    ex, result = read_and_check(_pdf([p for p in PARAGRAPHS if p[0] != "picture"]))
    assert IMAGE_TEXT not in ex.text
    assert [f.check for f in _loud(result)] == ["GAP003"]
    assert not [f for f in result.findings if f.check == "TXT007"]


def _seal_and_chart(c) -> None:
    c.drawImage(_strip(90, 90), 400, 120, width=90, height=90)  # a seal: square
    c.drawImage(_strip(400, 160), LEFT, 300, width=400, height=160)  # a chart: far taller than a line


def _band_under_text(c) -> None:
    c.drawImage(_strip(300, 16), LEFT, 240 - 4, width=300, height=16)  # a shaded band...
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, 240, "注：本表数据按四舍五入保留两位小数，合计数与分项之和可能略有差异。")  # ...under text that is read


def test_pictures_of_other_shapes_and_a_band_under_text_are_not_text() -> None:
    paragraphs = [p for p in PARAGRAPHS if p[0] != "picture"]
    for extra in (_seal_and_chart, _band_under_text):
        ex, result = read_and_check(_pdf(paragraphs, extra=extra))
        assert IMAGE_TEXT not in ex.text
        assert not [f for f in result.findings if f.check == "TXT007"]


def _two_pages(second) -> bytes:
    """The page of PARAGRAPHS (without its picture) and a second page drawn by ``second``."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 780
    for kind, text in PARAGRAPHS:
        if kind == "picture":
            continue
        c.setFont(FONT, SIZE + 2 if kind == "heading" else SIZE)
        c.drawString(LEFT, y, text)
        y -= LEAD
    c.showPage()
    second(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _scanned_page(c) -> None:
    c.drawImage(_strip(440, 640), 70, 100, width=440, height=640)  # a table scanned and appended


def _cover_over_a_picture(c) -> None:
    c.drawImage(_strip(440, 640), 70, 100, width=440, height=640)  # a decorated cover...
    c.setFont(FONT, 22)
    c.drawString(150, 500, "某某局2025年部门预算")  # ...whose title is text


def test_a_page_printed_as_a_picture_is_noted_with_its_page() -> None:
    ex, result = read_and_check(_two_pages(_scanned_page))
    assert ex.text.count(IMAGE_TEXT) == 1
    notes = [f for f in result.findings if f.check == "TXT007"]
    assert len(notes) == 1 and "1 处" in notes[0].message.zh and "第 2 页" in notes[0].message.zh
    assert notes[0].span.page == 2
    assert any(v.check == "RAT001" and "9.09%" in v.message.zh for v in result.verified)


def test_a_cover_whose_words_lie_on_a_picture_is_read_not_noted() -> None:
    ex, result = read_and_check(_two_pages(_cover_over_a_picture))
    assert IMAGE_TEXT not in ex.text and "某某局2025年部门预算" in ex.text.replace(" ", "")
    assert not [f for f in result.findings if f.check == "TXT007"]
