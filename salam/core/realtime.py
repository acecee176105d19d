"""The site-wide real-time send: group names for people, and sending after commit.

Every event leaves through `broadcast_on_commit` (or `send_async` for what is never stored,
such as typing). Each process's hub (salam/core/hub.py) holds one channel-layer subscription per
group and fans events out to its own sockets, so a message is wrapped with its group name.

An event for a group that this process's hub follows goes to the hub at once, and to the
layer for the other processes, marked with the hub's id so that the hub skips its echo: the
people on this process do not wait for three Redis round trips and the reader's turn.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Protocol

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

HUB_EVENT = "hub.event"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def hub_message(group: str, event: dict) -> dict:
    return {"type": HUB_EVENT, "group": group, "event": event}


class LocalFanOut(Protocol):
    """What this module needs of a process's hub."""

    server_id: str

    def follows(self, group: str) -> bool: ...

    def accept(self, group: str, event: dict) -> None: ...


_local_fan_outs: dict[asyncio.AbstractEventLoop, LocalFanOut] = {}
# The latest send to the other processes, per loop and group, still under way: each waits for
# the one before it, so the other processes receive a group's events in the order they were
# sent (two sends in flight at once can reach Redis in either order, and one person's two
# messages would then arrive swapped).
_echoes: dict[tuple[asyncio.AbstractEventLoop, str], asyncio.Task] = {}


def attach_local_fan_out(fan_out: LocalFanOut) -> None:
    """Deliver events sent from the running loop to `fan_out` directly."""
    for loop in [loop for loop in _local_fan_outs if loop.is_closed()]:
        del _local_fan_outs[loop]
    _local_fan_outs[asyncio.get_running_loop()] = fan_out


def send_now(group: str, event: dict) -> None:
    """Send at once from sync code; raises when the layer is unreachable (unless this
    process delivers the event itself, when the layer's failure is only logged)."""
    async_to_sync(send_async)(group, event)


async def send_async(group: str, event: dict) -> None:
    """Send at once from async code."""
    message = hub_message(group, event)
    loop = asyncio.get_running_loop()
    local = _local_fan_outs.get(loop)
    if local is None or not local.follows(group):
        await get_channel_layer().group_send(group, message)
        return
    local.accept(group, event)
    message["origin"] = local.server_id
    key = (loop, group)
    echo = asyncio.ensure_future(_echo_after(_echoes.get(key), group, message))
    _echoes[key] = echo
    echo.add_done_callback(functools.partial(_echo_done, key))


async def _echo_after(previous: asyncio.Task | None, group: str, message: dict) -> None:
    if previous is not None:
        await asyncio.wait([previous])  # its failure was logged by its own callback
    await get_channel_layer().group_send(group, message)


def _echo_done(key: tuple[asyncio.AbstractEventLoop, str], echo: asyncio.Task) -> None:
    if _echoes.get(key) is echo:
        del _echoes[key]
    if not echo.cancelled() and echo.exception() is not None:
        logger.warning("could not send to the other processes", exc_info=echo.exception())


def _send_logged(group: str, event: dict) -> None:
    try:
        send_now(group, event)
    except Exception:
        # The database already holds the record; clients resume from it when the layer returns.
        logger.exception("could not broadcast %s to %s", event.get("type"), group)


def broadcast_on_commit(group: str, event: dict) -> None:
    """Send `event` to everyone subscribed to `group` once the current transaction commits."""
    transaction.on_commit(functools.partial(_send_logged, group, event))
