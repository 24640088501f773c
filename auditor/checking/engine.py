"""Running checks on one document: every check, each guarded so that one that raises
is reported as an internal error of that check and the others still run."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from auditor.checking import fingerprints
from auditor.checking.check import Check
from auditor.checking.findings import SEVERITY_ORDER, Attempt, Finding, InternalError, Message, Severity, Verified
from auditor.document.datajson import EXCLUDE
from auditor.document.model import Document


@dataclass(slots=True, kw_only=True)
class Directive:
    """An ``auditor-ignore`` comment found in a report, and what it did."""

    line: int
    file_wide: bool = False
    codes: list[str] = field(default_factory=list)
    """The checks it names (codes, prefixes or names); empty for every check."""
    silenced: int = 0
    """Findings it silenced (0 when it was not applied)."""
    not_applied: str | None = None
    """Why it was not applied: the document's format (``pdf``, ``xlsx``: text nobody
    may see, or a cell's data) or ``--no-inline-suppress``; None when it was."""


@dataclass(slots=True, kw_only=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)
    internal_errors: list[InternalError] = field(default_factory=list)
    identities: list[Attempt] = field(default_factory=list)
    """The standard identities of a 预算/决算 disclosure: held, failed or not attempted (and why)."""
    error: str | None = None
    """Set when the file could not be read; then nothing was checked."""
    suppressed: int = 0
    """Findings silenced by an ``auditor-ignore`` comment in the report."""
    directives: list[Directive] = field(default_factory=list)
    """The report's ``auditor-ignore`` comments, applied or not, so that a reviewer sees
    what the document asked to silence."""
    baselined: int = 0
    """Findings left out because the baseline file (``--baseline``) records them."""
    quantities: int = 0
    covered: int = 0
    """Quantities that took part in at least one checked relation."""
    cached: bool = field(default=False, metadata=EXCLUDE)
    """True when the result came from the cache (:mod:`auditor.running.cache`) instead of a check."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while one document is read and checked.

    A document becomes tens of thousands of small objects that live until its checks are
    done; each full collection walks all of them, so on a long document the collector's
    work grows faster than the document. The model holds no reference cycles worth
    collecting early; the collector is restored afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def check_text(text: str, path: str, checks: list[Check], origins: dict | None = None, not_applied: str | None = None) -> FileResult:
    """Read a decoded (or extracted) text and run the checks on it. Never raises: a reader failure is an
    internal error of the reader, as a check's is of that check. ``not_applied`` says why
    the text's ``auditor-ignore`` comments are listed but not applied (None: applied)."""
    from auditor.document.reader import read_document

    with no_gc():
        try:
            doc = read_document(text, path, origins)
        except TimeoutError:  # a pattern's own time guard (regex timeout=): not a bug, a text too hard
            return FileResult(path=path, error=f"{path}: too large / too slow: a pattern took too long on this text / 处理超时，未检查")
        except Exception as exc:  # a reader bug must not stop the batch
            result = FileResult(path=path)
            result.internal_errors.append(InternalError(check="reader", message=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
            return result
        result = run_checks(doc, checks, not_applied)
        # the document is let go while the collector is still paused: freed by reference
        # counting, its objects are not walked by the collection the resumed collector runs
        del doc
    return result


def run_checks(doc: Document, checks: list[Check], not_applied: str | None = None) -> FileResult:
    result = FileResult(path=doc.path)
    for check in checks:
        try:
            items = list(check.run(doc))
        except Exception as exc:  # reported, never raised: the other checks still run
            result.internal_errors.append(InternalError(check=check.code, message=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
            continue
        for item in items:
            if isinstance(item, Finding):
                result.findings.append(item)
            elif isinstance(item, Attempt):
                result.identities.append(item)
            else:
                result.verified.append(item)
    result.findings = _dedupe(sorted(result.findings, key=Finding.sort_key))
    _too_many(result, {c.code: c for c in checks})
    result.findings, result.suppressed, result.directives = suppress(result.findings, doc.source.text, not_applied)
    fingerprints.assign(result.findings, doc.source.text)
    quantities = doc.quantities()
    result.quantities = len(quantities)
    touched = {(s.start, s.end) for v in result.verified for s in v.spans}
    touched |= {(f.span.start, f.span.end) for f in result.findings}
    touched |= {(r.span.start, r.span.end) for f in result.findings for r in f.related}
    result.covered = sum(1 for q in quantities if (q.span.start, q.span.end) in touched)
    return result


_IGNORE = regex.compile(r"<!--\s*auditor-ignore(?P<file>-file)?\s*(?::\s*(?P<codes>[A-Za-z0-9_.,\s-]*?))?\s*-->")


def suppress(findings: list[Finding], text: str, not_applied: str | None = None) -> tuple[list[Finding], int, list[Directive]]:
    """Drop the findings that the report's own comments silence, count them, and list the
    comments found.

    ``<!-- auditor-ignore: PRS001 -->`` on a line silences those checks' findings whose
    flagged figure is on that line (codes, prefixes such as ``REP`` or names; no list
    silences every check there); ``<!-- auditor-ignore-file: TXT001 -->`` anywhere
    silences them in the whole file. With ``not_applied`` (a PDF's or a spreadsheet's
    text, or ``--no-inline-suppress``) the comments are listed and nothing is silenced."""
    if "auditor-ignore" not in text:
        return findings, 0, []
    directives: list[Directive] = []
    by_line: dict[int, list[Directive]] = {}
    whole_file: list[Directive] = []
    for m in _IGNORE.finditer(text):
        codes = [c.strip() for c in (m.group("codes") or "").split(",") if c.strip()]
        d = Directive(line=text.count("\n", 0, m.start()) + 1, file_wide=bool(m.group("file")), codes=codes, not_applied=not_applied)
        directives.append(d)
        if d.file_wide:
            whole_file.append(d)
        else:
            by_line.setdefault(d.line, []).append(d)
    if not_applied is not None:
        return findings, 0, directives

    def silences(f: Finding, d: Directive) -> bool:
        return not d.codes or any(f.check == c.upper() or f.check.startswith(c.upper()) or f.name == c or f.name.startswith(c + ".") for c in d.codes)

    kept = []
    for f in findings:
        by = next((d for d in by_line.get(f.span.line, []) + whole_file if silences(f, d)), None)
        if by is None:
            kept.append(f)
        else:
            by.silenced += 1
    return kept, len(findings) - len(kept), directives


MANY = 10
"""The number of errors and warnings of one check in one document from which, when they
also outnumber the relations of that check that held there, they are taken for a misread
layout: a document is rarely wrong ten times over in one respect while right less often,
but a reader that misplaces a column or mixes two text columns is wrong on every row."""


MANY_ON_A_PAGE = 6
"""The same, on one page of a PDF, counted against the relations of that check that held on
that page."""


def _too_many(result: FileResult, checks: dict[str, Check]) -> None:
    """Turn a flood of one check's errors and warnings into notes (``info``, reading
    ``unconfirmed``), each saying why: the precision-first reading of a document where a
    check disagrees ``MANY`` times or more and more often than it agrees, or of a PDF page
    where it does ``MANY_ON_A_PAGE`` times or more. Checks that match the text itself
    (``reads_layout = False``) keep their findings."""
    _quieten(result, checks, MANY, lambda span: 0, lambda n, k, _where: (
        f"本文件中此项检查有 {n} 处不符，多于相符的 {k} 处：更可能是版式未读懂，而非文件有误，故作提示。",
        f"This check disagrees {n} times in this file, more often than it agrees ({k}): the layout is more likely misread than the file wrong, so this is a note."))
    # the same on one page of a PDF: a page read wrong (columns interleaved, a table's levels
    # misread) fails on most of its rows while the rest of the document reads right
    _quieten(result, checks, MANY_ON_A_PAGE, lambda span: span.page if span is not None else None, lambda n, k, page: (
        f"第{page}页此项检查有 {n} 处不符，多于本页相符的 {k} 处：更可能是本页版式未读懂，而非文件有误，故作提示。",
        f"This check disagrees {n} times on page {page}, more often than it agrees there ({k}): the page's layout is more likely misread than the file wrong, so this is a note."))


def _quieten(result: FileResult, checks: dict[str, Check], least: int, where, say) -> None:
    """Demote the errors and warnings of a check at a place (``where(span)``: the document,
    a page; None is no place, and a relation without a span has ``where(None)``) where there
    are ``least`` or more of them and more than the relations of that check that held there;
    ``say(n, held, place)`` gives the note's words."""
    from collections import Counter

    loud = [f for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    counts = Counter((f.check, where(f.span)) for f in loud)
    held = Counter((v.check, where(v.spans[0] if v.spans else None)) for v in result.verified)
    for (code, place), n in counts.items():
        check = checks.get(code)
        if place is None or n < least or n <= held[(code, place)] or check is None or not check.reads_layout:
            continue
        zh, en = say(n, held[(code, place)], place)
        for f in loud:
            if f.check == code and where(f.span) == place:
                f.demote(Message(zh=zh, en=en), "unconfirmed", first=True)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.check, f.span.start, f.span.end, f.message.en)
        if key not in seen:
            seen.add(key)
            out.append(f)
    out.sort(key=lambda f: (f.span.start, SEVERITY_ORDER[f.severity], f.check))
    return out
