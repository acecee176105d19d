"""The site-wide real-time send: group names for people, and sending after commit.

Every event leaves through `broadcast_on_commit` (or `send_async` for what is never stored,
such as typing). Each process's hub (rooms/hub.py) holds one channel-layer subscription per
group and fans events out to its own sockets, so a message is wrapped with its group name.
"""

from __future__ import annotations

import functools
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

HUB_EVENT = "hub.event"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_ended_event(session_key: str | None) -> dict:
    """Sent on `user.<id>`: close the sockets of this login (of every login when None)."""
    return {"type": "session.ended", "session_key": session_key}


def hub_message(group: str, event: dict) -> dict:
    return {"type": HUB_EVENT, "group": group, "event": event}


def send_now(group: str, event: dict) -> None:
    """Send at once from sync code; raises when the layer is unreachable."""
    async_to_sync(get_channel_layer().group_send)(group, hub_message(group, event))


async def send_async(group: str, event: dict) -> None:
    """Send at once from async code, for events that are never stored (typing)."""
    await get_channel_layer().group_send(group, hub_message(group, event))


def _send_logged(group: str, event: dict) -> None:
    try:
        send_now(group, event)
    except Exception:
        # The database already holds the record; clients resume from it when the layer returns.
        logger.exception("could not broadcast %s to %s", event.get("type"), group)


def broadcast_on_commit(group: str, event: dict) -> None:
    """Send `event` to everyone subscribed to `group` once the current transaction commits."""
    transaction.on_commit(functools.partial(_send_logged, group, event))
