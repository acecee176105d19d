"""Pairing: people asking for a partner now, scheduled rounds, and what follows a match.

The matcher itself is pure (rooms/pairing/); this module loads its input, takes the locks,
writes the result (a private room per pair or group) and tells people after commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from salam.core.frames import to_event
from salam.core.types import Person
from salam.notices.services import notify
from salam.people.models import City
from salam.people.permissions import has_complete_profile, is_organiser

REQUEST_TIMEOUT = dt.timedelta(minutes=10)
NO_SHOW_AFTER = dt.timedelta(minutes=5)
FRONT_OF_QUEUE = dt.timedelta(days=1)
_QUEUE_LOCK_KEY = 0x5A1A  # pg_advisory_xact_lock key for the instant-pairing queue


@dataclass(frozen=True)
class Outcome:
    status: str  # "waiting" or "paired"
    request: PairingRequest | None = None
    pairing: Pairing | None = None


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
        return Outcome(status="waiting", request=mine)
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
        return Outcome(status="waiting", request=request)
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
    return Outcome(status="paired", request=request, pairing=pairing)


@transaction.atomic
def cancel_pairing(*, actor: Person, now: dt.datetime | None = None) -> int:
    return PairingRequest.objects.filter(user=actor, status=PairingRequest.Status.WAITING).update(
        status=PairingRequest.Status.CANCELLED, ended_at=now or timezone.now()
    )


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
            title=_("Nobody was free to talk in the last ten minutes."),
            body=_("Try again later, or sign up for a round."),
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
    others = [m.user_id for m in pairing.members.all() if m.user_id != actor.pk]
    came = (
        Presence.objects.filter(room=room, user_id__in=others).exists()
        or room.messages.filter(author_id__in=others).exists()
    )
    if came:
        raise Invalid(_("Your partner is here."), code="partner_present")
    return request_pairing(actor=actor, now=now, front=True)


# ---- rounds ---------------------------------------------------------------------------------


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
    if pool_kind == Round.PoolKind.CITY and city is None:
        raise Invalid(_("A city round needs its city."))
    if pool_kind == Round.PoolKind.UNIVERSITY and not universities:
        raise Invalid(_("A university round needs at least one university."))
    if mode == Round.Mode.GROUPS and not 3 <= group_size <= 6:
        raise Invalid(_("Groups have 3 to 6 people."))
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
        open_pairing(
            [users[i] for i in group.members],
            now=now,
            round_=round_,
            shared_interests=list(group.shared_interests),
            score=group.score,
            facilitator=facilitator_users.get(assigned.get(index)),
            waited={i: max(0, int((now - signups[i]).total_seconds())) for i in group.members},
        )
    RoundUnmatched.objects.bulk_create(
        RoundUnmatched(round=round_, user_id=user_id, reason=reason)
        for user_id, reason in result.unmatched.items()
    )
    for user_id in result.unmatched:
        notify(
            users[user_id],
            kind="round.unmatched",
            email=False,
            title=_("No partner this round"),
            body=_("We could not match you in “%(title)s”. Please try the next one.")
            % {"title": round_.title},
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
    rating: int,
    would_talk_again: bool,
    comment: str = "",
    report_reason: str = "",
) -> Feedback:
    if not pairing.members.filter(user=actor).exists():
        raise Forbidden(_("Only the people of this pairing leave feedback on it."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise Invalid(_("Rate from 1 to 5."))
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
                comment=comment[:2000],
            )
    except IntegrityError:
        raise already from None
    if report_reason.strip():
        others = [m.user for m in pairing.members.select_related("user") if m.user_id != actor.pk]
        report_member(
            pairing.room,
            reporter=actor,
            subject=others[0] if len(others) == 1 else None,
            reason=report_reason,
            excerpt=comment,
        )
    return feedback
