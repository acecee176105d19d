"""Two real daphne processes on real Redis and PostgreSQL: the person's tabs on either process
hear each new notice with the unread count, and hear it drop when one tab marks all read."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
from channels.db import database_sync_to_async

from tests.rooms.conftest import session_cookie

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

ME = "/ws/me/"
CSRF = "n0tic3scsrfs3cr3tn0tic3scsrfs3cr"  # any 32-character secret, sent as cookie and header


def post(url: str, cookie: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (a local test server)
        url,
        data=b"",
        method="POST",
        headers={
            "Cookie": f"{cookie}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


async def test_counts_are_right_in_tabs_on_two_processes(daphne, ws_clients, make_person):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")

    def people() -> list[str]:
        amina = make_person("amina", university=("Cairo University", "Cairo", "EG"))
        lucas = make_person("lucas")
        return [session_cookie(amina), session_cookie(lucas)]

    amina_cookie, lucas_cookie = await database_sync_to_async(people)()
    on_a, _ = await ws_clients.enter(a.ws_url(ME), amina_cookie)
    on_b, _ = await ws_clients.enter(b.ws_url(ME), amina_cookie)
    await on_a.send({"type": "pairing.request"})
    assert (await on_a.receive())["type"] == "pairing.waiting"

    lucas, _ = await ws_clients.enter(b.ws_url(ME), lucas_cookie)
    await lucas.send({"type": "pairing.request"})  # paired at once, through process B

    for tab in (on_a, on_b):
        notice = await tab.receive_type("notice", timeout=10)
        assert (notice["kind"], notice["unread"]) == ("pairing.paired", 1)
        assert notice["title"] == "Lucas is free to talk: your room is open"

    assert await asyncio.to_thread(post, a.url("/notices/read/"), amina_cookie) == 200
    for tab in (on_a, on_b):
        assert await tab.receive_type("notices.read", timeout=10) == {
            "type": "notices.read",
            "unread": 0,
        }
