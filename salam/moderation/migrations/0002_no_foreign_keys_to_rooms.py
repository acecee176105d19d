"""Moderation's records name what they are about without a foreign key to rooms: a report's
`kind` and `object_id`, and a `context` ("room:<id>", "forum") with the place's label kept.
Every row is converted in place; then the tables take moderation's names."""

from django.db import migrations, models
from django.db.models import Q

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
        ("moderation", "0001_initial"),
        ("rooms", "0002_round_pairing_roundunmatched_feedback_pairingmember_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="report", name="report_once_per_person"),
        migrations.AddField(
            model_name="report",
            name="kind",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="report",
            name="context",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="report",
            name="context_label",
            field=models.CharField(blank=True, default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="moderationaction",
            name="context",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RenameField(
            model_name="moderationaction", old_name="room_slug", new_name="context_label"
        ),
        migrations.AlterField(
            model_name="moderationaction",
            name="context_label",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.RenameField(
            model_name="moderationaction", old_name="message_seq", new_name="object_ref"
        ),
        migrations.AlterField(
            model_name="moderationaction",
            name="object_ref",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RenameField(
            model_name="moderationaction", old_name="message_body", new_name="object_text"
        ),
        migrations.AddField(
            model_name="blockedterm",
            name="context",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="blockedterm",
            name="context_label",
            field=models.CharField(blank=True, default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='moderationaction',
            name='action',
            field=models.CharField(choices=[('mute', 'Mute'), ('unmute', 'Unmute'), ('kick', 'Kick'), ('ban', 'Ban'), ('unban', 'Unban'), ('delete', 'Delete message'), ('lock', 'Lock room'), ('unlock', 'Unlock room'), ('slow_mode', 'Slow mode'), ('pin', 'Pin message'), ('unpin', 'Unpin message'), ('dismiss', 'Dismiss report'), ('assign', 'Assign moderator'), ('term', 'Change word filter'), ('hide_post', 'Hide post'), ('delete_post', 'Delete post')], max_length=16),
        ),
            migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveField(model_name="report", name="room"),
        migrations.RemoveField(model_name="report", name="message"),
        migrations.RemoveField(model_name="report", name="content_type"),
        migrations.RemoveField(model_name="moderationaction", name="room"),
        migrations.RemoveField(model_name="blockedterm", name="room"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=Q(status="open", object_id__isnull=False, reporter__isnull=False),
                fields=("kind", "object_id", "reporter"),
                name="report_open_once_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(condition=~Q(kind=""), name="report_has_kind"),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | (~Q(status="open") & Q(resolved_at__isnull=False)),
                name="report_resolved_when_closed",
            ),
        ),
        migrations.AddConstraint(
            model_name="moderationaction",
            constraint=models.CheckConstraint(condition=~Q(action=""), name="audit_has_action"),
        ),
        migrations.AddConstraint(
            model_name="blockedterm",
            constraint=models.CheckConstraint(
                condition=Q(mode__in=["refuse", "report"]), name="blocked_term_mode_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="blockedterm",
            constraint=models.CheckConstraint(condition=~Q(term=""), name="blocked_term_not_empty"),
        ),
        migrations.AlterModelTable(name="block", table=None),
        migrations.AlterModelTable(name="blockedterm", table=None),
        migrations.AlterModelTable(name="moderationaction", table=None),
        migrations.AlterModelTable(name="report", table=None),
    ]
