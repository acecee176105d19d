"""The programme report's arithmetic on a small cohort's known answers."""

from __future__ import annotations

import pytest

from events.programmes.report import (
    answer_rate,
    attendance,
    change,
    missed_twice_in_a_row,
)

BEFORE = {"confidence": {1: 2, 2: 3, 3: 1, 4: 4}, "knowledge": {1: 1}}
AFTER = {"confidence": {1: 4, 2: 3, 3: 4, 5: 5}}


def test_the_change_is_measured_on_the_paired_answers_only():
    figures = change("confidence", BEFORE, AFTER)
    assert (figures.answered_before, figures.answered_after, figures.paired) == (4, 4, 3)
    assert figures.mean_before == pytest.approx(2.5)
    assert figures.mean_after == pytest.approx(4.0)
    # Paired deltas: +2, 0, +3 -> mean 5/3, sample standard deviation sqrt(7/3).
    assert figures.mean_change == pytest.approx(5 / 3)
    assert figures.change_spread == pytest.approx((7 / 3) ** 0.5)


def test_a_question_nobody_answered_twice_has_no_change():
    figures = change("knowledge", BEFORE, AFTER)
    assert figures.paired == 0 and figures.mean_change is None and figures.change_spread is None
    assert change("unknown", BEFORE, AFTER).mean_before is None


def test_answer_rates_and_attendance():
    assert answer_rate(BEFORE, "confidence", 8) == 0.5
    assert answer_rate(BEFORE, "confidence", 0) is None
    figures = attendance({1: [1, 2, 3], 2: [1, 2], 3: [1, 1]}, members=4, sessions=8)
    assert (figures.sessions, figures.present, figures.possible) == (3, 6, 12)
    assert figures.rate == 0.5


def test_who_missed_the_last_two_sessions():
    present = {1: [1, 2, 3, 4], 2: [1, 2], 3: [1, 4]}
    assert missed_twice_in_a_row(present, [1, 2, 3, 4]) == [3]
    assert missed_twice_in_a_row({1: [1]}, [1, 2]) == []
