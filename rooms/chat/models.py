"""Café Salam rooms: who is in them, what was said, and how they are kept safe."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Room(models.Model):
    class Kind(models.TextChoices):
        CAFE = "cafe", _("Café (open themed room)")
        PAIR = "pair", _("Pair (private room of a pairing)")
        SESSION = "session", _("Session (live room of a forum session)")

    class Visibility(models.TextChoices):
        OPEN = "open", _("Open to every signed-in person")
        MEMBERS = "members", _("Members only")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        LOCKED = "locked", _("Locked")
        ARCHIVED = "archived", _("Archived (read-only)")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=140)
    topic = models.CharField(_("topic"), max_length=280, blank=True)
    language = models.CharField(_("main language"), max_length=8, default="en")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CAFE)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.OPEN
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode (seconds)"), default=0)
    pinned_seq = models.PositiveIntegerField(_("pinned message"), null=True, blank=True)
    # The last seq handed out; taken under select_for_update so seq stays gapless.
    last_seq = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("room")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rooms:room", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        MODERATOR = "moderator", _("Moderator")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    last_read_seq = models.PositiveIntegerField(default=0)
    joined_at = models.DateTimeField(auto_now_add=True)
    muted_until = models.DateTimeField(null=True, blank=True)
    banned = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="membership_once_per_room")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.room}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="room_messages"
    )
    body = models.TextField()
    client_id = models.CharField(max_length=64)
    sent_at = models.DateTimeField(db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="message_seq_unique"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="message_client_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["room", "author", "sent_at"], name="message_rate_idx")]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq}"


class Presence(models.Model):
    """One open connection, refreshed by its server process; stale rows are swept."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connection = models.CharField(max_length=64, unique=True)
    server = models.CharField(max_length=64, db_index=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.room_id}"


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
    """The moderation queue: chat messages, and anything else flagged (forum posts...)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    class Source(models.TextChoices):
        PERSON = "person", _("Reported by a person")
        FILTER = "filter", _("Filed by the word filter")
        FEEDBACK = "feedback", _("Pairing feedback")

    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    # Anything else that can be flagged (a forum post, a journal comment).
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
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
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(message__isnull=False, reporter__isnull=False),
                name="report_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"


class ModerationAction(models.Model):
    """The audit record: never edited, kept when the message or the room is deleted."""

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

    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit"
    )
    room_slug = models.CharField(max_length=80, blank=True)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_username = models.CharField(max_length=150, blank=True)
    message_seq = models.PositiveIntegerField(null=True, blank=True)
    message_body = models.TextField(blank=True)
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.actor_username} {self.action} {self.target_username or self.room_slug}"


class BlockedTerm(models.Model):
    class Mode(models.TextChoices):
        REFUSE = "refuse", _("Refuse the message")
        REPORT = "report", _("Let it through and file a report")

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blocked_terms",
        help_text=_("Empty: the term applies to every room."),
    )
    term = models.CharField(max_length=100)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.REFUSE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
