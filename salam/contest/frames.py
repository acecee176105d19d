"""The contest's frame on the person's own socket (`/ws/me/`, rooms/pairing/frames.py)."""

from __future__ import annotations

from salam.core.frames import Frame


class EntryProgress(Frame, tag="contest.progress"):
    """The processing of one of this person's entries moved: `state` is queued, processing
    (with `progress` in percent), ready or failed (with `failure`, the reason)."""

    entry: int
    state: str
    progress: int
    failure: str = ""
