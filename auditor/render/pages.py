"""Page images of a PDF for the HTML report: the pages findings stand on, rendered by
pdfium at a moderate resolution, in 16 grey levels, as PNG data URIs (written here with zlib:
no imaging library), and the boxes of the figures on them.

The boxes come from the PDF reader (``Extracted.extra["boxes"]``: page and box of each
character of the extracted text), read again from the file; when the file's text is no
longer the text that was checked (changed since, or not at hand) there are no images.
"""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass

# The longer side of a page image, in pixels (an A4 page: about 90 dpi), and the most
# pages one document may embed (a findings list rarely points at more).
MAX_SIDE = 1100
MAX_PAGES = 60


@dataclass(frozen=True)
class PageImage:
    page: int
    uri: str
    width: float
    """Page width in PDF points (the boxes' unit)."""
    height: float


# 256 grey levels to 16 (a 4-bit PNG: text stays smooth, the file about a third smaller;
# zlib level 6: level 9 saves 6 % for eight times the time),
# for the high and the low half of a byte
_HI = bytes(((v * 15 + 127) // 255) << 4 for v in range(256))
_LO = bytes((v * 15 + 127) // 255 for v in range(256))


def png_gray(width: int, height: int, stride: int, buffer, channels: int = 1) -> bytes:
    """A 16-level grayscale PNG of a pdfium bitmap (one byte per pixel, or the first of
    several channels)."""
    mv = memoryview(buffer)
    raw = bytearray()
    for y in range(height):
        row = bytes(mv[y * stride : y * stride + width * channels])
        if channels > 1:
            row = row[::channels]
        if width % 2:
            row += b"\xff"
        hi, lo = row[0::2].translate(_HI), row[1::2].translate(_LO)
        raw.append(0)  # filter: none
        raw += (int.from_bytes(hi, "big") | int.from_bytes(lo, "big")).to_bytes(len(hi), "big")

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 4, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b"")


class PdfPages:
    """One PDF's pages and boxes, for the spans of the findings on it."""

    def __init__(self, path: str, text: str) -> None:
        from auditor.readers import read

        extracted = read(path)
        if extracted.format != "pdf" or extracted.text != text:
            raise ValueError("not the text that was checked")
        self.path = path
        self.extra = extracted.extra or {}
        self._crop: dict[int, tuple[float, float, float, float]] = {}

    def boxes(self, span) -> list[tuple[int, float, float, float, float]]:
        """(page, x, y, width, height) in points from the page's top left: the span's
        characters on each rendered page they stand on, joined into one box per page."""
        from auditor.annotate.pdf import locate

        out = []
        for page, boxes in sorted(locate(self.extra, span).items()):
            if page not in self._crop:
                continue  # not rendered
            left, _bottom, _right, top = self._crop[page]
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            out.append((page, round(x0 - left, 1), round(top - y1, 1), round(x1 - x0, 1), round(y1 - y0, 1)))
        return out

    def render(self, pages: list[int]) -> dict[int, PageImage]:
        """The pages as images; also learns each page's crop box so :meth:`boxes` can be
        given in image coordinates (call this first)."""
        import pypdfium2 as pdfium

        out = {}
        pdf = pdfium.PdfDocument(self.path)
        try:
            for number in pages[:MAX_PAGES]:
                if not 1 <= number <= len(pdf):
                    continue
                page = pdf[number - 1]
                left, bottom, right, top = page.get_cropbox()
                width, height = right - left, top - bottom
                if page.get_rotation() or width <= 0 or height <= 0:
                    continue  # a turned page: its boxes would need turning too
                self._crop[number] = (left, bottom, right, top)
                scale = min(1.5, MAX_SIDE / max(width, height))
                bitmap = page.render(scale=scale, grayscale=True)
                png = png_gray(bitmap.width, bitmap.height, bitmap.stride, bitmap.buffer, bitmap.n_channels)
                out[number] = PageImage(number, "data:image/png;base64," + base64.b64encode(png).decode("ascii"), width, height)
        finally:
            pdf.close()
        return out
