"""A bare ASGI app for tests/salam/test_close_codes.py, served by a real daphne.

Its websocket accepts, then closes with the code in `?code=`. `close_codes.install()` runs
only when SALAM_TEST_CLOSE_CODES=install, to show what daphne does without it.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from salam.core import close_codes

if os.environ.get("SALAM_TEST_CLOSE_CODES") == "install":
    close_codes.install()


async def application(scope, receive, send):
    if scope["type"] == "http":
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
    elif scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        code = int(parse_qs(scope["query_string"].decode())["code"][0])
        await send({"type": "websocket.close", "code": code})
        while (await receive())["type"] != "websocket.disconnect":
            pass
