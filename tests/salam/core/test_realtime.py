"""The real-time send: what the storing process hands its own sockets at once reaches the other
processes too, in the order it was sent."""

from __future__ import annotations

import asyncio

from channels.layers import get_channel_layer

from salam.core import realtime
from salam.core.hub import get_hub
from tests.salam.core.test_hub import Recorder

BURST = 80  # one busy room's sends, well under the layer's per-channel capacity (1,000)


async def test_a_burst_on_a_followed_group_reaches_the_other_processes_in_order():
    hub = get_hub()
    socket = Recorder()
    await hub.subscribe("room.9", socket)
    layer = get_channel_layer()
    listener = await layer.new_channel("listener.")  # stands for another process
    await layer.group_add("room.9", listener)
    try:
        for seq in range(1, BURST + 1):  # as one socket's sends do, one after another
            await realtime.send_async("room.9", {"type": "message", "seq": seq})
        received = []
        async with asyncio.timeout(20):
            while len(received) < BURST:
                received.append((await layer.receive(listener))["event"]["seq"])
        assert received == list(range(1, BURST + 1))
        in_flight = list(realtime._echoes.values())
        if in_flight:
            await asyncio.wait(in_flight)
        await asyncio.sleep(0)  # their done callbacks run on the next turn of the loop
        assert not realtime._echoes  # every send to the others has finished and been let go
    finally:
        await layer.group_discard("room.9", listener)
        await hub.unsubscribe("room.9", socket)
        for task in hub._tasks:
            task.cancel()
