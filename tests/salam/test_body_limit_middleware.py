"""The ASGI middleware that bounds request bodies, for servers that stream them (under daphne
the server guard refuses first: tests/salam/test_request_limits.py)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from salam.request_limits import BodyLimit, limit_for

MIB = 1024 * 1024


class Recorder:
    """The wrapped application: records what it read and answers 200."""

    def __init__(self) -> None:
        self.called, self.read = False, 0

    async def __call__(self, scope, receive, send) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # as Django does: nothing to answer
            self.read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def through_middleware(path: str, headers: list, chunks: list[bytes]):
    app, sent = Recorder(), []
    queue = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> dict:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "path": path, "method": "POST", "headers": headers}
    await BodyLimit(app)(scope, receive, send)
    return app, sent


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/accounts/login/", 3 * MIB),
        ("/forum/", 3 * MIB),
        ("/library/resources/new/", 21 * MIB),
        ("/library/resources/recognition/edit/", 21 * MIB),
        ("/library/packages/welcome-kit/", 21 * MIB),
        ("/library/resources/recognition/", 3 * MIB),
    ],
)
def test_each_path_has_its_limit(path, limit):
    assert limit_for(path) == limit


@override_settings(SALAM_MAX_REQUEST_BYTES=100)
async def test_the_middleware_refuses_a_declared_length_over_the_limit_without_calling_the_app():
    app, sent = await through_middleware("/", [(b"content-length", b"101")], [b"a" * 101])
    assert (app.called, sent[0]["status"]) == (False, 413)


@override_settings(SALAM_MAX_REQUEST_BYTES=100)
async def test_the_middleware_stops_a_streamed_body_at_the_limit():
    app, sent = await through_middleware("/", [], [b"a" * 60, b"a" * 60, b"a" * 60])
    assert app.read == 60  # the chunk that passed the limit never reached the app
    assert [m.get("status") for m in sent if m["type"] == "http.response.start"] == [413]


@override_settings(SALAM_MAX_REQUEST_BYTES=100)
async def test_the_middleware_passes_a_body_at_the_limit():
    app, sent = await through_middleware("/", [(b"content-length", b"100")], [b"a" * 50, b"a" * 50])
    assert (app.read, sent[0]["status"]) == (100, 200)
