"""Run ``auditor extract`` (or any auditor command) with pdfium seeing a chosen set of
system fonts, whatever the machine has installed.

pdfium looks fonts up itself (not through fontconfig); ``FPDF_SetSystemFontInfo`` replaces
that look-up. Here every font a PDF asks for and does not embed is mapped to one font file
(``--font FILE``) or to nothing (``--font none``: pdfium falls back to its built-in fonts),
so a test can read the same PDF under two font setups on any machine and compare.

    python tests/fontsetup.py --font none -- extract FILE.pdf
    python tests/fontsetup.py --font box:900,1100,-400 -- extract FILE.pdf   (a wide, tall made-up font)
    python tests/fontsetup.py --font /path/DroidSansFallbackFull.ttf -- extract FILE.pdf
    python tests/fontsetup.py --font none --raw FILE.pdf   (pdfium's own boxes, the reader not involved)
"""

from __future__ import annotations

import sys


def install(font_file: str | None) -> tuple:
    """Install a system font look-up that offers ``font_file`` (or nothing) for every font.
    Returns what pdfium keeps pointers into; keep a reference for as long as pdfium may
    call it."""
    from auditor.document.readers.pdf import offer_fonts

    if font_file and font_file.startswith("box:"):  # box:RIGHT,ASCENT,DESCENT — a made-up font of another shape
        from auditor.document.readers.boxfont import build

        data = build(*(int(v) for v in font_file[4:].split(",")))
    else:
        from pathlib import Path

        data = Path(font_file).read_bytes() if font_file else None
    return offer_fonts(data, b"TestFont")


def raw_boxes(path: str) -> str:
    """pdfium's text layer as it comes, with each character's loose box: what the reader
    would see without its own font look-up."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    pdf = pdfium.PdfDocument(path)
    rect = raw.FS_RECTF()
    for k in range(len(pdf)):
        page = pdf[k]
        tp = page.get_textpage()
        for i in range(tp.count_chars()):
            raw.FPDFText_GetLooseCharBox(tp.raw, i, rect)
            out.append(f"{chr(raw.FPDFText_GetUnicode(tp.raw, i))!r} {rect.left:.2f} {rect.bottom:.2f} {rect.right:.2f} {rect.top:.2f}")
        tp.close()
        page.close()
    pdf.close()
    return "\n".join(out)


_KEEP: list = []  # pdfium calls into the font info until the library is destroyed at exit


def main(argv: list[str]) -> int:
    font = argv[argv.index("--font") + 1]
    _KEEP.append(install(None if font == "none" else font))
    if "--raw" in argv:
        print(raw_boxes(argv[argv.index("--raw") + 1]))
        return 0
    rest = argv[argv.index("--") + 1:]
    from auditor.cli import main as cli_main

    return cli_main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
