"""The journal workflow, the only writer of articles and reviews.

submit -> assign reviewers -> reviewers recommend -> the editor decides (accept publishes,
revise sends back, reject ends) -> the author resubmits -> a new round. Every step is checked,
written to the article's history and notified to the people concerned.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.clearinghouse.models import Organisation
from salam.clearinghouse.slugs import unique_slug
from salam.core.markup import plain_text
from salam.core.once import create_once
from salam.core.types import Person
from salam.journal import permissions, selectors
from salam.journal.models import Article, HistoryEntry, Review, Version
from salam.notices.recipient import Writer, translated
from salam.notices.services import notify
from salam.people.choices import language_codes
from salam.people.names import name_of
from salam.search import services as search
from salam.search.models import Document

DECISIONS: dict[str, tuple[Article.Status, HistoryEntry.Action]] = {
    Review.Recommendation.ACCEPT: (Article.Status.PUBLISHED, HistoryEntry.Action.ACCEPTED),
    Review.Recommendation.REVISE: (
        Article.Status.REVISIONS,
        HistoryEntry.Action.REVISIONS_REQUESTED,
    ),
    Review.Recommendation.REJECT: (Article.Status.REJECTED, HistoryEntry.Action.REJECTED),
}


def _record(
    article: Article, *, actor: Person, action: str, now: datetime, note: str = ""
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        article=article, actor=actor, action=action, round=article.round, note=note, created_at=now
    )


def _tell(people: Iterable[Person], *, kind: str, text: Writer, article: Article) -> None:
    seen: set[int] = set()
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        notify(person, kind=kind, text=text, url=article.get_absolute_url())


def _check_text(title: str, abstract: str, body: str) -> None:
    if not title.strip() or not abstract.strip() or not plain_text(body):
        raise Invalid("An article needs a title, an abstract and a text.", code="text")


@transaction.atomic
def submit_article(
    *,
    author: Person,
    title: str,
    abstract: str,
    body: str,
    language: str,
    policy_area: str,
    translation_of: Article | None = None,
    organisation: Organisation | None = None,
    token: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Article:
    """Submit a new article (or a translation of a published one); editors are told.

    `token` is the form's one-time token: submitted again, it returns the article the first
    submit made instead of a second one."""
    now = now or timezone.now()
    if not permissions.can_submit(author):
        raise Forbidden("Sign in to submit an article.", code="not_signed_in")
    _check_text(title, abstract, body)
    if language not in language_codes():
        raise Invalid(f"Unknown language {language!r}.", code="language")
    if policy_area not in PolicyArea.values:
        raise Invalid(f"Unknown policy area {policy_area!r}.", code="policy_area")
    if translation_of is not None:
        original = translation_of.translation_of or translation_of
        if not original.is_published:
            raise Invalid("Only a published article can be translated.", code="not_published")
        taken = {original.language, *original.translations.values_list("language", flat=True)}
        if language in taken:
            raise Conflict("The article already exists in this language.", code="language_taken")
        translation_of = original

    def create() -> Article:
        article = Article.objects.create(
            title=title.strip(),
            slug=unique_slug(Article, title),
            abstract=abstract.strip(),
            body=body.strip(),
            language=language,
            policy_area=policy_area,
            author=author,
            organisation=organisation,
            translation_of=translation_of,
            submitted_at=now,
            submit_token=token,
        )
        Version.objects.create(
            article=article,
            round=1,
            title=article.title,
            abstract=article.abstract,
            body=article.body,
            created_at=now,
        )
        _record(article, actor=author, action=HistoryEntry.Action.SUBMITTED, now=now)
        _tell(
            selectors.editors().exclude(pk=author.pk),
            kind="journal.submitted",
            text=translated(
                gettext_lazy("New submission: %(title)s"),
                gettext_lazy("%(name)s submitted an article; assign reviewers."),
                title=article.title,
                name=name_of(author),
            ),
            article=article,
        )
        return article

    try:
        if token is None:
            with transaction.atomic():
                return create()
        return create_once(Article, create, author=author, submit_token=token)[0]
    except IntegrityError:
        if translation_of is None:
            raise
        # another translation into this language was submitted at the same moment
        raise Conflict(
            "The article already exists in this language.", code="language_taken"
        ) from None


@transaction.atomic
def assign_reviewer(
    article: Article,
    *,
    actor: Person,
    reviewer: Person,
    anonymous: bool | None = None,
    now: datetime | None = None,
) -> Review:
    """The editor `actor` asks a partner's person (or a secretariat editor) to review this round;
    never the author. `anonymous` (hide reviewers' names from the author) is chosen with the
    first reviewer and fixed after that."""
    now = now or timezone.now()
    if not permissions.is_journal_editor(actor):
        raise Forbidden("Only editors assign reviewers.", code="not_editor")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status not in (Article.Status.SUBMITTED, Article.Status.IN_REVIEW):
        raise Conflict("This article is not waiting for reviews.", code="wrong_status")
    if reviewer.pk == article.author_id:
        raise Invalid("Authors do not review their own article.", code="own_article")
    if not permissions.may_review(reviewer):
        raise Invalid(
            "Reviewers come from partner organisations or the secretariat.", code="not_partner"
        )
    if article.reviews.filter(reviewer=reviewer, round=article.round).exists():
        raise Conflict("This reviewer is already assigned.", code="already_assigned")
    if anonymous is not None and anonymous != article.review_is_anonymous:
        if article.reviews.exists():
            raise Conflict(
                "Whether review is anonymous is fixed once a reviewer is assigned.",
                code="anonymity_fixed",
            )
        article.review_is_anonymous = anonymous
    review = Review.objects.create(
        article=article, reviewer=reviewer, round=article.round, assigned_by=actor, assigned_at=now
    )
    article.status = Article.Status.IN_REVIEW
    article.save(update_fields=["status", "review_is_anonymous"])
    _record(
        article,
        actor=actor,
        action=HistoryEntry.Action.REVIEWER_ASSIGNED,
        now=now,
        note=name_of(reviewer),
    )
    _tell(
        [reviewer],
        kind="journal.review_requested",
        text=translated(gettext_lazy("Please review: %(title)s"), title=article.title),
        article=article,
    )
    _tell(
        [article.author],
        kind="journal.in_review",
        text=translated(gettext_lazy("Your article is in review: %(title)s"), title=article.title),
        article=article,
    )
    return review


@transaction.atomic
def submit_review(
    review: Review,
    *,
    actor: Person,
    recommendation: str,
    comments: str,
    now: datetime | None = None,
) -> Review:
    """The reviewer `actor` records a recommendation (accept, revise, reject) with comments;
    the editor is told."""
    now = now or timezone.now()
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("article", "assigned_by")
        .get(pk=review.pk)
    )
    if not permissions.can_review(actor, review):
        raise Forbidden("This review is not yours to give, or not open.", code="not_reviewer")
    if recommendation not in Review.Recommendation.values:
        raise Invalid(f"Unknown recommendation {recommendation!r}.", code="recommendation")
    if not comments.strip():
        raise Invalid("Reviewers explain their recommendation.", code="comments")
    review.recommendation = recommendation
    review.comments = comments.strip()
    review.submitted_at = now
    review.save(update_fields=["recommendation", "comments", "submitted_at"])
    article = review.article
    _record(
        article,
        actor=actor,
        action=HistoryEntry.Action.REVIEWED,
        now=now,
        # the recommendation's value, shown in the reader's language (selectors.history_for);
        # the entry names the actor already
        note=recommendation,
    )
    editors = [review.assigned_by] if review.assigned_by else list(selectors.editors())
    _tell(
        editors,
        kind="journal.reviewed",
        text=translated(
            gettext_lazy("Review in: %(title)s"),
            gettext_lazy("%(name)s recommends: %(recommendation)s."),
            title=article.title,
            name=name_of(actor),
            recommendation=Review.Recommendation(recommendation).label,
        ),
        article=article,
    )
    return review


@transaction.atomic
def decide(
    article: Article,
    *,
    actor: Person,
    decision: str,
    note: str = "",
    now: datetime | None = None,
) -> Article:
    """The decision of the editor `actor` on this round, once at least one review is in.

    Accept publishes the article (and indexes it for search); revise sends it back to the
    author; reject ends it. The author and the round's reviewers are told.
    """
    now = now or timezone.now()
    if not permissions.is_journal_editor(actor):
        raise Forbidden("Only editors decide.", code="not_editor")
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("author").get(pk=article.pk)
    )
    if article.status != Article.Status.IN_REVIEW:
        raise Conflict("This article is not in review.", code="wrong_status")
    if decision not in DECISIONS:
        raise Invalid(f"Unknown decision {decision!r}.", code="decision")
    round_reviews = article.reviews.filter(round=article.round).select_related("reviewer")
    if not any(r.is_done for r in round_reviews):
        raise Conflict("Wait for at least one review before deciding.", code="no_review")
    status, action = DECISIONS[decision]
    article.status = status
    if status == Article.Status.PUBLISHED:
        article.published_at = now
    article.save(update_fields=["status", "published_at"])
    _record(article, actor=actor, action=action, now=now, note=note.strip())
    if status == Article.Status.PUBLISHED:
        index_article(article)
    label = HistoryEntry.Action(action).label
    _tell(
        [article.author],
        kind="journal.decision",
        text=translated(
            gettext_lazy("%(decision)s: %(title)s"), said=note, decision=label, title=article.title
        ),
        article=article,
    )
    _tell(
        [r.reviewer for r in round_reviews],
        kind="journal.decision",
        text=translated(
            gettext_lazy("Decision on %(title)s: %(decision)s"), decision=label, title=article.title
        ),
        article=article,
    )
    return article


@transaction.atomic
def resubmit(
    article: Article,
    *,
    author: Person,
    title: str,
    abstract: str,
    body: str,
    note: str = "",
    now: datetime | None = None,
) -> Article:
    """The author's revision: a new round starts, waiting for reviewers; editors are told."""
    now = now or timezone.now()
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not permissions.can_resubmit(author, article):
        raise Forbidden(
            "Only the author revises, and only when revisions are requested.", code="not_author"
        )
    _check_text(title, abstract, body)
    article.title, article.abstract, article.body = title.strip(), abstract.strip(), body.strip()
    article.round += 1
    article.status = Article.Status.SUBMITTED
    article.save(update_fields=["title", "abstract", "body", "round", "status"])
    Version.objects.create(
        article=article,
        round=article.round,
        title=article.title,
        abstract=article.abstract,
        body=article.body,
        created_at=now,
    )
    _record(
        article, actor=author, action=HistoryEntry.Action.RESUBMITTED, now=now, note=note.strip()
    )
    previous = [
        r.assigned_by for r in article.reviews.filter(round=article.round - 1) if r.assigned_by
    ]
    _tell(
        previous or selectors.editors().exclude(pk=author.pk),
        kind="journal.resubmitted",
        text=translated(
            gettext_lazy("Revised: %(title)s"),
            gettext_lazy("%(name)s revised the article; assign reviewers for round %(round)s."),
            title=article.title,
            name=name_of(author),
            round=article.round,
        ),
        article=article,
    )
    return article


def index_article(article: Article) -> None:
    search.index_document(
        kind=Document.Kind.ARTICLE,
        object_id=article.pk,
        language=article.language,
        title=article.title,
        body=f"{article.abstract} {plain_text(article.body)}",
        url=article.get_absolute_url(),
        updated_at=article.published_at or article.submitted_at,
    )
