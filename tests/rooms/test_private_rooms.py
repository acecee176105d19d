"""Every path into a private room (a pair's), with every role (rooms/PROTOCOL.md, "Private
rooms"): who gets in, and that nothing is created or changed for those refused."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from rooms.chat import services as chat_services
from rooms.errors import Forbidden, NotFound, RoomError
from rooms.models import Membership, Message, Room
from rooms.moderation import actions
from rooms.moderation import reports as room_reports
from rooms.moderation import services as moderation_services
from rooms.pairing.services import open_pairing
from rooms.permissions import is_private
from salam.moderation import services as moderation
from salam.moderation.models import ModerationAction, Report
from salam.people.roles import Role
from tests.rooms.conftest import enter

ROLES = (
    "stranger",
    "participant",
    "member",
    "other_rooms_moderator",
    "organiser",
    "global_moderator",
    "staff",
)
MEMBERS = {"member"}
MANAGERS = {"organiser", "global_moderator", "staff"}  # may edit rooms (may_manage_rooms)
REPORT_HANDLERS = {"global_moderator", "staff"}  # their scope covers the pair room's reports
SECRETS = [f"secret {n}" for n in range(1, 8)]  # the pair's messages, seq 1 to 7
REPORTED_SEQ = 4


@pytest.fixture
def people(make_person) -> dict:
    other = chat_services.create_room(slug="other", title="Other")
    other_mod = make_person("othermod")
    chat_services.add_member(other, user=other_mod, role=Membership.Role.MODERATOR)
    staff = make_person("root")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    return {
        "stranger": None,
        "participant": make_person("amina"),
        "member": make_person("lucas"),
        "partner": make_person("sofia"),
        "other_rooms_moderator": other_mod,
        "organiser": make_person("org", role=Role.ORGANISER),
        "global_moderator": make_person("mod", role=Role.MODERATOR),
        "staff": staff,
    }


@pytest.fixture
def pair(people) -> Room:
    """The private room of lucas and sofia, with seven messages, taking turns, sofia first."""
    room = open_pairing(
        [people["member"], people["partner"]], now=timezone.now(), shared_interests=["music"]
    ).room
    for index, body in enumerate(SECRETS):
        author = people["member"] if index % 2 else people["partner"]
        chat_services.post_message(room, author=author, body=body, client_id=f"c-{index}")
    return room


@pytest.fixture
def report(pair, people) -> Report:
    """sofia reports lucas's message 4."""
    return room_reports.report_message(
        pair, reporter=people["partner"], seq=REPORTED_SEQ, reason="rude"
    )


def snapshot(room: Room) -> dict:
    """Everything a refused path could create or change in the room."""
    room = Room.objects.get(pk=room.pk)
    return {
        "room": (room.title, room.topic, room.visibility, room.state, room.slow_mode_seconds),
        "pinned": room.pinned_seq,
        "memberships": sorted(
            Membership.objects.filter(room=room).values_list(
                "user__username", "role", "banned", "muted_until"
            )
        ),
        "messages": list(Message.objects.filter(room=room).values_list("seq", "deleted_at")),
        "audit": ModerationAction.objects.count(),
    }


def login(client, user) -> None:
    if user is not None:
        client.force_login(user)


def visit(client, user, url: str):
    login(client, user)
    return client.get(url)


def refused_status(role: str) -> int:
    """How a page refuses: strangers are sent to sign in; to the others the room is not there."""
    return 302 if role == "stranger" else 404


