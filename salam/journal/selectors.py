"""Reading the journal: published lists, an article's language versions, the desks."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from salam.clearinghouse.models import Organisation
from salam.core.types import Person
from salam.journal.models import Article, HistoryEntry, Review
from salam.people.roles import EDIT_CONTENT


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
    partners = Q(partner_organisations__is_partner=True)
    return (
        get_user_model()
        .objects.filter(partners | Q(pk__in=editors().values("pk")), is_active=True)
        .distinct()
        .order_by("username")
    )


def own_reviews(article: Article, user: Person) -> list[Review]:
    """The person's reviews of the article's current round."""
    return list(article.reviews.filter(reviewer=user, round=article.round))


def review_of(article: Article, pk: int) -> Review:
    return Review.objects.get(pk=pk, article=article)
