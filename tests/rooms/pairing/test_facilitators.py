"""Facilitators for group rounds: spread evenly, one group each, shortfall known in advance."""

from __future__ import annotations

import pytest

from rooms.pairing.matching import (
    Group,
    assign_facilitators,
    expected_group_count,
    facilitator_shortfall,
)


def groups(*sizes: int) -> list[Group]:
    ids = iter(range(1, 1_000))
    return [
        Group(
            members=tuple(next(ids) for _ in range(size)),
            score=0.0,
            shared_interests=(),
            shared_languages=("en",),
        )
        for size in sizes
    ]


def test_each_group_gets_its_own_facilitator() -> None:
    assignment = assign_facilitators(groups(4, 4, 4), [100, 101, 102, 103])

    assert assignment == {0: 100, 1: 101, 2: 102}


def test_the_least_loaded_facilitators_go_first() -> None:
    assignment = assign_facilitators(
        groups(4, 4), [100, 101, 102, 103], load={100: 3, 101: 1, 102: 0, 103: 1}
    )

    assert assignment == {0: 102, 1: 101}


def test_a_busy_facilitator_or_a_participant_gets_no_group() -> None:
    rounds = groups(3, 3)  # members 1..6

    assignment = assign_facilitators(rounds, [100, 2, 101, 102, 101], busy={100})

    assert assignment == {0: 101, 1: 102}


def test_when_short_the_largest_groups_are_served_first() -> None:
    assignment = assign_facilitators(groups(3, 5, 4), [100, 101])

    assert assignment == {1: 100, 2: 101}


@pytest.mark.parametrize(
    ("group_count", "facilitators", "busy", "shortfall"),
    [
        (3, [1, 2, 3], set(), 0),
        (5, [1, 2, 3], set(), 2),
        (3, [1, 2, 3], {2}, 1),
        (2, [1, 1, 1], set(), 1),
        (0, [], set(), 0),
    ],
)
def test_it_says_how_many_facilitators_are_missing(
    group_count: int, facilitators: list[int], busy: set[int], shortfall: int
) -> None:
    assert facilitator_shortfall(group_count, facilitators, busy=busy) == shortfall


@pytest.mark.parametrize(
    ("people", "group_size", "count"),
    [(8, 4, 2), (10, 4, 2), (11, 4, 3), (7, 3, 2), (13, 6, 2), (2, 3, 0), (30, 5, 6)],
)
def test_it_estimates_the_number_of_groups_before_the_round(
    people: int, group_size: int, count: int
) -> None:
    assert expected_group_count(people, group_size) == count
