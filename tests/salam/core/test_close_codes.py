"""daphne sends the server close codes of the room protocol once `close_codes.install()` ran.

A real daphne serves a bare app (tests/salam/close_app.py), without a database or Redis, so
this runs in the embedded pass too: when a daphne release changes the internals the patch
leans on, this fails before the rooms do.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator

import pytest
from daphne.ws_protocol import WebSocketProtocol
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from salam.core import close_codes
from tests import services
from tests.daphne import ServerProcess, free_port

pytestmark = pytest.mark.slow


@contextlib.asynccontextmanager
async def bare_daphne(server_logs, mode: str) -> AsyncIterator[int]:
    port = free_port()
    server = ServerProcess(
        f"daphne-{mode}",
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "tests.salam.close_app:application"],
        {**os.environ, "SALAM_TEST_CLOSE_CODES": mode},
        server_logs,
    )  # fmt: skip
    server.spawn()
    try:
        async with asyncio.timeout(30):
            while not services.port_answers(f"http://127.0.0.1:{port}"):
                if not server.running:
                    pytest.fail(f"daphne exited:\n{server.log()}")
                await asyncio.sleep(0.1)
        yield port
    finally:
        server.stop()


async def close_code_for(port: int, code: int) -> int | None:
    """Open a socket the app closes with `code`; return the code the client received."""
    async with connect(f"ws://127.0.0.1:{port}/?code={code}", open_timeout=5) as ws:
        try:
            async with asyncio.timeout(5):
                await ws.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
    pytest.fail("the server sent a frame instead of closing")


async def test_the_server_close_codes_reach_the_client_once_installed(server_logs):
    async with bare_daphne(server_logs, "install") as port:
        received = {code: await close_code_for(port, code) for code in (1009, 1011, 1012, 1013)}
        others = {code: await close_code_for(port, code) for code in (1000, 4403, 4404)}
    assert received == {1009: 1009, 1011: 1011, 1012: 1012, 1013: 1013}
    assert others == {1000: 1000, 4403: 4403, 4404: 4404}


async def test_without_the_patch_daphne_turns_them_into_an_internal_error(server_logs):
    async with bare_daphne(server_logs, "plain") as port:
        received = {code: await close_code_for(port, code) for code in (1012, 1013, 4403)}
    assert received == {1012: 1011, 1013: 1011, 4403: 4403}


def test_install_patches_once():
    close_codes.install()  # importing salam.asgi (tests/rooms) may have run it already
    patched = WebSocketProtocol.serverClose
    close_codes.install()
    assert WebSocketProtocol.serverClose is patched
    assert patched.salam_close_codes is True
    assert {1009, 1011, 1012, 1013} == close_codes.SERVER_CLOSE_CODES
