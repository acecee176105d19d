"""The personal socket's frames (`/ws/me/`): every event the pairing and notice services
emit, checked exactly and against the schema, and what the socket answers."""

from __future__ import annotations

import datetime as dt

import pytest
from channels.db import database_sync_to_async

from rooms import realtime
from rooms.models import Pairing
from rooms.pairing import frames as me_frames
from rooms.pairing import services as pairing_services
from salam.core import frames
from salam.notices.models import Notice
from salam.notices.services import notify
from salam.people import services as people_services
from tests.notices.text import says
from tests.rooms.frames import Listener, fits, verify

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
ME = ("me",)
ISTANBUL = ("Boğaziçi University", "Istanbul", "TR")
MADRID = ("Complutense University of Madrid", "Madrid", "ES")


@pytest.fixture
def amina(make_person):
    return make_person("amina", university=ISTANBUL, interests=("music", "poetry"))


@pytest.fixture
def lucas(make_person):
    return make_person("lucas", university=MADRID, interests=("music",))


@pytest.fixture
def emitted(django_capture_on_commit_callbacks):
    """emitted(action, *people) -> the events `action` sent to each person, after commit."""

    def run(action, *people) -> list[list[dict]]:
        listeners = [Listener(realtime.user_group(person.pk)) for person in people]
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return [listener.events() for listener in listeners]

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "pairing.request"}', me_frames.PairingRequest()),
        ('{"type": "pairing.cancel", "client_id": "c"}', me_frames.PairingCancel(client_id="c")),
    ],
)
def test_a_valid_frame_decodes_to_its_definition(text, expected):
    assert frames.decode(me_frames.inbound_decoder, text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('{"type": "message.send", "body": "hi", "client_id": "x"}', "`$.type`"),
        ('{"type": "pairing.request", "now": true}', "`now`"),
    ],
)
def test_a_frame_that_does_not_fit_names_the_field(text, named):
    with pytest.raises(frames.InvalidFrame) as invalid:
        frames.decode(me_frames.inbound_decoder, text)
    assert named in invalid.value.detail


@pytest.mark.django_db
def test_a_pair_tells_each_person_their_room_and_partner(amina, lucas, emitted):
    pairing_services.request_pairing(actor=amina, now=NOW)
    to_amina, to_lucas = emitted(
        lambda: pairing_services.request_pairing(actor=lucas, now=NOW), amina, lucas
    )
    pairing = Pairing.objects.select_related("room").get()
    paired = {
        "type": "paired",
        "room": pairing.room.slug,
        "shared_interests": ["music"],
        "starters": pairing.starters,
    }
    notice = Notice.objects.get(user=amina)  # she waited, and may have left the page
    verify(
        ME,
        to_amina,
        [
            {**paired, "partners": [{"username": "lucas", "display_name": "Lucas"}]},
            {
                "type": "notice",
                "id": notice.pk,
                "kind": "pairing.paired",
                "title": "Lucas is free to talk: your room is open",
                "body": "Shared interests: music.",
                "url": f"/rooms/{pairing.room.slug}/",
                "created_at": notice.created_at.isoformat(),
                "unread": 1,
            },
        ],
    )
    verify(ME, to_lucas, [{**paired, "partners": [{"username": "amina", "display_name": "Amina"}]}])
    assert list(paired) == ["type", "room", "shared_interests", "starters"]
    assert list(to_amina[0]) == ["type", "room", "partners", "shared_interests", "starters"]


@pytest.mark.django_db
def test_a_request_that_expires_says_so_then_leaves_a_notice(amina, emitted):
    pairing_services.request_pairing(actor=amina, now=NOW)
    [events] = emitted(
        lambda: pairing_services.expire_requests(now=NOW + dt.timedelta(minutes=11)), amina
    )
    notice = Notice.objects.get(user=amina)
    verify(
        ME,
        events,
        [
            {"type": "pairing.expired"},
            {
                "type": "notice",
                "id": notice.pk,
                "kind": "pairing.expired",
                "title": "Nobody was free to talk in the last ten minutes.",
                "body": "Try again later, or sign up for a round.",
                "url": "/rooms/pairing/",
                "created_at": notice.created_at.isoformat(),
                "unread": 1,
            },
        ],
    )


@pytest.mark.django_db
def test_a_notice_goes_out_live_exactly(amina, emitted):
    [events] = emitted(
        lambda: notify(amina, kind="test", text=says("Tea at five", ""), url="", email=False),
        amina,
    )
    notice = Notice.objects.get()
    verify(
        ME,
        events,
        [
            {
                "type": "notice",
                "id": notice.pk,
                "kind": "test",
                "title": "Tea at five",
                "body": "",
                "url": "",
                "created_at": notice.created_at.isoformat(),
                "unread": 1,
            }
        ],
    )


# ---- on the wire --------------------------------------------------------------------------


async def open_me(connect, person):
    socket, connected, _ = await connect(person, "/ws/me/")
    assert connected
    assert fits("me", await socket.receive()) == {"type": "hello", "you": {"username": "amina"}}
    return socket


@pytest.mark.django_db(transaction=True)
async def test_waiting_and_cancelling_are_answered_exactly(connect, amina):
    socket = await open_me(connect, amina)
    await socket.send({"type": "pairing.request"})
    waiting = fits("me", await socket.receive())
    expires = dt.datetime.fromisoformat(waiting.pop("expires_at"))
    assert waiting == {"type": "pairing.waiting", "languages": ["en"]}
    assert (
        dt.timedelta(minutes=9) < expires - dt.datetime.now(tz=dt.UTC) <= dt.timedelta(minutes=10)
    )
    await socket.send({"type": "pairing.cancel"})
    assert fits("me", await socket.receive()) == {"type": "pairing.cancelled"}
    assert await socket.nothing()


@pytest.mark.django_db(transaction=True)
async def test_an_expired_request_reaches_the_socket(connect, amina):
    socket = await open_me(connect, amina)
    await socket.send({"type": "pairing.request"})
    await socket.receive_type("pairing.waiting")
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=11)
    await database_sync_to_async(pairing_services.expire_requests)(now=later)
    assert fits("me", await socket.receive()) == {"type": "pairing.expired"}
    assert fits("me", await socket.receive())["type"] == "notice"


@pytest.mark.django_db(transaction=True)
async def test_a_bad_frame_is_answered_invalid_with_its_client_id(connect, amina):
    socket = await open_me(connect, amina)
    await socket.send({"type": "pairing.request", "when": "now", "client_id": "c-1"})
    error = fits("me", await socket.receive())
    assert (error["type"], error["code"], error["client_id"]) == ("error", "invalid", "c-1")
    assert "`when`" in error["detail"]


@pytest.mark.django_db(transaction=True)
async def test_a_sign_out_closes_the_personal_socket(connect, amina):
    socket = await open_me(connect, amina)
    await database_sync_to_async(people_services.end_login)(amina, session_key=None)
    assert await socket.closed_with() == 4401
