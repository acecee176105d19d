"""The one place real-time events leave from: group names, event builders, and the send.

Services call `broadcast_on_commit`; nothing else sends on the channel layer. Every process's
hub (rooms/hub.py) holds one layer subscription per group and fans events out to its sockets.
Payloads are plain JSON values, never model instances.
"""

from __future__ import annotations

import functools
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

HUB_EVENT = "hub.event"
MODERATORS_GROUP = "moderators"


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def hub_message(group: str, event: dict) -> dict:
    return {"type": HUB_EVENT, "group": group, "event": event}


def send_now(group: str, event: dict) -> None:
    """Send at once from sync code; raises when the layer is unreachable."""
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, hub_message(group, event))


def _send_logged(group: str, event: dict) -> None:
    try:
        send_now(group, event)
    except Exception:
        # The database already holds the record; clients resume from it when the layer returns.
        logger.exception("could not broadcast %s to %s", event.get("type"), group)


def broadcast_on_commit(group: str, event: dict) -> None:
    """Send `event` to everyone subscribed to `group` once the current transaction commits."""
    transaction.on_commit(functools.partial(_send_logged, group, event))


# Event builders: the exact shapes the protocol documents (rooms/PROTOCOL.md).


def message_event(message: dict) -> dict:
    return {"type": "message", **message}


def presence_event(online: list[str]) -> dict:
    return {"type": "presence", "online": online}
