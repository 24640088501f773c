"""The check interface.

A check is a small class that describes itself::

    class TableTotalMismatch(Check):
        \"\"\"表格中的合计（或父行）不等于其分项之和。
        A total (or parent row) of a table does not equal the sum of its parts.

        反例::

            支出类别	决算数
            一、基本支出	100.00
            人员经费	60.00
            公用经费	30.00

        正例::

            ...
        \"\"\"

        code = "TBL001"
        name = "table.total-mismatch"
        severity = Severity.ERROR

        def evaluate(self, doc):
            yield self.finding(...)

The first docstring line is the Chinese title, the second the English one. The 反例
(failing) and 正例 (passing) blocks are documentation and tests at once: the test suite
runs the check on each. Options are a pydantic model on the class; an unknown option is
an error. pydantic is imported only when options are given (a configuration that sets
some, ``auditor explain``): a check without options has :class:`NoOptions`, and a built-in
check declares its options with :class:`LazyOptions`, whose model is built on first use and
whose defaults need no pydantic. Codes are validated when the class is created, duplicates are refused and
retired codes are never reused.
"""

from __future__ import annotations

import copy
import inspect
import textwrap
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any, ClassVar

import regex

from auditor.checking.findings import Attempt, Finding, Message, Related, Severity, Verified
from auditor.document.model import Document, Span

CODE_PATTERN = regex.compile(r"^[A-Z]{2,5}\d{3}$")
NAME_PATTERN = regex.compile(r"^[a-z]+(?:[.-][a-z0-9]+)+$")

# Codes that were used once and must never be given to another check.
RETIRED_CODES: frozenset[str] = frozenset()


class NoOptions:
    """The options of a check that has none: the empty pydantic model (``extra="forbid"``),
    built only when options are given, to refuse them with pydantic's own error."""

    model_fields: ClassVar[dict] = {}

    def __init__(self, **options: Any) -> None:
        if options:
            _empty_model()(**options)  # raises pydantic's ValidationError


_EMPTY = None


def _empty_model():
    global _EMPTY
    if _EMPTY is None:
        from pydantic import BaseModel, ConfigDict

        class NoOptions(BaseModel):
            model_config = ConfigDict(extra="forbid")

        _EMPTY = NoOptions
    return _EMPTY


class LazyOptions:
    """A check's ``Options`` declared without importing pydantic::

        Options = LazyOptions("ScoreOptions", full_mark=(Decimal, Decimal(100), "full mark when none is stated"))

    Each option is ``name=(type, default, description)``. ``cls.Options`` is the pydantic
    model (``extra="forbid"``, one field per option), built the first time it is asked for;
    a check given no options reads its defaults without it."""

    def __init__(self, name: str, **fields: tuple[Any, Any, str]) -> None:
        self.name = name
        self.fields = fields
        self.model = None

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if self.model is None:
            from pydantic import ConfigDict, Field, create_model

            self.model = create_model(
                self.name, __config__=ConfigDict(extra="forbid"),
                **{k: (tp, Field(default=default, description=doc)) for k, (tp, default, doc) in self.fields.items()},
            )
        return self.model

    def defaults(self) -> SimpleNamespace:
        return SimpleNamespace(**{k: copy.deepcopy(default) for k, (_tp, default, _doc) in self.fields.items()})


