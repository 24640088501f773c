"""Finding identities that survive edits elsewhere in a report.

This module owns them; the baseline, SARIF (``partialFingerprints``) and GitLab Code
Quality (``fingerprint``) all use :func:`fingerprint`.

A finding's *anchor* is computed from the text it was found in, when it is found: the
check's code, the flagged characters, and up to :data:`CONTEXT` characters either side of
them on the same line (whitespace squeezed). Line and column numbers are not in it, so
lines inserted or removed above a finding leave it unchanged; an edit of the flagged
figure or of the words right around it makes it a new finding. Two findings with the
same anchor in one file (the same check on the same words twice) are told apart by their
order: the first keeps the plain anchor, the next ones get ``#2``, ``#3`` … so adding a
duplicate further down never changes the first one's identity.

The anchor holds no path, so that a cached result stays valid for a file moved or
copied; :func:`fingerprint` adds the path (relative, with ``/``) when the run knows it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.checking.findings import Finding

CONTEXT = 12
"""Characters of the same line kept on each side of the flagged text."""

VERSION = "auditor/v1"
"""The name of the fingerprint scheme, as SARIF's ``partialFingerprints`` key; a change of
the recipe gets a new name, so old baselines are not silently misread."""


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def key(check: str, text: str, start: int, end: int) -> str:
    """The words that identify a finding: check, flagged text, and its neighbours on the line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before = text[max(line_start, start - CONTEXT) : start]
    after = text[end : min(line_end, end + CONTEXT)]
    return "\x1f".join((check, _squeeze(before), _squeeze(text[start:end]), _squeeze(after)))


def assign(findings: Iterable[Finding], text: str) -> None:
    """Set each finding's ``anchor`` from the text it was found in (findings in source order)."""
    seen: dict[str, int] = {}
    for f in findings:
        k = key(f.check, text, f.span.start, f.span.end)
        n = seen[k] = seen.get(k, 0) + 1
        if n > 1:
            k = f"{k}#{n}"
        f.anchor = hashlib.sha256(k.encode("utf-8")).hexdigest()[:32]


def relative(path: str, base: str | None = None) -> str:
    """``path`` as a relative POSIX path from ``base`` (default: the working directory)
    when it lies under it; otherwise normalised as given. ``<stdin>`` stays itself."""
    if path.startswith("<"):
        return path
    base = os.path.abspath(base or os.getcwd())
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive on Windows
        rel = full
    if rel.startswith(".."):
        rel = os.path.normpath(path)
    return rel.replace(os.sep, "/")


def fingerprint(path: str, finding: Finding) -> str:
    """A finding's identity across runs: its file (a relative path) and its anchor."""
    return hashlib.sha256(f"{path}\x1f{finding.anchor}".encode()).hexdigest()[:32]
