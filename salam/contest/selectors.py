"""What the contest's pages read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from salam.clearinghouse.models import Organisation
from salam.contest import scoring, votes
from salam.contest.models import (
    Category,
    Conflict,
    Consent,
    Decision,
    Edition,
    Entry,
    Juror,
    Recognition,
    Score,
    SubtitleTrack,
    Upload,
    VoteLog,
)
from salam.core.types import AnyUser, Person


def editions() -> QuerySet[Edition]:
    return Edition.objects.all()


def gallery(
    edition: Edition, *, now: dt.datetime, theme: str = "", category: str = "", country: str = ""
) -> QuerySet[Entry]:
    """The edition's entries in its gallery, filtered; empty before the gallery opens."""
    if edition.gallery_opens_at is None or edition.gallery_opens_at > now:
        return Entry.objects.none()
    entries = Entry.objects.filter(
        edition=edition, eligible=True, processing=Entry.Processing.READY, hidden_at__isnull=True
    ).select_related("category", "entrant__profile")
    if theme:
        entries = (
            entries.filter(themes__contains=[theme])
            if _json_contains()
            else entries.filter(themes__icontains=f'"{theme}"')
        )
    if category.isdigit():
        entries = entries.filter(category_id=int(category))
    if country:
        entries = entries.filter(country=country.upper()[:2])
    return entries.order_by("category__min_age", "pk")


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def tracks_for(entry: Entry, language: str) -> list[SubtitleTrack]:
    """The entry's subtitle tracks, the reader's language first, then English, then the rest."""
    tracks = list(entry.subtitles.all())
    return sorted(tracks, key=lambda t: (t.language != language, t.language != "en", t.language))


def entries_of(user: AnyUser, *, edition: Edition | None = None) -> QuerySet[Entry]:
    """The person's entries, in one edition or in all."""
    if not user.is_authenticated:
        return Entry.objects.none()
    entries = Entry.objects.filter(entrant=user).select_related("edition", "category")
    return entries.filter(edition=edition) if edition is not None else entries


def consents_of(entry: Entry) -> QuerySet[Consent]:
    return entry.consents.all()


def consent_of(entry: Entry, pk: int) -> Consent | None:
    return entry.consents.filter(pk=pk).first()


def track_of(entry: Entry, language: str) -> SubtitleTrack | None:
    return entry.subtitles.filter(language=language).first()


def upload_of(token: str, user: AnyUser) -> Upload | None:
    """The person's upload with that token (another's is as good as missing)."""
    try:
        key = uuid.UUID(token)
    except ValueError:
        return None
    if not user.is_authenticated:
        return None
    return Upload.objects.filter(token=key, entry__entrant=user).first()


def recognised_as(entry: Entry) -> list[str]:
    """The names of the recognitions the entry was given."""
    return [d.recognition.name for d in entry.decisions.select_related("recognition")]


def screening_list(edition: Edition) -> QuerySet[Entry]:
    return Entry.objects.filter(edition=edition).select_related("category", "entrant__profile")


def shortlist(edition: Edition) -> QuerySet[Entry]:
    return Entry.objects.filter(edition=edition, shortlisted=True).select_related("category")


def recognitions(edition: Edition) -> QuerySet[Recognition]:
    return edition.recognitions.select_related("category", "organisation")


def jurors(edition: Edition) -> QuerySet[Juror]:
    return edition.jurors.select_related("user__profile")


def organisations_by_slug(slugs: Iterable[str]) -> dict[str, int]:
    """The ids of the organisations with those addresses (a partner recognition's)."""
    return dict(Organisation.objects.filter(slug__in=list(slugs)).values_list("slug", "pk"))


def person_named(username: str) -> Person | None:
    """The active account with that username, if any (an organiser naming a juror)."""
    if not username.strip():
        return None
    return Person.objects.filter(username=username.strip(), is_active=True).first()


def has_conflict(juror: Juror, entry: Entry) -> bool:
    return Conflict.objects.filter(juror=juror, entry=entry).exists()


def score_of(juror: Juror, entry: Entry) -> Score | None:
    return Score.objects.filter(juror=juror, entry=entry).first()


