"""The notice frames, sent live on the person's own socket (`/ws/me/`, rooms/pairing/frames.py)
to every tab of theirs, on every server process."""

from __future__ import annotations

from salam.core.frames import Frame


class Notice(Frame, tag="notice"):
    """A notice just stored for this person (salam.notices.services.notify); `unread` is how
    many of their notices are unread once it is stored."""

    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: str
    unread: int | None = None


class NoticesRead(Frame, tag="notices.read"):
    """Some of the person's notices were marked read (in another tab, perhaps): `ids`, or all of
    them when `ids` is empty; `unread` is how many are left."""

    unread: int
    ids: list[int] = []
