"""The ceiling: a raw ASGI app that broadcasts every received frame to all its open sockets.

No Django, no Channels, no channel layer: what daphne alone costs per delivery. Each socket
is greeted with `{"type": "hello"}` once it is counted, so clients know when to start.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Send = Callable[[dict], Awaitable[None]]

HELLO = '{"type": "hello"}'
_sockets: set[Send] = set()


async def application(scope: dict, receive: Callable, send: Send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            pass
        return
    if scope["type"] != "websocket":
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    _sockets.add(send)
    try:
        await send({"type": "websocket.send", "text": HELLO})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                continue
            frame = {"type": "websocket.send", "text": text}
            for other in tuple(_sockets):
                await other(frame)
    finally:
        _sockets.discard(send)
