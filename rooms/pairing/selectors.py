"""Reads of pairing: the matcher's plain data (people, blocks, pairing history) and what the
pairing pages show. No writes here."""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q

from rooms.models import Feedback, Pairing, PairingMember, PairingRequest, Room, Round
from rooms.pairing.matching import (
    Candidate,
    expected_group_count,
    facilitator_shortfall,
    pair_set,
)
from rooms.pairing.matching.data import PairSet
from salam.core.types import Person
from salam.moderation.models import Block


def recent_rounds() -> int:
    return getattr(settings, "PAIRING_RECENT_ROUNDS", 3)


def utc_offset_minutes(zone: str, now: dt.datetime) -> int:
    try:
        offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset else 0


def candidates(
    user_ids: Iterable[int],
    *,
    waiting_since: Mapping[int, dt.datetime],
    now: dt.datetime,
    online: bool = True,
) -> list[Candidate]:
    """One Candidate per person with a profile, in the order of `user_ids`."""
    users = (
        get_user_model()
        .objects.filter(pk__in=list(user_ids))
        .select_related("profile__university", "profile__city")
        .prefetch_related("profile__interests")
    )
    found = []
    for user in users:
        profile = getattr(user, "profile", None)
        if profile is None:
            continue
        university = profile.university
        country = (
            university.country.code
            if university
            else (profile.city.country.code if profile.city else "")
        )
        found.append(
            Candidate(
                id=user.pk,
                affiliation=profile.affiliation or "student",
                university_id=profile.university_id,
                country=country,
                city_id=profile.city_id,
                residency=profile.residency or "",
                languages=frozenset(profile.languages),
                interests=frozenset(i.name for i in profile.interests.all()),
                utc_offset_minutes=utc_offset_minutes(profile.time_zone, now),
                waiting_since=waiting_since[user.pk],
                online=online,
            )
        )
    return sorted(found, key=lambda c: (c.waiting_since, c.id))


def blocks_among(user_ids: Iterable[int]) -> PairSet:
    ids = list(user_ids)
    rows = Block.objects.filter(Q(blocker_id__in=ids) | Q(blocked_id__in=ids))
    return pair_set((a, b) for a, b in rows.values_list("blocker_id", "blocked_id"))


def recent_pairs_among(user_ids: Iterable[int]) -> PairSet:
    """Pairs who met in one of each person's last N pairings (N = PAIRING_RECENT_ROUNDS)."""
    ids = set(user_ids)
    n = recent_rounds()
    recent_pairing_ids: set[int] = set()
    memberships = (
        PairingMember.objects.filter(user_id__in=ids)
        .order_by("user_id", "-pairing__created_at")
        .values_list("user_id", "pairing_id")
    )
    taken: Counter[int] = Counter()
    for user_id, pairing_id in memberships:
        if taken[user_id] < n:
            taken[user_id] += 1
            recent_pairing_ids.add(pairing_id)
    by_pairing: dict[int, list[int]] = {}
    for pairing_id, user_id in PairingMember.objects.filter(
        pairing_id__in=recent_pairing_ids
    ).values_list("pairing_id", "user_id"):
        by_pairing.setdefault(pairing_id, []).append(user_id)
    pairs = set()
    for members in by_pairing.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add(frozenset((a, b)))
    return frozenset(pairs)


def round_figures(round_: Round) -> dict:
    """What an organiser sees after a round: people, matches, who was left out and why,
    waits, feedback, and the mix of countries and universities."""
    members = list(
        PairingMember.objects.filter(pairing__round=round_).select_related(
            "user__profile__university", "user__profile__city"
        )
    )
    unmatched = Counter(round_.unmatched.values_list("reason", flat=True))
    waits = [m.waited_seconds for m in members]
    feedback = Feedback.objects.filter(pairing__round=round_).aggregate(
        mean=Avg("rating"),
        count=Count("pk"),
        again=Count("pk", filter=Q(would_talk_again=True)),
    )
    countries: Counter[str] = Counter()
    universities: Counter[str] = Counter()
    for member in members:
        profile = getattr(member.user, "profile", None)
        if profile and profile.university:
            countries[profile.university.country.code] += 1
            universities[profile.university.name] += 1
        elif profile and profile.city:
            countries[profile.city.country.code] += 1
    return {
        "people": round_.signups.count(),
        "matches": Pairing.objects.filter(round=round_).count(),
        "matched_people": len(members),
        "unmatched": dict(sorted(unmatched.items())),
        "unmatched_total": sum(unmatched.values()),
        "mean_wait_seconds": round(statistics.fmean(waits)) if waits else 0,
        "longest_wait_seconds": max(waits, default=0),
        "feedback": feedback,
        "countries": countries.most_common(),
        "universities": universities.most_common(),
    }


