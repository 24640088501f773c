"""``--format github``: GitHub Actions workflow commands, one line per finding, which the
runner turns into annotations on the changed files::

    ::error file=reports/a.md,line=121,col=90,endLine=121,endColumn=100,title=PRS001 prose.table-mismatch::message

``error`` / ``warning`` / ``notice`` (for ``info``). The message is the finding's (with the page
or cell of a PDF, Word or Excel file), then the hint and the related figures on lines of
their own (``line:col label``). Values are
escaped as GitHub's toolkit does: ``%``, CR and LF in the message; also ``:`` and ``,``
in properties. A file that could not be read gets an ``::error`` with the title
``auditor`` so that CI shows it too. Findings come in the order of ``--format json``.
"""

from __future__ import annotations

from auditor import fingerprints
from auditor.engine import FileResult
from auditor.findings import Finding, Severity
from auditor.render import place

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_HELP = {"zh": "提示", "en": "help"}


def escape_data(text: str) -> str:
    from auditor.terminal import visible

    # the runner's log is a terminal: other control characters are shown, not obeyed
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def message(f: Finding, lang: str) -> str:
    """The annotation's text: message (with the page or cell), hint, then each related
    figure's place and label."""
    lines = [f.message.get(lang) + place(f.span, lang)]
    if f.hint:
        lines.append(f"{_HELP.get(lang, 'help')}: {f.hint.get(lang)}")
    lines += [f"{r.span.line}:{r.span.column}{place(r.span, lang)} {r.message.get(lang)}" for r in f.related]
    return "\n".join(lines)


def line(path: str, f: Finding, lang: str) -> str:
    s = f.span
    props = [("file", fingerprints.relative(path)), ("line", s.line), ("col", s.column), ("endLine", s.end_line),
             ("endColumn", s.end_column), ("title", f"{f.check} {f.name}")]
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{COMMAND[f.severity]} {head}::{escape_data(message(f, lang))}"


def render(results: list[FileResult], stream, lang: str) -> None:
    for r in results:
        if r.error:
            stream.write(f"::error file={escape_property(fingerprints.relative(r.path))},title=auditor::{escape_data(r.error)}\n")
            continue
        for f in r.findings:
            stream.write(line(r.path, f, lang) + "\n")
