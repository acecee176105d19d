"""Moderation's records gain the columns that name their content and place without a
foreign key to rooms: a report's `kind`, a `context` ("room:<id>", "forum") with the place's
label kept; the audit's room slug and message become the place's label and the object.
0003 fills them in from the old columns, 0004 drops those."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

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
            model_name="moderationaction",
            name="action",
            field=models.CharField(
                choices=[
                    ("mute", "Mute"),
                    ("unmute", "Unmute"),
                    ("kick", "Kick"),
                    ("ban", "Ban"),
                    ("unban", "Unban"),
                    ("delete", "Delete message"),
                    ("lock", "Lock room"),
                    ("unlock", "Unlock room"),
                    ("slow_mode", "Slow mode"),
                    ("pin", "Pin message"),
                    ("unpin", "Unpin message"),
                    ("dismiss", "Dismiss report"),
                    ("assign", "Assign moderator"),
                    ("term", "Change word filter"),
                    ("hide_post", "Hide post"),
                    ("delete_post", "Delete post"),
                ],
                max_length=16,
            ),
        ),
    ]
