"""Pairing with the database and the sockets: instant pairs, rounds, no-shows, feedback."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from rooms.chat import services as chat_services
from rooms.errors import RoomError
from rooms.models import (
    Feedback,
    Membership,
    Pairing,
    PairingRequest,
    Round,
    RoundUnmatched,
)
from rooms.pairing import services as pairing_services
from salam.moderation import services as safety_services
from salam.moderation.models import Report
from salam.notices.models import Notice
from salam.people.models import University
from salam.people.roles import Role

UNIVERSITIES = [
    ("Boğaziçi University", "Istanbul", "TR"),
    ("Complutense University of Madrid", "Madrid", "ES"),
    ("Cairo University", "Cairo", "EG"),
    ("University of São Paulo", "São Paulo", "BR"),
    ("Sciences Po", "Paris", "FR"),
]
INTERESTS = ["music", "football", "poetry", "cooking", "cinema", "history"]


@pytest.fixture
def student(make_person):
    def make(name: str, university: int, *, languages=("en",), interests=("music",)):
        return make_person(
            name, university=UNIVERSITIES[university], languages=languages, interests=interests
        )

    return make


@pytest.mark.django_db(transaction=True)
async def test_two_people_asking_on_their_sockets_are_paired_into_a_private_room(connect, student):
    amina = await database_sync_to_async(student)("amina", 0, interests=("music", "poetry"))
    lucas = await database_sync_to_async(student)("lucas", 1, interests=("music", "football"))
    stranger = await database_sync_to_async(student)("stranger", 2)
    first, _, _ = await connect(amina, "/ws/me/")
    second, _, _ = await connect(lucas, "/ws/me/")
    await first.receive_type("hello")
    await second.receive_type("hello")
    await first.send({"type": "pairing.request"})
    waiting = await first.receive_type("pairing.waiting")
    assert {k: v for k, v in waiting.items() if k != "expires_at"} == {
        "type": "pairing.waiting",
        "languages": ["en"],
    }  # nobody else waits: no pool, no reason
    await second.send({"type": "pairing.request"})
    to_amina = await first.receive_type("paired")
    to_lucas = await second.receive_type("paired")
    assert to_amina["room"] == to_lucas["room"]
    assert to_amina["partners"] == [{"username": "lucas", "display_name": "Lucas"}]
    assert to_lucas["partners"] == [{"username": "amina", "display_name": "Amina"}]
    assert to_amina["shared_interests"] == ["music"]
    assert 2 <= len(to_amina["starters"]) <= 3
    slug = to_amina["room"]
    from tests.rooms.conftest import enter

    await enter(connect, amina, slug)
    await enter(connect, lucas, slug)
    outsider, _, _ = await connect(stranger, f"/ws/rooms/{slug}/")
    assert await outsider.closed_with() == 4403


@pytest.mark.django_db(transaction=True)
async def test_cancel_over_the_socket_withdraws(connect, student):
    amina = await database_sync_to_async(student)("amina", 0)
    socket, _, _ = await connect(amina, "/ws/me/")
    await socket.receive_type("hello")
    await socket.send({"type": "pairing.request"})
    await socket.receive_type("pairing.waiting")
    await socket.send({"type": "pairing.cancel"})
    await socket.receive_type("pairing.cancelled")
    status = await database_sync_to_async(lambda: PairingRequest.objects.get().status)()
    assert status == "cancelled"


pytestmark_db = pytest.mark.django_db


@pytestmark_db
@pytest.mark.parametrize(
    ("second", "paired"),
    [
        ({"university": 0}, False),  # same university: never
        ({"university": 1, "languages": ("es",)}, False),  # no shared language
        ({"university": 1}, True),
    ],
)
def test_instant_pairing_keeps_the_hard_rules(student, second, paired):
    amina = student("amina", 0, languages=("en", "tr"))
    other = student("other", second["university"], languages=second.get("languages", ("en",)))
    pairing_services.request_pairing(actor=amina)
    outcome = pairing_services.request_pairing(actor=other)
    assert (outcome.status == "paired") is paired


@pytestmark_db
def test_a_block_is_honoured_in_either_direction(student):
    amina, lucas = student("amina", 0), student("lucas", 1)
    safety_services.block_person(blocker=lucas, username="amina")
    pairing_services.request_pairing(actor=amina)
    assert pairing_services.request_pairing(actor=lucas).status == "waiting"


@pytestmark_db
def test_the_same_two_are_not_paired_again_within_three_pairings(student):
    amina, lucas = student("amina", 0), student("lucas", 1)
    pairing_services.request_pairing(actor=amina)
    assert pairing_services.request_pairing(actor=lucas).status == "paired"
    pairing_services.request_pairing(actor=amina)
    assert pairing_services.request_pairing(actor=lucas).status == "waiting"


@pytestmark_db
def test_a_request_that_finds_nobody_in_ten_minutes_ends_with_a_notice(student):
    amina = student("amina", 0)
    start = timezone.now()
    pairing_services.request_pairing(actor=amina, now=start)
    assert pairing_services.expire_requests(now=start + dt.timedelta(minutes=9)) == 0
    assert pairing_services.expire_requests(now=start + dt.timedelta(minutes=11)) == 1
    assert PairingRequest.objects.get().status == "expired"
    assert Notice.objects.get(user=amina).kind == "pairing.expired"


@pytestmark_db
def test_an_incomplete_profile_cannot_ask(make_person):
    with pytest.raises(RoomError) as error:
        pairing_services.request_pairing(actor=make_person("halfway", complete=False))
    assert error.value.code == "profile_incomplete"


@pytestmark_db
def test_no_show_puts_the_person_at_the_front_of_the_queue(student):
    start = timezone.now()
    amina, lucas, farah, other = (
        student("amina", 0),
        student("lucas", 1),
        student("farah", 2),
        student("other", 3),
    )
    pairing_services.request_pairing(actor=amina, now=start)
    pairing = pairing_services.request_pairing(actor=lucas, now=start).pairing
    with pytest.raises(RoomError) as error:
        pairing_services.ask_new_partner(
            pairing.room, actor=lucas, now=start + dt.timedelta(minutes=3)
        )
    assert error.value.code == "too_early"
    pairing_services.request_pairing(
        actor=farah, now=start + dt.timedelta(minutes=4)
    )  # waiting since 4'
    outcome = pairing_services.ask_new_partner(
        pairing.room, actor=lucas, now=start + dt.timedelta(minutes=6)
    )
    assert outcome.status == "paired"  # farah was waiting
    front = pairing_services.ask_new_partner  # the new request went in ahead of anyone waiting
    assert front is not None
    assert (
        pairing_services.request_pairing(actor=other, now=start + dt.timedelta(minutes=7)).status
        == "waiting"
    )


@pytestmark_db
def test_no_show_is_refused_when_the_partner_came(student):
    start = timezone.now()
    amina, lucas = student("amina", 0), student("lucas", 1)
    pairing_services.request_pairing(actor=amina, now=start)
    pairing = pairing_services.request_pairing(actor=lucas, now=start).pairing
    chat_services.post_message(pairing.room, author=amina, body="hi", client_id="1")
    with pytest.raises(RoomError) as error:
        pairing_services.ask_new_partner(
            pairing.room, actor=lucas, now=start + dt.timedelta(minutes=6)
        )
    assert error.value.code == "partner_present"


@pytestmark_db
def test_feedback_once_per_person_and_a_report_reaches_the_queue(student):
    amina, lucas, farah = student("amina", 0), student("lucas", 1), student("farah", 2)
    pairing_services.request_pairing(actor=amina)
    pairing = pairing_services.request_pairing(actor=lucas).pairing
    pairing_services.leave_feedback(
        pairing,
        actor=amina,
        rating=2,
        would_talk_again=False,
        comment="rude",
        report_reason="insults",
    )
    with pytest.raises(RoomError):
        pairing_services.leave_feedback(pairing, actor=amina, rating=5, would_talk_again=True)
    with pytest.raises(RoomError) as error:
        pairing_services.leave_feedback(pairing, actor=farah, rating=5, would_talk_again=True)
    assert error.value.code == "forbidden"
    report = Report.objects.get()
    assert (report.source, report.subject, report.kind, report.context) == (
        "feedback",
        lucas,
        "member",
        f"room:{pairing.room.pk}",
    )
    assert Feedback.objects.count() == 1


def university_round(organiser, **changes):
    """A pairs round over every university, starting in an hour, with `changes` applied."""
    fields = {
        "title": "Universities",
        "starts_at": timezone.now() + dt.timedelta(hours=1),
        "duration_minutes": 45,
        "pool_kind": "university",
        "universities": list(University.objects.all()),
        "city": None,
        "mode": "pairs",
        "group_size": 4,
        "facilitators": [],
        **changes,
    }
    return pairing_services.create_round(actor=organiser, **fields)


def _round_of_thirty(
    make_person, organiser, *, starts_at: dt.datetime, signed_up_at: dt.datetime
) -> Round:
    people = []
    for index in range(30):
        name, city, country = UNIVERSITIES[index % len(UNIVERSITIES)]
        person = make_person(
            f"student{index:02d}",
            university=(name, city, country),
            languages=("en", "es") if index % 3 else ("en",),
            interests=(INTERESTS[index % 6], INTERESTS[(index + 2) % 6]),
        )
        people.append(person)
    round_ = university_round(organiser, title="Universities, autumn", starts_at=starts_at)
    for person in people:
        pairing_services.sign_up(round_, actor=person, now=signed_up_at)
    return round_


@pytest.mark.django_db(transaction=True)
def test_a_round_of_thirty_is_matched_exactly_once_when_triggered_twice_at_once(
    postgres, make_person, organiser
):
    start = timezone.now() - dt.timedelta(minutes=1)
    round_ = _round_of_thirty(
        make_person, organiser, starts_at=start, signed_up_at=start - dt.timedelta(hours=1)
    )
    assert round_.signups.count() == 30
    barrier = threading.Barrier(2)
    errors = []

    def tick() -> None:
        try:
            barrier.wait()
            call_command("tick")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    pairings = Pairing.objects.filter(round=round_)
    members = [m.user_id for p in pairings for m in p.members.all()]
    assert len(members) == len(set(members)) == 30  # everyone once, nobody twice
    assert pairings.count() == 15
    assert Round.objects.get(pk=round_.pk).status == "done"


@pytestmark_db
def test_a_round_honours_the_university_rule_and_records_the_unmatched(make_person, organiser):
    start = timezone.now() - dt.timedelta(minutes=1)
    same = [make_person(f"same{i}", university=UNIVERSITIES[0]) for i in range(3)]
    round_ = university_round(
        organiser,
        title="One university",
        starts_at=start + dt.timedelta(hours=1),
        duration_minutes=30,
    )
    for person in same:
        pairing_services.sign_up(round_, actor=person, now=start)
    Round.objects.filter(pk=round_.pk).update(starts_at=start)
    assert pairing_services.run_due_rounds(now=timezone.now()) == [round_.pk]
    assert Pairing.objects.count() == 0
    assert set(RoundUnmatched.objects.values_list("reason", flat=True)) == {"same_university_only"}
    assert pairing_services.run_due_rounds(now=timezone.now()) == []


@pytestmark_db
def test_group_rounds_give_each_group_a_facilitator(make_person, organiser):
    start = timezone.now()
    facilitators = [make_person(f"fac{i}", role=Role.MODERATOR) for i in range(3)]
    people = [make_person(f"p{i}", university=UNIVERSITIES[i % 5]) for i in range(12)]
    round_ = university_round(
        organiser,
        title="Groups",
        starts_at=start + dt.timedelta(hours=1),
        duration_minutes=30,
        mode="groups",
        facilitators=facilitators,
    )
    for person in people:
        pairing_services.sign_up(round_, actor=person, now=start)
    assert pairing_services.run_round(round_.pk, now=start + dt.timedelta(hours=1))
    pairings = list(Pairing.objects.filter(round=round_))
    assert len(pairings) == 3
    assert sorted(p.facilitator.username for p in pairings) == ["fac0", "fac1", "fac2"]
    for pairing in pairings:
        assert (
            Membership.objects.get(room=pairing.room, user=pairing.facilitator).role == "moderator"
        )


@pytestmark_db
def test_only_organisers_schedule_rounds_and_sign_up_closes_at_the_start(
    make_person, organiser, participant
):
    with pytest.raises(RoomError):
        university_round(
            participant, title="x", starts_at=timezone.now(), duration_minutes=30, universities=[]
        )
    round_ = university_round(
        organiser,
        title="x",
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        duration_minutes=30,
    )
    with pytest.raises(RoomError) as error:
        pairing_services.sign_up(round_, actor=participant)
    assert error.value.code == "closed"


@pytestmark_db
def test_the_organisers_round_page_shows_the_figures(client, make_person, organiser):
    start = timezone.now() - dt.timedelta(minutes=1)
    round_ = _round_of_thirty(
        make_person,
        organiser,
        starts_at=start + dt.timedelta(hours=2),
        signed_up_at=start - dt.timedelta(hours=1),
    )
    Round.objects.filter(pk=round_.pk).update(starts_at=start)
    pairing_services.run_due_rounds(now=timezone.now())
    client.force_login(organiser)
    figures = client.get(f"/rooms/rounds/{round_.pk}/").context["figures"]
    assert (figures["people"], figures["matches"], figures["matched_people"]) == (30, 15, 30)
    assert {code for code, _ in figures["countries"]} == {"TR", "ES", "EG", "BR", "FR"}
    assert figures["longest_wait_seconds"] >= figures["mean_wait_seconds"] > 0
    assert len(figures["country_bars"]) == 5


@pytestmark_db
def test_the_pairing_page_asks_without_javascript(client, student):
    amina, lucas = student("amina", 0), student("lucas", 1)
    client.force_login(amina)
    client.post("/rooms/pairing/", {"action": "request"})
    client.force_login(lucas)
    response = client.post("/rooms/pairing/", {"action": "request"})
    pairing = Pairing.objects.get()
    assert response["Location"] == pairing.room.get_absolute_url()
    page = client.get(pairing.room.get_absolute_url())
    assert len(page.context["starters"]) >= 2


@pytestmark_db
def test_the_pairing_page_shows_the_persons_own_pairings_and_waiting(client, student):
    amina, lucas, farah = student("amina", 0), student("lucas", 1), student("farah", 2)
    pairing = _paired(amina, lucas)
    pairing_services.request_pairing(actor=farah)

    client.force_login(amina)
    mine = client.get("/rooms/pairing/").context
    client.force_login(farah)
    theirs = client.get("/rooms/pairing/").context

    assert (mine["waiting"], mine["pairings"]) == (False, [pairing])
    assert (theirs["waiting"], theirs["pairings"]) == (True, [])


@pytestmark_db
def test_feedback_is_for_the_people_of_the_pairing_only(client, student, outsider):
    amina, lucas = student("amina", 0), student("lucas", 1)
    pairing = _paired(amina, lucas)

    client.force_login(amina)
    member = client.get(f"/rooms/pairing/{pairing.pk}/feedback/")
    client.force_login(outsider)
    stranger = client.get(f"/rooms/pairing/{pairing.pk}/feedback/")
    missing = client.get("/rooms/pairing/999999/feedback/")

    assert (member.status_code, member.context["pairing"]) == (200, pairing)
    assert (stranger.status_code, missing.status_code) == (404, 404)


@pytestmark_db
def test_a_new_partner_is_asked_for_from_a_pair_room_only(client, student, welcome):
    amina = student("amina", 0)
    client.force_login(amina)
    assert client.post(f"/rooms/{welcome.slug}/new-partner/").status_code == 404
    assert client.post("/rooms/no-such-room/new-partner/").status_code == 404
    assert not PairingRequest.objects.exists()


@pytestmark_db
def test_a_round_that_does_not_exist_is_not_found(client, participant):
    client.force_login(participant)
    assert client.get("/rooms/rounds/999999/").status_code == 404
    assert client.post("/rooms/rounds/999999/").status_code == 404


def _paired(first, second) -> Pairing:
    pairing_services.request_pairing(actor=first)
    pairing = pairing_services.request_pairing(actor=second).pairing
    assert pairing is not None
    return pairing
