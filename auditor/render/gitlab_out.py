"""``--format gitlab``: a GitLab Code Quality report (a JSON array), for
``artifacts:reports:codequality``.

Each finding, in the order of ``--format json``, is an issue with ``description`` (the
message with the page or cell of a PDF, Word or Excel file, then the hint), ``check_name`` (the code), ``fingerprint`` (from
:mod:`auditor.fingerprints`: unique in the report and stable when lines move, which is
what GitLab compares between branches), ``severity`` and ``location.path`` /
``location.lines.begin``. Severities: ``error`` → ``major``, ``warning`` → ``minor``,
``info`` → ``info``; ``critical`` and ``blocker`` are left unused, because a figure that
disagrees is a defect to fix before publishing, not a broken build — the exit code is
what fails a pipeline.
"""

from __future__ import annotations

from auditor import fingerprints
from auditor.engine import FileResult
from auditor.findings import Severity
from auditor.render.github_out import place

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
_HELP = {"zh": "提示", "en": "help"}


def to_list(results: list[FileResult], lang: str) -> list[dict]:
    out = []
    for r in results:
        if r.error:
            continue
        path = fingerprints.relative(r.path)
        for f in r.findings:
            text = f.message.get(lang) + place(f.span, lang)
            if f.hint:
                text += f"（{_HELP['zh']}：{f.hint.get(lang)}）" if lang == "zh" else f" (help: {f.hint.get(lang)})"
            out.append({
                "type": "issue",
                "description": text,
                "check_name": f.check,
                "categories": ["Bug Risk"],
                "fingerprint": fingerprints.fingerprint(path, f),
                "severity": SEVERITY[f.severity],
                "location": {"path": path, "lines": {"begin": f.span.line, "end": f.span.end_line}},
            })
    return out


def render(results: list[FileResult], stream, lang: str) -> None:
    from auditor.render.json_out import dumps

    stream.write(dumps(to_list(results, lang)))
    stream.write("\n")
