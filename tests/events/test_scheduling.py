"""The pure schedule checks: no database, no clock."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.scheduling import (
    Conflict,
    ConflictKind,
    RecurrenceError,
    Slot,
    SpaceInfo,
    check_schedule,
    clashing_keys,
    diff_snapshots,
    expand,
    overlapping_pairs,
    parse_recurrence,
)
from salam.bench.management.commands.bench_schedule import measure

DAY = datetime(2030, 6, 10, tzinfo=UTC)
WINDOW = (DAY, DAY + timedelta(days=2))
SPACES = {1: SpaceInfo("Hall", 100), 2: SpaceInfo("Studio", 20), 3: SpaceInfo("Online", None)}


def slot(key: str, start_hour: float, end_hour: float, **kwargs: object) -> Slot:
    return Slot(
        key=key,
        title=key,
        start=DAY + timedelta(hours=start_hour),
        end=DAY + timedelta(hours=end_hour),
        **kwargs,
    )


def check(*slots: Slot) -> list[Conflict]:
    return check_schedule(slots, spaces=SPACES, window=WINDOW)


def test_two_sessions_in_one_space_at_once_conflict():
    conflicts = check(slot("a", 9, 10, space=1), slot("b", 9.5, 11, space=1))
    assert conflicts == [Conflict(ConflictKind.SPACE_OVERLAP, ("a", "b"), "Hall")]


def test_back_to_back_sessions_and_other_spaces_do_not_conflict():
    conflicts = check(
        slot("a", 9, 10, space=1), slot("b", 10, 11, space=1), slot("c", 9, 11, space=2)
    )
    assert conflicts == []


def test_a_speaker_in_two_sessions_at_once_is_double_booked():
    conflicts = check(
        slot("a", 9, 10, space=1, people=frozenset({"user:7"})),
        slot("b", 9.5, 10.5, space=2, people=frozenset({"user:7", "guest:ana"})),
    )
    assert conflicts == [Conflict(ConflictKind.PERSON_DOUBLE_BOOKED, ("a", "b"), "user:7")]


def test_a_guest_moderator_in_two_sessions_at_once_is_double_booked():
    conflicts = check(
        slot("a", 9, 10, people=frozenset({"guest:ana lima"})),
        slot("b", 9, 10, people=frozenset({"guest:ana lima"})),
    )
    assert [c.kind for c in conflicts] == [ConflictKind.PERSON_DOUBLE_BOOKED]


@pytest.mark.parametrize(
    ("start", "end", "outside"),
    [(-1, 1, True), (47, 49, True), (0, 1, False), (47, 48, False), (50, 51, True)],
)
def test_a_session_outside_the_event_dates_conflicts(start, end, outside):
    conflicts = check(slot("a", start, end))
    assert conflicts == ([Conflict(ConflictKind.OUTSIDE_EVENT, ("a",))] if outside else [])


@pytest.mark.parametrize(
    ("space", "capacity", "over"), [(2, 21, True), (2, 20, False), (3, 5000, False)]
)
def test_a_capacity_above_the_space_conflicts_but_online_has_no_limit(space, capacity, over):
    conflicts = check(slot("a", 9, 10, space=space, capacity=capacity))
    expected = [Conflict(ConflictKind.OVER_CAPACITY, ("a",), "Studio")] if over else []
    assert conflicts == expected


def test_three_overlapping_sessions_make_three_pairs():
    pairs = overlapping_pairs([slot("a", 9, 12), slot("b", 10, 11), slot("c", 10.5, 13)])
    assert sorted(pairs) == [("a", "b"), ("a", "c"), ("b", "c")]


intervals = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), min_size=0, max_size=25)


@given(intervals)
def test_the_sweep_finds_exactly_the_pairs_comparing_all_pairs_would(raw):
    slots = [slot(str(n), s, s + length) for n, (s, length) in enumerate(raw)]
    brute = {
        frozenset((a.key, b.key))
        for a, b in itertools.combinations(slots, 2)
        if a.start < b.end and b.start < a.end
    }
    swept = [frozenset(pair) for pair in overlapping_pairs(slots)]
    assert len(swept) == len(set(swept))
    assert set(swept) == brute


def test_clashing_keys_marks_only_overlapping_ones():
    assert clashing_keys([slot("a", 9, 10), slot("b", 9.5, 11), slot("c", 12, 13)]) == {"a", "b"}


def test_a_weekly_meeting_stays_at_six_in_the_evening_across_the_autumn_clock_change():
    zone = ZoneInfo("Europe/Amsterdam")
    # Summer time ends on Sunday 27 October 2030.
    start = datetime(2030, 10, 17, 18, tzinfo=zone)
    occurrences = expand(
        start, start + timedelta(minutes=90), rule="FREQ=WEEKLY;COUNT=3", zone=zone
    )
    local = [
        (s.astimezone(zone).strftime("%m-%d %H:%M"), e.astimezone(zone).strftime("%H:%M"))
        for s, e in occurrences
    ]
    assert local == [("10-17 18:00", "19:30"), ("10-24 18:00", "19:30"), ("10-31 18:00", "19:30")]
    utc_hours = [s.astimezone(UTC).hour for s, _ in occurrences]
    assert utc_hours == [16, 16, 17]


def test_expansion_of_a_rule_given_in_another_zone_uses_the_event_wall_clock():
    zone = ZoneInfo("America/Sao_Paulo")
    start = datetime(2030, 6, 10, 21, tzinfo=UTC)  # 18:00 in Rio
    occurrences = expand(start, start + timedelta(hours=1), rule="FREQ=DAILY;COUNT=2", zone=zone)
    assert [s.astimezone(zone).hour for s, _ in occurrences] == [18, 18]


def test_no_rule_means_one_occurrence():
    start = datetime(2030, 6, 10, 9, tzinfo=UTC)
    assert expand(start, start + timedelta(hours=1), rule="", zone=ZoneInfo("UTC")) == [
        (start, start + timedelta(hours=1))
    ]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("RRULE:freq=weekly;count=8", "FREQ=WEEKLY;COUNT=8"),
        ("", ""),
        (" FREQ=DAILY;UNTIL=20301001T000000 ", "FREQ=DAILY;UNTIL=20301001T000000"),
    ],
)
def test_a_recurrence_rule_is_normalised(rule, expected):
    assert parse_recurrence(rule) == expected


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY", "FREQ=FORTNIGHTLY;COUNT=2", "DTSTART:20300101\nFREQ=DAILY;COUNT=2"]
)
def test_a_rule_without_an_end_or_that_does_not_parse_is_refused(rule):
    with pytest.raises(RecurrenceError):
        parse_recurrence(rule)


def test_the_diff_between_releases_lists_added_moved_and_cancelled():
    def entry(title: str, start: str, space: str = "Hall") -> dict:
        return {"title": title, "starts_at": start, "ends_at": start, "space": space}

    before = {"1": entry("Kept", "09"), "2": entry("Moved", "10"), "3": entry("Gone", "11")}
    after = {"1": entry("Kept", "09"), "2": entry("Moved", "12"), "4": entry("New", "13")}
    changes = diff_snapshots(before, after)
    assert [a["title"] for a in changes["added"]] == ["New"]
    assert [c["title"] for c in changes["cancelled"]] == ["Gone"]
    assert [
        (m["key"], m["before"]["starts_at"], m["after"]["starts_at"]) for m in changes["moved"]
    ] == [("2", "10", "12")]


def test_a_change_of_space_alone_is_a_move():
    before = {"1": {"title": "T", "starts_at": "09", "ends_at": "10", "space": "Hall"}}
    after = {"1": {"title": "T", "starts_at": "09", "ends_at": "10", "space": "Studio"}}
    assert len(diff_snapshots(before, after)["moved"]) == 1


def test_the_conflict_check_over_a_thousand_sessions_takes_under_100_ms():
    milliseconds, found = measure(1000, repeat=5)
    assert found > 0
    assert milliseconds < 100