def jury_list(edition: Edition, juror: Juror) -> list[tuple[Entry, Score | None]]:
    """The shortlisted entries this juror scores (those they declared a conflict with left out)."""
    conflicted = Conflict.objects.filter(juror=juror).values_list("entry_id", flat=True)
    entries = (
        Entry.objects.filter(edition=edition, shortlisted=True)
        .exclude(pk__in=conflicted)
        .select_related("category")
    )
    scores = {s.entry_id: s for s in Score.objects.filter(juror=juror)}
    return [(entry, scores.get(entry.pk)) for entry in entries]


def rubric_of(edition: Edition) -> list[scoring.Criterion]:
    return [scoring.Criterion(c["key"], Decimal(str(c["weight"]))) for c in edition.rubric]


@dataclass(frozen=True)
class CategoryResults:
    category: Category
    rows: list[tuple[Entry, scoring.Standing, int]]  # the entry, its standing, its votes


def results(edition: Edition) -> list[CategoryResults]:
    """Per category, the shortlist ranked by the jury's weighted averages (conflicts left out),
    with the number of scores behind each and the People's Choice count beside it."""
    entries = list(
        Entry.objects.filter(edition=edition, shortlisted=True).select_related(
            "category", "entrant__profile"
        )
    )
    scores = [
        scoring.JurorScore(s.entry_id, s.juror_id, s.marks)
        for s in Score.objects.filter(entry__in=entries)
    ]
    conflicts = set(Conflict.objects.filter(entry__in=entries).values_list("entry_id", "juror_id"))
    tally = dict(
        Entry.objects.filter(pk__in=[e.pk for e in entries])
        .annotate(n=Count("votes"))
        .values_list("pk", "n")
    )
    rubric = rubric_of(edition)
    out = []
    for category in edition.categories.all():
        chosen = {e.pk: e for e in entries if e.category_id == category.pk}
        standings = scoring.standings(list(chosen), scores, rubric, conflicts)
        out.append(
            CategoryResults(
                category, [(chosen[s.entry_id], s, tally.get(s.entry_id, 0)) for s in standings]
            )
        )
    return out


def vote_counts(edition: Edition) -> list[tuple[Entry, int]]:
    entries = (
        Entry.objects.filter(edition=edition)
        .annotate(n=Count("votes"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
    )
    return [(entry, entry.n) for entry in entries]


def anomaly_report(edition: Edition) -> list[votes.Anomaly]:
    log = [
        votes.LoggedVote(row.voter_id, row.network, row.at, row.voter.date_joined)
        for row in VoteLog.objects.filter(
            edition=edition, action=VoteLog.Action.CAST
        ).select_related("voter")
    ]
    return votes.anomalies(log)


def decisions(edition: Edition) -> QuerySet[Decision]:
    return Decision.objects.filter(recognition__edition=edition).select_related(
        "recognition__category",
        "recognition__organisation",
        "entry__category",
        "entry__entrant__profile",
        "decided_by__profile",
    )


def decisions_for(recognition: Recognition) -> QuerySet[Decision]:
    return recognition.decisions.select_related("entry", "decided_by__profile")


def partner_recognitions(edition: Edition, user: AnyUser) -> QuerySet[Recognition]:
    if not user.is_authenticated:
        return Recognition.objects.none()
    return Recognition.objects.filter(
        edition=edition, kind=Recognition.Kind.PARTNER, organisation__editors=user
    )


def festival(edition: Edition) -> list[tuple[Recognition, list[Entry]]]:
    """The winners by recognition (prizes per category first, then special and partner ones)."""
    by_recognition: dict[int, list[Entry]] = {}
    for decision in decisions(edition):
        by_recognition.setdefault(decision.recognition_id, []).append(decision.entry)
    recognitions = Recognition.objects.filter(
        edition=edition, pk__in=by_recognition
    ).select_related("category", "organisation")
    return [(r, by_recognition[r.pk]) for r in recognitions]


def my_vote(edition: Edition, user: AnyUser):
    if not user.is_authenticated:
        return None
    from salam.contest.models import Vote

    return Vote.objects.filter(edition=edition, voter=user).select_related("entry").first()
