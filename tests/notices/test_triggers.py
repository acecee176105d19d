"""Each kind of notice, made by its real trigger: a round, instant pairing, a partner who did not
come or left, a waiting list, a reminder, a cancellation, the forum, a moderator's action."""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from events import services as event_services
from events.models import Occurrence, SessionPerson
from rooms.chat import services as chat_services
from rooms.models import Membership, Pairing, Presence, Round
from rooms.moderation import services as room_moderation
from rooms.pairing import attendance
from rooms.pairing import services as pairing_services
from salam.forum import services as forum_services
from salam.forum.models import Category
from salam.notices.kinds import BY_CODE
from salam.notices.models import Notice
from salam.people.models import University
from salam.people.roles import Role
from tests.events.conftest import at

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
UNIS = [("Boğaziçi University", "Istanbul", "TR"), ("Cairo University", "Cairo", "EG")]


def notices_of(user) -> list[tuple[str, str, str, str]]:
    return list(
        Notice.objects.filter(user=user).order_by("pk").values_list("kind", "title", "body", "url")
    )


def test_every_kind_the_code_names_is_defined():
    """A `kind="..."` passed to notify anywhere is in salam/notices/kinds.py."""
    used = set()
    for top in ("salam", "rooms", "events"):
        for path in (ROOT / top).rglob("*.py"):
            text = path.read_text()
            if "notify(" in text or "_tell" in text:
                used |= set(re.findall(r'kind\s*=\s*"([a-z_.]+)"', text))
            used |= set(re.findall(r'NOTICE_\w+ = "([a-z_.]+)"', text))
    used -= {"city", "university"}  # the round's pool kind, not a notice
    used -= {"entry"}  # the contest's kind of reported content (salam.moderation), not a notice
    assert used - set(BY_CODE) == set()
    assert {"pairing.matched", "pairing.paired", "mention", "moderation.action"} <= used


# ---- pairing ---------------------------------------------------------------------------------


def test_a_round_tells_each_person_their_partner_and_room(make_person, organiser):
    start = timezone.now() - dt.timedelta(minutes=1)
    amina = make_person("amina", university=UNIS[0], interests=("music", "poetry"))
    lucas = make_person("lucas", university=UNIS[1], interests=("music",))
    round_ = pairing_services.create_round(
        actor=organiser,
        title="Autumn round",
        starts_at=start + dt.timedelta(hours=1),
        duration_minutes=30,
        pool_kind="university",
        universities=list(University.objects.all()),
        city=None,
        mode="pairs",
        group_size=4,
        facilitators=[],
    )
    for person in (amina, lucas):
        pairing_services.sign_up(round_, actor=person, now=start)
    Round.objects.filter(pk=round_.pk).update(starts_at=start)
    pairing_services.run_due_rounds(now=timezone.now())
    room = Pairing.objects.get().room
    assert notices_of(amina) == [
        (
            "pairing.matched",
            "You were matched in “Autumn round”: meet Lucas",
            "Shared interests: music.",
            f"/rooms/{room.slug}/",
        )
    ]
    assert notices_of(lucas)[0][1] == "You were matched in “Autumn round”: meet Amina"


def test_instant_pairing_tells_the_one_who_was_waiting(make_person):
    amina = make_person("amina", university=UNIS[0])
    lucas = make_person("lucas", university=UNIS[1])
    pairing_services.request_pairing(actor=amina)  # then Amina leaves the page
    outcome = pairing_services.request_pairing(actor=lucas)  # Lucas is taken to the room
    assert notices_of(amina) == [
        (
            "pairing.paired",
            "Lucas is free to talk: your room is open",
            "Shared interests: music.",
            f"/rooms/{outcome.pairing.room.slug}/",
        )
    ]
    assert notices_of(lucas) == []


def _pair(make_person, now):
    amina = make_person("amina", university=UNIS[0])
    lucas = make_person("lucas", university=UNIS[1])
    pairing_services.request_pairing(actor=amina, now=now)
    pairing = pairing_services.request_pairing(actor=lucas, now=now).pairing
    return amina, lucas, pairing


def _present(pairing, user):
    Presence.objects.create(
        room=pairing.room, user=user, connection=f"c-{user.pk}", server="s", seen_at=timezone.now()
    )


