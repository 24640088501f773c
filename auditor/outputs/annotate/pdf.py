"""Annotated PDF copies: a highlight annotation (author ``auditor``) over each flagged
figure, with the message, the hint and the figures it was compared with as its note.

The source is read again with the PDF reader, whose ``Extracted.extra["boxes"]`` holds,
for each line of the extracted text, the page and box of each character; a finding's
span (line, column .. end column) becomes the boxes of its characters, one highlight per
page they stand on. The copy is written with pypdf; the original is never opened for
writing.
"""

from __future__ import annotations

from auditor.document.files import InputError

Box = tuple[float, float, float, float]


def locate(extra: dict, span) -> dict[int, list[Box]]:
    """page -> the boxes of the characters a span covers (empty when the span's
    characters were not drawn, e.g. a code part carried from the row above)."""
    boxes = extra.get("boxes", {}).get(span.line - 1) or []
    c0 = span.column - 1
    c1 = span.end_column - 1 if span.end_line == span.line else len(boxes)
    c1 = max(c1, c0 + 1)
    out: dict[int, list[Box]] = {}
    for entry in boxes[c0:c1]:
        if entry is not None:
            page, box = entry
            out.setdefault(page, []).append(box)
    return out


def _rect(boxes: list[Box]) -> tuple[float, float, float, float]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def write(src_path: str, out_path: str, findings: list, lang: str) -> int:
    """Write ``out_path``: a copy of the PDF at ``src_path`` with one highlight per flagged
    figure (per page it stands on). Returns the number of annotations written."""
    from pypdf import PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    from auditor.document.readers import read
    from auditor.outputs.annotate import comment_text

    extracted = read(src_path)
    extra = extracted.extra or {}
    try:
        writer = PdfWriter(clone_from=src_path)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a file pdfium could read
        raise InputError(f"--annotate: {src_path} cannot be copied ({type(exc).__name__}) / 无法复制该 PDF 文件") from None
    count = 0
    for finding in findings:
        note = comment_text(finding, extracted.text, lang)
        for page, boxes in sorted(locate(extra, finding.span).items()):
            x0, y0, x1, y1 = _rect(boxes)
            quads = [FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]
            annot = Highlight(rect=(x0, y0, x1, y1), quad_points=ArrayObject(quads), highlight_color="ffd700" if finding.severity.value != "error" else "ff6060")
            annot[NameObject("/Contents")] = TextStringObject(note)
            annot[NameObject("/T")] = TextStringObject("auditor")
            annot[NameObject("/NM")] = TextStringObject(f"auditor-{count + 1}-{finding.check}")
            writer.add_annotation(page_number=page - 1, annotation=annot)
            count += 1
    import io

    from auditor.document.files import atomic_write

    buf = io.BytesIO()
    writer.write(buf)
    atomic_write(out_path, buf.getvalue())
    return count
