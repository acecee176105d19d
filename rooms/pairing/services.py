"""Pairing: people asking for a partner now, scheduled rounds, and what follows a match.

The matcher itself is pure (rooms/pairing/); this module loads its input, takes the locks,
writes the result (a private room per pair or group) and tells people after commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rooms import realtime
from rooms.chat.payloads import author_payload
from rooms.chat.services.rooms import add_member, create_room
from rooms.chat.starters import pick_starters
from rooms.errors import Forbidden, Invalid
from rooms.models import (
    Feedback,
    Membership,
    Pairing,
    PairingMember,
    PairingRequest,
    Presence,
    Room,
    Round,
    RoundSignup,
    RoundUnmatched,
)
from rooms.moderation.reports import report_member
from rooms.pairing import frames, selectors
from rooms.pairing.matching import Pool, assign_facilitators, best_partner, match
from rooms.permissions import may_manage_round
from salam.core.frames import to_event
from salam.core.types import Person
from salam.notices.recipient import translated
from salam.notices.services import notify
from salam.people.models import City
from salam.people.names import name_of
from salam.people.permissions import has_complete_profile, is_organiser

REQUEST_TIMEOUT = selectors.REQUEST_TIMEOUT
NO_SHOW_AFTER = dt.timedelta(minutes=5)
FRONT_OF_QUEUE = dt.timedelta(days=1)
_QUEUE_LOCK_KEY = 0x5A1A  # pg_advisory_xact_lock key for the instant-pairing queue


@dataclass(frozen=True)
class Outcome:
    status: str  # "waiting" or "paired"
    request: PairingRequest | None = None
    pairing: Pairing | None = None
    waiting: frames.PairingWaiting | None = None  # what the person still waiting is told


def waiting_frame(
    status: selectors.WaitingStatus, *, others_paired: bool = False
) -> frames.PairingWaiting:
    return frames.PairingWaiting(
        in_pool=status.waiting.in_pool,
        reason=status.waiting.reason,
        expires_at=status.expires_at.isoformat(),
        languages=status.languages,
        others_paired=others_paired,
    )


# How many of those still waiting are told, after a change of the queue, why they wait (the
# longest-waiting first); each costs a pass over the queue. The others learn it on reload.
TELL_AT_MOST = 50


def _tell_the_waiting(
    *, now: dt.datetime, actor: Person, paired: tuple[int, ...] = ()
) -> Outcome | None:
    """After the queue changed: the actor's own status (returned), and, once the transaction
    commits and the queue's lock is released, each other person still waiting is told how many
    wait in their pool and why none of them is their partner (or, when `paired` were just
    paired, why not one of them)."""
    mine = selectors.waiting_statuses(now=now, paired=paired, only=[actor.pk]).get(actor.pk)

    def tell_the_others() -> None:
        statuses = selectors.waiting_statuses(
            now=now, paired=paired, exclude=[actor.pk], limit=TELL_AT_MOST
        )
        for user_id, status in statuses.items():
            frame = waiting_frame(status, others_paired=bool(paired))
            realtime.broadcast_on_commit(realtime.user_group(user_id), to_event(frame))

    transaction.on_commit(tell_the_others)
    return None if mine is None else Outcome(status="waiting", waiting=waiting_frame(mine))


def _lock_queue() -> None:
    """Serialise instant pairing: two people arriving at once must see each other.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions are IMMEDIATE
    (settings), so writers are serialised already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_QUEUE_LOCK_KEY])


def open_pairing(
    members: list[Person],
    *,
    now: dt.datetime,
    shared_interests: list[str],
    score: float = 0,
    round_: Round | None = None,
    facilitator: Person | None = None,
    waited: dict[int, int] | None = None,
) -> Pairing:
    """Create the private room of a pair or group, record the match, and tell everyone."""
    people = {m.pk: frames.Person(**author_payload(m)) for m in members}
    names = " & ".join(person.display_name for person in people.values())
    room = create_room(
        slug=f"pair-{uuid.uuid4().hex[:10]}",
        title=f"Café Salam: {names}"[:140],
        kind=Room.Kind.PAIR,
        visibility=Room.Visibility.MEMBERS,
        topic=", ".join(shared_interests[:5]),
    )
    for member in members:
        add_member(room, user=member)
    if facilitator is not None:
        add_member(room, user=facilitator, role=Membership.Role.MODERATOR)
    starters = pick_starters(shared_interests, seed=room.pk)
    pairing = Pairing.objects.create(
        room=room,
        round=round_,
        facilitator=facilitator,
        shared_interests=shared_interests,
        starters=starters,
        score=score,
        created_at=now,
    )
    PairingMember.objects.bulk_create(
        PairingMember(pairing=pairing, user=m, waited_seconds=(waited or {}).get(m.pk, 0))
        for m in members
    )
    for member in members:
        paired = frames.Paired(
            room=room.slug,
            partners=[person for pk, person in people.items() if pk != member.pk],
            shared_interests=shared_interests,
            starters=[_(s) for s in starters],
            round=round_.pk if round_ is not None else None,
        )
        realtime.broadcast_on_commit(realtime.user_group(member.pk), to_event(paired))
    return pairing


