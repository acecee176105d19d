"""Real servers for tests: daphne subprocesses, a private redis-server, websocket clients.

Loaded for every test by `-p tests.daphne` in pyproject.toml. The fixtures are:

- `daphne`: starts `daphne salam.asgi:application` on a free 127.0.0.1 port with DATABASE_URL
  pointing at pytest-django's test database (so tests must be
  `django_db(transaction=True)`: what they create is committed and the subprocess sees it),
  REDIS_URL at the test Redis and one CHANNEL_PREFIX per test (shared by the test's processes,
  so they share groups, and by nothing else). It waits until /healthz answers 200, kills every
  process in teardown, and prints each process's output there, which pytest shows only when
  the test failed.
- `private_redis`: a redis-server of the test's own, which the test may stop and restart.
- `ws_clients`: opens websocket clients (the `websockets` library) and closes them after.

Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests import services

ORIGIN = "http://localhost"
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def subprocess_database_url() -> str:
    """The URL of the database pytest-django set up for this test run."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("daphne subprocesses need the PostgreSQL test database")
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(db['NAME'], safe='')}"


def http_get(url: str, timeout: float = 5.0) -> tuple[int, dict | str]:
    """(status, JSON body or text); a refused connection raises OSError."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 http://127.0.0.1 only
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode(errors="replace")


class ServerProcess:
    """A subprocess whose combined output goes to a file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name, self.args, self.env = name, args, env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def spawn(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.args,
                env=self.env,
                cwd=settings.BASE_DIR,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGKILL, timeout: float = 10.0) -> int | None:
        """Send `sig` and wait (bounded) for the exit; SIGKILL if it does not come."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        return self.process.returncode


class Daphne(ServerProcess):
    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.port = free_port()
        args = [
            sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
            "salam.asgi:application",
        ]  # fmt: skip
        super().__init__(name, args, env, log_dir)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def ws_url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    async def healthz(self, timeout: float = 5.0) -> tuple[int, dict | str]:
        return await asyncio.to_thread(http_get, self.url("/healthz"), timeout)

    async def wait_healthy(self, seconds: float = STARTUP_SECONDS) -> dict:
        """Wait until /healthz answers 200; fail with the output if the process dies."""
        last: object = "no answer"
        try:
            async with asyncio.timeout(seconds):
                while True:
                    if not self.running:
                        pytest.fail(f"{self.name} exited early:\n{self.log()}")
                    try:
                        status, body = await self.healthz(timeout=3)
                    except OSError as error:  # not listening yet
                        last = error
                    else:
                        if status == 200:
                            return body
                        last = (status, body)
                    await asyncio.sleep(0.2)
        except TimeoutError:
            pytest.fail(f"{self.name} not healthy after {seconds} s ({last}):\n{self.log()}")


class RedisServer(ServerProcess):
    """A redis-server of the test's own, without persistence; restarts on the same port."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        args = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(log_dir),
        ]  # fmt: skip
        super().__init__("redis", args, dict(os.environ), log_dir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self, seconds: float = 10.0) -> None:
        self.spawn()
        async with asyncio.timeout(seconds):
            while not services.port_answers(self.url):
                if not self.running:
                    pytest.fail(f"redis-server exited:\n{self.log()}")
                await asyncio.sleep(0.1)


class DaphneFactory:
    def __init__(self, database_url: str, redis_url: str, log_dir: Path) -> None:
        self.database_url, self.redis_url, self.log_dir = database_url, redis_url, log_dir
        self.prefix = f"t{uuid.uuid4().hex[:12]}"
        self.processes: list[Daphne] = []

    async def start(self, name: str, *, redis_url: str | None = None, **env: str) -> Daphne:
        """Start daphne `name`; extra keyword arguments are environment variables for it."""
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "salam.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": redis_url or self.redis_url,
            "CHANNEL_PREFIX": self.prefix,
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        server = Daphne(name, environment, self.log_dir)
        self.processes.append(server)
        server.spawn()
        await server.wait_healthy()
        return server

    def stop_all(self) -> None:
        for server in self.processes:
            server.stop()
            print(f"\n===== output of {server.name} (port {server.port}) =====\n{server.log()}")