class Check:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    Options: ClassVar[Any] = NoOptions
    """A pydantic model (``extra="forbid"``), :class:`LazyOptions`, or :class:`NoOptions`."""
    reads_layout: ClassVar[bool] = True
    """Whether the check's findings rest on a reading of the document's structure, order or
    scope (which rows add up, which figure a rate is of, which mark closes which). Many
    disagreements of such a check in one document, outnumbering what held, point at a
    misread layout rather than a wrong document (:data:`auditor.checking.engine.MANY`).
    False for checks that match the text itself (a template's 增加（减少）, a placeholder
    left, a workbook's own formulas)."""

    registry: ClassVar[dict[str, type[Check]]] = {}

    def __init_subclass__(cls, abstract: bool = False, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        code = getattr(cls, "code", None)
        name = getattr(cls, "name", None)
        if not code or not CODE_PATTERN.match(code):
            raise TypeError(f"{cls.__name__}: check code {code!r} must look like 'TBL001'")
        if code in RETIRED_CODES:
            raise TypeError(f"{cls.__name__}: check code {code} is retired and cannot be reused")
        if not name or not NAME_PATTERN.match(name):
            raise TypeError(f"{cls.__name__}: check name {name!r} must be dotted lower case, e.g. 'table.total-mismatch'")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"{cls.__name__}: a check needs a docstring (title, 反例, 正例)")
        other = Check.registry.get(code)
        if other is not None and (other.__module__, other.__qualname__) != (cls.__module__, cls.__qualname__):
            raise TypeError(f"{cls.__name__}: check code {code} is already used by {other.__qualname__}")
        for existing in Check.registry.values():
            if existing.name == name and existing.code != code:
                raise TypeError(f"{cls.__name__}: check name {name} is already used by {existing.code}")
        Check.registry[code] = cls

    def __init__(self, options: dict | None = None) -> None:
        self.options = self.Options(**options) if options else self.default_options()

    @classmethod
    def default_options(cls) -> Any:
        """The options when none are given; without building a :class:`LazyOptions` model."""
        for klass in cls.__mro__:
            declared = klass.__dict__.get("Options")
            if declared is not None:
                return declared.defaults() if isinstance(declared, LazyOptions) else declared()
        return NoOptions()

    # -- description -------------------------------------------------------------

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def title(cls, lang: str = "zh") -> str:
        lines = [line for line in cls.doc().splitlines() if line.strip()]
        if lang == "en" and len(lines) > 1:
            return lines[1].strip()
        return lines[0].strip() if lines else cls.name

    @classmethod
    def examples(cls) -> dict[str, str]:
        """The ``反例`` (failing) and ``正例`` (passing) texts of the docstring."""
        out: dict[str, str] = {}
        lines = cls.doc().splitlines()
        i = 0
        while i < len(lines):
            head = lines[i].strip().rstrip(":：")
            if head in ("反例", "正例"):
                i += 1
                block = []
                while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                    block.append(lines[i])
                    i += 1
                out["fail" if head == "反例" else "pass"] = textwrap.dedent("\n".join(block)).strip("\n") + "\n"
                continue
            i += 1
        return out

    # -- evaluation ----------------------------------------------------------------

    def evaluate(self, doc: Document) -> Iterable[Finding | Verified]:
        raise NotImplementedError

    def run(self, doc: Document) -> Iterator[Finding | Verified]:
        yield from self.evaluate(doc)

    def finding(
        self,
        zh: str,
        en: str,
        span: Span,
        *,
        severity: Severity | None = None,
        label: tuple[str, str] | None = None,
        related: list[tuple[Span, str, str]] | None = None,
        hint: tuple[str, str] | None = None,
        reading: str = "confirmed",
    ) -> Finding:
        if reading != "confirmed":
            severity = Severity.INFO  # a finding on an unsure reading is a note, never an error
        return Finding(
            reading=reading,
            check=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=Message(zh=zh, en=en),
            span=span,
            label=Message(zh=label[0], en=label[1]) if label else None,
            related=[Related(span=s, message=Message(zh=z, en=e)) for s, z, e in related or []],
            hint=Message(zh=hint[0], en=hint[1]) if hint else None,
        )

    def attempt(self, identity: tuple[str, str], held: int, failed: int, reason: tuple[str, str] | None = None) -> Attempt:
        """The record of one identity on a document: held, failed, or (neither) not attempted for ``reason``."""
        status = "failed" if failed else "held" if held else "not-attempted"
        return Attempt(check=self.code, identity=Message(zh=identity[0], en=identity[1]), status=status, held=held, failed=failed,
                       reason=Message(zh=reason[0], en=reason[1]) if reason and status == "not-attempted" else None)

    def verified(self, zh: str, en: str, spans: list[Span], rounding: bool = False) -> Verified:
        return Verified(check=self.code, message=Message(zh=zh, en=en), spans=spans, rounding=rounding)
