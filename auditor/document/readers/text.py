"""Plain text and Markdown: decoded as they are; the text is its own extraction."""

from __future__ import annotations

from auditor.document.files import decode
from auditor.document.readers import Extracted


def read(data: bytes, path: str) -> Extracted:
    text = decode(data, path)
    fmt = "markdown" if path.lower().endswith((".md", ".markdown")) else "text"
    return Extracted(text=text, format=fmt)