@pytest.fixture
def server_logs():
    log_dir = Path(tempfile.mkdtemp(prefix="salam-servers-"))
    yield log_dir
    shutil.rmtree(log_dir, ignore_errors=True)


@pytest.fixture
def daphne(postgres, redis_url, transactional_db, server_logs):
    """A factory: `await daphne.start("a", **env)` returns a healthy Daphne process."""
    factory = DaphneFactory(subprocess_database_url(), redis_url, server_logs)
    yield factory
    factory.stop_all()


@pytest.fixture
def private_redis(server_logs):
    """A stopped RedisServer on a free port: `await private_redis.start()`."""
    if shutil.which("redis-server") is None:
        services.missing("redis-server", "the binary is not on PATH")
    server = RedisServer(server_logs)
    yield server
    server.stop()


class RoomClient:
    """A websocket client of the room protocol."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, frame: dict) -> None:
        await self.ws.send(json.dumps(frame))

    async def receive(self, timeout: float = 5.0) -> dict:
        """The next frame; raises ConnectionClosed when the server closed the socket."""
        async with asyncio.timeout(timeout):
            return json.loads(await self.ws.recv())

    async def receive_type(self, kind: str, timeout: float = 5.0) -> dict:
        """Skip other frames (presence, typing) until a frame of `kind` arrives."""
        async with asyncio.timeout(timeout):
            while True:
                frame = json.loads(await self.ws.recv())
                if frame["type"] == kind:
                    return frame

    async def until_online(self, usernames: list[str], timeout: float = 5.0) -> dict:
        """Read presence frames until one lists exactly `usernames` (presence is coalesced:
        how many frames lead there depends on timing, the last state does not)."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.receive_type("presence", timeout)
                if frame["online"] == usernames:
                    return frame

    async def closed_with(self, timeout: float = 5.0) -> tuple[int | None, list[dict]]:
        """Read until the server closes; return the close code and the frames read before."""
        frames: list[dict] = []
        try:
            async with asyncio.timeout(timeout):
                while True:
                    frames.append(json.loads(await self.ws.recv()))
        except ConnectionClosed as closed:
            return (closed.rcvd.code if closed.rcvd else None), frames
        except TimeoutError:
            pass
        pytest.fail(f"the server did not close the socket within {timeout} s; read {frames}")

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(3):
                await self.ws.close()


class ClientFactory:
    def __init__(self) -> None:
        self.clients: list[RoomClient] = []

    async def open(self, url: str, cookie: str) -> RoomClient:
        ws = await connect(
            url, origin=ORIGIN, additional_headers={"Cookie": cookie}, open_timeout=5
        )
        client = RoomClient(ws)
        self.clients.append(client)
        return client

    async def enter(self, url: str, cookie: str) -> tuple[RoomClient, dict]:
        """Open a room socket and return it with its hello frame."""
        client = await self.open(url, cookie)
        hello = await client.receive()
        assert hello["type"] == "hello", hello
        return client, hello

    async def reenter(
        self, url: str, cookie: str, *, retry_on: tuple[int, ...], seconds: float = 15.0
    ) -> tuple[RoomClient, dict, list[int]]:
        """Enter like a reconnecting client: closed with a code in `retry_on`, try again.

        Returns the client, its hello and the close codes of the attempts that bounced.
        """
        bounced: list[int] = []
        async with asyncio.timeout(seconds):
            while True:
                try:
                    client, hello = await self.enter(url, cookie)
                except ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else None
                    if code not in retry_on:
                        raise
                    bounced.append(code)
                    await asyncio.sleep(0.5)
                else:
                    return client, hello, bounced


@pytest.fixture
async def ws_clients():
    factory = ClientFactory()
    yield factory
    for client in factory.clients:
        await client.close()
