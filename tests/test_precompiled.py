"""The table of compiled patterns kept between runs (auditor.running.precompiled): a
pattern built from the table is the pattern ``regex`` compiles; a table that is not what
it should be is ignored; nothing is written when Python is told not to write bytecode."""

from __future__ import annotations

import marshal
import sys

import pytest
import regex

from auditor.running import precompiled

PATTERN = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)(?!\p{Han}{0,2}以上)"
TEXT = "收入 1,234.50 万元，支出 980 元以上，结余 12.5元。"

@pytest.fixture
def table(tmp_path, monkeypatch):
    path = tmp_path / "precompiled.marshal"
    monkeypatch.setattr(precompiled, "_table_path", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    precompiled.uninstall()
    yield path
    precompiled.uninstall()

def test_a_pattern_from_the_table_is_the_pattern_regex_compiles(table) -> None:
    expected = regex.compile(PATTERN)._pickled_data
    matches = [m.groupdict() for m in regex.finditer(PATTERN, TEXT)]
    precompiled.install()
    first = regex.compile(PATTERN + "|x")  # not in the table yet: compiled, then recorded
    precompiled.save()
    assert table.exists()
    stored = marshal.loads(table.read_bytes())
    assert any(k[0] == PATTERN + "|x" for k in stored)
    precompiled.uninstall()

    precompiled.install()
    assert precompiled._state["table"], "the table written by the first run is read back"
    built = regex.compile(PATTERN + "|x")
    assert built._pickled_data == first._pickled_data
    assert not precompiled._state["new"]  # found in the table, not compiled again
    again = regex.compile(PATTERN)
    assert again._pickled_data == expected
    assert [m.groupdict() for m in again.finditer(TEXT)] == matches

@pytest.mark.parametrize("content", [b"", b"not marshal data", marshal.dumps({"a": 1}), marshal.dumps([1, 2, 3]),
                                     marshal.dumps({("p", 0, 0): ("too", "short")})])
def test_a_table_that_is_not_what_it_should_be_is_ignored(table, content: bytes) -> None:
    table.write_bytes(content)
    expected = [m.group("num") for m in regex.finditer(PATTERN, TEXT)]
    assert expected == ["234.50", "12.5"]  # 980 元以上 is not a figure of this pattern
    precompiled.install()
    assert precompiled._state["table"] == {}
    p = regex.compile(PATTERN + "|y")
    assert [m.group("num") for m in p.finditer(TEXT)] == expected

def test_nothing_is_written_when_python_writes_no_bytecode(table, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    precompiled.install()
    regex.compile(PATTERN + "|z")
    precompiled.save()
    assert not table.exists()
