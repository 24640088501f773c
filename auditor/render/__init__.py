"""Renderers: one per output format, each turning :class:`FileResult` data into text.
Checks never format output; renderers never decide what is wrong."""


def place(span, lang: str) -> str:
    """The page (PDF) or cell (Word, Excel) of the original file, shown beside the location
    in the extracted text: lines of a PDF or Word file count lines of that text, so a
    reader needs the page."""
    parts = []
    if span.page is not None:
        parts.append(f"page {span.page}" if lang == "en" else f"第{span.page}页")
    if span.cell:
        parts.append(span.cell)
    return f" ({', '.join(parts)})" if parts else ""
