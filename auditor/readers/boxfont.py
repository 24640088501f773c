"""A tiny TrueType font whose every character is one narrow box, built in memory.

pdfium substitutes it for every font a PDF uses but does not embed (see
``auditor.readers.pdf.machine_independent_fonts``). The point is not how it looks but that
it is the same on every machine and has a glyph for every character: without one, pdfium's
text layer gives a character no extent and drops a text object made of one such character
(a lone 类 in a table header), and with whatever CJK font a machine happens to have it
keeps them — the same file would read differently on two machines.

Advance widths never come from here (pdfium takes them from the PDF's /W or /Widths); the
glyph is narrower than any advance, so it never widens a character's box either.
"""

from __future__ import annotations

import struct

UNITS = 1000
ASCENT, DESCENT = 880, -120
_GLYPH_RIGHT = 100  # narrower than any real advance (a space is about 200)


def _glyph(right: int, ascent: int, descent: int) -> bytes:
    # one contour, four on-curve points: (0, D) (0, A) (R, A) (R, D)
    head = struct.pack(">hhhhh", 1, 0, descent, right, ascent)
    end_pts = struct.pack(">H", 3)
    instructions = struct.pack(">H", 0)
    flags = bytes([0x01] * 4)
    xs = struct.pack(">hhhh", 0, 0, right, 0)  # deltas
    ys = struct.pack(">hhhh", descent, ascent - descent, 0, descent - ascent)
    data = head + end_pts + instructions + flags + xs + ys
    return data + b"\0" * (len(data) % 2)


def _cmap() -> bytes:
    # format 13 (many-to-one): every code point from U+0021 on is glyph 1; a space has none
    groups = [(0x21, 0x10FFFF, 1)]
    sub = struct.pack(">HHIII", 13, 0, 16 + 12 * len(groups), 0, len(groups))
    sub += b"".join(struct.pack(">III", *g) for g in groups)
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + sub


def build(right: int = _GLYPH_RIGHT, ascent: int = ASCENT, descent: int = DESCENT) -> bytes:
    """The font's bytes. The defaults are what the reader uses; tests build other shapes to
    stand for other machines' fonts."""
    glyph = _glyph(right, ascent, descent)
    tables = {
        b"cmap": _cmap(),
        b"glyf": glyph,
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS, 0, 0,
                             0, descent, right, ascent, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, ascent, descent, 0, UNITS, 0, 0, right, 1, 0, 0,
                             0, 0, 0, 0, 0, 2),
        b"hmtx": struct.pack(">HhHh", UNITS, 0, UNITS, 0),
        b"loca": struct.pack(">HHH", 0, 0, len(glyph) // 2),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
    }
    n = len(tables)
    entry = 1 << (n.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, n, entry * 16, entry.bit_length() - 1, n * 16 - entry * 16)
    offset = 12 + 16 * n
    records, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        records += struct.pack(">4sIII", tag, checksum, offset + len(body), len(data))
        body += padded
    return header + records + body
