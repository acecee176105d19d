"""Every report, audit line and blocked term converted in place from its room and message
keys to the kind, object and context of 0002 (a migration of its own: on PostgreSQL, rows
changed in a transaction must be committed before their table is altered)."""

from django.db import migrations

BATCH = 1000


def _room_context(room_id):
    return f"room:{room_id}" if room_id else ""


def _in_batches(queryset, model, fields, change):
    batch = []
    for row in queryset.iterator(chunk_size=BATCH):
        change(row)
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def forwards(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    BlockedTerm = apps.get_model("moderation", "BlockedTerm")

    def report(row):
        if row.message_id:
            row.kind, row.object_id = "message", row.message_id
        elif row.content_type_id:
            ct = row.content_type
            if (ct.app_label, ct.model) == ("forum", "post"):
                row.kind, row.context = "post", "forum"
            else:
                row.kind = f"{ct.app_label}.{ct.model}"
        elif row.room_id:  # pairing feedback about a person met in this room
            row.kind, row.object_id = "member", row.room_id
        else:
            row.kind = "unknown"
        if row.room_id:
            row.context, row.context_label = _room_context(row.room_id), row.room.slug
        if row.status != "open" and row.resolved_at is None:
            row.resolved_at = row.created_at

    _in_batches(
        Report.objects.select_related("room", "content_type"),
        Report,
        ["kind", "object_id", "context", "context_label", "resolved_at"],
        report,
    )

    def action(row):
        row.context = _room_context(row.room_id)

    _in_batches(ModerationAction.objects.all(), ModerationAction, ["context"], action)

    def term(row):
        row.context = _room_context(row.room_id)
        row.context_label = row.room.slug if row.room_id else ""

    _in_batches(
        BlockedTerm.objects.select_related("room"), BlockedTerm, ["context", "context_label"], term
    )


def backwards(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    BlockedTerm = apps.get_model("moderation", "BlockedTerm")
    Room = apps.get_model("rooms", "Room")
    Message = apps.get_model("rooms", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rooms = set(Room.objects.values_list("pk", flat=True))
    messages = set(Message.objects.values_list("pk", flat=True))

    def room_of(context):
        prefix, _sep, value = context.partition(":")
        room_id = int(value) if prefix == "room" and value.isdigit() else None
        return room_id if room_id in rooms else None

    def report(row):
        row.room_id = room_of(row.context)
        if row.kind == "message":
            row.message_id = row.object_id if row.object_id in messages else None
        elif row.kind == "post":
            row.content_type = ContentType.objects.get_for_model(apps.get_model("forum", "Post"))

    _in_batches(Report.objects.all(), Report, ["room", "message", "content_type"], report)

    def with_room(row):
        row.room_id = room_of(row.context)

    _in_batches(ModerationAction.objects.all(), ModerationAction, ["room"], with_room)
    _in_batches(BlockedTerm.objects.all(), BlockedTerm, ["room"], with_room)
    # A term of a room that is gone applied nowhere; without its room it would apply everywhere.
    BlockedTerm.objects.filter(room__isnull=True).exclude(context="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0001_initial"),
        ("moderation", "0002_context_columns"),
        ("rooms", "0002_round_pairing_roundunmatched_feedback_pairingmember_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
