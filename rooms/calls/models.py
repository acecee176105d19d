"""Who is in a room's call: one row per person, tied to the room socket they joined from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rooms.chat.models import Room


class CallMember(models.Model):
    """A person in a room's call, through one socket (`connection`, its presence row's).

    The row counts only while that presence row is live (refreshed by its process): a crashed
    process's call members drop out with its presence, within the presence TTL, and the
    keep-alive sweep deletes their rows (rooms.calls.services.sweep)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="call_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connection = models.CharField(max_length=64, unique=True)
    audio = models.BooleanField(default=False)
    video = models.BooleanField(default=False)
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="call_member_once_per_room")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in the call of {self.room_id}"
