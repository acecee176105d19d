from __future__ import annotations

import datetime as dt

import pytest

from salam.library.rota import Period, may_edit_library, overlapping, period_at

UTC = dt.UTC
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = dt.datetime(2026, 4, 1, tzinfo=UTC)
IOM, CMRS = 1, 2
PERIODS = [Period(IOM, START, END), Period(CMRS, END, END + dt.timedelta(days=90))]


@pytest.mark.parametrize(
    ("now", "organisations", "allowed"),
    [
        (START, {IOM}, True),  # the first instant of the turn
        (START + dt.timedelta(days=30), {IOM}, True),
        (END - dt.timedelta(seconds=1), {IOM}, True),
        (END, {IOM}, False),  # the turn has passed to CMRS
        (END, {CMRS}, True),
        (START - dt.timedelta(seconds=1), {IOM}, False),  # before any turn
        (START + dt.timedelta(days=30), {CMRS}, False),  # another partner's turn
        (START + dt.timedelta(days=30), set(), False),  # not a partner's editor
        (START + dt.timedelta(days=30), {IOM, CMRS}, True),
    ],
)
def test_a_partner_edits_only_in_its_turn(now, organisations, allowed):
    assert (
        may_edit_library(
            is_secretariat=False, organisation_ids=organisations, periods=PERIODS, now=now
        )
        is allowed
    )


def test_the_secretariat_edits_at_any_time():
    never = dt.datetime(2000, 1, 1, tzinfo=UTC)
    assert may_edit_library(is_secretariat=True, organisation_ids=set(), periods=[], now=never)


def test_the_rota_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        period_at(PERIODS, dt.datetime(2026, 2, 1))  # noqa: DTZ001 the point of the test


def test_period_at_finds_the_covering_period():
    assert period_at(PERIODS, START + dt.timedelta(days=1)) == PERIODS[0]
    assert period_at(PERIODS, END + dt.timedelta(days=200)) is None


def test_overlaps_share_an_instant_and_touching_periods_do_not():
    assert overlapping(PERIODS, END - dt.timedelta(days=1), END + dt.timedelta(days=1)) == PERIODS
    assert overlapping([PERIODS[0]], END, END + dt.timedelta(days=5)) == []
