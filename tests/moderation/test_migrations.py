"""The move of moderation's models out of rooms keeps every row, converted in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("rooms", "0002_round_pairing_roundunmatched_feedback_pairingmember_and_more"),
    ("moderation", None),
    ("forum", "0001_initial"),
]
AFTER = [("rooms", "0003_moderation_moves_out"), ("moderation", "0004_no_foreign_keys_to_rooms")]
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.fixture
def old_rows():
    """Rows as rooms held them before the move; the latest schema again afterwards."""
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Room = apps.get_model("rooms", "Room")
    Message = apps.get_model("rooms", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    amina = User.objects.create(username="amina")
    lucas = User.objects.create(username="lucas")
    room = Room.objects.create(slug="welcome", title="Welcome")
    message = Message.objects.create(
        room=room, seq=1, author=lucas, body="rude", client_id="c", sent_at=NOW
    )
    category = apps.get_model("forum", "Category").objects.create(slug="c", name="C")
    thread = apps.get_model("forum", "Thread").objects.create(
        category=category, title="T", slug="t", author=lucas, created_at=NOW, last_post_at=NOW
    )
    post = apps.get_model("forum", "Post").objects.create(
        thread=thread, author=lucas, body="spam", created_at=NOW
    )
    Report = apps.get_model("rooms", "Report")
    rows = {
        "message": Report.objects.create(
            room=room, message=message, reporter=amina, subject=lucas, reason="rude"
        ).pk,
        "post": Report.objects.create(
            content_type=ContentType.objects.get(app_label="forum", model="post"),
            object_id=post.pk,
            reporter=amina,
            subject=lucas,
            reason="spam",
            status="dismissed",  # closed before resolved_at was always set
        ).pk,
        "feedback": Report.objects.create(
            room=room, reporter=amina, subject=lucas, source="feedback", reason="rude"
        ).pk,
        "action": apps.get_model("rooms", "ModerationAction")
        .objects.create(
            action="delete",
            actor=amina,
            actor_username="amina",
            room=room,
            room_slug="welcome",
            target=lucas,
            target_username="lucas",
            message_seq=1,
            message_body="rude",
        )
        .pk,
        "term": apps.get_model("rooms", "BlockedTerm")
        .objects.create(room=room, term="idiot", mode="report")
        .pk,
        "global_term": apps.get_model("rooms", "BlockedTerm").objects.create(term="salak").pk,
        "block": apps.get_model("rooms", "Block").objects.create(blocker=amina, blocked=lucas).pk,
    }
    yield rows, room.pk, message.pk, post.pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_row_survives_the_move_converted(old_rows):
    rows, room_id, message_id, post_id = old_rows
    apps = migrate(AFTER)
    Report = apps.get_model("moderation", "Report")
    context = f"room:{room_id}"
    assert list(
        Report.objects.order_by("pk").values_list(
            "pk", "kind", "object_id", "context", "context_label", "reason"
        )
    ) == [
        (rows["message"], "message", message_id, context, "welcome", "rude"),
        (rows["post"], "post", post_id, "forum", "", "spam"),
        (rows["feedback"], "member", room_id, context, "welcome", "rude"),
    ]
    closed = Report.objects.get(pk=rows["post"])
    assert closed.resolved_at == closed.created_at
    record = apps.get_model("moderation", "ModerationAction").objects.get()
    assert (
        record.pk,
        record.context,
        record.context_label,
        record.object_ref,
        record.object_text,
        record.target_username,
    ) == (rows["action"], context, "welcome", 1, "rude", "lucas")
    terms = apps.get_model("moderation", "BlockedTerm").objects.order_by("pk")
    assert list(terms.values_list("pk", "term", "context", "context_label")) == [
        (rows["term"], "idiot", context, "welcome"),
        (rows["global_term"], "salak", "", ""),
    ]
    block = apps.get_model("moderation", "Block").objects.get()
    assert (block.pk, block.blocker.username, block.blocked.username) == (
        rows["block"],
        "amina",
        "lucas",
    )


def test_new_rows_after_the_move_take_fresh_ids(old_rows):
    rows, *_ = old_rows
    apps = migrate(AFTER)
    User = apps.get_model("auth", "User")
    amina = User.objects.get(username="amina")
    fresh = apps.get_model("moderation", "Report").objects.create(
        kind="message", object_id=999, reporter=amina, reason="x"
    )
    assert fresh.pk > rows["feedback"]
