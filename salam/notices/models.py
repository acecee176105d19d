"""Notices: what the site tells a person (a moved session, a reply, a review), kept until read;
each person's choices of how they arrive; the daily digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # What makes a notice happen once per person (a reminder per occurrence, a no-show per
    # pairing); empty for the notices that may repeat.
    key = models.CharField(max_length=100, blank=True, default="")
    # Waiting for the person's next daily digest mail.
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notice_once_per_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notice_unread_idx"
            ),
            models.Index(
                fields=["user"], condition=Q(digest_pending=True), name="notice_digest_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NoticeSettings(models.Model):
    """A person's choices: per kind, how it reaches them (kinds.Delivery; a kind not listed
    takes its default), and whether mails may carry what was said."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_settings"
    )
    deliveries = models.JSONField(default=dict, blank=True)
    private_email = models.BooleanField(
        _("No message content in email"),
        default=False,
        help_text=_("Mails say what happened and link to it, without quoting what was said."),
    )

    def __str__(self) -> str:
        return f"notice settings of {self.user_id}"


class Digest(models.Model):
    """One person's daily digest mail: the unique day makes it once per day, whichever worker
    gets there first."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"digest of {self.user_id} on {self.day}"
