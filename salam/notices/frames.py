"""The notice frame, sent live on the person's own socket (`/ws/me/`, rooms/pairing/frames.py)."""

from __future__ import annotations

from salam.core.frames import Frame


class Notice(Frame, tag="notice"):
    """A notice just stored for this person (salam.notices.services.notify)."""

    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: str
