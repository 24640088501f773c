"""The 反例/正例 examples in every check's docstring are run, so the docs cannot go stale."""

from __future__ import annotations

import re

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


# -- the generated reference (docs/checks/) --------------------------------------------


def test_checks_reference_is_complete_and_current() -> None:
    """Every built-in family has its page in docs/checks/, each page is what
    ``python -m auditor.docgen`` writes today, and no page is left for a family that is
    gone. Fix: run ``python -m auditor.docgen`` and commit docs/checks/."""
    from auditor import docgen

    assert docgen.stale() == [], "docs/checks/ is stale: run `python -m auditor.docgen`"


def test_every_check_has_its_section_with_examples_and_options() -> None:
    from auditor import docgen

    pages = docgen.pages()
    index = pages["index.md"]
    for cls in CHECKS:
        if cls.__module__.split(".", 1)[0] not in ("auditor_checks", "checks"):
            continue
        prefix = cls.code.rstrip("0123456789")
        page = pages[f"{prefix}.md"]
        assert f"## {cls.code}\n" in page and f"({prefix}.md#{cls.code.lower()})" in index
        section = re.split(r"\n## [A-Z]+\d{3}\n", page.split(f"## {cls.code}\n", 1)[1], maxsplit=1)[0]
        assert cls.title("zh") in section and cls.title("en") in section and f"`{cls.name}`" in section
        assert "### 反例 (fails)" in section and "### 正例 (passes)" in section
        assert f"{cls.severity.value}[{cls.code}]" in section  # what auditor says on the 反例
        for option in cls.Options.model_fields:
            assert f"| `{option}` |" in section


def test_a_stale_or_missing_page_is_named(tmp_path) -> None:
    from auditor import docgen

    assert docgen.main(["--out", str(tmp_path)]) == 0
    assert docgen.stale(tmp_path) == []
    (tmp_path / "TBL.md").write_text((tmp_path / "TBL.md").read_text(encoding="utf-8").replace("TBL001", "TBL009", 1), encoding="utf-8")
    (tmp_path / "SCR.md").unlink()
    (tmp_path / "OLD.md").write_text("a family that is gone\n", encoding="utf-8")
    assert docgen.stale(tmp_path) == ["OLD.md", "SCR.md", "TBL.md"]
    assert docgen.main(["--check", "--out", str(tmp_path)]) == 1
