"""Pairing: people asking for a partner now, scheduled rounds, the matches made, feedback."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rooms.chat.models import Room


class PairingRequest(models.Model):
    """Someone asking for a partner right now; at most one waiting request per person."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        MATCHED = "matched", _("Matched")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairing_requests"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    # The queue orders by this: a no-show's new request goes to the front.
    waiting_since = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    pairing = models.ForeignKey(
        "Pairing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="waiting"), name="one_waiting_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status}"


class Round(models.Model):
    class PoolKind(models.TextChoices):
        UNIVERSITY = "university", _("Universities")
        CITY = "city", _("A city")

    class Mode(models.TextChoices):
        PAIRS = "pairs", _("Pairs")
        GROUPS = "groups", _("Groups")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Matched")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=140)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=45, validators=[MinValueValidator(5)]
    )
    pool_kind = models.CharField(_("pool"), max_length=16, choices=PoolKind.choices)
    universities = models.ManyToManyField("people.University", blank=True, related_name="+")
    city = models.ForeignKey(
        "people.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.PAIRS)
    group_size = models.PositiveSmallIntegerField(
        _("group size"), default=4, validators=[MinValueValidator(3), MaxValueValidator(6)]
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="rounds_facilitated"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    matched_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rooms:round", kwargs={"round_id": self.pk})


class RoundSignup(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_up_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="signup_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in round {self.round_id}"


class Pairing(models.Model):
    """One match: a pair (or group) and its private room; from a round or made instantly."""

    room = models.OneToOneField(Room, on_delete=models.CASCADE, related_name="pairing")
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="pairings"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_interests = models.JSONField(default=list)
    starters = models.JSONField(default=list)
    score = models.FloatField(default=0)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"pairing {self.pk}"


class PairingMember(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairings"
    )
    waited_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "user"], name="pairing_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.pairing_id}"


class RoundUnmatched(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="unmatched")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.reason}"


class Feedback(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # None when the partner did not come (met is False): nothing to rate.
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_talk_again = models.BooleanField(default=False)
    # "Did you meet?": None for feedback given before the question was asked.
    met = models.BooleanField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "user"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 by {self.user_id}"
