"""The facilitator's console in a cohort's room, on the room socket (rooms/consoles.py's
interface, registered in apps.py): every step is stored under the run's row lock and sent to
the room after commit as `console.state`; the send path asks `check_may_post`.

The rules are console.py's (pure); this module reads and writes around them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from events.models import Occurrence
from rooms import realtime
from rooms.chat import frames
from rooms.chat.selectors import online_usernames
from rooms.errors import Forbidden, Invalid, RoomError
from rooms.models import Room
from salam.core.frames import to_event
from salam.core.rates import hits, seconds_left
from salam.core.types import Person

from . import console
from .models import Cohort, CohortFacilitator, CohortMember, ConsoleRun, PlanPhase
from .selectors import agreements_of

FACILITATOR_ACTIONS = frozenset(
    {
        "next_phase",
        "go_round",
        "next_turn",
        "give_floor",
        "open_floor",
        "reflect",
        "end_reflection",
    }
)
MEMBER_ACTIONS = frozenset({"agree", "pass", "raise_hand", "lower_hand"})
# A person's console steps in one room, across their sockets and the servers (Redis's cache).
CONSOLE_STEPS_PER_WINDOW = 20
CONSOLE_WINDOW_SECONDS = 10


@dataclass(frozen=True)
class Seat:
    """Who is who in one cohort session: ids and usernames, in seat order."""

    cohort: Cohort
    session_number: int
    members: dict[int, str]  # id -> username, in seat order
    facilitators: dict[int, str]

    @property
    def usernames(self) -> dict[int, str]:
        return {**self.members, **self.facilitators}


def _seat(room: Room) -> Seat | None:
    occurrence = Occurrence.objects.filter(room=room).only("session_id", "index").first()
    if occurrence is None:
        return None
    cohort = Cohort.objects.filter(session_id=occurrence.session_id).first()
    if cohort is None:
        return None
    members = dict(
        CohortMember.objects.filter(cohort=cohort)
        .order_by("pk")
        .values_list("user_id", "user__username")
    )
    facilitators = dict(
        CohortFacilitator.objects.filter(cohort=cohort)
        .order_by("pk")
        .values_list("user_id", "user__username")
    )
    return Seat(cohort, occurrence.index + 1, members, facilitators)


def _state(run: ConsoleRun, seat: Seat) -> console.ConsoleState:
    return console.from_data(run.state, facilitators=frozenset(seat.facilitators))


def _run(room: Room, seat: Seat, *, lock: bool) -> ConsoleRun:
    runs = ConsoleRun.objects.select_for_update() if lock else ConsoleRun.objects
    run = runs.filter(room=room).first()
    if run is None:
        run, _created = ConsoleRun.objects.get_or_create(
            room=room,
            defaults={"cohort": seat.cohort, "session_number": seat.session_number},
        )
        if lock:
            run = ConsoleRun.objects.select_for_update().get(pk=run.pk)
    return run


def _view(state: console.ConsoleState, seat: Seat) -> frames.ConsoleView:
    name = seat.usernames.get
    round_ = state.go_round
    return frames.ConsoleView(
        phase=state.phase,
        phase_started_at=state.phase_started_at.isoformat() if state.phase_started_at else None,
        go_round=None
        if round_ is None
        else frames.GoRoundView(
            order=[name(p, "") for p in round_.order],
            turn=round_.turn,
            turn_started_at=round_.turn_started_at.isoformat(),
            seconds=round_.seconds,
            hold=round_.hold,
            passed=[name(p, "") for p in round_.passed],
        ),
        queue=[name(p, "") for p in state.queue],
        floor=name(state.floor, "") if state.floor is not None else None,
        floor_hold=state.floor_hold,
        reflection_until=state.reflection_until.isoformat() if state.reflection_until else None,
    )


def _phase_count(seat: Seat) -> int:
    """How many phases this session has (one open phase when the plan has none for it)."""
    count = PlanPhase.objects.filter(
        plan_id=seat.cohort.programme.plan_id, session_number=seat.session_number
    ).count()
    return count or 1


def _phases(seat: Seat, language: str) -> list[frames.ConsolePhase]:
    plan_id = seat.cohort.programme.plan_id
    phases = list(
        PlanPhase.objects.filter(plan_id=plan_id, session_number=seat.session_number).order_by(
            "position"
        )
    )
    if not phases:  # no plan, or fewer sessions in it: one open phase
        kind = PlanPhase.Kind.DIALOGUE
        return [frames.ConsolePhase(kind=kind, label=str(kind.label), minutes=0, prompt="")]
    return [
        frames.ConsolePhase(
            kind=phase.kind,
            label=str(PlanPhase.Kind(phase.kind).label),
            minutes=phase.minutes,
            prompt=phase.prompt.get(language) or phase.prompt.get("en", ""),
        )
        for phase in phases
    ]


def _refusal(error: console.ConsoleError) -> RoomError:
    texts = {
        "last_phase": _("This is the session's last phase."),
        "no_go_round": _("No go-round is running."),
        "not_your_turn": _("It is not your turn."),
        "invalid": _("Nobody online to go round, or a time out of bounds."),
    }
    return RoomError(texts.get(error.code, str(error)), code=error.code)


class CohortConsole:
    """The console of dialogue programmes' cohort sessions."""

    def runs(self, room: Room) -> bool:
        # Asked on every send: other rooms than session rooms pay no query.
        return (
            room.kind == Room.Kind.SESSION
            and Cohort.objects.filter(session__occurrences__room=room).exists()
        )

    def hello(self, room: Room, viewer: Person, *, now: dt.datetime) -> frames.ConsoleHello:
        seat = _seat(room)
        if seat is None:  # runs() said it runs: a cohort removed in between
            raise RoomError(_("No console runs this room."), code="no_console")
        run = ConsoleRun.objects.filter(room=room).first()
        state = console.tick(
            console.from_data(run.state if run else {}, facilitators=frozenset(seat.facilitators)),
            now=now,
        )
        language = (get_language() or "en")[:2]
        member = CohortMember.objects.filter(cohort=seat.cohort, user=viewer).first()
        return frames.ConsoleHello(
            state=_view(state, seat),
            phases=_phases(seat, language),
            facilitators=list(seat.facilitators.values()),
            agreements=agreements_of(seat.cohort.programme),
            agreed=member is None or member.agreed_at is not None,
        )

    def report_details(self, room: Room, *, now: dt.datetime) -> dict[str, object]:
        seat = _seat(room)
        if seat is None:
            return {}
        run = ConsoleRun.objects.filter(room=room).first()
        state = console.tick(
            console.from_data(run.state if run else {}, facilitators=frozenset(seat.facilitators)),
            now=now,
        )
        with override("en"):  # the label as its msgid: the dashboard translates it
            phases = _phases(seat, "en")
        index = min(state.phase, len(phases) - 1)
        return {
            "session": seat.session_number,
            "phase": index + 1,
            "phases": len(phases),
            "kind": phases[index].kind,
            "label": phases[index].label,
        }

    @transaction.atomic
    def command(
        self, room: Room, actor: Person, frame: frames.ConsoleCommand, *, now: dt.datetime
    ) -> None:
        seat = _seat(room)
        if seat is None:
            raise RoomError(_("No console runs this room."), code="no_console")
        action = frame.action
        if hits(f"console.{room.pk}.{actor.pk}", seconds=CONSOLE_WINDOW_SECONDS, now=now) > (
            CONSOLE_STEPS_PER_WINDOW
        ):  # raised and lowered hands, in a loop: the room would hear every one
            raise RoomError(
                _("Slow down: too many steps at once."),
                code="rate_limited",
                retry_after=seconds_left(seconds=CONSOLE_WINDOW_SECONDS, now=now),
            )
        # Read now, not at connect: a facilitator removed a minute ago steers nothing.
        if action in FACILITATOR_ACTIONS and actor.pk not in seat.facilitators:
            raise Forbidden(_("Only this cohort's facilitators may do that."))
        if action in MEMBER_ACTIONS and actor.pk not in seat.members:
            raise Forbidden(_("Only this cohort's members may do that."))
        if action == "agree":
            CohortMember.objects.filter(
                cohort=seat.cohort, user=actor, agreed_at__isnull=True
            ).update(agreed_at=now)
            return
        run = _run(room, seat, lock=True)
        state = console.tick(_state(run, seat), now=now)
        try:
            state = self._step(state, frame, seat, room=room, actor=actor, now=now)
        except console.ConsoleError as error:
            raise _refusal(error) from error
        run.state = console.to_data(state)
        run.save(update_fields=["state", "updated_at"])
        realtime.broadcast_on_commit(
            realtime.room_group(room.pk),
            to_event(frames.ConsoleState(console=_view(state, seat))),
        )

    def _step(
        self,
        state: console.ConsoleState,
        frame: frames.ConsoleCommand,
        seat: Seat,
        *,
        room: Room,
        actor: Person,
        now: dt.datetime,
    ) -> console.ConsoleState:
        seconds = frame.seconds if isinstance(frame.seconds, int) else None
        match frame.action:
            case "next_phase":
                return console.advance_phase(state, phases=_phase_count(seat), now=now)
            case "go_round":
                online = set(online_usernames(room.pk, now=now))
                people = [pk for pk, name in seat.members.items() if name in online]
                return console.start_go_round(
                    state,
                    people=people,
                    seconds=seconds or 120,
                    now=now,
                    shuffle_seed=secrets.randbits(32) if frame.order == "shuffle" else None,
                    hold=frame.hold,
                )
            case "next_turn":
                return console.next_turn(state, now=now)
            case "pass":
                return console.pass_turn(state, person=actor.pk, now=now)
            case "raise_hand":
                return console.raise_hand(state, person=actor.pk)
            case "lower_hand":
                return console.lower_hand(state, person=actor.pk)
            case "give_floor":
                person = None
                if isinstance(frame.username, str):
                    by_name = {name: pk for pk, name in seat.members.items()}
                    if frame.username not in by_name:
                        raise Invalid(_("That person is not a member of this cohort."))
                    person = by_name[frame.username]
                return console.give_floor(state, person=person, hold=frame.hold)
            case "open_floor":
                return console.open_floor(state)
            case "reflect":
                return console.start_reflection(state, seconds=seconds or 60, now=now)
            case _:  # "end_reflection"
                return console.end_reflection(state)

    def check_may_post(self, room: Room, author: Person, *, now: dt.datetime) -> None:
        seat = _seat(room)
        if seat is None:
            return
        if author.pk in seat.members:
            agreed = CohortMember.objects.filter(
                cohort=seat.cohort, user=author, agreed_at__isnull=False
            ).exists()
            if not agreed:
                raise RoomError(
                    _("Read the group's agreements and accept them before you write."),
                    code="agreements",
                )
        run = ConsoleRun.objects.filter(room=room).first()
        if run is None:
            return
        state = console.tick(_state(run, seat), now=now)
        decision = console.may_post(state, person=author.pk, now=now)
        if decision == "post":
            return
        if state.reflection_until is not None:
            left = max(1, int((state.reflection_until - now).total_seconds() + 0.999))
            raise RoomError(
                _("Silent reflection: writing opens again in %(seconds)d s.") % {"seconds": left},
                code="reflection",
                retry_after=left,
            )
        if decision == "block":
            raise RoomError(_("Only the person who has the floor writes now."), code="floor")
        retry_after = console.seconds_until_turn_ends(state, now=now)
        raise RoomError(
            _("Your message waits for the end of this turn; it is sent then."),
            code="held",
            retry_after=retry_after,
        )
