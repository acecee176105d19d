"""A daphne process holds at most DB_POOL_MAX_SIZE PostgreSQL connections, whatever it serves,
and a request that finds the pool exhausted is answered 503, not 500 and not never."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
from channels.db import database_sync_to_async

from rooms.models import Message
from tests.daphne import subprocess_database_url
from tests.salam.live import LIVE, ROOM, ConnectionCounter, cookies, database_dsn, get

pytestmark = LIVE
PAGES = ["/", "/rooms/", "/rooms/welcome/", "/events/", "/healthz"]


def pooled_url(application_name: str) -> str:
    return f"{subprocess_database_url()}?application_name={application_name}"


async def test_the_server_never_holds_more_connections_than_its_pool(
    daphne, ws_clients, welcome, make_person
):
    bound = 4
    server = await daphne.start(
        "pooled",
        DATABASE_URL=pooled_url("salam-pool-bound"),
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE=str(bound),
    )
    people = await cookies(make_person, *[f"p{i}" for i in range(6)])

    def page_views(worker: int) -> list[int]:
        return [
            get(server.url(PAGES[(worker + i) % len(PAGES)]), people[worker % len(people)])[0]
            for i in range(10)
        ]

    async def talk(cookie: str, who: int) -> None:
        client, _ = await ws_clients.enter(server.ws_url(ROOM), cookie)
        for n in range(5):
            body = f"{who}.{n}"
            await client.send({"type": "message.send", "body": body, "client_id": body})
            await client.receive_type("message", timeout=15)

    with ConnectionCounter("salam-pool-bound") as counter, ThreadPoolExecutor(24) as pool:
        loop = asyncio.get_running_loop()
        views = [loop.run_in_executor(pool, page_views, worker) for worker in range(24)]
        sockets = [talk(cookie, who) for who, cookie in enumerate(people)]
        statuses, *_ = await asyncio.gather(asyncio.gather(*views), *sockets)
        await asyncio.sleep(0.5)

    assert sorted({status for worker in statuses for status in worker}) == [200]
    assert sum(len(worker) for worker in statuses) == 240
    stored = await database_sync_to_async(Message.objects.filter(room=welcome).count)()
    assert stored == 30
    assert counter.samples, "the counter took no sample"
    assert 1 <= max(counter.samples) <= bound, counter.samples


async def test_a_request_that_finds_the_pool_exhausted_is_answered_503(
    daphne, welcome, make_person
):
    server = await daphne.start(
        "one-connection",
        DATABASE_URL=pooled_url("salam-pool-exhausted"),
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE="1",
        DB_POOL_TIMEOUT="1",
    )
    alice, bob = await cookies(make_person, "alice", "bob")
    counter = ConnectionCounter("salam-pool-exhausted")
    with (
        ThreadPoolExecutor(2) as pool,
        psycopg.connect(database_dsn()) as locker,
    ):
        # The test holds the session table: alice's page view takes the server's only pooled
        # connection and waits on the lock with it.
        locker.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        waiting = pool.submit(get, server.url("/rooms/"), alice)
        async with asyncio.timeout(10):
            while not await asyncio.to_thread(_waits_on_a_lock, "salam-pool-exhausted"):
                await asyncio.sleep(0.05)
        started = time.monotonic()
        status, headers, body = await asyncio.to_thread(get, server.url("/rooms/"), bob)
        waited = time.monotonic() - started
        locker.rollback()  # alice's request goes on
        alice_status = waiting.result(timeout=15)[0]

    assert (status, headers.get("Retry-After")) == (503, "2")
    assert body.decode() == "The site is busy. Please try again in a moment."
    # At least the pool's timeout; bounded. (Under DEBUG, the tests' setting, Django's technical
    # error page asks for the user again and waits the timeout again: a few seconds.)
    assert 0.9 < waited < 20
    assert alice_status == 200
    assert counter.count() <= 1


def _waits_on_a_lock(application_name: str) -> bool:
    with psycopg.connect(database_dsn(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = %s AND wait_event_type = 'Lock'",
            (application_name,),
        ).fetchone()
    return bool(row and row[0])
