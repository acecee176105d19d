"""Liveness of what the site depends on: the database and the channel layer."""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection

LAYER_TIMEOUT_SECONDS = 2.0


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> str | None:
    """None when the database answers, else the reason."""
    try:
        await sync_to_async(_database_answers, thread_sensitive=True)()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


async def check_channel_layer() -> str | None:
    """A round trip: send a message to a fresh channel and read it back."""
    layer = get_channel_layer()
    if layer is None:
        return "no channel layer configured"
    try:
        async with asyncio.timeout(LAYER_TIMEOUT_SECONDS):
            channel = await layer.new_channel("healthz.")
            await layer.send(channel, {"type": "healthz.ping"})
            received = await layer.receive(channel)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if received.get("type") != "healthz.ping":
        return "the layer returned another message"
    return None


async def health_report() -> tuple[bool, dict]:
    database, layer = await check_database(), await check_channel_layer()
    report = {
        "database": {"ok": database is None, **({"error": database} if database else {})},
        "channel_layer": {"ok": layer is None, **({"error": layer} if layer else {})},
    }
    return database is None and layer is None, report
