"""``--format json``: exactly one JSON object on stdout.

Schema: ``{"files": [{"path", "identities": [{"check", "identity", "status", "held", "failed", "reason"}], "findings": [{"check", "name", "severity", "message",
"line", "column", "end_line", "end_column", ["page"], ["cell"], "related": [{"line", "column",
..., "message"}], "hint", "reading", "fingerprint"}], ...}], "summary": {...}}``; with a baseline, also
``"baseline": {"file", "matched", "fixed": [entries]}``, ``summary.baselined`` and each
file's ``baselined`` (findings left out because the baseline records them). Lines and columns are 1-based, in
characters of the decoded (or, for PDF, Word and Excel, the extracted) text;
``end_column`` is the column just past the flagged text. ``page`` (PDF) and ``cell`` (Word
paragraph or cell, Excel ``Sheet!C7``) are there when the original file has them. A file
whose text holds ``auditor-ignore`` comments has ``"directives"``: each one's ``line``,
``file_wide``, ``codes``, how many findings it ``silenced``, and ``not_applied`` (why
not: ``pdf``, ``xlsx``, ``--no-inline-suppress``; null when applied).
"""

from __future__ import annotations

import json
import re

from auditor.checking import fingerprints
from auditor.checking.engine import FileResult
from auditor.checking.findings import Severity
from auditor.document.datajson import to_json
from auditor.document.model import Span


def location(span: Span) -> dict:
    """Line and column in the extracted text, and the page (PDF) or cell (Word, Excel)
    where the original file has one."""
    out: dict = {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}
    if span.page is not None:
        out["page"] = span.page
    if span.cell is not None:
        out["cell"] = span.cell
    return out


def to_dict(results: list[FileResult], lang: str, show_verified: bool = False, outcome=None) -> dict:
    files = []
    for r in results:
        entry: dict = {"path": r.path}
        if r.error:
            entry["error"] = r.error
        entry["findings"] = [
            {
                "check": f.check,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message.get(lang),
                **location(f.span),
                "related": [{**location(x.span), "message": x.message.get(lang)} for x in f.related],
                "hint": f.hint.get(lang) if f.hint else None,
                "reading": f.reading,
                "fingerprint": fingerprints.fingerprint(fingerprints.relative(r.path), f),
            }
            for f in r.findings
        ]
        entry["internal_errors"] = [to_json(e) for e in r.internal_errors]
        entry["quantities"] = r.quantities
        entry["covered"] = r.covered
        entry["verified_count"] = len(r.verified)
        entry["identities"] = [
            {"check": a.check, "identity": a.identity.get(lang), "status": a.status, "held": a.held, "failed": a.failed,
             "reason": a.reason.get(lang) if a.reason else None}
            for a in r.identities
        ]
        entry["suppressed"] = r.suppressed
        if r.directives:
            # every auditor-ignore comment of the report, applied or not (and why not)
            entry["directives"] = [to_json(d) for d in r.directives]
        if outcome is not None:
            entry["baselined"] = r.baselined
        if show_verified:
            entry["verified"] = [
                {"check": v.check, "message": v.message.get(lang), "line": v.spans[0].line if v.spans else None, "rounding": v.rounding}
                for v in r.verified
            ]
        files.append(entry)
    checked = [r for r in results if not r.error]
    summary = {
        "files": len(results),
        "files_checked": len(checked),
        "unreadable": sum(1 for r in results if r.error),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
        "internal_errors": sum(len(r.internal_errors) for r in results),
        "quantities": sum(r.quantities for r in checked),
        "covered": sum(r.covered for r in checked),
        "verified": sum(len(r.verified) for r in checked),
        "suppressed": sum(r.suppressed for r in checked),
    }
    out = {"files": files, "summary": summary}
    if outcome is not None:
        from auditor.running.baseline import to_dict as baseline_dict

        summary["baselined"] = outcome.matched
        out["baseline"] = baseline_dict(outcome)
    return out


_C1 = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps(data) -> str:
    """JSON as every JSON renderer writes it: UTF-8 text, indented; C0 controls escaped by
    JSON itself, and DEL, C1 controls (U+009B is a terminal's CSI) and direction overrides
    escaped too, so that the output is safe on a terminal."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=2))


def render(results: list[FileResult], stream, lang: str, show_verified: bool = False, outcome=None) -> None:
    stream.write(dumps(to_dict(results, lang, show_verified, outcome)))
    stream.write("\n")
