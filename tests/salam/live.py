"""Helpers for the tests that load a real daphne: signed-in people, HTTP in threads, the
server's PostgreSQL connections and memory."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from channels.db import database_sync_to_async
from django.db import connection

from tests.rooms.conftest import session_cookie

# Every test of a real daphne on PostgreSQL and Redis.
LIVE = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
]
ROOM = "/ws/rooms/welcome/"


def database_dsn() -> str:
    """A libpq connection string for the test database, for a connection of the test's own."""
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or "",
        password=db.get("PASSWORD") or "",
        host=db.get("HOST") or "127.0.0.1",
        port=str(db.get("PORT") or 5432),
    )


async def cookies(make_person, *usernames: str, **fields: object) -> list[str]:
    def make() -> list[str]:
        return [session_cookie(make_person(username, **fields)) for username in usernames]

    return await database_sync_to_async(make)()


def get(url: str, cookie: str = "", timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def rss_bytes(pid: int) -> int:
    """The process's resident set (VmRSS in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"no VmRSS for {pid}")


class ConnectionCounter:
    """Counts, every few milliseconds in a thread, the server's backends in pg_stat_activity:
    those of the test database with the server's application_name."""

    def __init__(self, application_name: str, every: float = 0.02) -> None:
        self.application_name, self.every = application_name, every
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def count(self) -> int:
        with psycopg.connect(database_dsn(), autocommit=True) as conn:
            return self._count(conn)

    def _count(self, conn: psycopg.Connection) -> int:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            (self.application_name,),
        ).fetchone()
        return int(row[0]) if row else 0

    def _run(self) -> None:
        with psycopg.connect(database_dsn(), autocommit=True) as conn:
            while not self._stop.is_set():
                self.samples.append(self._count(conn))
                time.sleep(self.every)

    def __enter__(self) -> ConnectionCounter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
