"""The facilitator's console as a pure state machine: phases, the go-round, the speaker queue
and silent reflection. No database and no clock: every step takes `now` and returns a new
state, so the service stores it, replays it on resume and the tests drive it exactly.

Who may post while the console runs (`may_post`):
- during silent reflection, nobody (until it ends);
- during a go-round, the person who has the floor; the others' messages are held (shown after
  the turn) or blocked, as the facilitator chose;
- with the floor given from the queue, the same;
- otherwise everyone. Facilitators may always post: they hold the space.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

HoldMode = Literal["hold", "block"]
Decision = Literal["post", "hold", "block"]


@dataclass(frozen=True)
class GoRound:
    order: tuple[int, ...]  # person ids, in speaking order
    turn: int  # index into order; len(order) when the round is over
    turn_started_at: dt.datetime
    seconds: int
    hold: HoldMode = "hold"
    passed: tuple[int, ...] = ()

    @property
    def speaker(self) -> int | None:
        return self.order[self.turn] if self.turn < len(self.order) else None

    def turn_ends_at(self) -> dt.datetime:
        return self.turn_started_at + dt.timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class ConsoleState:
    phase: int = 0  # index into the session's phases
    phase_started_at: dt.datetime | None = None
    go_round: GoRound | None = None
    queue: tuple[int, ...] = ()  # raised hands, first come first
    floor: int | None = None  # given from the queue
    floor_hold: HoldMode = "hold"
    reflection_until: dt.datetime | None = None
    facilitators: frozenset[int] = field(default_factory=frozenset)


class ConsoleError(ValueError):
    """A step the console refuses; `code` is the socket's error code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def advance_phase(state: ConsoleState, *, phases: int, now: dt.datetime) -> ConsoleState:
    """The next phase; an unfinished go-round, the floor and a reflection end with the old one."""
    if state.phase + 1 >= phases:
        raise ConsoleError("last_phase", "This is the last phase.")
    return replace(
        state,
        phase=state.phase + 1,
        phase_started_at=now,
        go_round=None,
        floor=None,
        reflection_until=None,
    )


def start_go_round(
    state: ConsoleState,
    *,
    people: Sequence[int],
    seconds: int,
    now: dt.datetime,
    shuffle_seed: int | None = None,
    hold: HoldMode = "hold",
) -> ConsoleState:
    """A go-round over `people` (seat order, or shuffled with the seed the server drew)."""
    if not people:
        raise ConsoleError("invalid", "Nobody to go round.")
    if not 10 <= seconds <= 900:
        raise ConsoleError("invalid", "A turn lasts 10 seconds to 15 minutes.")
    order = list(dict.fromkeys(people))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)  # noqa: S311 -- a speaking order, not a secret
    return replace(
        state,
        go_round=GoRound(
            order=tuple(order), turn=0, turn_started_at=now, seconds=seconds, hold=hold
        ),
        floor=None,
    )


def next_turn(state: ConsoleState, *, now: dt.datetime, passed: bool = False) -> ConsoleState:
    """The floor moves to the next person (their time is up, they passed, or the facilitator
    moved it on)."""
    round_ = state.go_round
    if round_ is None or round_.speaker is None:
        raise ConsoleError("no_go_round", "No go-round is running.")
    passes = round_.passed + ((round_.speaker,) if passed else ())
    return replace(
        state,
        go_round=replace(round_, turn=round_.turn + 1, turn_started_at=now, passed=passes),
    )


def pass_turn(state: ConsoleState, *, person: int, now: dt.datetime) -> ConsoleState:
    """The speaker passes: only the person who has the floor may."""
    if state.go_round is None or state.go_round.speaker != person:
        raise ConsoleError("not_your_turn", "It is not your turn.")
    return next_turn(state, now=now, passed=True)


def tick(state: ConsoleState, *, now: dt.datetime) -> ConsoleState:
    """Apply the timers: turns that have run out move on, a finished reflection ends."""
    while state.go_round is not None and state.go_round.speaker is not None:
        ends = state.go_round.turn_ends_at()
        if now < ends:
            break
        state = replace(
            state,
            go_round=replace(state.go_round, turn=state.go_round.turn + 1, turn_started_at=ends),
        )
    if state.reflection_until is not None and now >= state.reflection_until:
        state = replace(state, reflection_until=None)
    return state