def _country_bars(countries: list[tuple[str, int]]) -> list[dict]:
    """The figures' bar chart of countries: one bar per country, the largest 85 units wide."""
    most = max([count for _code, count in countries], default=1)
    return [
        {"label": code, "count": count, "width": round(85 * count / most), "y": 10 * index}
        for index, (code, count) in enumerate(countries)
    ]


# ---- the pages ------------------------------------------------------------------------------

PAGE_PAIRINGS = 20
PAGE_ROUNDS = 100


def in_pool(round_: Round, user: Person) -> bool:
    """Whether `user` belongs to the pool of people `round_` is for."""
    profile = getattr(user, "profile", None)
    if profile is None or not profile.is_complete:
        return False
    if round_.pool_kind == Round.PoolKind.CITY:
        return profile.affiliation == "city" and profile.city_id == round_.city_id
    return (
        profile.affiliation == "student"
        and round_.universities.filter(pk=profile.university_id).exists()
    )


def pairing_overview(user: Person, *, now: dt.datetime) -> dict:
    """The pairing page: whether `user` is waiting, their latest pairings, and the rounds to
    come that they may sign up for."""
    waiting = PairingRequest.objects.filter(
        user=user, status=PairingRequest.Status.WAITING
    ).exists()
    pairings = list(
        Pairing.objects.filter(members__user=user)
        .select_related("room")
        .order_by("-created_at")[:PAGE_PAIRINGS]
    )
    scheduled = Round.objects.filter(status=Round.Status.SCHEDULED, starts_at__gt=now)
    rounds = [r for r in scheduled.order_by("starts_at") if in_pool(r, user)]
    return {"waiting": waiting, "pairings": pairings, "rounds": rounds}


def latest_rounds() -> list[Round]:
    return list(Round.objects.order_by("-starts_at")[:PAGE_ROUNDS])


def round_by_id(round_id: int) -> Round | None:
    return Round.objects.filter(pk=round_id).first()


def round_overview(round_: Round, user: Person, *, organiser: bool) -> dict:
    """The round page: the person's sign-up and eligibility; for an organiser, the groups and
    facilitators expected before the round, and its figures after."""
    overview: dict = {
        "signed_up": round_.signups.filter(user=user).exists(),
        "eligible": in_pool(round_, user),
        "signup_count": round_.signups.count(),
    }
    if organiser and round_.mode == Round.Mode.GROUPS and round_.status == Round.Status.SCHEDULED:
        groups = expected_group_count(overview["signup_count"], round_.group_size)
        overview["shortfall"] = facilitator_shortfall(
            groups, list(round_.facilitators.values_list("pk", flat=True))
        )
        overview["expected_groups"] = groups
    if organiser and round_.status == Round.Status.DONE:
        figures = round_figures(round_)
        figures["country_bars"] = _country_bars(figures["countries"])
        figures["chart_height"] = 10 * len(figures["countries"])
        overview["figures"] = figures
    return overview


def pairing_of_member(pairing_id: int, user: Person) -> Pairing | None:
    """The pairing with its room, when `user` was one of its people; otherwise None."""
    return Pairing.objects.select_related("room").filter(pk=pairing_id, members__user=user).first()


def pair_room(slug: str) -> Room | None:
    return Room.objects.filter(slug=slug, kind=Room.Kind.PAIR).first()
