"""Annotated copies: the checked report written again with each finding as a comment
anchored on the flagged figure (a Word comment in a .docx, a PDF annotation in a .pdf).

``auditor check draft.docx --annotate reviewed.docx``. A writer never touches the file it
read: it writes a new file at another path. Each format's writer has the signature
``write(src_path, out_path, findings, lang) -> int`` (the number of comments written).
"""

from __future__ import annotations

import os

from auditor.document.files import InputError, guard_write

WRITERS = {"docx": "auditor.outputs.annotate.docx", "pdf": "auditor.outputs.annotate.pdf"}


def plan(paths: list[str], out_path: str) -> str:
    """Check that ``--annotate OUT`` can be done for these inputs and return the source's
    format. Raises :class:`InputError` with one line saying why not."""
    from auditor.document.files import read_bytes
    from auditor.document.readers import detect

    if len(paths) != 1 or paths[0] == "-" or os.path.isdir(paths[0]):
        raise InputError("--annotate takes exactly one input file (not a folder or standard input) / --annotate 只能用于单个文件")
    src = paths[0]
    guard_write(out_path, [src], "--annotate")
    kind = detect(read_bytes(src), src)
    if kind not in WRITERS:
        raise InputError(f"--annotate: {src} is {kind}; annotated copies are written for Word (.docx) and PDF files only / 仅支持为 Word 和 PDF 文件生成批注副本")
    return kind


def write(kind: str, src_path: str, out_path: str, findings: list, lang: str) -> int:
    """Write the annotated copy with the writer of format ``kind``; returns the number of
    comments written."""
    import importlib

    try:
        module = importlib.import_module(WRITERS[kind])
    except ImportError:
        raise InputError(f"--annotate: annotated {kind.upper()} copies are not available in this version / 暂不支持该格式的批注副本") from None
    return module.write(src_path, out_path, findings, lang)


def comment_text(finding, source_text: str, lang: str) -> str:
    """A finding as the text of one comment: what, why, and the figures it was compared
    with and where they stand."""
    lines = [f"{finding.severity.value}[{finding.check}]: {finding.message.get(lang)}"]
    if finding.hint is not None:
        lines.append(("hint: " if lang == "en" else "提示: ") + finding.hint.get(lang))
    for r in finding.related:
        figure = source_text[r.span.start : r.span.end].strip()
        place = r.span.cell or (f"line {r.span.line}" if lang == "en" else f"第{r.span.line}行")
        if r.span.page and not r.span.cell:
            place = f"p. {r.span.page}" if lang == "en" else f"第{r.span.page}页"
        what = r.message.get(lang)
        if figure and figure not in what:
            what += f": {figure}" if lang == "en" else f"：{figure}"
        lines.append(f"- {what} ({place})" if lang == "en" else f"- {what}（{place}）")
    return "\n".join(lines)
