"""Reading the journal: published lists, an article's language versions, the desks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from salam.clearinghouse.models import Organisation
from salam.core.types import Person
from salam.journal.models import Article, HistoryEntry, Review
from salam.people.names import name_of
from salam.people.roles import EDIT_CONTENT


@dataclass(frozen=True)
class HistoryLine:
    created_at: datetime
    action: str
    who: str
    note: str


@dataclass(frozen=True)
class ReviewLine:
    round: int
    who: str
    is_done: bool
    recommendation: str
    comments: str


def published(language: str = "") -> QuerySet[Article]:
    articles = Article.objects.filter(status=Article.Status.PUBLISHED).select_related(
        "author__profile", "organisation"
    )
    return articles.filter(language=language) if language else articles


def latest_published(language: str = "", *, limit: int = 50) -> list[Article]:
    return list(published(language)[:limit])


def published_by_organisation(organisation: Organisation) -> QuerySet[Article]:
    return published().filter(organisation=organisation)


def article_by_slug(slug: str) -> Article:
    return Article.objects.select_related("author__profile", "organisation", "translation_of").get(
        slug=slug
    )


def language_versions(article: Article) -> list[Article]:
    """The original and its published translations (this article included), by language."""
    root_id = article.translation_of_id or article.pk
    versions = published().filter(Q(pk=root_id) | Q(translation_of_id=root_id))
    found = {a.pk: a for a in versions}
    found.setdefault(article.pk, article)
    return sorted(found.values(), key=lambda a: a.language)


def history(article: Article) -> QuerySet[HistoryEntry]:
    return article.history.select_related("actor__profile")


def reviews(article: Article) -> QuerySet[Review]:
    return article.reviews.select_related("reviewer__profile", "assigned_by")


def _reviewer_numbers(article: Article) -> dict[int, int]:
    """Each reviewer's number on this article (1, 2, ...), in the order they were assigned."""
    numbers: dict[int, int] = {}
    for reviewer_id in article.reviews.order_by("assigned_at", "pk").values_list(
        "reviewer_id", flat=True
    ):
        numbers.setdefault(reviewer_id, len(numbers) + 1)
    return numbers


def _reviewer(number: int | None) -> str:
    return _("Reviewer %(number)d") % {"number": number} if number else _("A reviewer")


def history_for(article: Article, *, named: bool) -> list[HistoryLine]:
    """The article's history as a viewer sees it. Not `named` (the author, under anonymous
    review), no line names a reviewer: reviews are by "Reviewer 1", assignments say no name."""
    numbers = {} if named else _reviewer_numbers(article)
    lines = []
    for entry in history(article):
        who = name_of(entry.actor) if entry.actor else ""
        note = entry.note
        if not named and entry.action == HistoryEntry.Action.REVIEWER_ASSIGNED:
            note = ""  # the note is the reviewer's name
        elif not named and entry.action == HistoryEntry.Action.REVIEWED:
            if entry.actor and note.startswith(f"{who}: "):
                note = note[len(who) + 2 :]  # entries written before notes left the name out
            who = _reviewer(numbers.get(entry.actor_id or 0))
        if entry.action == HistoryEntry.Action.REVIEWED and note in Review.Recommendation.values:
            note = str(Review.Recommendation(note).label)
        lines.append(HistoryLine(entry.created_at, entry.get_action_display(), who, note))
    return lines


def reviews_seen(article: Article, *, named: bool) -> list[ReviewLine]:
    """The article's reviews, each reviewer named, or numbered when not `named`."""
    numbers = {} if named else _reviewer_numbers(article)
    return [
        ReviewLine(
            round=review.round,
            who=name_of(review.reviewer) if named else _reviewer(numbers.get(review.reviewer_id)),
            is_done=review.is_done,
            recommendation=review.get_recommendation_display() if review.is_done else "",
            comments=review.comments,
        )
        for review in reviews(article)
    ]


def editors() -> QuerySet[Person]:
    """Everyone holding the editor permission (through a group or directly)."""
    app_label, codename = EDIT_CONTENT.split(".")
    holds = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return get_user_model().objects.filter(holds, is_active=True).distinct()


def desk() -> QuerySet[Article]:
    """What waits for the editors: submitted and in-review articles, oldest first."""
    return (
        Article.objects.filter(status__in=[Article.Status.SUBMITTED, Article.Status.IN_REVIEW])
        .select_related("author__profile")
        .order_by("submitted_at")
    )


def submissions_of(user: Person) -> QuerySet[Article]:
    return Article.objects.filter(author=user).order_by("-submitted_at")


def reviews_for(user: Person) -> QuerySet[Review]:
    return Review.objects.filter(reviewer=user).select_related("article").order_by("-assigned_at")


def possible_reviewers() -> QuerySet[Person]:
    """People an editor may assign, with their profile and partner organisations (for the
    picker's "name (@username) · organisation")."""
    partners = Q(partner_organisations__is_partner=True)
    return (
        get_user_model()
        .objects.filter(partners | Q(pk__in=editors().values("pk")), is_active=True)
        .select_related("profile")
        .prefetch_related(
            Prefetch(
                "partner_organisations",
                queryset=Organisation.objects.filter(is_partner=True).order_by("name"),
            )
        )
        .distinct()
        .order_by("username")
    )


def own_reviews(article: Article, user: Person) -> list[Review]:
    """The person's reviews of the article's current round."""
    return list(article.reviews.filter(reviewer=user, round=article.round))


def review_of(article: Article, pk: int) -> Review:
    return Review.objects.get(pk=pk, article=article)
