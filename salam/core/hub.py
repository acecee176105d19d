"""One channel-layer subscription per group per process, fanned out to that process's sockets.

Channels' documented pattern gives every socket its own layer channel and dispatches each
group message once per member, through the consumer's dispatch (and, since channels 4.2, a
thread hop per message). Here a process holds one layer channel; for each group that at least
one of its sockets follows (`room.<id>`, `user.<id>`, `moderators`) it joins the group once,
and each event crosses Redis once per process, is encoded to JSON once, and is written to the
local sockets directly. The database stays the record: the layer is only the fast path.

Events wait in an outbox and go out in passes: a pass writes each socket everything queued for
it, so the server flushes a socket once per pass, not once per event, and the busier a room the
more a pass carries. A pass yields to the event loop every millisecond, because the reader
needs several turns of the loop (Redis round trips) to fetch each event: with coarser slices a
room of 1,000 read fewer events per second than it was sent, and latency grew without bound.

When the layer fails (Redis unreachable) every local socket is closed with 1012 so that its
client reconnects and resumes from the database; a reconnect while the layer is still down is
refused with 1013 (try again later).

The hub also knows each person's sockets in this process, of every type: `admit` refuses one
beyond `SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS` (the socket closes with 4429).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone

from salam.core import frames, realtime
from salam.core.close_codes import CLOSE_LAYER_LOST

logger = logging.getLogger(__name__)

GROUP_REFRESH_SECONDS = 3600  # channels-redis forgets group members after a day by default
PRESENCE_COALESCE_SECONDS = 0.5
FAN_OUT_SLICE_SECONDS = 0.001
KEEP_ALIVE_SECONDS = 10

# Work each hub runs every KEEP_ALIVE_SECONDS with its server id and the time (in a thread):
# the apps above register theirs (rooms refreshes its presence rows) in AppConfig.ready().
KeepAlive = Callable[[str, dt.datetime], object]
_keep_alive_work: list[KeepAlive] = []


def on_keep_alive(work: KeepAlive) -> None:
    if work not in _keep_alive_work:
        _keep_alive_work.append(work)


class Subscriber(Protocol):
    async def hub_deliver(self, group: str, event: dict, text: str) -> None: ...

    async def hub_lost(self, code: int) -> None: ...


class Hub:
    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.server_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.channel: str | None = None
        self.groups: dict[str, set[Subscriber]] = {}
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        self._presence: dict[str, dict] = {}  # latest presence event per group, not yet sent
        self._outbox: list[tuple[str, dict]] = []  # (group, event) not yet delivered, in order
        self._drainer: asyncio.Task | None = None
        self._sockets: dict[int, set[object]] = {}  # person id -> their open sockets here
        realtime.attach_local_fan_out(self)

    def admit(self, person_id: int, socket: object) -> bool:
        """Count one more socket of this person in this process, unless they already hold
        `SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS`; `release` it when it closes."""
        held = self._sockets.setdefault(person_id, set())
        if socket not in held and len(held) >= sockets_per_person():
            return False
        held.add(socket)
        return True

    def release(self, person_id: int, socket: object) -> None:
        held = self._sockets.get(person_id)
        if held is not None:
            held.discard(socket)
            if not held:
                del self._sockets[person_id]

    def sockets_of(self, person_id: int) -> int:
        return len(self._sockets.get(person_id, ()))

    async def subscribe(self, group: str, subscriber: Subscriber) -> None:
        """Follow `group`; raises when the layer cannot be reached."""
        async with self._lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel("hub.")
                self._tasks = [
                    asyncio.create_task(self._read(self.channel)),
                    asyncio.create_task(self._keep_alive(self.channel)),
                ]
            members = self.groups.get(group)
            if not members:
                await self.layer.group_add(group, self.channel)
                members = self.groups[group] = set()
            members.add(subscriber)

    async def unsubscribe(self, group: str, subscriber: Subscriber) -> None:
        async with self._lock:
            members = self.groups.get(group)
            if members is None:
                return
            members.discard(subscriber)
            if members or self.channel is None:
                return
            del self.groups[group]
            try:
                await self.layer.group_discard(group, self.channel)
            except Exception:
                logger.warning("could not leave %s", group)

    async def _read(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("channel layer lost; closing local sockets", exc_info=True)
                await self._lose(channel)
                return
            if message.get("origin") != self.server_id:  # this process's own went out at once
                self.accept(message.get("group", ""), message.get("event") or {})

    def accept(self, group: str, event: dict) -> None:
        """Take an event for this process's sockets: from the layer, or sent by this process
        (salam.core.realtime), whose echo from the layer `_read` then skips."""
        if event.get("type") == "presence":
            # Each presence event carries the whole list: when many arrive at once (a room
            # filling up, everyone reconnecting), only the latest matters. Coalesce them.
            first = group not in self._presence
            self._presence[group] = event
            if first:
                asyncio.get_running_loop().call_later(
                    PRESENCE_COALESCE_SECONDS, self._flush_presence, group
                )
            return
        self._enqueue(group, event)

    def _flush_presence(self, group: str) -> None:
        event = self._presence.pop(group, None)
        if event is not None:
            self._enqueue(group, event)

    def follows(self, group: str) -> bool:
        return bool(self.groups.get(group))

    def _enqueue(self, group: str, event: dict) -> None:
        self._outbox.append((group, event))
        if self._drainer is None:
            self._drainer = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        """Deliver what is queued, in order; events that arrive during a pass wait for the
        next one. A pass writes all its events to a socket at once, so the server sends them
        in one system call instead of one per event: under load, the busier the room, the
        more each pass carries (as the raw broadcast batches the frames it reads together)."""
        try:
            while self._outbox:
                batch, self._outbox = self._outbox, []
                try:
                    await self._deliver(fan_out_runs(batch))
                except Exception:  # a bad event must not hold up the ones behind it
                    logger.exception("fan-out failed")
                if any(event.get("type") == "presence" for _, event in batch):
                    release_freed_memory()
        finally:
            self._drainer = None

    async def _deliver(self, runs: list[tuple[str, list[tuple[dict, str]]]]) -> None:
        yield_at = time.perf_counter() + FAN_OUT_SLICE_SECONDS
        for group, events in runs:
            for subscriber in tuple(self.groups.get(group, ())):
                for event, text in events:
                    try:
                        await subscriber.hub_deliver(group, event, text)
                    except Exception:  # one broken socket must not starve the others
                        logger.exception("delivery failed")
                if time.perf_counter() > yield_at:
                    # Let the loop breathe during a large room's fan-out: the reader needs
                    # several turns of the loop (Redis round trips) to fetch the next event.
                    await asyncio.sleep(0)
                    yield_at = time.perf_counter() + FAN_OUT_SLICE_SECONDS

    async def _lose(self, channel: str) -> None:
        async with self._lock:
            if self.channel != channel:
                return
            subscribers = {s for members in self.groups.values() for s in members}
            self.channel, self.groups = None, {}
            tasks, self._tasks = self._tasks, []
        for task in tasks:
            if task is not asyncio.current_task():
                task.cancel()
        for subscriber in subscribers:
            try:
                await subscriber.hub_lost(CLOSE_LAYER_LOST)
            except Exception:  # one socket that cannot be closed must not keep the others open
                logger.exception("could not close a socket after losing the layer")
        # Drop the dead connections, so that the next subscribe dials Redis afresh.
        close_pools = getattr(self.layer, "close_pools", None)
        if close_pools is not None:
            with contextlib.suppress(Exception):
                await close_pools()

    async def _keep_alive(self, channel: str) -> None:
        """Run the registered keep-alive work (presence) and renew group membership."""
        since_refresh = 0.0
        while True:
            await asyncio.sleep(keep_alive_seconds())
            now = timezone.now()
            for work in _keep_alive_work:
                try:
                    await database_sync_to_async(work)(self.server_id, now)
                except Exception:
                    logger.warning("keep-alive work %r failed", work, exc_info=True)
            since_refresh += keep_alive_seconds()
            if since_refresh >= GROUP_REFRESH_SECONDS:
                since_refresh = 0.0
                for group in list(self.groups):
                    with contextlib.suppress(Exception):
                        await self.layer.group_add(group, channel)


def sockets_per_person() -> int:
    return getattr(settings, "SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS", 20)


def keep_alive_seconds() -> float:
    return getattr(settings, "HUB_KEEP_ALIVE_SECONDS", KEEP_ALIVE_SECONDS)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None


_trim = _malloc_trim()


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system. A presence list goes to every socket
    of a room as one large frame each; once written, glibc keeps those freed buffers mapped,
    and a room filling up leaves the process several KiB per socket larger than it needs."""
    if _trim is not None:
        _trim(0)


def fan_out_runs(batch: list[tuple[str, dict]]) -> list[tuple[str, list[tuple[dict, str]]]]:
    """Group consecutive events of the same group, each encoded to JSON once (UTF-8, by
    msgspec: several times json.dumps' speed): a socket gets a run's events together, and
    events keep their order across the runs of a batch."""
    runs: list[tuple[str, list[tuple[dict, str]]]] = []
    for group, event in batch:
        encoded = (event, frames.encode(event))
        if runs and runs[-1][0] == group:
            runs[-1][1].append(encoded)
        else:
            runs.append((group, [encoded]))
    return runs


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def get_hub() -> Hub:
    """This process's hub for the running event loop (tests run one loop per test)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        for old_loop in [old for old in _hubs if old.is_closed()]:
            del _hubs[old_loop]
        hub = _hubs[loop] = Hub()
    return hub
