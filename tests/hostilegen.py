"""Small generators of hostile inputs for tests/test_hostile.py: nothing large is kept in
the repository, everything is built in a temporary folder when the tests run.

- :func:`pdf`: a one-page PDF written from the bytes up (no font file): its Helvetica
  bytes are given any Unicode text by a ToUnicode map, so a line can read as Chinese, as
  an emoji (a character outside the BMP) or, drawn in white, as text nobody sees.
- :func:`docx`, :func:`zip_with`: Word and zip containers with members of any size,
  streamed, so that a zip bomb costs a fraction of a second to make.
"""

from __future__ import annotations

import io
import zipfile

_ASCII_KEEP = set(" 0123456789.%-<>!:,()abcdefghijklmnopqrstuvwxyz")


def pdf(lines: list[str], white: tuple[int, ...] = (), pages: int = 1) -> bytes:
    """A PDF of ``lines`` (any Unicode) on each of ``pages`` pages; lines whose index is in
    ``white`` are drawn in white on white. Characters other than digits, lower-case
    letters and a little punctuation are drawn with a spare byte whose ToUnicode entry
    says what they are."""
    codes: dict[str, int] = {}
    spare = [b for b in range(33, 127) if chr(b) not in _ASCII_KEEP and chr(b) not in "\\()"]

    def encode(line: str) -> bytes:
        out = bytearray()
        for ch in line:
            if ch in _ASCII_KEEP:
                out.append(ord(ch))
                continue
            if ch not in codes:
                if not spare:
                    raise ValueError("too many distinct characters for one test PDF")
                codes[ch] = spare.pop(0)
            out.append(codes[ch])
        return bytes(out)

    encoded = [encode(line) for line in lines]
    content = []
    y = 760
    for i, line in enumerate(encoded):
        colour = b"1 1 1 rg" if i in white else b"0 0 0 rg"
        esc = line.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        content.append(b"BT " + colour + b" /F1 11 Tf 50 %d Td (" % y + esc + b") Tj ET")
        y -= 28  # a blank line's gap between lines: each line is its own paragraph
    stream = b"\n".join(content)
    cmap = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            b"/CMapName /X def /CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange"]
    pairs = [(b, chr(b)) for b in range(32, 127)]
    back = {v: k for k, v in codes.items()}
    pairs = [(b, back.get(b, s)) for b, s in pairs]
    cmap.append(b"%d beginbfchar" % len(pairs))
    for b, s in pairs:
        cmap.append(b"<%02X> <%s>" % (b, s.encode("utf-16-be").hex().upper().encode()))
    cmap.append(b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    cm = b"\n".join(cmap)
    kids = " ".join(f"{7 + i} 0 R" for i in range(pages)).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< >>",  # unused
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cm) + cm + b"\nendstream",
    ]
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       b'<Default Extension="xml" ContentType="application/xml"/>'
       b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraphs_xml(texts) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def zip_with(members: dict[str, bytes | tuple[bytes, int]]) -> bytes:
    """A zip of ``members``; a member given as (chunk, times) is streamed: ``chunk``
    written ``times`` times (a bomb without holding it in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if isinstance(data, tuple):
                chunk, times = data
                with z.open(name, "w", force_zip64=True) as fh:
                    for _ in range(times):
                        fh.write(chunk)
            else:
                z.writestr(name, data)
    return buf.getvalue()


def docx(texts=None, document: bytes | tuple[bytes, int] | None = None) -> bytes:
    """A Word file of paragraphs ``texts``, or with ``document`` as its document.xml."""
    return zip_with({"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "word/document.xml": document if document is not None else paragraphs_xml(texts or [])})


def xlsx(rows: list[list], extra: dict[str, bytes | tuple[bytes, int]] | None = None) -> bytes:
    """An Excel file with ``rows`` in its first sheet (openpyxl), plus ``extra`` members."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收支表"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    if not extra:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    members: dict[str, bytes | tuple[bytes, int]] = {n: src.read(n) for n in src.namelist() if n not in extra}
    members.update(extra)
    return zip_with(members)


def pdf_bomb(lines: list[str], megabytes: int) -> bytes:
    """:func:`pdf` whose page content stream is Flate-compressed and inflates to
    ``megabytes`` MB (the text, then spaces). The cross-reference offsets no longer hold;
    readers rebuild them, as they do for many published PDFs."""
    import zlib

    s = pdf(lines)
    i = s.index(b"5 0 obj\n")
    j = s.index(b"endobj\n", i)
    obj = s[i:j]
    content = obj[obj.index(b"stream\n") + 7 : obj.index(b"\nendstream")]
    co = zlib.compressobj(9)
    comp = co.compress(content + b"\n")
    chunk = b" " * (1 << 20)
    for _ in range(megabytes):
        comp += co.compress(chunk)
    comp += co.flush()
    return s[:i] + b"5 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream\n" + s[j:]
