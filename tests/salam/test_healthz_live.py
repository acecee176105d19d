"""/healthz on a real daphne: true while the process serves sockets, false while Redis or the
database is really gone, true again when it returns."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading

import pytest

from tests.daphne import subprocess_database_url
from tests.salam.live import LIVE, ROOM, cookies

pytestmark = LIVE


def send_frame(body: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": body}


async def open_talking_sockets(server, ws_clients, make_person, n: int = 3) -> list:
    """n people in the room, each having sent a message that every one received."""
    people = await cookies(make_person, *[f"talker{i}" for i in range(n)])
    clients = [(await ws_clients.enter(server.ws_url(ROOM), cookie))[0] for cookie in people]
    for i, client in enumerate(clients):
        await client.send(send_frame(f"hello {i}"))
    for client in clients:
        bodies = {(await client.receive_type("message", timeout=10))["body"] for _ in range(n)}
        assert bodies == {f"hello {i}" for i in range(n)}
    return clients


async def healthz_until(server, status: int, seconds: float = 20.0) -> dict:
    """Ask /healthz until it answers `status`; fail with the last answer after `seconds`."""
    last: object = None
    try:
        async with asyncio.timeout(seconds):
            while True:
                try:
                    answer, body = await server.healthz(timeout=10)
                except OSError as error:
                    last = error
                else:
                    if answer == status:
                        return body
                    last = (answer, body)
                await asyncio.sleep(0.3)
    except TimeoutError:
        pytest.fail(f"/healthz did not answer {status} within {seconds} s: {last}")


async def test_it_stays_healthy_while_sockets_are_open_and_have_sent(
    daphne, ws_clients, welcome, make_person
):
    server = await daphne.start("daphne")
    clients = await open_talking_sockets(server, ws_clients, make_person)
    for _ in range(5):
        status, body = await server.healthz()
        assert (status, body) == (
            200,
            {"status": "ok", "database": {"ok": True}, "channel_layer": {"ok": True}},
        )
    await clients[0].send(send_frame("still talking"))
    assert (await clients[1].receive_type("message"))["body"] == "still talking"
    assert (await server.healthz())[0] == 200


async def test_it_answers_503_while_redis_is_stopped_and_200_when_it_returns(
    daphne, private_redis, ws_clients, welcome, make_person
):
    await private_redis.start()
    server = await daphne.start("daphne", redis_url=private_redis.url)
    await open_talking_sockets(server, ws_clients, make_person)
    assert (await server.healthz())[0] == 200

    private_redis.stop(signal.SIGTERM)
    body = await healthz_until(server, 503)
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": True}
    assert body["channel_layer"]["ok"] is False
    assert body["channel_layer"]["error"]

    await private_redis.start()  # the same port
    body = await healthz_until(server, 200)
    assert body["channel_layer"] == {"ok": True}


class TcpProxy:
    """Forwards a local port to PostgreSQL; `cut()` closes it and every connection through it
    (the database is unreachable), `restore()` listens again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            doomed, self._sockets = [*self._sockets, self._listener], []
            self._listener = None
        for sock in doomed:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def database_proxy():
    from django.db import connection

    db = connection.settings_dict
    proxy = TcpProxy((db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)))
    proxy.restore()
    yield proxy
    proxy.cut()


async def test_it_answers_503_while_the_database_is_unreachable_and_200_when_it_returns(
    daphne, database_proxy, ws_clients, welcome, make_person
):
    direct = subprocess_database_url()
    through_proxy = direct.replace(
        direct.split("@", 1)[1].split("/", 1)[0], f"127.0.0.1:{database_proxy.port}"
    )
    server = await daphne.start("daphne", DATABASE_URL=through_proxy, DB_POOL_TIMEOUT="2")
    await open_talking_sockets(server, ws_clients, make_person)
    assert (await server.healthz())[0] == 200

    database_proxy.cut()
    body = await healthz_until(server, 503)
    assert body["database"]["ok"] is False
    assert body["database"]["error"]
    assert body["channel_layer"] == {"ok": True}

    database_proxy.restore()
    body = await healthz_until(server, 200, seconds=30)
    assert body["database"] == {"ok": True}
