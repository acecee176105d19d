"""Sending an entry's media file with HTTP byte ranges, so that a player can seek.

Django's `FileResponse` ignores `Range`; this answers 206 with the slice asked for, 416 when
it lies outside the file, and 200 with the whole file otherwise. The caller has checked who
may see the file.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from salam.contest.ranges import ByteRange, Unsatisfiable, requested_range

BLOCK = 256 * 1024


async def _read_async(path: Path, start: int, length: int) -> AsyncIterator[bytes]:
    """The slice block by block, each read in a thread: under ASGI, Django would otherwise
    read a synchronous iterator (a `FileResponse`'s too) whole into memory before sending."""
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        await asyncio.to_thread(handle.seek, start)
        left = length
        while left > 0:
            data = await asyncio.to_thread(handle.read, min(BLOCK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


class _Slice:
    """A file read from `start` for `length` bytes at most, for `FileResponse` to stream."""

    def __init__(self, handle: BinaryIO, start: int, length: int) -> None:
        handle.seek(start)
        self.handle, self.left = handle, length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.handle.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def file_response(
    request: HttpRequest, path: Path, *, content_type: str | None, cache_control: str
) -> HttpResponseBase:
    """The file, or the single byte range the request asks for; HEAD gets the same headers
    without a body. `If-Range` is honoured by ignoring the range: the file carries no
    validator to compare it with, so the whole file is the safe answer."""
    size = path.stat().st_size
    header = None if "If-Range" in request.headers else request.headers.get("Range")
    wanted = requested_range(header, size)
    response: HttpResponseBase
    if isinstance(wanted, Unsatisfiable):
        response = HttpResponse(status=416)
        response["Content-Range"] = wanted.content_range
    else:
        part = wanted or ByteRange(0, size - 1, size)
        if request.method == "HEAD":
            response = HttpResponse(status=206 if wanted else 200)
        elif isinstance(request, ASGIRequest):
            response = StreamingHttpResponse(
                _read_async(path, part.start, part.length),
                status=206 if wanted else 200,
                content_type=content_type,
            )
        else:
            response = FileResponse(
                _Slice(path.open("rb"), part.start, part.length),
                status=206 if wanted else 200,
                content_type=content_type,
            )
        response["Content-Length"] = str(part.length)
        if wanted:
            response["Content-Range"] = wanted.content_range
        if content_type:
            response["Content-Type"] = content_type
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = cache_control
    return response
