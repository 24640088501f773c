"""Signs, in the figures themselves, that a relation was read wrong: the finding that rests
on such a reading is a note, never an error (see the checks that use each helper)."""

from __future__ import annotations

from types import SimpleNamespace

from auditor_checks.tables import _odd_precision


def _q(decimals: int) -> SimpleNamespace:
    return SimpleNamespace(decimals=decimals)


def test_one_figure_with_more_decimals_than_all_others_is_a_cell_split_at_the_wrong_digit() -> None:
    # ６５６．４９１１５７．４０ printed touching, split as 656.491 + 157.40
    assert _odd_precision([_q(2), _q(3), _q(2), _q(2)])


def test_figures_of_a_table_written_alike_are_not_odd() -> None:
    assert not _odd_precision([_q(2), _q(2), _q(2)])
    assert not _odd_precision([_q(0), _q(0), _q(2)])  # whole numbers beside one decimal figure: as printed
    assert not _odd_precision([_q(2), _q(3), _q(3)])  # two figures to three decimals: the table's own precision
