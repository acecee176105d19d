"""Café Salam rooms: who is in them, what was said, and how they are kept safe."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
    # The last change number (edits, deletions, reactions: MessageChange.change), taken under
    # the room's row lock like last_seq, so resume replays changes gapless and in order.
    last_change = models.PositiveIntegerField(default=0, editable=False)
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
    mute_reason = models.CharField(max_length=500, blank=True)  # the moderator's, while muted
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
    edited_at = models.DateTimeField(null=True, blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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


class MessageChange(models.Model):
    """One change to a message after it was sent (an edit, a deletion, a reaction), numbered
    per room without gaps (`Room.last_change`, under the room's row lock): a resuming client
    asks for the changes after the last one it saw and gets them in order. An edit keeps the
    body it replaced (`previous_body`): the edit history that moderators may read."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited")
        DELETE = "delete", _("Deleted")
        REACTIONS = "reactions", _("Reactions changed")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="changes")
    change = models.PositiveIntegerField()
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    previous_body = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["room", "change"]
        constraints = [
            models.UniqueConstraint(fields=["room", "change"], name="message_change_unique")
        ]
        indexes = [models.Index(fields=["actor", "kind", "at"], name="message_change_rate_idx")]

    def __str__(self) -> str:
        return f"{self.room_id}~{self.change}"


class Reaction(models.Model):
    """One person's emoji on one message: once per person per emoji."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=16)
    at = models.DateTimeField()

    class Meta:
        ordering = ["message", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user", "emoji"], name="reaction_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.emoji} on {self.message_id}"
