"""Liveness of what the site depends on: the database and the channel layer.

The layer check asks Redis itself, through the layer's own connection pool (a PING on every
shard the layer uses), and does not receive from the layer. A receive on a channel of this
process cannot be a health check: channels_redis reads every process-local channel through one
receive lock, which the hub (salam.core.hub) holds for as long as it follows a group, so such a
round trip waited behind the hub and /healthz answered 503 for ever once one socket had been
served. A PING answers exactly what a load balancer needs to know, whether the Redis the
layer's connections go to is reachable and answering, and it fails within the timeout when
Redis is stopped or hangs. The in-memory layer (development) has no server to ask: a send and
receive round trip checks it.
"""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection

LAYER_TIMEOUT_SECONDS = 2.0
DATABASE_TIMEOUT_SECONDS = 5.0


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> str | None:
    """None when the database answers within the timeout, else the reason. It runs in the
    request's thread, whose connection goes back to the pool when the request finishes."""
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            await sync_to_async(_database_answers, thread_sensitive=True)()
    except Exception as exc:
        return _error(exc)
    return None


async def _ping_redis(layer) -> None:
    for index in range(len(layer.hosts)):
        if not await layer.connection(index).ping():
            raise ConnectionError("Redis did not answer PING")


async def _round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    received = await layer.receive(channel)
    if received.get("type") != "healthz.ping":
        raise LookupError("the layer returned another message")


async def check_channel_layer() -> str | None:
    """None when the layer's server answers within the timeout, else the reason."""
    layer = get_channel_layer()
    if layer is None:
        return "no channel layer configured"
    check = _ping_redis if hasattr(layer, "connection") and hasattr(layer, "hosts") else _round_trip
    try:
        async with asyncio.timeout(LAYER_TIMEOUT_SECONDS):
            await check(layer)
    except Exception as exc:
        return _error(exc)
    return None


async def health_report() -> tuple[bool, dict]:
    database, layer = await asyncio.gather(check_database(), check_channel_layer())
    report = {
        "database": {"ok": database is None, **({"error": database} if database else {})},
        "channel_layer": {"ok": layer is None, **({"error": layer} if layer else {})},
    }
    return database is None and layer is None, report