@transaction.atomic
def request_pairing(
    *, actor: Person, now: dt.datetime | None = None, front: bool = False
) -> Outcome:
    """Match `actor` with the best compatible person waiting, or put them in the queue."""
    now = now or timezone.now()
    if not has_complete_profile(actor):
        raise Invalid(
            _("Complete your profile before asking for a partner."), code="profile_incomplete"
        )
    _lock_queue()
    mine = PairingRequest.objects.filter(user=actor, status=PairingRequest.Status.WAITING).first()
    if mine is not None:
        status = selectors.waiting_statuses(now=now, only=[actor.pk]).get(actor.pk)
        return Outcome(
            status="waiting", request=mine, waiting=waiting_frame(status) if status else None
        )
    since = now - FRONT_OF_QUEUE if front else now
    waiting = list(
        PairingRequest.objects.select_for_update()
        .filter(status=PairingRequest.Status.WAITING, created_at__gte=now - REQUEST_TIMEOUT)
        .exclude(user=actor)
        .order_by("waiting_since")
    )
    by_user = {r.user_id: r for r in waiting}
    ids = [actor.pk, *by_user]
    people = selectors.candidates(
        ids,
        waiting_since={actor.pk: since, **{r.user_id: r.waiting_since for r in waiting}},
        now=now,
    )
    person = next(c for c in people if c.id == actor.pk)
    partner_id = best_partner(
        person,
        [c for c in people if c.id != actor.pk],
        blocks=selectors.blocks_among(ids),
        recent_pairs=selectors.recent_pairs_among(ids),
        now=now,
    )
    request = PairingRequest.objects.create(
        user=actor,
        waiting_since=since,
        created_at=now,
        status=PairingRequest.Status.MATCHED if partner_id else PairingRequest.Status.WAITING,
        ended_at=now if partner_id else None,
    )
    if not partner_id:
        told = _tell_the_waiting(now=now, actor=actor)
        return Outcome(status="waiting", request=request, waiting=told.waiting if told else None)
    partner_request = by_user[partner_id]
    partner = partner_request.user
    shared = sorted(
        set(person.interests) & set(next(c for c in people if c.id == partner_id).interests)
    )
    pairing = open_pairing(
        [partner, actor],
        now=now,
        shared_interests=shared,
        waited={partner.pk: int((now - partner_request.created_at).total_seconds())},
    )
    PairingRequest.objects.filter(pk__in=[request.pk, partner_request.pk]).update(
        status=PairingRequest.Status.MATCHED, ended_at=now, pairing=pairing
    )
    _tell_the_waiting(now=now, actor=actor, paired=(actor.pk, partner.pk))
    # The one who asked is on the page and is taken to the room; the partner may have left it.
    _tell_matched(pairing, [partner], [partner, actor])
    return Outcome(status="paired", request=request, pairing=pairing)


def _tell_matched(pairing: Pairing, told: list[Person], members: list[Person]) -> None:
    """A notice to each of `told`: who their partners are, and the link to their room."""
    round_ = pairing.round
    kind = "pairing.paired"
    if round_ is not None:
        kind = "pairing.matched"
    for person in told:
        names = ", ".join(name_of(m) for m in members if m.pk != person.pk)
        text = functools.partial(_matched_text, round_, names, pairing.shared_interests[:5])
        notify(person, kind=kind, text=text, url=pairing.room.get_absolute_url())


def _matched_text(round_: Round | None, names: str, interests: list[str]) -> tuple[str, str]:
    if round_ is not None:
        title = _("You were matched in “%(round)s”: meet %(names)s") % {
            "round": round_.title,
            "names": names,
        }
    else:
        title = _("%(names)s is free to talk: your room is open") % {"names": names}
    shared = ", ".join(interests)
    body = _("Shared interests: %(topics)s.") % {"topics": shared} if shared else ""
    return title, body


