"""Moderation's records: reports, the audit log, blocked terms and personal blocks.

None of them holds a foreign key to the content it is about: a report names its content by
`kind` (registered in salam/moderation/registry.py) and `object_id`, and the place it belongs
to by `context` (a key such as "room:12", empty for the site as a whole) with the place's
`context_label` kept for when the place is gone. So moderation depends on no app it moderates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Block(models.Model):
    """The blocker no longer sees the blocked person's messages and is never paired with them."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Report(models.Model):
    """The moderation queue: chat messages, forum posts, anything a registered kind names."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    class Source(models.TextChoices):
        PERSON = "person", _("Reported by a person")
        FILTER = "filter", _("Filed by the word filter")
        FEEDBACK = "feedback", _("Pairing feedback")

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = models.CharField(max_length=64, blank=True, db_index=True)
    context_label = models.CharField(max_length=100, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_filed",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_about",
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.PERSON)
    reason = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True)
    # What the filing app knew of the moment (a cohort session's phase, from its console):
    # recorded then, since it has moved on by the time a moderator reads the report.
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A person has one open report per item (file_report returns it when asked again).
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"],
                condition=Q(status="open", object_id__isnull=False, reporter__isnull=False),
                name="report_open_once_per_person",
            ),
            models.CheckConstraint(condition=~Q(kind=""), name="report_has_kind"),
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | (~Q(status="open") & Q(resolved_at__isnull=False)),
                name="report_resolved_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"


class ModerationAction(models.Model):
    """The audit record: never edited, kept when the content or its place is deleted."""

    class Action(models.TextChoices):
        MUTE = "mute", _("Mute")
        UNMUTE = "unmute", _("Unmute")
        KICK = "kick", _("Kick")
        BAN = "ban", _("Ban")
        UNBAN = "unban", _("Unban")
        DELETE = "delete", _("Delete message")
        LOCK = "lock", _("Lock room")
        UNLOCK = "unlock", _("Unlock room")
        SLOW_MODE = "slow_mode", _("Slow mode")
        PIN = "pin", _("Pin message")
        UNPIN = "unpin", _("Unpin message")
        DISMISS = "dismiss", _("Dismiss report")
        ASSIGN = "assign", _("Assign moderator")
        TERM = "term", _("Change word filter")
        HIDE_POST = "hide_post", _("Hide post")
        DELETE_POST = "delete_post", _("Delete post")
        VIEW_CONTEXT = "view_context", _("Read a report's context")
        CALL_MUTE = "call.mute", _("Mute in a call")
        CALL_REMOVE = "call.remove", _("Remove from a call")

    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    context = models.CharField(max_length=64, blank=True, db_index=True)
    context_label = models.CharField(max_length=100, blank=True)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_username = models.CharField(max_length=150, blank=True)
    # What the action was about, kept as it was: a message's seq and body, a post's id and text.
    object_ref = models.PositiveBigIntegerField(null=True, blank=True)
    object_text = models.TextField(blank=True)
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(action=""), name="audit_has_action")]

    def __str__(self) -> str:
        return f"{self.actor_username} {self.action} {self.target_username or self.context_label}"


class BlockedTerm(models.Model):
    class Mode(models.TextChoices):
        REFUSE = "refuse", _("Refuse the message")
        REPORT = "report", _("Let it through and file a report")

    # Empty: the term applies everywhere; else the place it applies to ("room:12").
    context = models.CharField(max_length=64, blank=True, db_index=True)
    context_label = models.CharField(max_length=100, blank=True)
    term = models.CharField(max_length=100)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.REFUSE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=["refuse", "report"]), name="blocked_term_mode_known"
            ),
            models.CheckConstraint(condition=~Q(term=""), name="blocked_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term
