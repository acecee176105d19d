"""Reads of pairing: the matcher's plain data (people, blocks, pairing history) and what the
pairing pages show. No writes here."""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q

from rooms.models import Feedback, Pairing, PairingMember, PairingRequest, Room, Round
from rooms.pairing import texts
from rooms.pairing.matching import (
    Candidate,
    Waiting,
    expected_group_count,
    facilitator_shortfall,
    pair_set,
    why_waiting,
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


REQUEST_TIMEOUT = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class WaitingStatus:
    """What a person in the queue is told: see `matching.why_waiting`."""

    waiting: Waiting
    expires_at: dt.datetime
    languages: list[str]


def waiting_statuses(
    *,
    now: dt.datetime,
    paired: Iterable[int] = (),
    only: Iterable[int] | None = None,
    exclude: Iterable[int] = (),
    limit: int | None = None,
) -> dict[int, WaitingStatus]:
    """For people waiting now (by user id): their pool's size, why nobody in it is their
    partner, and when their request ends. `paired`: people just paired with each other, whom
    the reasons also cover (why one was not paired with them). Each status costs a pass over
    everyone waiting: `only` (these ids), `exclude` and `limit` (the longest-waiting first)
    bound how many are computed."""
    requests = list(
        PairingRequest.objects.filter(
            status=PairingRequest.Status.WAITING, created_at__gte=now - REQUEST_TIMEOUT
        )
    )
    if not requests:
        return {}
    by_user = {r.user_id: r for r in requests}
    just_paired = frozenset(paired) - set(by_user)
    since = {pk: r.waiting_since for pk, r in by_user.items()} | dict.fromkeys(just_paired, now)
    people = candidates(since, waiting_since=since, now=now)
    blocks, recent = blocks_among(since), recent_pairs_among(since)
    return {
        person.id: WaitingStatus(
            waiting=why_waiting(
                person, people, blocks=blocks, recent_pairs=recent, paired=just_paired, now=now
            ),
            expires_at=by_user[person.id].created_at + REQUEST_TIMEOUT,
            languages=sorted(person.languages),
        )
        for person in _chosen(people, by_user, only=only, exclude=exclude, limit=limit)
    }


def _chosen(
    people: list[Candidate],
    waiting: Mapping[int, PairingRequest],
    *,
    only: Iterable[int] | None,
    exclude: Iterable[int],
    limit: int | None,
) -> list[Candidate]:
    wanted = None if only is None else set(only)
    left_out = set(exclude)
    chosen = [
        person
        for person in people  # longest-waiting first
        if person.id in waiting
        and person.id not in left_out
        and (wanted is None or person.id in wanted)
    ]
    return chosen if limit is None else chosen[:limit]


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
    answers = Feedback.objects.filter(pairing__round=round_)
    feedback = answers.aggregate(
        mean=Avg("rating"),
        count=Count("pk"),
        rated=Count("rating"),
        again=Count("pk", filter=Q(would_talk_again=True)),
        met_count=Count("pk", filter=Q(met=True)),
        no_show=Count("pk", filter=Q(met=False)),
    )
    ratings = Counter(answers.exclude(rating=None).values_list("rating", flat=True))
    feedback["ratings"] = [(n, ratings.get(n, 0)) for n in range(1, 6)]
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


BAR_LABEL_WIDTH = 40  # of the chart's 100 units: the country's name
BAR_WIDTH = 50  # the largest bar; its count is written after it
BAR_ROW = 6  # each country's row, in the chart's units


def _country_bars(countries: list[tuple[str, int]]) -> list[dict]:
    """The figures' bar chart of countries: one bar per country, named, with its count."""
    most = max([count for _code, count in countries], default=1)
    bars = []
    for index, (code, count) in enumerate(countries):
        width = max(1, round(BAR_WIDTH * count / most))
        bars.append(
            {
                "code": code,
                "label": f"{texts.flag(code)} {texts.country_name(code)}".strip(),
                "count": count,
                "width": width,
                "y": BAR_ROW * index,
                "count_x": BAR_LABEL_WIDTH + width + 2,
            }
        )
    return bars


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
    status = waiting_statuses(now=now, only=[user.pk]).get(user.pk) if waiting else None
    profile = getattr(user, "profile", None)
    pairings = list(
        Pairing.objects.filter(members__user=user)
        .select_related("room")
        .order_by("-created_at")[:PAGE_PAIRINGS]
    )
    scheduled = Round.objects.filter(status=Round.Status.SCHEDULED, starts_at__gt=now)
    rounds = [r for r in scheduled.order_by("starts_at") if in_pool(r, user)]
    return {
        "waiting": waiting,
        "waiting_status": status,
        "affiliation": profile.affiliation if profile else "",
        "my_languages": [texts.language_name(c) for c in (profile.languages if profile else [])],
        "pairings": pairings,
        "rounds": rounds,
    }


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
    if round_.status == Round.Status.DONE:
        overview["my_match"] = my_match(round_, user)
        overview["unmatched_reason"] = _unmatched_reason(round_, user)
    if organiser and round_.status == Round.Status.DONE:
        figures = round_figures(round_)
        figures["country_bars"] = _country_bars(figures["countries"])
        figures["chart_height"] = BAR_ROW * len(figures["countries"])
        figures["bar_x"] = BAR_LABEL_WIDTH
        figures["unmatched_reasons"] = [
            (texts.reason_text(code), count) for code, count in figures["unmatched"].items()
        ]
        overview["figures"] = figures
        overview["matches"] = round_matches(round_)
    return overview


@dataclass(frozen=True)
class Match:
    """One match of a round: its room and its people's names (the reader's partners)."""

    pairing: Pairing
    room: Room
    names: list[str]
    shared_interests: list[str]


def _names(pairing: Pairing, *, besides: int | None = None) -> list[str]:
    return [
        member.user.profile.name if hasattr(member.user, "profile") else member.user.username
        for member in pairing.members.all()
        if member.user_id != besides
    ]


def my_match(round_: Round, user: Person) -> Match | None:
    """`user`'s match in the round, once it has started; None when they have none."""
    pairing = (
        Pairing.objects.filter(round=round_, members__user=user)
        .select_related("room")
        .prefetch_related("members__user__profile")
        .first()
    )
    if pairing is None:
        return None
    return Match(
        pairing=pairing,
        room=pairing.room,
        names=_names(pairing, besides=user.pk),
        shared_interests=list(pairing.shared_interests),
    )


def _unmatched_reason(round_: Round, user: Person) -> str:
    code = round_.unmatched.filter(user=user).values_list("reason", flat=True).first()
    return texts.reason_text(code) if code else ""


def round_matches(round_: Round) -> list[Match]:
    """Every match of the round, for its organisers."""
    pairings = (
        Pairing.objects.filter(round=round_)
        .select_related("room")
        .prefetch_related("members__user__profile")
        .order_by("pk")
    )
    return [
        Match(
            pairing=p,
            room=p.room,
            names=_names(p),
            shared_interests=list(p.shared_interests),
        )
        for p in pairings
    ]


def feedback_of(pairing: Pairing, user: Person) -> Feedback | None:
    return Feedback.objects.filter(pairing=pairing, user=user).first()


def pairing_of_member(pairing_id: int, user: Person) -> Pairing | None:
    """The pairing with its room, when `user` was one of its people; otherwise None."""
    return Pairing.objects.select_related("room").filter(pk=pairing_id, members__user=user).first()


def pair_room(slug: str) -> Room | None:
    return Room.objects.filter(slug=slug, kind=Room.Kind.PAIR).first()


# ---- the pair room's introduction -----------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One person of a pair room, as the others see them."""

    username: str
    name: str
    place: str  # university (and its city), or the city of a city participant
    country_code: str
    country: str
    flag: str
    languages: list[str]
    interests: list[tuple[str, bool]]  # (interest, shared with the reader), shared first
    is_you: bool
    is_facilitator: bool


@dataclass(frozen=True)
class PairIntro:
    title: str
    cards: list[Card]
    shared_languages: list[str]


def pair_intro(pairing: Pairing, *, viewer: Person) -> PairIntro:
    """The cards of a pair room's people (the reader's own last) and a sentence naming what
    they share. Interests the reader shares with a card's person are marked; on the reader's
    own card, those shared with anyone else."""
    users = list(
        get_user_model()
        .objects.filter(pairings__pairing=pairing)
        .select_related("profile__university", "profile__city")
        .prefetch_related("profile__interests")
        .order_by("pk")
    )
    if pairing.facilitator_id and all(u.pk != pairing.facilitator_id for u in users):
        facilitator = (
            get_user_model()
            .objects.filter(pk=pairing.facilitator_id)
            .select_related("profile__university", "profile__city")
            .first()
        )
        users += [facilitator] if facilitator else []
    interests = {u.pk: _interests(u) for u in users}
    mine = interests.get(viewer.pk, set())
    members = [u for u in users if u.pk != pairing.facilitator_id]
    cards = []
    for user in users:
        if user.pk == viewer.pk:
            others = set().union(*(interests[u.pk] for u in members if u.pk != viewer.pk))
            shared = mine & others
        else:
            shared = interests[user.pk] & mine
        cards.append(_card(user, interests[user.pk], shared, viewer, pairing))
    cards.sort(key=lambda card: (card.is_you, card.is_facilitator))
    spoken = [set(_languages(u)) for u in members]
    common = sorted(set.intersection(*spoken)) if spoken else []
    return PairIntro(
        title=texts.shared_title(
            list(pairing.shared_interests),
            people=len(members),
            languages=[texts.language_name(code) for code in common],
        ),
        cards=cards,
        shared_languages=[texts.language_name(code) for code in common],
    )


def _interests(user: Person) -> set[str]:
    profile = getattr(user, "profile", None)
    return {i.name for i in profile.interests.all()} if profile else set()


def _languages(user: Person) -> list[str]:
    profile = getattr(user, "profile", None)
    return list(profile.languages) if profile else []


def _card(
    user: Person, interests: set[str], shared: set[str], viewer: Person, pairing: Pairing
) -> Card:
    profile = getattr(user, "profile", None)
    code, place = "", ""
    if profile and profile.affiliation == "student" and profile.university:
        code = profile.university.country.code
        place = f"{profile.university.name}, {profile.university.city}"
    elif profile and profile.city:
        code, place = profile.city.country.code, profile.city.name
    return Card(
        username=user.get_username(),
        name=profile.name if profile else user.get_username(),
        place=place,
        country_code=code,
        country=texts.country_name(code),
        flag=texts.flag(code),
        languages=[texts.language_name(c) for c in _languages(user)],
        interests=sorted(((i, i in shared) for i in interests), key=lambda p: (not p[1], p[0])),
        is_you=user.pk == viewer.pk,
        is_facilitator=user.pk == pairing.facilitator_id,
    )


def feedback_initial(feedback: Feedback | None) -> dict:
    """The feedback form filled with what the person sent before."""
    if feedback is None:
        return {}
    met = {True: "yes", False: "no"}.get(feedback.met) if feedback.met is not None else None
    return {
        "met": met,
        "rating": feedback.rating,
        "would_talk_again": feedback.would_talk_again,
        "comment": feedback.comment,
    }


def round_initial(round_: Round) -> dict:
    """The round form filled with the round as it is."""
    return {
        "title": round_.title,
        "starts_at": round_.starts_at,
        "duration_minutes": round_.duration_minutes,
        "pool_kind": round_.pool_kind,
        "universities": list(round_.universities.all()),
        "city": round_.city,
        "mode": round_.mode,
        "group_size": round_.group_size,
        "facilitators": list(round_.facilitators.all()),
    }
