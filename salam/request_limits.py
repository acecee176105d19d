"""Request bodies over a limit are refused with 413 before they are read.

The limit for a path (`limit_for`) is SALAM_MAX_REQUEST_BYTES, or SALAM_MAX_UPLOAD_REQUEST_BYTES
on the library's upload forms (SALAM_UPLOAD_PATHS), or a path's own (SALAM_BODY_LIMITS: the
contest's upload chunks, CONTEST_CHUNK_BYTES each). It holds in two places, because where a
body is buffered depends on the server:

- `BodyLimit`, an ASGI middleware around Django's HTTP application: it answers 413 from the
  Content-Length header without calling Django, and when a body without one (chunked) passes the
  limit while it streams in, it tells Django the client went away (so Django, which reads the
  whole body before it builds the request, stops reading and answers nothing) and answers 413
  itself. That is all a streaming ASGI server needs.
- `install_server_guard`, for daphne: twisted receives the whole body (into a temporary file)
  before daphne calls the application at all, and daphne then queues all of it in memory as
  `http.request` messages whether the application reads them or not: a 200 MB POST costs
  200 MB of memory before any ASGI code runs. The guard refuses in daphne's request itself,
  when the headers are in (a Content-Length over the limit) or when the received bytes pass
  the limit (chunked), then discards what the client still sends for a moment, so that the
  client reads the 413 instead of a reset, and closes the connection.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from io import BytesIO
from typing import Any, cast

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

LINGER_SECONDS = 2.0  # how long a refused connection's remaining body is read and dropped

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


def limit_for(path: str) -> int:
    """The largest body accepted for a request to `path` (without the query string)."""
    for pattern, limit in settings.SALAM_BODY_LIMITS:
        if re.match(pattern, path):
            return int(limit)
    if any(re.match(pattern, path) for pattern in settings.SALAM_UPLOAD_PATHS):
        return settings.SALAM_MAX_UPLOAD_REQUEST_BYTES
    return settings.SALAM_MAX_REQUEST_BYTES


def declared_length(value: bytes | str | None) -> int | None:
    """The Content-Length as a number; None when absent or not a plain number."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    return int(text) if text.isdigit() else None


def refusal_text(accept_language: str) -> bytes:
    """The 413 body, in the reader's language (no request exists yet to carry it)."""
    language = settings.LANGUAGE_CODE
    for code, _quality in translation.trans_real.parse_accept_lang_header(accept_language):
        try:
            language = translation.get_supported_language_variant(code)
            break
        except LookupError:
            continue
    with translation.override(language):
        return gettext("The request is too large.").encode()


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


async def _refuse(send: Send, accept_language: str) -> None:
    body = refusal_text(accept_language)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a body over `limit_for(path)` never reaches the wrapped application."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        headers = scope.get("headers") or []
        accept_language = (_header(headers, b"accept-language") or b"").decode("latin-1")
        declared = declared_length(_header(headers, b"content-length"))
        if declared is not None and declared > limit:
            await _refuse(send, accept_language)
            return
        received, over, started = 0, False, False

        async def limited_receive() -> dict:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, watched_send)
        if over and not started:
            await _refuse(send, accept_language)


def install_server_guard() -> None:
    """Refuse oversize bodies inside daphne's HTTP request (see the module's docstring); once
    per process, a no-op without daphne."""
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:
        return
    if getattr(WebRequest, "_salam_body_guard", False):
        return
    original_got_length = WebRequest.gotLength
    original_chunk = WebRequest.handleContentChunk
    original_received = WebRequest.requestReceived

    def gotLength(self, length: int | None) -> None:
        raw_target = getattr(self.channel, "_path", b"") or b""
        path = raw_target.split(b"?", 1)[0].decode("latin-1")
        self._salam_limit, self._salam_received, self._salam_refused = limit_for(path), 0, False
        if length is not None and length > self._salam_limit:
            self.content = BytesIO()  # nothing is kept: no temporary file of the declared size
            _refuse_on_transport(self)
            return
        original_got_length(self, length)

    def handleContentChunk(self, data: bytes) -> None:
        if getattr(self, "_salam_refused", False):
            return  # dropped
        if not hasattr(self, "_salam_limit"):  # a request that did not pass gotLength first
            self._salam_limit, self._salam_received = settings.SALAM_MAX_REQUEST_BYTES, 0
        self._salam_received += len(data)
        if self._salam_received > self._salam_limit:
            _refuse_on_transport(self)
            return
        original_chunk(self, data)

    def requestReceived(self, command: bytes, path: bytes, version: bytes) -> None:
        if getattr(self, "_salam_refused", False):
            return  # answered already: the application never sees it
        original_received(self, command, path, version)

    WebRequest.gotLength = gotLength
    WebRequest.handleContentChunk = handleContentChunk
    WebRequest.requestReceived = requestReceived
    WebRequest._salam_body_guard = True


def _refuse_on_transport(request: Any) -> None:
    """Write the 413 on the connection (the request's own response methods need the whole
    request), stop writing, drop what still comes for LINGER_SECONDS, then close."""
    from twisted.internet import reactor

    request._salam_refused = True
    languages = request.requestHeaders.getRawHeaders(b"accept-language") or [b""]
    body = refusal_text(languages[0].decode("latin-1"))
    transport = request.channel.transport
    transport.write(
        b"HTTP/1.1 413 Content Too Large\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n"
        b"Connection: close\r\n\r\n" + body
    )
    if hasattr(transport, "loseWriteConnection"):
        transport.loseWriteConnection()
    cast(Any, reactor).callLater(LINGER_SECONDS, transport.abortConnection)
