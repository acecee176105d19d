"""The youth video contest: editions, entries and their media, consent, judging, votes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from salam.clearinghouse.models import Organisation


def default_rubric() -> list[dict]:
    return [
        {"key": "message", "label": "Message", "weight": 3},
        {"key": "creativity", "label": "Creativity", "weight": 2},
        {"key": "craft", "label": "Craft", "weight": 2},
        {"key": "originality", "label": "Originality", "weight": 1},
    ]


class Edition(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    themes = models.JSONField(_("themes"), default=list)
    # {"en": "...", "fr": "...", ...}: the rules in each language
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    min_seconds = models.PositiveIntegerField(_("shortest length (s)"), default=60)
    max_seconds = models.PositiveIntegerField(_("longest length (s)"), default=300)
    earliest_production = models.DateField(_("earliest production date"))
    opens_at = models.DateTimeField(_("submissions open"))
    closes_at = models.DateTimeField(_("submissions close"))
    screening_ends_at = models.DateTimeField(_("screening ends"), null=True, blank=True)
    jury_ends_at = models.DateTimeField(_("jury ends"), null=True, blank=True)
    gallery_opens_at = models.DateTimeField(_("gallery opens"), null=True, blank=True)
    vote_opens_at = models.DateTimeField(_("vote opens"), null=True, blank=True)
    vote_closes_at = models.DateTimeField(_("vote closes"), null=True, blank=True)
    festival_published = models.BooleanField(_("festival page published"), default=False)
    excluded_people = models.TextField(
        _("who may not enter"),
        default="Jurors and their families, and the organisers' staff.",
        blank=True,
    )
    rubric = models.JSONField(_("rubric"), default=default_rubric)
    anonymous_judging = models.BooleanField(_("anonymous judging"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="edition_window"
            ),
            models.CheckConstraint(
                condition=Q(max_seconds__gte=models.F("min_seconds")), name="edition_lengths"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contest:edition", args=[self.slug])


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    min_age = models.PositiveSmallIntegerField(_("youngest age"))
    max_age = models.PositiveSmallIntegerField(_("oldest age"))

    class Meta:
        ordering = ["min_age"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")), name="category_ages"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recognition(models.Model):
    class Kind(models.TextChoices):
        PRIZE = "prize", _("Prize")
        SPECIAL = "special", _("Special recognition")
        PARTNER = "partner", _("Partner recognition")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="recognitions")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PRIZE)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="partner", organisation__isnull=False) | ~Q(kind="partner"),
                name="recognition_partner_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Juror(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="juror_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.edition}"


class Entry(models.Model):
    class Processing(models.TextChoices):
        WAITING = "waiting", _("Waiting for the video")
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="entries")
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_entries"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    synopsis = models.TextField(_("synopsis"))
    themes = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    # [{"name": "...", "role": "..."}]
    collaborators = models.JSONField(default=list, blank=True)
    country = CountryField(_("country"))
    birth_date = models.DateField(_("main entrant's date of birth"))
    production_date = models.DateField(_("production date"))
    video_format = models.CharField(max_length=8)  # the declared kind: mp4, mov, webm, mkv
    rights_declared = models.BooleanField(default=False)
    ai_disclosure = models.TextField(blank=True)
    stock_disclosure = models.TextField(blank=True)
    not_excluded = models.BooleanField(default=False)
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_email = models.EmailField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # the processing job's state, shown live on the entry's page
    processing = models.CharField(
        max_length=16, choices=Processing.choices, default=Processing.WAITING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True)
    attempt = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    source_name = models.CharField(max_length=300, blank=True)  # under MEDIA_ROOT
    media_dir = models.CharField(max_length=300, blank=True)  # under MEDIA_ROOT, once ready
    # eligibility, as last checked: [{"code": ..., "reason": ...}]
    problems = models.JSONField(default=list)
    eligible = models.BooleanField(default=False)
    screening = models.CharField(max_length=8, blank=True)  # yes / no / maybe
    screening_notes = models.TextField(blank=True)
    shortlisted = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contest:entry", args=[self.edition.slug, self.pk])

    @property
    def code(self) -> str:
        """What anonymous jurors see instead of the entrant's name."""
        return f"#{self.pk:04d}"


class SubtitleTrack(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="subtitles")
    language = models.CharField(max_length=8)
    vtt = models.TextField()  # converted to WebVTT when uploaded (webvtt-py)
    transcript = models.TextField(blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="subtitle_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.language}"


class Upload(models.Model):
    """A resumable upload: chunks are appended at `received` until it reaches `size`."""

    token = models.UUIDField(default=uuid.uuid4, unique=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="uploads")
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=models.F("size")), name="upload_within_size"
            ),
        ]

    def __str__(self) -> str:
        return f"upload {self.token} ({self.received}/{self.size})"


class Consent(models.Model):
    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Parent or guardian")
        APPEARING = "appearing", _("Person who appears")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    release_name = models.CharField(
        max_length=300, blank=True
    )  # a signed release, under MEDIA_ROOT
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"

    @property
    def given(self) -> bool:
        return self.consented_at is not None


class Conflict(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "entry"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.juror_id} x {self.entry_id}"


class Score(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    marks = models.JSONField()  # {criterion key: 1..10}
    notes = models.TextField(blank=True)  # private to the juror
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "entry"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.juror_id} scores {self.entry_id}"


class Decision(models.Model):
    """An entry given a recognition (a prize by the organisers, a partner's by its members)."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="decisions")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["recognition", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recognition", "entry"], name="decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.recognition_id}: {self.entry_id}"


class Vote(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    network = models.CharField(max_length=64)
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "voter"], name="one_vote_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} for {self.entry_id}"


class VoteLog(models.Model):
    """Every cast and withdrawal, kept for the anomaly report (a withdrawn vote's row goes)."""

    class Action(models.TextChoices):
        CAST = "cast", _("Cast")
        WITHDRAW = "withdraw", _("Withdrawn")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="vote_log")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE)
    action = models.CharField(max_length=16, choices=Action.choices)
    network = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.voter_id} {self.at}"