def raise_hand(state: ConsoleState, *, person: int) -> ConsoleState:
    if person in state.queue or person == state.floor:
        return state
    return replace(state, queue=(*state.queue, person))


def lower_hand(state: ConsoleState, *, person: int) -> ConsoleState:
    return replace(state, queue=tuple(p for p in state.queue if p != person))


def give_floor(
    state: ConsoleState, *, person: int | None = None, hold: HoldMode = "hold"
) -> ConsoleState:
    """The floor to `person`, or to the first raised hand; None with no hand up ends it."""
    if person is None:
        if not state.queue:
            return replace(state, floor=None)
        person = state.queue[0]
    return replace(
        state,
        floor=person,
        floor_hold=hold,
        queue=tuple(p for p in state.queue if p != person),
    )


def start_reflection(state: ConsoleState, *, seconds: int, now: dt.datetime) -> ConsoleState:
    if not 10 <= seconds <= 1800:
        raise ConsoleError("invalid", "A reflection lasts 10 seconds to 30 minutes.")
    return replace(state, reflection_until=now + dt.timedelta(seconds=seconds))


def may_post(state: ConsoleState, *, person: int, now: dt.datetime) -> Decision:
    """Whether a message from `person` posts now, waits for the turn's end, or is refused."""
    state = tick(state, now=now)
    if person in state.facilitators:
        return "post"
    if state.reflection_until is not None:
        return "block"
    round_ = state.go_round
    if round_ is not None and round_.speaker is not None:
        return "post" if round_.speaker == person else round_.hold
    if state.floor is not None:
        return "post" if state.floor == person else state.floor_hold
    return "post"


# ---- stored as JSON -----------------------------------------------------------------------


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def to_data(state: ConsoleState) -> dict:
    """The state as JSON data (the facilitators are not stored: they are read each time)."""
    round_ = state.go_round
    return {
        "phase": state.phase,
        "phase_started_at": _time(state.phase_started_at),
        "go_round": None
        if round_ is None
        else {
            "order": list(round_.order),
            "turn": round_.turn,
            "turn_started_at": round_.turn_started_at.isoformat(),
            "seconds": round_.seconds,
            "hold": round_.hold,
            "passed": list(round_.passed),
        },
        "queue": list(state.queue),
        "floor": state.floor,
        "floor_hold": state.floor_hold,
        "reflection_until": _time(state.reflection_until),
    }


def from_data(data: dict, *, facilitators: frozenset[int] = frozenset()) -> ConsoleState:
    """`to_data`'s inverse; {} is a console that has not started (phase 0)."""
    round_data = data.get("go_round")
    go_round = None
    if round_data:
        go_round = GoRound(
            order=tuple(round_data["order"]),
            turn=round_data["turn"],
            turn_started_at=dt.datetime.fromisoformat(round_data["turn_started_at"]),
            seconds=round_data["seconds"],
            hold=round_data.get("hold", "hold"),
            passed=tuple(round_data.get("passed", ())),
        )
    return ConsoleState(
        phase=data.get("phase", 0),
        phase_started_at=_parse(data.get("phase_started_at")),
        go_round=go_round,
        queue=tuple(data.get("queue", ())),
        floor=data.get("floor"),
        floor_hold=data.get("floor_hold", "hold"),
        reflection_until=_parse(data.get("reflection_until")),
        facilitators=facilitators,
    )


def seconds_until_turn_ends(state: ConsoleState, *, now: dt.datetime) -> int | None:
    """Whole seconds (at least 1) until the speaker's turn ends, None without a timed turn."""
    state = tick(state, now=now)
    if state.go_round is None or state.go_round.speaker is None:
        return None
    left = (state.go_round.turn_ends_at() - now).total_seconds()
    return max(1, int(left + 0.999))


def open_floor(state: ConsoleState) -> ConsoleState:
    """Everyone may write again: the go-round and the floor end (the queue stays)."""
    return replace(state, go_round=None, floor=None)


def end_reflection(state: ConsoleState) -> ConsoleState:
    return replace(state, reflection_until=None)
