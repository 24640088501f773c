"""Results as JSON and back (the cache's entries), without pydantic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.checking.check import Check, LazyOptions, NoOptions
from auditor.checking.engine import Directive, FileResult, check_text
from auditor.checking.findings import Attempt, Finding, InternalError, Message, Related, Severity, Verified
from auditor.document.datajson import from_json, to_json
from auditor.document.model import Quantity, Span

SPAN = Span(start=3, end=9, line=2, column=1, end_line=2, end_column=7, page=4)


def _result() -> FileResult:
    other = Span(start=20, end=24, line=3, column=2, end_line=3, end_column=6, cell="Sheet1!C7")
    finding = Finding(check="TBL001", name="table.total-mismatch", severity=Severity.WARNING, message=Message(zh="甲", en="a"), span=SPAN,
                      label=Message(zh="乙", en="b"), related=[Related(span=other, message=Message(zh="丙", en="c"))], anchor="x1")
    return FileResult(
        path="", findings=[finding], verified=[Verified(check="TBL001", message=Message(zh="丁", en="d"), spans=[SPAN, other], rounding=True)],
        identities=[Attempt(check="DIS001", identity=Message(zh="戊", en="e"), status="not-attempted", reason=Message(zh="己", en="f"))],
        suppressed=1, directives=[Directive(line=5, codes=["TBL"], silenced=1)], quantities=7, covered=3, cached=True,
    )


def test_the_json_is_what_pydantic_wrote() -> None:
    data = to_json(_result())
    assert list(data) == ["path", "findings", "verified", "internal_errors", "identities", "error", "suppressed", "directives", "baselined", "quantities", "covered"]
    assert "cached" not in data  # excluded, as the pydantic field was
    f = data["findings"][0]
    assert f["severity"] == "warning" and f["hint"] is None and f["reading"] == "confirmed"
    assert f["span"] == {"start": 3, "end": 9, "line": 2, "column": 1, "end_line": 2, "end_column": 7, "page": 4, "cell": None}
    assert data["directives"] == [{"line": 5, "file_wide": False, "codes": ["TBL"], "silenced": 1, "not_applied": None}]
    assert to_json(InternalError(check="reader", message="boom")) == {"check": "reader", "message": "boom"}
    q = Quantity(raw="1.5万元", written=Decimal("1.5"), value=Decimal("15000.0"), span=SPAN)
    assert to_json(q)["value"] == "15000.0" and to_json(q)["where"] == "prose"


def test_a_result_reads_back_equal() -> None:
    result = _result()
    back = from_json(FileResult, to_json(result))
    assert back.cached is False and back.findings[0].severity is Severity.WARNING
    result.cached = False
    assert back == result
    assert isinstance(back.findings[0].span, Span) and back.findings[0].span == SPAN


@pytest.mark.parametrize("change", [
    lambda d: d["findings"][0].update(severity="fatal"),  # not a severity
    lambda d: d["findings"][0]["span"].update(line="2"),  # a string for an integer
    lambda d: d["findings"][0]["span"].update(line=True),  # a boolean is not an integer
    lambda d: d["findings"][0]["span"].pop("start"),  # a field without a default is missing
    lambda d: d["findings"][0].update(colour="red"),  # an unknown field
    lambda d: d.update(findings={}),  # not a list
    lambda d: d["verified"][0].update(rounding=1),  # not a boolean
])
def test_a_result_that_does_not_fit_is_refused(change) -> None:
    data = to_json(_result())
    change(data)
    with pytest.raises(ValueError):
        from_json(FileResult, data)


def test_a_check_result_round_trips() -> None:
    from auditor.checking import registry

    text = "# 报告\n\n收入总计 120.00 万元，其中财政拨款收入 100.00 万元，其他收入 30.00 万元。\n"
    result = check_text(text, "r.md", [c() for c in registry.load().values()])
    assert result.findings or result.verified
    assert from_json(FileResult, to_json(result)) == result


def test_lazy_options_give_defaults_and_validate_given_ones() -> None:
    from pydantic import ValidationError

    class _Lazy(Check):
        """测试选项。
        Options for a test.
        """

        code = "ZZO001"
        name = "test.lazy-options"
        Options = LazyOptions("_LazyTest", limit=(Decimal, Decimal(5), "the limit"), names=(list[str], ["a"], "names"))

        def evaluate(self, doc):
            return []

    try:
        check = _Lazy()
        assert check.options.limit == Decimal(5) and check.options.names == ["a"]
        check.options.names.append("b")
        assert _Lazy().options.names == ["a"]  # each check has its own copy of a mutable default
        assert _Lazy({"limit": "7.5"}).options.limit == Decimal("7.5")  # validated by the pydantic model
        assert set(_Lazy.Options.model_fields) == {"limit", "names"} and _Lazy.Options.model_fields["limit"].description == "the limit"
        with pytest.raises(ValidationError):
            _Lazy({"limits": 3})
        with pytest.raises(ValidationError):
            _Lazy({"limit": "many"})
        assert NoOptions.model_fields == {}
        with pytest.raises(ValidationError):
            NoOptions(anything=1)
    finally:
        Check.registry.pop("ZZO001", None)


def test_entry_points_are_found_as_importlib_metadata_finds_them(tmp_path, monkeypatch) -> None:
    import sys
    from importlib.metadata import entry_points

    from auditor.checking import registry

    first, second = tmp_path / "first", tmp_path / "second"
    for site, target in ((first, "one_checks"), (second, "two_checks")):
        info = site / "Demo_Plugin-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 1.0\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(f"# comment\n[other]\nX = nothing\n\n[auditor.checks]\nDMO = {target}\n QQQ=  {target}.more:attr \n", encoding="utf-8")
    egg = second / "old_plugin.egg-info"
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: old-plugin\nVersion: 0.1\n", encoding="utf-8")
    (egg / "entry_points.txt").write_text("[auditor.checks]\nOLD = old_checks\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(first), str(second), *sys.path])
    for group in ("auditor.checks", "console_scripts", "pytest11", "other"):
        expected = sorted((ep.name, ep.value) for ep in entry_points(group=group))
        assert sorted(registry._scan(group)) == expected
    found = registry._scan("auditor.checks")
    assert ("DMO", "one_checks") in found and ("QQQ", "one_checks.more:attr") in found and ("OLD", "old_checks") in found
    assert ("DMO", "two_checks") not in found  # the first distribution of a name wins, as in importlib.metadata
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: only importlib.metadata reads archives
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert registry._scan("auditor.checks") is None
