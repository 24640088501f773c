"""Decoded source text and locations.

Every element of a document points back at the characters it came from through a
:class:`~auditor.document.model.Span`. Offsets are character offsets into the decoded text
(after CRLF/CR were folded to LF, which keeps line and column numbers intact).
A reader for another format (Word, PDF) fills the same fields its own way and may
set ``page``.
"""

from __future__ import annotations

import bisect
import functools
import re

from auditor.document.model import Span, make_span

# Full-width ASCII forms that matter for reading numbers, mapped one character to one
# character so that offsets in the normalised view equal offsets in the source.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "\u3000": " ", "﹪": "%"})
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FW_TABLE = str.maketrans(_FULLWIDTH)


_HAS_FULLWIDTH = re.compile("[" + "".join(_FULLWIDTH) + "]")


_SPACE = re.compile(r"[\s\u3000]+")


def squeeze(text: str) -> str:
    """Text without any white space (labels compare this way)."""
    if len(text) <= 80:
        return _squeezed(text)  # labels and headers, asked for again and again
    return _SPACE.sub("", text)


@functools.lru_cache(maxsize=8192)
def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def normalise(text: str) -> str:
    """Map full-width digits, letters, '．' and '％' to ASCII, keeping the length."""
    if not _HAS_FULLWIDTH.search(text):
        return text
    return text.translate(_FW_TABLE)


class SourceText:
    """The text of one file and the arithmetic from offsets to lines and columns."""

    def __init__(self, text: str, path: str = "<text>", origins: dict | None = None) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.text = text
        self.path = path
        self.norm = normalise(text)
        self.origins = origins or {}
        """0-based line -> [(0-based column, Origin)]: see :class:`auditor.document.readers.Extracted`."""
        self._line_starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._line_starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        starts = self._line_starts  # line_col twice, inlined: a span is made for every figure and cell
        i = bisect.bisect_right(starts, start) - 1
        line, col = i + 1, start - starts[i] + 1
        last = end if end > start else start  # max(), without the call (one per figure and cell)
        j = bisect.bisect_right(starts, last, i if i > 0 else 0) - 1
        end_line, end_col = j + 1, last - starts[j] + 1
        if self.origins and (entries := self.origins.get(line - 1)):
            origin = entries[0][1]
            for first, o in entries:
                if first > col - 1:
                    break
                origin = o
            return make_span(start, end, line, col, end_line, end_col, origin.page, origin.cell)
        return make_span(start, end, line, col, end_line, end_col)

    def origin(self, offset: int):
        """The reader's origin (:class:`auditor.document.readers.Origin`) of the character at ``offset``, if any."""
        if not self.origins:
            return None
        line, col = self.line_col(offset)
        entries = self.origins.get(line - 1)
        if not entries:
            return None
        origin = entries[0][1]
        for first, o in entries:
            if first > col - 1:
                break
            origin = o
        return origin

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
