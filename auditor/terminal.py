"""Text on its way to a terminal: what a document or a file name holds is shown, never
obeyed.

A report's text and its file name come from whoever wrote them. Control characters (an
escape sequence that colours, clears the screen or sets the window title; a carriage
return that overwrites a line; a newline in a file name that forges a second
``auditor: …`` line) and invisible direction overrides are replaced by visible stand-ins
of the same width: C0 controls by their Unicode pictures (``␛`` for ESC), others by a
``\\x9b``-style escape. Rich markup is never parsed from such text (renderers build
``rich.text.Text`` objects, which take text literally).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069), and lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _picture(m: re.Match) -> str:
    c = m.group(0)
    o = ord(c)
    if o < 0x20:
        return chr(0x2400 + o)  # ␀ … ␟ (␛ for ESC, ␍ for CR, ␊ for LF)
    if o == 0x7F:
        return "\u2421"  # ␡
    if o <= 0xFF:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}"


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown visibly."""
    return _UNSAFE.sub(_picture, text) if _UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """``text`` as one visible line: newlines and tabs shown too (for stderr lines)."""
    return _UNSAFE_LINE.sub(_picture, text) if _UNSAFE_LINE.search(text) else text


def quote(name: str) -> str:
    """A file name for an error line: as it is when it is plain, else in double quotes
    with its control characters escaped, so that it reads as one name on one line."""
    if not _UNSAFE_LINE.search(name) and '"' not in name:
        return name
    return '"' + one_line(name.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def error_line(message: str, path: str | None = None) -> str:
    """``auditor: MESSAGE`` for stderr, always one line: the file name at its start (when
    given) quoted if it needs to be, every other control character shown visibly."""
    if path and message.startswith(path):
        message = quote(path) + one_line(message[len(path):])
    else:
        message = one_line(message)
    return f"auditor: {message}"