@transaction.atomic
def cancel_pairing(*, actor: Person, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    cancelled = PairingRequest.objects.filter(
        user=actor, status=PairingRequest.Status.WAITING
    ).update(status=PairingRequest.Status.CANCELLED, ended_at=now)
    if cancelled:
        _tell_the_waiting(now=now, actor=actor)
    return cancelled


@transaction.atomic
def expire_requests(*, now: dt.datetime) -> int:
    """End requests that found nobody within REQUEST_TIMEOUT, with a notice."""
    stale = list(
        PairingRequest.objects.select_for_update(skip_locked=True)
        .filter(status=PairingRequest.Status.WAITING, created_at__lt=now - REQUEST_TIMEOUT)
        .select_related("user")
    )
    for request in stale:
        request.status, request.ended_at = PairingRequest.Status.EXPIRED, now
        request.save(update_fields=["status", "ended_at"])
        realtime.broadcast_on_commit(
            realtime.user_group(request.user_id), to_event(frames.PairingExpired())
        )
        notify(
            request.user,
            kind="pairing.expired",
            email=False,
            text=translated(
                gettext_lazy("Nobody was free to talk in the last ten minutes."),
                gettext_lazy("Try again later, or sign up for a round."),
            ),
            url="/rooms/pairing/",
        )
    return len(stale)


@transaction.atomic
def ask_new_partner(room: Room, *, actor: Person, now: dt.datetime | None = None) -> Outcome:
    """No-show: alone in a pair room after NO_SHOW_AFTER, ask again at the front of the queue."""
    now = now or timezone.now()
    pairing = Pairing.objects.filter(room=room, members__user=actor).first()
    if pairing is None:
        raise Forbidden(_("This is not your pair room."))
    if now - pairing.created_at < NO_SHOW_AFTER:
        raise Invalid(_("Give your partner five minutes to arrive."), code="too_early")
    if _partner_came(pairing, actor):
        raise Invalid(_("Your partner is here."), code="partner_present")
    return request_pairing(actor=actor, now=now, front=True)


def _partner_came(pairing: Pairing, actor: Person) -> bool:
    """Whether anyone else of the pairing is in its room now or ever wrote in it."""
    others = [m.user_id for m in pairing.members.all() if m.user_id != actor.pk]
    room = pairing.room
    return (
        Presence.objects.filter(room=room, user_id__in=others).exists()
        or room.messages.filter(author_id__in=others).exists()
    )


# ---- rounds ---------------------------------------------------------------------------------


def _check_round_fields(
    *, pool_kind: str, city: City | None, universities: list, mode: str, group_size: int
) -> None:
    if pool_kind == Round.PoolKind.CITY and city is None:
        raise Invalid(_("A city round needs its city."))
    if pool_kind == Round.PoolKind.UNIVERSITY and not universities:
        raise Invalid(_("A university round needs at least one university."))
    if mode == Round.Mode.GROUPS and not 3 <= group_size <= 6:
        raise Invalid(_("Groups have 3 to 6 people."))


@transaction.atomic
def create_round(
    *,
    actor: Person,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    pool_kind: str,
    universities: list,
    city: City | None,
    mode: str,
    group_size: int,
    facilitators: list,
) -> Round:
    if not is_organiser(actor):
        raise Forbidden(_("Only organisers schedule rounds."))
    _check_round_fields(
        pool_kind=pool_kind, city=city, universities=universities, mode=mode, group_size=group_size
    )
    round_ = Round.objects.create(
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        pool_kind=pool_kind,
        city=city if pool_kind == Round.PoolKind.CITY else None,
        mode=mode,
        group_size=group_size,
        created_by=actor,
    )
    if pool_kind == Round.PoolKind.UNIVERSITY:
        round_.universities.set(universities)
    round_.facilitators.set(facilitators)
    return round_


def _check_manages(round_: Round, actor: Person) -> None:
    if not may_manage_round(actor, round_):
        raise Forbidden(_("Only the organiser who scheduled this round may change it."))


def _locked_before_start(round_: Round, actor: Person, now: dt.datetime) -> Round:
    """The round's row, locked, when `actor` may change it and it has not started."""
    _check_manages(round_, actor)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != Round.Status.SCHEDULED or locked.starts_at <= now:
        raise Invalid(_("This round has started or ended: it can no longer change."), code="closed")
    return locked


@transaction.atomic
def update_round(
    round_: Round,
    *,
    actor: Person,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    pool_kind: str,
    universities: list,
    city: City | None,
    mode: str,
    group_size: int,
    facilitators: list,
    now: dt.datetime | None = None,
) -> Round:
    """Edit a round before it starts (same rules as `create_round`)."""
    now = now or timezone.now()
    locked = _locked_before_start(round_, actor, now)
    _check_round_fields(
        pool_kind=pool_kind, city=city, universities=universities, mode=mode, group_size=group_size
    )
    if starts_at <= now:
        raise Invalid(_("Choose a start in the future, or start the round now."), code="past")
    locked.title, locked.starts_at, locked.duration_minutes = title, starts_at, duration_minutes
    locked.pool_kind, locked.mode, locked.group_size = pool_kind, mode, group_size
    locked.city = city if pool_kind == Round.PoolKind.CITY else None
    locked.save()
    locked.universities.set(universities if pool_kind == Round.PoolKind.UNIVERSITY else [])
    locked.facilitators.set(facilitators)
    return locked


@transaction.atomic
def cancel_round(round_: Round, *, actor: Person, now: dt.datetime | None = None) -> Round:
    """Cancel a round before it starts; everyone signed up gets a notice."""
    now = now or timezone.now()
    locked = _locked_before_start(round_, actor, now)
    locked.status = Round.Status.CANCELLED
    locked.save(update_fields=["status"])
    for signup in locked.signups.select_related("user"):
        notify(
            signup.user,
            kind="round.cancelled",
            email=False,
            text=translated(
                gettext_lazy("Round cancelled"),
                gettext_lazy("“%(title)s” will not take place."),
                title=locked.title,
            ),
            url=locked.get_absolute_url(),
        )
    return locked


def start_round_now(round_: Round, *, actor: Person, now: dt.datetime | None = None) -> Round:
    """Start a scheduled round at once: its start becomes now and it is matched."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_before_start(round_, actor, now)
        locked.starts_at = now
        locked.save(update_fields=["starts_at"])
    run_round(locked.pk, now=now)
    return Round.objects.get(pk=locked.pk)


@transaction.atomic
def sign_up(round_: Round, *, actor: Person, now: dt.datetime | None = None) -> RoundSignup:
    now = now or timezone.now()
    if round_.status != Round.Status.SCHEDULED or round_.starts_at <= now:
        raise Invalid(_("Sign-up closed when the round started."), code="closed")
    if not selectors.in_pool(round_, actor):
        raise Forbidden(_("This round is for another pool of people."))
    signup, _created = RoundSignup.objects.get_or_create(
        round=round_, user=actor, defaults={"signed_up_at": now}
    )
    return signup


@transaction.atomic
def withdraw(round_: Round, *, actor: Person) -> int:
    if round_.status != Round.Status.SCHEDULED:
        raise Invalid(_("The round has been matched already."), code="closed")
    return RoundSignup.objects.filter(round=round_, user=actor).delete()[0]


def run_due_rounds(*, now: dt.datetime) -> list[int]:
    """Match every round whose start has come, each exactly once (see run_round)."""
    due = Round.objects.filter(status=Round.Status.SCHEDULED, starts_at__lte=now)
    return [pk for pk in due.values_list("pk", flat=True) if run_round(pk, now=now)]


@transaction.atomic
def run_round(round_id: int, *, now: dt.datetime) -> bool:
    """Match a due round in one batch. The round row is locked and its status checked inside
    the lock, so several processes triggering at once run it exactly once."""
    round_ = (
        Round.objects.select_for_update()
        .filter(pk=round_id, status=Round.Status.SCHEDULED, starts_at__lte=now)
        .first()
    )
    if round_ is None:
        return False
    signups = {s.user_id: s.signed_up_at for s in round_.signups.all()}
    people = selectors.candidates(signups, waiting_since=signups, now=now)
    result = match(
        Pool(
            candidates=people,
            kind="city" if round_.pool_kind == Round.PoolKind.CITY else "university",
            mode="groups" if round_.mode == Round.Mode.GROUPS else "pairs",
            group_size=round_.group_size,
            blocks=selectors.blocks_among(signups),
            recent_pairs=selectors.recent_pairs_among(signups),
        ),
        now=now,
    )
    users = get_user_model().objects.in_bulk(list(signups))
    facilitator_users = round_.facilitators.in_bulk()
    facilitators = list(facilitator_users)
    assigned = (
        assign_facilitators(result.groups, facilitators) if round_.mode == Round.Mode.GROUPS else {}
    )
    for index, group in enumerate(result.groups):
        members = [users[i] for i in group.members]
        pairing = open_pairing(
            members,
            now=now,
            round_=round_,
            shared_interests=list(group.shared_interests),
            score=group.score,
            facilitator=facilitator_users.get(assigned.get(index)),
            waited={i: max(0, int((now - signups[i]).total_seconds())) for i in group.members},
        )
        _tell_matched(pairing, members, members)
    RoundUnmatched.objects.bulk_create(
        RoundUnmatched(round=round_, user_id=user_id, reason=reason)
        for user_id, reason in result.unmatched.items()
    )
    for user_id in result.unmatched:
        notify(
            users[user_id],
            kind="round.unmatched",
            email=False,
            text=translated(
                gettext_lazy("No partner this round"),
                gettext_lazy("We could not match you in “%(title)s”. Please try the next one."),
                title=round_.title,
            ),
            url=round_.get_absolute_url(),
        )
    round_.status, round_.matched_at = Round.Status.DONE, now
    round_.save(update_fields=["status", "matched_at"])
    return True


# ---- after the match ------------------------------------------------------------------------


@transaction.atomic
def leave_feedback(
    pairing: Pairing,
    *,
    actor: Person,
    rating: int | None,
    would_talk_again: bool,
    met: bool | None = None,
    comment: str = "",
    report_reason: str = "",
) -> Feedback:
    """Feedback on a pairing, once per person (`feedback_once`); `save_feedback` changes it."""
    if not pairing.members.filter(user=actor).exists():
        raise Forbidden(_("Only the people of this pairing leave feedback on it."))
    _check_rating(rating, met)
    already = Invalid(_("You left feedback on this conversation already."), code="duplicate")
    if Feedback.objects.filter(pairing=pairing, user=actor).exists():
        raise already
    try:
        with transaction.atomic():  # `feedback_once` decides a double submit from two tabs
            feedback = Feedback.objects.create(
                pairing=pairing,
                user=actor,
                rating=rating,
                would_talk_again=would_talk_again,
                met=met,
                comment=comment[:2000],
            )
    except IntegrityError:
        raise already from None
    _report_partner(pairing, actor=actor, report_reason=report_reason, comment=comment)
    return feedback


@dataclass(frozen=True)
class FeedbackSaved:
    feedback: Feedback
    changed: bool  # an earlier answer was changed
    requeued: Outcome | None  # "we did not meet": asked again at the front of the queue


@transaction.atomic
def save_feedback(
    pairing: Pairing,
    *,
    actor: Person,
    rating: int | None,
    would_talk_again: bool,
    met: bool | None,
    comment: str = "",
    report_reason: str = "",
    now: dt.datetime | None = None,
) -> FeedbackSaved:
    """Leave feedback, or change what one sent. Answering "we did not meet" when the partner
    never came (nobody else in the room now, nobody else ever wrote in it) feeds the no-show
    path: the person asks again at the front of the queue (as `ask_new_partner`), once."""
    now = now or timezone.now()
    if not pairing.members.filter(user=actor).exists():
        raise Forbidden(_("Only the people of this pairing leave feedback on it."))
    _check_rating(rating, met)
    earlier = Feedback.objects.select_for_update().filter(pairing=pairing, user=actor).first()
    if earlier is None:
        feedback = leave_feedback(
            pairing,
            actor=actor,
            rating=rating,
            would_talk_again=would_talk_again,
            met=met,
            comment=comment,
            report_reason=report_reason,
        )
        said_no_show = met is False
    else:
        said_no_show = met is False and earlier.met is not False
        earlier.rating, earlier.would_talk_again, earlier.met = rating, would_talk_again, met
        earlier.comment, earlier.updated_at = comment[:2000], now
        earlier.save(update_fields=["rating", "would_talk_again", "met", "comment", "updated_at"])
        _report_partner(pairing, actor=actor, report_reason=report_reason, comment=comment)
        feedback = earlier
    requeued = None
    if said_no_show and not _partner_came(pairing, actor):
        requeued = request_pairing(actor=actor, now=now, front=True)
    return FeedbackSaved(feedback=feedback, changed=earlier is not None, requeued=requeued)


def _check_rating(rating: int | None, met: bool | None) -> None:
    if rating is None and met is False:
        return  # the partner did not come: nothing to rate
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise Invalid(_("Rate from 1 to 5."))


def _report_partner(pairing: Pairing, *, actor: Person, report_reason: str, comment: str) -> None:
    if report_reason.strip():
        others = [m.user for m in pairing.members.select_related("user") if m.user_id != actor.pk]
        report_member(
            pairing.room,
            reporter=actor,
            subject=others[0] if len(others) == 1 else None,
            reason=report_reason,
            excerpt=comment,
        )
