"""``--format json``: exactly one JSON object on stdout.

Schema: ``{"files": [{"path", "findings": [{"check", "name", "severity", "message",
"line", "column", "end_line", "end_column", "related": [{"line", "column", "message"}],
"hint"}], ...}], "summary": {...}}``. Lines and columns are 1-based, in characters of the
decoded text; ``end_column`` is the column just past the flagged text.
"""

from __future__ import annotations

import json

from auditor.engine import FileResult
from auditor.findings import Severity


def to_dict(results: list[FileResult], lang: str, show_verified: bool = False) -> dict:
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
                "line": f.span.line,
                "column": f.span.column,
                "end_line": f.span.end_line,
                "end_column": f.span.end_column,
                "related": [
                    {"line": x.span.line, "column": x.span.column, "end_line": x.span.end_line, "end_column": x.span.end_column, "message": x.message.get(lang)}
                    for x in f.related
                ],
                "hint": f.hint.get(lang) if f.hint else None,
            }
            for f in r.findings
        ]
        entry["internal_errors"] = [e.model_dump() for e in r.internal_errors]
        entry["quantities"] = r.quantities
        entry["covered"] = r.covered
        entry["verified_count"] = len(r.verified)
        entry["suppressed"] = r.suppressed
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
    return {"files": files, "summary": summary}


def render(results: list[FileResult], stream, lang: str, show_verified: bool = False) -> None:
    json.dump(to_dict(results, lang, show_verified), stream, ensure_ascii=False, indent=2, sort_keys=False)
    stream.write("\n")
