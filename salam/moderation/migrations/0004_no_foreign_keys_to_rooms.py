"""Moderation's records keep no foreign key to rooms; their invariants are constraints now,
and the tables take moderation's names."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_convert_rows")]

    operations = [
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
