"""``--format sarif``: one SARIF 2.1.0 log on stdout, for code-scanning services.

One run; its driver lists one rule per check that ran (id = code, name = dotted name,
short description = the docstring's title, full description = the docstring before the
examples, help = the whole docstring with its 反例/正例, default level). Each finding is a
result in the order of ``--format json``: level (error, warning, note for ``info``), the
message (and the hint after a line break), a physical location (the file's path relative
to the working directory as a URI reference; a region with start/end line and column,
counted in Unicode code points of the text the checks read, ``columnKind`` says so),
``relatedLocations`` with their labels, and ``partialFingerprints`` from
:mod:`auditor.fingerprints` (no line numbers in them, so results survive line shifts).

For a report read from a PDF, Word or Excel file, lines and columns count lines of the
extracted text (``auditor extract FILE``); the page (PDF) or cell (Word, Excel) is in
the region's property bag as ``page`` / ``cell``. Files that could not be read and
internal errors of a check are tool execution notifications, not results.
"""

from __future__ import annotations

from urllib.parse import quote

from auditor import __version__, fingerprints
from auditor.engine import FileResult
from auditor.findings import Finding, Severity
from auditor.model import Span

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_HELP = {"zh": "提示", "en": "help"}


def _uri(path: str) -> str:
    return quote(fingerprints.relative(path), safe="/")


def _region(span: Span) -> dict:
    region: dict = {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}
    where = {k: v for k, v in (("page", span.page), ("cell", span.cell)) if v is not None}
    if where:
        region["properties"] = where
    return region


def _location(path: str, span: Span) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": _region(span)}}


def _split_doc(doc: str) -> tuple[str, str]:
    """(description before the examples, the 反例/正例 part) of a check's docstring."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.strip().rstrip(":：") in ("反例", "正例"):
            return "\n".join(lines[:i]).strip(), "\n".join(lines[i:]).strip()
    return doc.strip(), ""


def rule(cls, lang: str = "zh") -> dict:
    description = _split_doc(cls.doc())[0]
    markdown = description
    for head, text in (("反例 (fails)", cls.examples().get("fail")), ("正例 (passes)", cls.examples().get("pass"))):
        if text:
            markdown += f"\n\n**{head}**\n\n```text\n{text.rstrip()}\n```"
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.title(lang)},
        "fullDescription": {"text": description},
        "help": {"text": cls.doc(), "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[cls.severity]},
        "properties": {"tags": [cls.name.split(".")[0]]},
    }


def _result(path: str, f: Finding, index: dict[str, int], lang: str, baseline_used: bool) -> dict:
    text = f.message.get(lang)
    if f.hint:
        text += f"\n{_HELP.get(lang, 'help')}: {f.hint.get(lang)}"
    out: dict = {
        "ruleId": f.check,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(path, f.span)],
    }
    if f.check in index:
        out["ruleIndex"] = index[f.check]
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **_location(path, r.span), "message": {"text": r.message.get(lang)}} for i, r in enumerate(f.related, 1)
        ]
    out["partialFingerprints"] = {fingerprints.VERSION: fingerprints.fingerprint(fingerprints.relative(path), f)}
    out["properties"] = {"reading": f.reading}
    if baseline_used:
        out["baselineState"] = "new"
    return out


def to_dict(results: list[FileResult], rules: list, lang: str, outcome=None) -> dict:
    """``outcome``: a :class:`auditor.baseline.Outcome` when a baseline was applied; then every
    result has ``baselineState: new`` and the run's property bag says what was matched."""
    index = {cls.code: i for i, cls in enumerate(rules)}
    notes = []
    for r in results:
        where = [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]
        if r.error:
            notes.append({"level": "error", "message": {"text": r.error}, "locations": where})
        for e in r.internal_errors:
            note = {"level": "error", "message": {"text": f"internal error in {e.check}: {e.message}"}, "locations": where}
            if e.check in index:
                note["associatedRule"] = {"id": e.check, "index": index[e.check]}
            notes.append(note)
    run = {
        "tool": {"driver": {"name": "auditor", "version": __version__, "semanticVersion": __version__, "rules": [rule(c, lang) for c in rules]}},
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(r.path, f, index, lang, outcome is not None) for r in results if not r.error for f in r.findings],
    }
    if outcome is not None:
        from auditor.baseline import to_dict as baseline_dict

        run["properties"] = {"baseline": baseline_dict(outcome)}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results: list[FileResult], stream, lang: str, rules: list, outcome=None) -> None:
    from auditor.render.json_out import dumps

    stream.write(dumps(to_dict(results, rules, lang, outcome)))
    stream.write("\n")