def test_the_rule_is_the_rooms_kind_whatever_its_visibility(pair):
    assert is_private(pair)
    pair.visibility = Room.Visibility.OPEN  # as an organiser's edit once left some
    assert is_private(pair)
    assert not is_private(Room(kind=Room.Kind.CAFE, visibility=Room.Visibility.MEMBERS))
    assert not is_private(Room(kind=Room.Kind.SESSION, visibility=Room.Visibility.MEMBERS))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_room_page_and_its_join_are_the_members_alone(client, people, pair, role):
    before = snapshot(pair)
    page = visit(client, people[role], pair.get_absolute_url())
    joined = client.post(f"/rooms/{pair.slug}/join/")
    if role in MEMBERS:
        assert page.status_code == 200
        assert page.context["room"] == pair
        assert joined.status_code == 302
    else:
        assert page.status_code == refused_status(role)
        assert joined.status_code == refused_status(role)
    assert snapshot(pair) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_room_list_names_a_private_room_to_its_members_alone(client, people, pair, role):
    listed = visit(client, people[role], "/rooms/")
    if role == "stranger":
        assert listed.status_code == 302
    else:
        rooms = [entry["room"] for entry in listed.context["rooms"]]
        assert (pair in rooms) == (role in MEMBERS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
async def test_the_socket_hello_backlog_history_and_moderation(connect, people, pair, role):
    before = await database_sync_to_async(snapshot)(pair)
    path = f"/ws/rooms/{pair.slug}/"
    if role not in MEMBERS:
        socket, connected, _ = await connect(people[role], path)
        assert connected  # accepted, then closed with the refusal's code
        assert await socket.closed_with() == (4401 if role == "stranger" else 4403)
    else:
        socket, hello = await enter(connect, people[role], pair.slug)
        assert hello["you"]["role"] == "participant"
        backlog = [f["body"] for f in await socket.drain() if f["type"] == "message"]
        assert backlog == SECRETS
        await socket.send({"type": "history", "before": 3, "limit": 5})
        page = await socket.receive_type("history")
        assert [m["body"] for m in page["messages"]] == SECRETS[:2]
        for frame in (
            {"action": "mute", "username": "sofia", "minutes": 5},
            {"action": "lock"},
            {"action": "delete", "seq": 1},
            {"action": "assign", "username": "lucas"},
        ):
            await socket.send({"type": "moderate", **frame})
            assert (await socket.receive_type("error"))["code"] == "forbidden"
    assert await database_sync_to_async(snapshot)(pair) == before


def _form_fields(action: str) -> dict:
    fields = {"username": "sofia", "minutes": "5", "seconds": "30", "seq": "1", "reason": "x"}
    return {"action": action, **fields}


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(actions.ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_no_role_moderates_in_a_private_room_from_the_room_page(client, people, pair, role, action):
    before = snapshot(pair)
    login(client, people[role])
    answer = client.post(f"/rooms/{pair.slug}/moderate/", _form_fields(action))
    assert answer.status_code == 302
    assert snapshot(pair) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(set(actions.ACTIONS) - {"assign"}))
def test_a_global_moderator_in_the_room_is_forbidden_every_action_but_a_reports(
    people, pair, action
):
    fields = {"username": "sofia", "minutes": 5, "seconds": 30, "seq": 1, "kind": "audio"}
    with pytest.raises(Forbidden):
        actions.perform(pair, actor=people["global_moderator"], action=action, fields=fields)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_room_edit_page_never_opens_a_private_room(client, people, pair, role):
    before = snapshot(pair)
    page = visit(client, people[role], f"/rooms/{pair.slug}/edit/")
    edited = client.post(
        f"/rooms/{pair.slug}/edit/",
        {"title": "Renamed", "topic": "", "language": "en", "visibility": "open"},
    )
    after = snapshot(pair)
    assert after["room"][2] == Room.Visibility.MEMBERS
    if role in MANAGERS:
        assert page.status_code == 200
        assert "visibility" not in page.context["form"].fields
        assert edited.status_code == 302
        assert after["room"][0] == "Renamed"
        assert after["memberships"] == before["memberships"]
    else:
        assert page.status_code == edited.status_code == (302 if role == "stranger" else 403)
        assert after == before


@pytest.mark.django_db
def test_update_room_refuses_to_change_a_private_rooms_visibility(people, pair):
    with pytest.raises(Forbidden):
        chat_services.update_room(
            pair,
            actor=people["organiser"],
            title=pair.title,
            topic="",
            language="en",
            visibility=Room.Visibility.OPEN,
        )
    pair.refresh_from_db()
    assert pair.visibility == Room.Visibility.MEMBERS


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(set(ROLES) - {"stranger"}))
@pytest.mark.parametrize("target", ["themselves", "member"])
def test_nobody_is_assigned_to_a_private_room(people, pair, role, target):
    before = snapshot(pair)
    actor = people[role]
    username = actor.get_username() if target == "themselves" else "sofia"
    with pytest.raises(Forbidden):
        moderation_services.assign_moderator(pair, actor=actor, username=username)
    assert snapshot(pair) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_reported_context_is_read_by_the_reports_handlers_on_the_record(
    client, people, pair, report, role
):
    before = snapshot(pair)
    page = visit(client, people[role], f"/rooms/reports/{report.pk}/context/")
    if role in REPORT_HANDLERS:
        assert page.status_code == 200
        seen = [line.body for line in page.context["context"].around]
        assert seen == SECRETS[REPORTED_SEQ - 3 : REPORTED_SEQ + 2]  # seq 2 to 6
        read = ModerationAction.objects.get(action=ModerationAction.Action.VIEW_CONTEXT)
        assert (read.actor, read.object_ref, read.context) == (
            people[role],
            REPORTED_SEQ,
            f"room:{pair.pk}",
        )
        assert snapshot(pair) == {**before, "audit": before["audit"] + 1}
    else:
        assert page.status_code == refused_status(role)
        assert snapshot(pair) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_shows_a_private_reports_excerpt_and_not_its_neighbours(
    client, people, pair, report, role
):
    before = snapshot(pair)
    page = visit(client, people[role], "/moderation/")
    if role in REPORT_HANDLERS:
        html = page.content.decode()
        assert SECRETS[REPORTED_SEQ - 1] in html  # the reported message, filed as the excerpt
        assert [s for s in SECRETS if s in html] == [SECRETS[REPORTED_SEQ - 1]]
        assert f"/rooms/reports/{report.pk}/context/" in html
        assert pair.get_absolute_url() not in html  # the panel of rooms does not list it
    elif role == "other_rooms_moderator":
        assert page.status_code == 200
        assert not any(s in page.content.decode() for s in SECRETS)
    else:
        assert page.status_code == (302 if role == "stranger" else 403)
    assert snapshot(pair) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_without_an_open_report_nobody_reads_the_context(client, people, pair, report, role):
    moderation.resolve_report(
        report, actor=people["global_moderator"], status=Report.Status.DISMISSED
    )
    before = snapshot(pair)
    login(client, people[role])
    assert client.get(f"/rooms/reports/{report.pk}/context/").status_code == refused_status(role)
    dashboard = client.get("/moderation/").content.decode()
    # The audit log keeps the reported message of the dismissal, and nothing else of the room.
    assert {s for s in SECRETS if s in dashboard} <= {SECRETS[REPORTED_SEQ - 1]}
    assert snapshot(pair) == before