def test_a_partner_who_did_not_come_is_told_once(make_person):
    start = timezone.now()
    amina, lucas, pairing = _pair(make_person, start)
    _present(pairing, lucas)
    assert attendance.check_attendance(now=start + dt.timedelta(minutes=4)) == 0  # too early
    assert attendance.check_attendance(now=start + dt.timedelta(minutes=6)) == 1
    assert attendance.check_attendance(now=start + dt.timedelta(minutes=7)) == 0
    assert notices_of(lucas) == [
        (
            "pairing.no_show",
            "Amina has not come to your pair room",
            "You can ask for a new partner from the room.",
            f"/rooms/{pairing.room.slug}/",
        )
    ]
    assert notices_of(amina)[1:] == []  # the instant pairing's notice only


def test_a_partner_who_left_is_told_once(make_person):
    start = timezone.now() - dt.timedelta(minutes=10)
    amina, lucas, pairing = _pair(make_person, start)
    _present(pairing, lucas)
    chat_services.post_message(pairing.room, author=amina, body="bye!", client_id="1")
    now = timezone.now()
    assert attendance.check_attendance(now=now) == 0  # she spoke a moment ago
    later = now + dt.timedelta(minutes=3)
    assert attendance.check_attendance(now=later) == 1
    assert attendance.check_attendance(now=later) == 0
    assert [n[:2] for n in notices_of(lucas)] == [
        ("pairing.partner_left", "Amina left your pair room")
    ]


# ---- events ----------------------------------------------------------------------------------

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


@pytest.fixture
def occurrence(published) -> Occurrence:
    return Occurrence.objects.get(session__event=published)


def test_a_seat_from_the_waiting_list_is_a_notice(occurrence, make_person):
    first, second, waiting = make_person(), make_person(), make_person("wanda")
    for person in (first, second, waiting):
        event_services.register(occurrence, actor=person, now=BEFORE)
    event_services.cancel_registration(occurrence, actor=first)
    [(kind, title, _body, url)] = notices_of(waiting)
    assert (kind, title) == ("events.promoted", "You have a seat at “Integration”")
    assert url == occurrence.session.get_absolute_url()


def test_the_reminder_reaches_speakers_too_once_though_the_tick_runs_twice(occurrence, make_person):
    listener, speaker = make_person("listener"), make_person("speaker")
    event_services.register(occurrence, actor=listener, now=BEFORE)
    SessionPerson.objects.create(
        session=occurrence.session, role=SessionPerson.Role.SPEAKER, user=speaker
    )
    start = at(0, 10)
    assert event_services.send_due_reminders(now=start - timedelta(minutes=15)) == 2
    Occurrence.objects.filter(pk=occurrence.pk).update(reminder_sent_at=None)  # a second tick
    assert event_services.send_due_reminders(now=start - timedelta(minutes=14)) == 2
    for person in (listener, speaker):
        assert [n[:2] for n in notices_of(person)] == [
            ("events.reminder", "“Integration” starts soon")
        ]


def test_cancelling_a_session_tells_its_people_at_once_and_not_again_at_the_release(
    published, occurrence, make_person, organiser
):
    # no zone of their own: the event's (São Paulo's) wall clock
    seated, waiting = make_person("seated", time_zone=""), make_person("waiting", time_zone="")
    for person in (make_person(), seated, waiting):
        event_services.register(occurrence, actor=person, now=BEFORE)
    event_services.cancel_session(occurrence.session, actor=organiser, now=BEFORE)
    for person in (seated, waiting):
        assert notices_of(person) == [
            (
                "events.changed",
                "Cancelled: “Integration”",
                "“Integration” is cancelled: June 10, 2030, 10:00 UTC\u22123.",
                occurrence.session.get_absolute_url(),
            )
        ]
    event_services.publish_schedule(published, actor=organiser)
    assert len(notices_of(seated)) == 1


def test_a_moved_session_says_from_when_to_when(published, occurrence, participant, organiser):
    from events.services import SessionFields

    event_services.register(occurrence, actor=participant, now=BEFORE)
    session = occurrence.session
    event_services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title=session.title,
            starts_at=at(0, 14),
            ends_at=at(0, 15),
            space=session.space,
            capacity=session.capacity,
        ),
    )
    event_services.publish_schedule(published, actor=organiser)
    [(kind, _title, body, _url)] = notices_of(participant)
    assert kind == "events.changed"
    # in the participant's zone (UTC), not the event's
    assert body == (
        "“Integration” moved from June 10, 2030, 13:00 UTC to June 10, 2030, 17:00 UTC, Hall."
    )


