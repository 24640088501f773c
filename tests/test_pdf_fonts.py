"""The same PDF reads the same whatever fonts the machine has (issue: PDF reading that does
not depend on the machine).

Each PDF here uses a CJK font it does not embed (STSong-Light, as some published reports
do), so pdfium has to substitute one. ``tests/fontsetup.py`` runs auditor in a subprocess
with pdfium offered a chosen font for every substitution — none at all, a made-up font of
another shape, and every CJK font this machine happens to have — and the text auditor
extracts must be byte-identical under all of them. The raw pdfium boxes are compared too, to
show that the setups really are different machines as far as pdfium is concerned.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pdfgen import FONT, Doc, Table  # noqa: E402
from test_reader_pdf import REAL, _code_table_pdf  # noqa: E402
from test_reader_xlsx import CODE_MERGES, CODE_ROWS  # noqa: E402

WIDE = "box:900,1100,-400"  # glyphs wider and taller than any advance: other boxes, other overlaps
SETUPS = ["none", WIDE]
# CJK fonts a machine may have in its font folders: each found one is one more setup
for folder in ("/usr/share/fonts", "/usr/local/share/fonts"):
    for pattern in ("**/DroidSansFallback*.ttf", "**/wqy-*.tt?", "**/NotoSansCJK*.tt?"):
        SETUPS += sorted(str(p) for p in Path(folder).glob(pattern))[:1]


def _superscript_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(FONT, 12)
    c.drawString(72, 700, "本年新建用房面积1,200m")
    x = 72 + c.stringWidth("本年新建用房面积1,200m", FONT, 12)
    c.setFont(FONT, 7)
    c.drawString(x, 706, "2")
    c.setFont(FONT, 12)
    c.drawString(x + 4, 700, "，其中：一层600m，二层600m。")
    c.showPage()
    c.save()
    return buf.getvalue()


def _lone_characters_pdf() -> bytes:
    """Single-character cells (类 | 款 | 项): with no CJK font on the machine, pdfium gives a
    text object of one such character no extent and drops it."""
    d = Doc()
    d.line("项目支出预算表", size=12)
    d.table(Table(CODE_ROWS, [40, 40, 40, 150, 70, 70, 70], merges=CODE_MERGES, header_rows=2))
    return d.bytes()


PDFS = {"code-table": _code_table_pdf, "superscript": _superscript_pdf, "lone-characters": _lone_characters_pdf}


def _run(setup: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(HERE / "fontsetup.py"), "--font", setup, *args], capture_output=True, text=True,
                          encoding="utf-8", check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def pdf_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fonts")
    out = {}
    for name, make in PDFS.items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(make())
    shared = REAL.parent.parent.parent / "fixtures" / "nonembedded-font-budget.pdf"
    if shared.exists():
        out["shared-nonembedded"] = shared
    return out


@pytest.mark.parametrize("name", [*PDFS, "shared-nonembedded"])
def test_extract_is_identical_under_every_font_setup(pdf_files, name: str) -> None:
    if name not in pdf_files:
        pytest.skip("the shared folder is not beside this clone")
    path = str(pdf_files[name])
    texts = {setup: _run(setup, "--", "extract", path) for setup in SETUPS}
    first = texts[SETUPS[0]]
    assert first.strip(), "nothing was read"
    for setup, text in texts.items():
        assert text == first, f"{name}: the text read with font setup {setup} differs from {SETUPS[0]}"


def test_the_setups_differ_for_pdfium_itself(pdf_files) -> None:
    """Without the reader's own font look-up, pdfium's boxes differ between the setups
    (so the test above compares different machines, not the same one twice)."""
    path = str(pdf_files["superscript"])
    assert _run("none", "--raw", path) != _run(WIDE, "--raw", path)


def test_what_the_reader_reads_is_right_with_no_cjk_font(pdf_files) -> None:
    assert _run("none", "--", "extract", str(pdf_files["superscript"])).strip() == "本年新建用房面积1,200m2，其中：一层600m，二层600m。"
    rows = [ln.split("\t") for ln in _run("none", "--", "extract", str(pdf_files["lone-characters"])).splitlines() if "\t" in ln]
    assert rows[0][:3] == ["科目编码", "科目名称", "本年支出"]
    assert ["2140101", "行政运行", "900.00", "900.00", ""] in rows
