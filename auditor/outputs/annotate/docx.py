"""Annotated Word copies: a Word comment (author ``auditor``) anchored on each flagged
figure, with the message, the hint and the figures it was compared with.

The source is read again with the Word reader, whose ``Extracted.extra`` maps each line
of the extracted text back to (paragraph, character offset); the runs holding the
flagged characters are split so that the comment covers exactly those characters. A
finding on text that is not in the paragraph's runs (an automatic list number) is
anchored on the whole paragraph.
"""

from __future__ import annotations

import copy

from auditor.document.readers.docx import _W, R, T, paragraphs, pieces
from auditor.outputs.annotate import comment_text

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def locate(extra: dict, span) -> tuple[int, int, int] | None:
    """(paragraph ordinal, start, end) in that paragraph's text for a span of the
    extracted text, or None when the line comes from nothing in the document's runs."""
    entries = extra.get(span.line - 1)
    if not entries:
        return None
    c0 = span.column - 1
    c1 = span.end_column - 1 if span.end_line == span.line else max(col + n for col, n, _, _ in entries)
    c1 = max(c1, c0 + 1)
    for col, n, ordinal, off in entries:
        if col <= c0 < col + n:
            return ordinal, off + c0 - col, off + min(c1, col + n) - col
    for col, n, ordinal, off in entries:
        if c0 < col + n and col < c1:  # starts before the paragraph's text (in its list label)
            return ordinal, off, off + min(c1, col + n) - col
    col, n, ordinal, off = entries[0]
    return ordinal, off, off + n


def _split(t_el, k: int):
    """Split the run holding ``w:t`` element ``t_el`` so that a new run starts at its
    ``k``-th character; returns the new run's ``w:t``."""
    r = t_el.getparent()
    new_r = copy.deepcopy(r)
    idx = list(r).index(t_el)
    text = t_el.text or ""
    for child in list(r)[idx + 1 :]:
        r.remove(child)
    t_el.text = text[:k]
    t_el.set(_XML_SPACE, "preserve")
    kids = list(new_r)
    new_t = kids[idx]
    for child in kids[:idx]:
        if child.tag != _W + "rPr":
            new_r.remove(child)
    new_t.text = text[k:]
    new_t.set(_XML_SPACE, "preserve")
    r.addnext(new_r)
    return new_t


def _cut_at(p, pos: int) -> None:
    """Make ``pos`` (a character offset in the paragraph's text) a run boundary."""
    at = 0
    for text, t_el, _ in pieces(p):
        if at < pos < at + len(text) and t_el is not None:
            _split(t_el, pos - at)
            return
        at += len(text)


def isolate(p, start: int, end: int) -> list:
    """The runs (``w:r`` elements) that hold exactly characters [start, end) of paragraph
    ``p``, splitting runs where needed."""
    _cut_at(p, end)
    _cut_at(p, start)
    runs = []
    at = 0
    for text, t_el, _ in pieces(p):
        if t_el is not None and at < end and start < at + len(text):
            r = t_el.getparent()
            if r.tag == R and (not runs or runs[-1] is not r):
                runs.append(r)
        at += len(text)
    if not runs:  # nothing but tabs or breaks there: the paragraph's runs
        runs = [r for r in p.iter(R) if r.find(T) is not None][:1]
    return runs


def write(src_path: str, out_path: str, findings: list, lang: str) -> int:
    import docx
    from docx.text.run import Run

    from auditor.document.readers import read

    extracted = read(src_path)
    document = docx.Document(src_path)
    paras = list(paragraphs(document.element.body))
    # a copy annotated before and checked again keeps its comments; the same one is not added twice
    present = {c.text for c in document.comments if c.author == "auditor"}
    written = 0
    for f in findings:
        text = comment_text(f, extracted.text, lang)
        if text in present:
            continue
        where = locate(extracted.extra or {}, f.span)
        if where is None or where[0] >= len(paras):
            continue
        ordinal, start, end = where
        runs = isolate(paras[ordinal], start, end)
        if not runs:
            continue
        document.add_comment([Run(runs[0], None), Run(runs[-1], None)], text=text, author="auditor", initials="AU")
        present.add(text)
        written += 1
    import io

    from auditor.document.files import atomic_write

    buf = io.BytesIO()
    document.save(buf)
    atomic_write(out_path, buf.getvalue())
    return written