@pytest.mark.django_db
def test_a_report_from_another_room_reads_nothing_of_the_pair(people, pair):
    welcome = chat_services.create_room(slug="welcome", title="Welcome")
    amina = people["participant"]
    chat_services.join_room(welcome, actor=amina)
    chat_services.post_message(welcome, author=amina, body="hello", client_id="w-1")
    other = room_reports.report_message(welcome, reporter=people["member"], seq=1, reason="spam")
    context = moderation_services.read_report_context(other, actor=people["global_moderator"])
    assert [m.body for m in context.around] == ["hello"]
    assert context.room == welcome


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["mute", "ban", "delete"])
def test_a_global_moderator_acts_on_a_report_from_the_private_room(people, pair, report, action):
    moderation.act_on_report(report, actor=people["global_moderator"], action=action)
    lucas = Membership.objects.get(room=pair, user=people["member"])
    deleted = Message.objects.get(room=pair, seq=REPORTED_SEQ).deleted_at
    assert (lucas.muted_until is not None, lucas.banned, deleted is not None) == (
        action == "mute",
        action == "ban",
        action == "delete",
    )
    assert Membership.objects.filter(room=pair).count() == 2


# ---- no moderation action makes a member (issue 13, point 9) ---------------------------------

USERNAME_ACTIONS = sorted(
    name for name, (_service, fields) in actions.ACTIONS.items() if "username" in fields
)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(set(USERNAME_ACTIONS) - {"assign"}))
@pytest.mark.parametrize("actor", ["global_moderator", "room_moderator"])
def test_acting_on_a_non_member_is_not_found_and_makes_no_membership(people, action, actor):
    welcome = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(welcome, user=people["other_rooms_moderator"], role="moderator")
    acting = people["global_moderator" if actor == "global_moderator" else "other_rooms_moderator"]
    before = snapshot(welcome)
    with pytest.raises(NotFound) as refused:
        actions.perform(
            welcome,
            actor=acting,
            action=action,
            fields={"username": "amina", "minutes": 5, "reason": "x", "kind": "audio"},
        )
    assert refused.value.code == "not_found"
    assert snapshot(welcome) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", sorted(actions.ON_REPORT - {"delete"}))
async def test_moderating_a_refused_person_does_not_let_them_in(connect, people, pair, action):
    """The attack: amina is refused the pair's room, a global moderator acts on her there."""
    socket, _connected, _ = await connect(people["participant"], f"/ws/rooms/{pair.slug}/")
    assert await socket.closed_with() == 4403
    with pytest.raises(NotFound):
        await database_sync_to_async(actions.perform)(
            pair,
            actor=people["global_moderator"],
            action=action,
            fields={"username": "amina", "minutes": 5, "reason": "x"},
            on_report=True,
        )
    assert not await Membership.objects.filter(room=pair, user=people["participant"]).aexists()
    again, _connected, _ = await connect(people["participant"], f"/ws/rooms/{pair.slug}/")
    assert await again.closed_with() == 4403


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["mute", "ban"])
def test_a_report_naming_a_non_member_stays_open_and_makes_no_membership(people, pair, action):
    filed = room_reports.report_member(
        pair, reporter=people["member"], subject=people["participant"], reason="x", excerpt=""
    )
    before = snapshot(pair)
    with pytest.raises(RoomError):
        moderation.act_on_report(filed, actor=people["global_moderator"], action=action)
    filed.refresh_from_db()
    assert filed.status == Report.Status.OPEN
    assert snapshot(pair) == before


@pytest.mark.django_db
def test_only_report_actions_are_taken_on_a_report(people, pair):
    with pytest.raises(RoomError):
        actions.perform(
            pair, actor=people["global_moderator"], action="lock", fields={}, on_report=True
        )
    assert Room.objects.get(pk=pair.pk).state == Room.State.OPEN
