"""Counting requests in windows: a burst across a window's edge is counted whole."""

from __future__ import annotations

import datetime as dt

from salam.core.rates import hits, seconds_left

EDGE = dt.datetime(2026, 12, 1, 12, 0, 0, tzinfo=dt.UTC)  # a multiple of 10 s


def test_a_burst_across_a_windows_edge_is_counted_whole_and_quiet_starts_again():
    before = EDGE - dt.timedelta(seconds=1)
    assert [hits("p1", seconds=10, now=before) for _ in range(3)] == [1, 2, 3]
    assert hits("p1", seconds=10, now=EDGE) == 4  # the window before still counts
    assert hits("p1", seconds=10, now=EDGE + dt.timedelta(seconds=25)) == 1
    assert hits("p2", seconds=10, now=EDGE) == 1  # another name, its own count


def test_seconds_left_in_the_window():
    assert seconds_left(seconds=10, now=EDGE) == 10
    assert seconds_left(seconds=10, now=EDGE + dt.timedelta(seconds=7, milliseconds=500)) == 3
