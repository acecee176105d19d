"""The hub's fan-out: events keep their order, a pass carries what queued during the one
before it, and one broken socket does not starve the others."""

from __future__ import annotations

import asyncio
import contextlib
import json

from channels.layers import get_channel_layer

from salam.core import realtime
from salam.core.hub import Hub, fan_out_runs, get_hub
from salam.core.realtime import hub_message


class Recorder:
    """A local socket as the hub sees it: it records what it is given, and lets a test wait
    for the delivery it expects instead of sleeping for a while."""

    def __init__(self, *, slow: float = 0.0, broken: bool = False) -> None:
        self.frames: list[tuple[str, str]] = []
        self.slow, self.broken = slow, broken
        self.delivering = asyncio.Event()  # set when the hub first hands this socket a frame
        self._changed = asyncio.Event()

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        self.delivering.set()
        if self.broken:
            raise RuntimeError("this socket is gone")
        if self.slow:
            await asyncio.sleep(self.slow)
        self.frames.append((group, text))
        self._changed.set()

    async def until(self, count: int, timeout: float = 10) -> None:
        """Wait until this socket holds `count` frames (or fail after `timeout` seconds)."""
        async with asyncio.timeout(timeout):
            while len(self.frames) < count:
                self._changed.clear()
                await self._changed.wait()

    async def hub_lost(self, code: int) -> None:
        self.frames.append(("lost", str(code)))
        self._changed.set()


async def drained(hub: Hub, timeout: float = 5) -> None:
    """Wait until the hub has delivered everything it was given."""
    async with asyncio.timeout(timeout):
        while hub._drainer is not None:
            await asyncio.shield(hub._drainer)


def test_runs_group_neighbouring_events_of_a_group_and_keep_the_order():
    batch = [
        ("room.1", {"type": "message", "seq": 1}),
        ("room.1", {"type": "message", "seq": 2}),
        ("user.7", {"type": "kicked", "room": "welcome"}),
        ("room.1", {"type": "message", "seq": 3, "body": "café"}),
    ]
    runs = fan_out_runs(batch)
    assert [(group, [event["seq"] if "seq" in event else event["type"] for event, _ in events])
            for group, events in runs] == [
        ("room.1", [1, 2]),
        ("user.7", ["kicked"]),
        ("room.1", [3]),
    ]  # fmt: skip
    encoded = runs[2][1][0][1]
    assert json.loads(encoded) == batch[3][1]
    assert "café" in encoded  # sent as written, not escaped


def test_runs_of_nothing_are_nothing():
    assert fan_out_runs([]) == []


async def test_events_queued_during_a_pass_arrive_in_order_in_the_next_one():
    hub = Hub()
    slow, quick = Recorder(slow=0.01), Recorder()
    hub.groups["room.1"] = {slow}
    hub.groups["room.2"] = {quick}
    for seq in range(1, 4):
        hub.accept("room.1", {"type": "message", "seq": seq})
    await asyncio.wait_for(slow.delivering.wait(), 5)  # the first pass is under way
    for seq in range(4, 7):
        hub.accept("room.1", {"type": "message", "seq": seq})
    hub.accept("room.2", {"type": "message", "seq": 1})
    await drained(hub)
    assert [json.loads(text)["seq"] for _, text in slow.frames] == [1, 2, 3, 4, 5, 6]
    # msgspec writes compact JSON: compare what the text says, not its spacing
    assert [(group, json.loads(text)) for group, text in quick.frames] == [
        ("room.2", {"type": "message", "seq": 1})
    ]


async def test_a_broken_socket_does_not_starve_the_others():
    hub = Hub()
    broken, healthy = Recorder(broken=True), Recorder()
    hub.groups["room.1"] = {broken, healthy}
    hub.accept("room.1", {"type": "message", "seq": 1})
    hub.accept("room.1", {"type": "message", "seq": 2})
    await drained(hub)
    assert [json.loads(text)["seq"] for _, text in healthy.frames] == [1, 2]


