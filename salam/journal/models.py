"""The journal: articles in several languages, reviewed by partners before publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation


class Article(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, waiting for reviewers")
        IN_REVIEW = "in-review", _("In review")
        REVISIONS = "revisions", _("Revisions requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=240)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    abstract = models.TextField(_("abstract"))
    body = models.TextField(_("text (Markdown)"))
    language = models.CharField(_("language"), max_length=8)
    policy_area = models.CharField(_("policy area"), max_length=20, choices=PolicyArea.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("organisation"),
    )
    # Always the original article, never a translation of a translation.
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    round = models.PositiveSmallIntegerField(_("review round"), default=1)
    # Anonymous review: the author never learns who reviewed (chosen at the first assignment).
    review_is_anonymous = models.BooleanField(_("anonymous review"), default=True)
    submitted_at = models.DateTimeField(_("submitted"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The submission form's one-time token: a double submit finds this article again.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-submitted_at"]
        verbose_name = _("article")
        indexes = [models.Index(fields=["status", "language"], name="article_status_lang")]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.UniqueConstraint(
                fields=["author", "submit_token"], name="article_submitted_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("journal:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Version(models.Model):
    """The text as the author submitted it in each review round."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    round = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=240)
    abstract = models.TextField()
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "round"]
        constraints = [
            models.UniqueConstraint(fields=["article", "round"], name="article_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} round {self.round}"


class Review(models.Model):
    class Recommendation(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        REVISE = "revise", _("Revise")
        REJECT = "reject", _("Reject")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="journal_reviews"
    )
    round = models.PositiveSmallIntegerField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField()
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "round", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reviewer", "round"], name="review_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.article_id} by {self.reviewer_id} (round {self.round})"

    @property
    def is_done(self) -> bool:
        return self.submitted_at is not None


class HistoryEntry(models.Model):
    """The article's record: every workflow step, never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWER_ASSIGNED = "assigned", _("Reviewer assigned")
        REVIEWED = "reviewed", _("Review submitted")
        ACCEPTED = "accepted", _("Accepted and published")
        REVISIONS_REQUESTED = "revise", _("Revisions requested")
        REJECTED = "rejected", _("Rejected")
        RESUBMITTED = "resubmitted", _("Revised and resubmitted")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    round = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "created_at", "pk"]
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.action}"
