"""Typing notices: never stored, so they are sent at once rather than after a commit."""

from __future__ import annotations

from rooms import realtime


async def announce_typing(room_id: int, *, username: str, display_name: str = "") -> None:
    await realtime.send_async(
        realtime.room_group(room_id), realtime.typing_event(username, display_name)
    )
