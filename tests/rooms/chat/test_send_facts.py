"""The one-statement read behind every send, against what the ORM says of the same rows.

Runs on SQLite in the embedded pass and on PostgreSQL in the services pass: the statement is
hand-written SQL, so both backends must read the same facts from it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rooms.chat import services
from rooms.chat.send_facts import read_send_facts, read_terms
from rooms.models import Membership, Message, Room
from rooms.moderation.reports import room_context
from salam.moderation.models import BlockedTerm

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
WINDOW = dt.timedelta(seconds=5)


def facts_for(room: Room, user, client_id: str = "new", *, limit: int = 5):
    return read_send_facts(
        room.pk, user.pk, client_id, now=NOW, window_start=NOW - WINDOW, limit=limit
    )


def send(room: Room, user, client_id: str, sent_at: dt.datetime) -> Message:
    room.last_seq += 1
    room.save(update_fields=["last_seq"])
    return Message.objects.create(
        room=room, seq=room.last_seq, author=user, body="hi", client_id=client_id, sent_at=sent_at
    )


def test_one_statement_reads_the_room_the_membership_and_the_checks(welcome, participant):
    Membership.objects.create(room=welcome, user=participant, role="participant", last_read_seq=0)
    with CaptureQueriesContext(connection) as queries:
        facts = facts_for(welcome, participant)
    assert len(queries) == 1
    assert facts.room.pk == welcome.pk
    assert (facts.room.slug, facts.room.state, facts.room.visibility) == (
        welcome.slug,
        welcome.state,
        welcome.visibility,
    )
    assert facts.membership.user_id == participant.pk
    assert facts.membership.banned is False
    assert (facts.muted, facts.is_retry, facts.recent_count) == (False, False, 0)


def test_fields_not_read_load_on_first_access(welcome, participant):
    until = NOW + dt.timedelta(minutes=10)
    Membership.objects.create(room=welcome, user=participant, muted_until=until)
    facts = facts_for(welcome, participant)
    assert facts.muted is True
    assert facts.membership.muted_until == until
    assert facts.room.title == welcome.title


@pytest.mark.parametrize(
    ("muted_until", "muted"),
    [(None, False), (NOW - dt.timedelta(seconds=1), False), (NOW + dt.timedelta(seconds=1), True)],
)
def test_muted_compares_with_now(welcome, participant, muted_until, muted):
    Membership.objects.create(room=welcome, user=participant, muted_until=muted_until)
    assert facts_for(welcome, participant).muted is muted


def test_no_membership_reads_none(welcome, outsider):
    facts = facts_for(welcome, outsider)
    assert facts.membership is None
    assert facts.muted is False


def test_a_banned_membership_reads_true(welcome, participant):
    Membership.objects.create(room=welcome, user=participant, banned=True)
    assert facts_for(welcome, participant).membership.banned is True


def test_a_used_client_id_is_a_retry_only_for_its_author_and_room(
    welcome, pair_room, participant, outsider
):
    send(welcome, participant, "c-1", NOW - dt.timedelta(hours=1))
    assert facts_for(welcome, participant, "c-1").is_retry is True
    assert facts_for(welcome, participant, "c-2").is_retry is False
    assert facts_for(welcome, outsider, "c-1").is_retry is False
    assert facts_for(pair_room, participant, "c-1").is_retry is False


def test_the_window_counts_only_later_messages_of_this_author_up_to_the_limit(
    welcome, participant, outsider
):
    send(welcome, participant, "old", NOW - WINDOW)  # on the boundary: outside the window
    for index in range(7):
        send(welcome, participant, f"in-{index}", NOW - dt.timedelta(seconds=index / 2))
    send(welcome, outsider, "other", NOW)
    assert facts_for(welcome, participant, limit=5).recent_count == 5
    assert facts_for(welcome, participant, limit=20).recent_count == 7
    assert facts_for(welcome, outsider, limit=5).recent_count == 1


def test_a_missing_room_raises_does_not_exist(welcome, participant):
    room_id = welcome.pk
    welcome.delete()
    with pytest.raises(Room.DoesNotExist):
        read_send_facts(room_id, participant.pk, "c", now=NOW, window_start=NOW - WINDOW, limit=5)


def test_terms_are_the_rooms_own_and_the_site_wide_ones_in_creation_order(welcome, pair_room):
    first = BlockedTerm.objects.create(term="spam", mode="report")
    second = BlockedTerm.objects.create(
        context=room_context(welcome.pk), term="scam", mode="refuse"
    )
    BlockedTerm.objects.create(context=room_context(pair_room.pk), term="elsewhere")
    terms = read_terms(welcome.pk)
    assert [(t.id, t.text, t.mode) for t in terms] == [
        (first.pk, "spam", "report"),
        (second.pk, "scam", "refuse"),
    ]


def test_a_steady_send_is_five_statements(welcome, participant):
    """The first send also loads the sender's profile and permissions; later ones do not."""
    services.post_message(welcome, author=participant, body="first", client_id="c-0")
    with CaptureQueriesContext(connection) as queries:
        services.post_message(welcome, author=participant, body="second", client_id="c-1")
    statements = [
        q["sql"].split()[0].upper()
        for q in queries.captured_queries
        if "SAVEPOINT" not in q["sql"].upper() and q["sql"].upper() not in ("BEGIN", "COMMIT")
    ]
    assert statements == ["SELECT", "SELECT", "UPDATE", "INSERT", "UPDATE"]
    assert Message.objects.filter(room=welcome).count() == 2
