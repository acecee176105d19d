"""The facilitator's console, step by step, with the clock passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.programmes import console
from events.programmes.console import ConsoleError, ConsoleState

T0 = dt.datetime(2026, 3, 17, 17, 0, tzinfo=dt.UTC)
FACILITATOR = 9


def at(seconds: int) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def state() -> ConsoleState:
    return ConsoleState(phase_started_at=T0, facilitators=frozenset({FACILITATOR}))


def test_a_go_round_gives_each_the_floor_in_turn_and_the_timer_moves_it():
    s = console.start_go_round(state(), people=[1, 2, 3], seconds=60, now=at(0))
    assert s.go_round.speaker == 1
    assert console.may_post(s, person=1, now=at(5)) == "post"
    assert console.may_post(s, person=2, now=at(5)) == "hold"
    assert console.may_post(s, person=FACILITATOR, now=at(5)) == "post"
    # The second person passes at 70 s (the timer gave them the floor at 60 s).
    s = console.tick(s, now=at(70))
    assert s.go_round.speaker == 2 and s.go_round.turn_started_at == at(60)
    with pytest.raises(ConsoleError) as wrong:
        console.pass_turn(s, person=3, now=at(70))
    assert wrong.value.code == "not_your_turn"
    s = console.pass_turn(s, person=2, now=at(70))
    assert s.go_round.speaker == 3 and s.go_round.passed == (2,)
    assert console.tick(s, now=at(129)).go_round.speaker == 3
    assert console.tick(s, now=at(130)).go_round.speaker is None
    assert console.may_post(s, person=1, now=at(131)) == "post"  # the round is over


def test_a_shuffled_order_is_the_same_for_the_same_seed_and_blocking_is_a_choice():
    a = console.start_go_round(state(), people=[1, 2, 3, 4], seconds=30, now=T0, shuffle_seed=7)
    b = console.start_go_round(state(), people=[1, 2, 3, 4], seconds=30, now=T0, shuffle_seed=7)
    assert a.go_round.order == b.go_round.order
    assert sorted(a.go_round.order) == [1, 2, 3, 4]
    blocked = console.start_go_round(state(), people=[1, 2], seconds=30, now=T0, hold="block")
    assert console.may_post(blocked, person=2, now=T0) == "block"


def test_the_queue_gives_the_floor_first_come_first():
    s = console.raise_hand(console.raise_hand(state(), person=4), person=2)
    s = console.raise_hand(s, person=4)
    assert s.queue == (4, 2)
    s = console.give_floor(s)
    assert s.floor == 4 and s.queue == (2,)
    assert console.may_post(s, person=2, now=T0) == "hold"
    s = console.give_floor(console.give_floor(s))
    assert s.floor is None and s.queue == ()


def test_silent_reflection_pauses_everyone_but_the_facilitators_until_it_ends():
    s = console.start_reflection(state(), seconds=120, now=T0)
    assert console.may_post(s, person=1, now=at(119)) == "block"
    assert console.may_post(s, person=FACILITATOR, now=at(1)) == "post"
    assert console.may_post(s, person=1, now=at(120)) == "post"
    with pytest.raises(ConsoleError):
        console.start_reflection(state(), seconds=5, now=T0)


def test_advancing_the_phase_ends_what_the_old_one_was_doing():
    s = console.start_go_round(state(), people=[1, 2], seconds=60, now=T0)
    s = console.advance_phase(s, phases=5, now=at(30))
    assert s.phase == 1 and s.go_round is None and s.phase_started_at == at(30)
    last = ConsoleState(phase=4)
    with pytest.raises(ConsoleError) as refused:
        console.advance_phase(last, phases=5, now=T0)
    assert refused.value.code == "last_phase"


@given(
    st.lists(st.integers(10, 30), min_size=1, max_size=12, unique=True),  # not FACILITATOR
    st.integers(10, 300),
    st.lists(st.integers(0, 400), max_size=20),
)
def test_at_most_one_person_ever_has_the_floor_and_it_follows_the_order(people, seconds, steps):
    s = console.start_go_round(state(), people=people, seconds=seconds, now=T0)
    elapsed = 0
    seen = []
    for step in sorted(steps):
        elapsed = max(elapsed, step)
        s = console.tick(s, now=at(elapsed))
        if s.go_round.speaker is not None:
            seen.append(s.go_round.speaker)
            posting = [
                p for p in people if console.may_post(s, person=p, now=at(elapsed)) == "post"
            ]
            assert posting == [s.go_round.speaker]
    assert seen == sorted(seen, key=people.index)