# ---- forum -----------------------------------------------------------------------------------


@pytest.fixture
def thread(db, participant):
    category = Category.objects.create(slug="general", name="General")
    return forum_services.start_thread(
        category, author=participant, title="Housing", body="Where to look?"
    )


def test_a_reply_tells_the_threads_followers(thread, participant, make_person):
    lucas = make_person("lucas")
    post = forum_services.reply(thread, author=lucas, body="Try the **union**.")
    assert notices_of(participant) == [
        ("forum.reply", "New reply in “Housing”", "Lucas: Try the union.", post.get_absolute_url())
    ]
    assert notices_of(lucas) == []


def test_a_quote_tells_the_quoted_author_once(thread, participant, make_person):
    lucas, farah = make_person("lucas"), make_person("farah")
    first = forum_services.reply(thread, author=lucas, body="The union helps.")
    forum_services.subscribe(thread, actor=lucas)
    post = forum_services.reply(thread, author=farah, body="Agreed.", quote=first)
    assert notices_of(lucas) == [
        (
            "forum.quote",
            "Farah quoted your post in “Housing”",
            "Farah: Agreed.",
            post.get_absolute_url(),
        )
    ]


def test_a_mention_in_a_forum_post_tells_the_person_named(thread, participant, make_person):
    lucas, nadia = make_person("lucas"), make_person("nadia")
    post = forum_services.reply(thread, author=lucas, body="@Nadia and @nobody, any idea?")
    assert notices_of(nadia) == [
        (
            "mention",
            "Lucas mentioned you in “Housing”",
            "@Nadia and @nobody, any idea?",
            post.get_absolute_url(),
        )
    ]
    # the follower mentioned gets the mention, not a second notice for the reply
    forum_services.reply(thread, author=nadia, body="@alice see above")
    kinds = [n[0] for n in notices_of(participant)]
    assert kinds == ["forum.reply", "mention"]
    # an edit that keeps the mention does not mention again
    forum_services.edit_post(post, actor=lucas, body="@nadia and @nobody, any idea at all?")
    assert len(notices_of(nadia)) == 1


def test_a_quoted_mention_is_not_a_mention_again(thread, make_person):
    lucas, nadia, farah = make_person("lucas"), make_person("nadia"), make_person("farah")
    first = forum_services.reply(thread, author=lucas, body="@nadia what do you think?")
    forum_services.reply(thread, author=farah, body="Good question.", quote=first)
    assert [n[0] for n in notices_of(nadia)] == ["mention"]


# ---- moderation ------------------------------------------------------------------------------


def test_a_mute_tells_the_person_why_and_for_how_long(db, make_person, moderator):
    room = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    amina = make_person("amina")
    chat_services.add_member(room, user=amina)
    room_moderation.mute_member(
        room,
        actor=moderator,
        username="amina",
        minutes=90,
        reason="Shouting",
        now=timezone.now(),
    )
    [(kind, title, body, url)] = notices_of(amina)
    assert (kind, title, url) == (
        "moderation.action",
        "A moderator muted you in #welcome",
        "/rooms/welcome/",
    )
    first, second = body.split("\n")
    assert re.fullmatch(r"For 90 minutes, until \w+\.? \d+, \d{4}, \d\d:\d\d UTC\.", first)
    assert second == "Reason: Shouting"
    room_moderation.kick_member(room, actor=moderator, username="amina", reason="Again")
    assert notices_of(amina)[-1][:3] == (
        "moderation.action",
        "A moderator removed you from #welcome",
        "Reason: Again",
    )


def test_hiding_a_forum_post_tells_its_author(thread, participant, make_person):
    moderator = make_person("forum_mod", role=Role.MODERATOR)
    post = thread.posts.get()
    forum_services.hide_post(post, actor=moderator, reason="Off topic")
    assert notices_of(participant) == [
        (
            "moderation.action",
            "A moderator hid your post in the forum",
            "Reason: Off topic",
            thread.get_absolute_url(),
        )
    ]


def test_who_blocked_the_author_hears_nothing_of_their_posts(thread, participant, make_person):
    from salam.moderation import services as safety

    lucas = make_person("lucas")
    safety.block_person(blocker=participant, username="lucas")
    first = forum_services.reply(thread, author=participant, body="Ideas?")
    forum_services.reply(thread, author=lucas, body="@alice here is one", quote=first)
    assert notices_of(participant) == []
