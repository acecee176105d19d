"""Request bodies over the limit are refused with 413 before they are read, on a real daphne,
whose memory must not grow."""

from __future__ import annotations

import asyncio
import re
import select
import socket
import time

import pytest
from channels.db import database_sync_to_async
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from salam.clearinghouse.models import Organisation
from salam.library.models import Resource
from salam.people.roles import Role
from tests.clearinghouse import PDF_BYTES
from tests.salam.live import LIVE, cookies, rss_bytes

MIB = 1024 * 1024
RSS_SLACK = 8 * MIB  # "a few MB": allocator noise, not a body


def raw_post(
    port: int, path: str, headers: dict[str, str], body_chunks, *, seconds: float = 30.0
) -> tuple[int, bytes, int]:
    """POST over a plain socket, sending `body_chunks` (bytes) until the server answers or
    closes. Returns (status, response, bytes of body sent)."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    response, sent = b"", 0
    deadline = time.monotonic() + seconds
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode() + b"\r\n")
        for chunk in body_chunks:
            if time.monotonic() > deadline:
                break
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered: stop sending
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in response or not response.endswith(b"."):
                data = sock.recv(65536)
                if not data:
                    break
                response += data
        except (TimeoutError, ConnectionResetError):
            pass
    match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    return (int(match.group(1)) if match else 0), response, sent


def plain_chunks(total: int, size: int = MIB):
    for _ in range(total // size):
        yield b"a" * size


def chunked_encoding(total: int, size: int = 64 * 1024):
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b"a" * size + b"\r\n"
    yield b"0\r\n\r\n"


pytestmark = LIVE


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("headers", "body", "size"),
    [
        pytest.param({"Content-Length": str(200 * MIB)}, plain_chunks, 200 * MIB, id="200-MB"),
        pytest.param({"Transfer-Encoding": "chunked"}, chunked_encoding, 100 * MIB, id="chunked"),
    ],
)
async def test_an_anonymous_oversize_post_to_the_login_page_is_refused_before_it_is_read(
    daphne, headers, body, size
):
    server = await daphne.start("daphne")
    pid = server.process.pid
    before = rss_bytes(pid)
    status, response, sent = await asyncio.to_thread(
        raw_post, server.port, "/accounts/login/", {**FORM, **headers}, body(size)
    )
    assert status == 413, response[:300]
    assert response.endswith(b"The request is too large.")
    assert sent < size  # answered while the body was still coming
    await asyncio.sleep(0.5)
    assert rss_bytes(pid) - before < RSS_SLACK
    assert (await server.healthz())[0] == 200  # and it goes on serving


async def test_a_body_under_the_limit_reaches_django(daphne):
    server = await daphne.start("daphne")
    status, response, _ = await asyncio.to_thread(
        raw_post,
        server.port,
        "/accounts/login/",
        {**FORM, "Content-Length": str(2 * MIB)},
        plain_chunks(2 * MIB),
    )
    assert status == 403, response[:300]  # Django read it, and refused it for its CSRF token


async def test_an_upload_under_the_upload_limit_still_works(daphne, make_person):
    server = await daphne.start("daphne")
    (cookie,) = await cookies(make_person, "sec", role=Role.EDITOR)
    iom = await database_sync_to_async(Organisation.objects.create)(
        name="International Organization for Migration", acronym="IOM", slug="iom",
        kind=Organisation.Kind.UN, is_partner=True,
    )  # fmt: skip
    # Over the pages' limit (3 MiB), under the upload paths' (LIBRARY_MAX_UPLOAD_BYTES + 1 MiB).
    pdf = PDF_BYTES + b"%" + b"0" * (5 * MIB) + b"\n%%EOF\n"
    csrf = "x" * 32
    fields = {
        "title": "Recognition of foreign qualifications", "summary": "s", "kind": "manual",
        "areas": ["cultural"], "region": "global", "language": "en",
        "organisation": str(iom.pk), "year": "2009", "csrfmiddlewaretoken": csrf,
    }  # fmt: skip
    body = encode_multipart(BOUNDARY, fields)
    file_part = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + b"\r\n"
    )
    body = file_part + body
    status, response, _ = await asyncio.to_thread(
        raw_post,
        server.port,
        "/library/resources/new/",
        {
            "Content-Length": str(len(body)),
            "Content-Type": MULTIPART_CONTENT,
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "Origin": f"http://127.0.0.1:{server.port}",
            "Referer": f"http://127.0.0.1:{server.port}/library/resources/new/",
        },
        [body],
    )
    assert status == 302, response[:2000]
    resource = await database_sync_to_async(Resource.objects.get)()
    assert resource.title == "Recognition of foreign qualifications"
    assert await database_sync_to_async(lambda: resource.file.size)() == len(pdf)
