"""Findings as data: what checks produce and renderers present.

A finding has a primary span (the figure that disagrees) and labelled related spans (the
figures it was compared with), messages in Chinese and English, and an optional hint
(what the figure would have to be). A :class:`Verified` record says what was checked
and held, for the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from auditor.document.model import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True, kw_only=True)
class Message:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(slots=True, kw_only=True)
class Related:
    span: Span
    message: Message


@dataclass(slots=True, kw_only=True)
class Finding:
    check: str
    """The check's code, e.g. ``TBL001``."""
    name: str
    """The check's dotted name, e.g. ``table.sum-mismatch``."""
    severity: Severity
    message: Message
    span: Span
    label: Message | None = None
    """A short label shown under the primary span."""
    related: list[Related] = field(default_factory=list)
    hint: Message | None = None
    reading: str = "confirmed"
    """How sure the reading the finding rests on is: ``confirmed`` (the structure, scope and
    labels it relies on are stated, or confirmed by other relations that hold under the same
    reading), ``inferred`` (taken from the figures or a fuzzy label match, not confirmed) or
    ``unconfirmed`` (no reading was convincing: the finding says what could not be checked).
    A finding on an unsure reading is at most ``info``."""
    anchor: str = ""
    """An identity that does not depend on line numbers, set by the engine from the text
    the finding was made in (see :mod:`auditor.checking.fingerprints`)."""

    def sort_key(self) -> tuple:
        return (self.span.start, self.span.end, self.check, self.message.en)

    def demote(self, why: Message, reading: str, first: bool = False) -> None:
        """Make the finding a note resting on an unsure ``reading``, with ``why`` added to its
        hint (before what the hint said when ``first``: the reason the whole note is one)."""
        self.severity = Severity.INFO
        self.reading = reading
        old = self.hint
        if old is None:
            self.hint = why
        elif first:
            self.hint = Message(zh=why.zh + old.zh, en=f"{why.en} {old.en}")
        else:
            self.hint = Message(zh=f"{old.zh}；{why.zh}", en=f"{old.en}; {why.en}")


@dataclass(slots=True, kw_only=True)
class Verified:
    """A relation that was checked and held."""

    check: str
    message: Message
    spans: list[Span] = field(default_factory=list)
    rounding: bool = False
    """True when the figures agree only within rounding."""


@dataclass(slots=True, kw_only=True)
class Attempt:
    """What became of one standard identity (收入总计 = 支出总计, 基本支出 = 人员经费 + 公用经费 …)
    on one document: it held, it failed, or it could not be attempted, and why (the table is
    absent, empty by its note, or its structure was not understood). A check that silently
    does nothing would look like a clean document; this record says what was not checked."""

    check: str
    identity: Message
    status: str
    """``held``, ``failed`` or ``not-attempted``."""
    held: int = 0
    failed: int = 0
    reason: Message | None = None


@dataclass(slots=True, kw_only=True)
class InternalError:
    check: str
    message: str

