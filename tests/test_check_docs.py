"""The 反例/正例 examples in every check's docstring are run, so the docs cannot go stale."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from auditor import registry
from auditor.check import Check
from auditor.engine import run_checks
from auditor.reader import read_document

CHECKS = list(registry.load().values())


@pytest.mark.parametrize("cls", CHECKS, ids=[c.code for c in CHECKS])
def test_docstring_examples(cls: type[Check]) -> None:
    examples = cls.examples()
    assert set(examples) == {"fail", "pass"}, f"{cls.code} needs a 反例 and a 正例"
    bad = run_checks(read_document(examples["fail"]), [cls()])
    good = run_checks(read_document(examples["pass"]), [cls()])
    assert any(f.check == cls.code and f.severity is cls.severity for f in bad.findings), bad.findings
    assert not [f for f in good.findings if f.check == cls.code], good.findings
    assert not bad.internal_errors and not good.internal_errors


@pytest.mark.parametrize("cls", CHECKS, ids=[c.code for c in CHECKS])
def test_check_describes_itself(cls: type[Check]) -> None:
    assert cls.title("zh") and cls.title("en") and cls.title("zh") != cls.title("en")
    assert cls.name.count(".") >= 1


def test_duplicate_code_is_refused() -> None:
    with pytest.raises(TypeError, match="already used"):
        type("Dup", (Check,), {"__doc__": "x\ny", "code": "TBL001", "name": "table.other-thing", "__module__": "elsewhere"})


def test_bad_code_is_refused() -> None:
    with pytest.raises(TypeError, match="must look like"):
        type("Bad", (Check,), {"__doc__": "x\ny", "code": "tbl1", "name": "table.bad"})


def test_unknown_option_is_an_error() -> None:
    cls = registry.load()["TBL001"]
    with pytest.raises(ValidationError):
        cls({"no_such_option": 1})