async def test_presence_is_coalesced_to_the_latest_list(monkeypatch):
    monkeypatch.setattr("salam.core.hub.PRESENCE_COALESCE_SECONDS", 0.05)
    hub = Hub()
    socket = Recorder()
    hub.groups["room.1"] = {socket}
    for online in (["amina"], ["amina", "lucas"], ["lucas"]):
        hub.accept("room.1", {"type": "presence", "online": online})
    await socket.until(1)
    await drained(hub)
    assert hub._presence == {}  # nothing else is waiting to go out
    assert [json.loads(text) for _, text in socket.frames] == [
        {"type": "presence", "online": ["lucas"]}
    ]


async def test_a_large_room_gets_every_event_through_the_layer():
    """Through the configured layer (Redis on CI's services pass): 1,500 sockets, 20 events."""
    hub = Hub()
    sockets = [Recorder() for _ in range(1500)]
    for socket in sockets:
        await hub.subscribe("room.big", socket)
    try:
        layer = get_channel_layer()
        for seq in range(1, 21):
            await layer.group_send(
                "room.big", hub_message("room.big", {"type": "message", "seq": seq})
            )
        await asyncio.gather(*(socket.until(20, timeout=30) for socket in sockets))
        for socket in sockets:
            assert [json.loads(text)["seq"] for _, text in socket.frames] == list(range(1, 21))
    finally:
        for socket in sockets:
            await hub.unsubscribe("room.big", socket)
        for task in hub._tasks:
            task.cancel()


@contextlib.asynccontextmanager
async def followed_here_and_elsewhere(group: str):
    """This process's hub follows `group` for one local socket, and a layer channel stands
    for another process in the group; yields (hub, socket, layer, that channel)."""
    hub = get_hub()
    socket = Recorder()
    await hub.subscribe(group, socket)
    layer = get_channel_layer()
    listener = await layer.new_channel("listener.")
    await layer.group_add(group, listener)
    try:
        yield hub, socket, layer, listener
    finally:
        await layer.group_discard(group, listener)
        await hub.unsubscribe(group, socket)
        for task in hub._tasks:
            task.cancel()


async def test_an_event_for_a_group_this_process_follows_arrives_once_and_echoes_marked():
    async with followed_here_and_elsewhere("room.7") as (hub, socket, layer, listener):
        await realtime.send_async("room.7", {"type": "message", "seq": 1})
        echo = await asyncio.wait_for(layer.receive(listener), 5)
        assert echo["origin"] == hub.server_id
        assert echo["event"] == {"type": "message", "seq": 1}
        # Another process's event, sent after the echo: the layer keeps the order on the hub's
        # channel, so when it arrives the echo has been read (and skipped) before it.
        await layer.group_send("room.7", hub_message("room.7", {"type": "message", "seq": 2}))
        await socket.until(2)
        await drained(hub)
        assert [json.loads(text) for _, text in socket.frames] == [
            {"type": "message", "seq": 1},
            {"type": "message", "seq": 2},
        ]


async def test_an_event_for_a_group_nobody_here_follows_goes_through_the_layer():
    get_hub()  # this loop has a hub, following nothing
    layer = get_channel_layer()
    listener = await layer.new_channel("listener.")
    await layer.group_add("room.8", listener)
    try:
        await realtime.send_async("room.8", {"type": "message", "seq": 4})
        message = await asyncio.wait_for(layer.receive(listener), 5)
        assert "origin" not in message
        assert message["event"] == {"type": "message", "seq": 4}
    finally:
        await layer.group_discard("room.8", listener)


async def test_echoes_reach_the_other_processes_in_the_order_sent(monkeypatch):
    """A slow group send (Redis round trips under load) must not let the next one pass it."""
    async with followed_here_and_elsewhere("room.9") as (_hub, _socket, layer, listener):
        real_group_send = layer.group_send

        async def slow_for_the_first(group: str, message: dict) -> None:
            if message["event"]["seq"] == 1:
                await asyncio.sleep(0.1)
            await real_group_send(group, message)

        monkeypatch.setattr(layer, "group_send", slow_for_the_first)
        await realtime.send_async("room.9", {"type": "message", "seq": 1})
        await realtime.send_async("room.9", {"type": "message", "seq": 2})
        received = [await asyncio.wait_for(layer.receive(listener), 5) for _ in range(2)]
        assert [message["event"]["seq"] for message in received] == [1, 2]
