"""Reports, the audit log, blocked terms and blocks are salam.moderation's now: their state
leaves rooms here, their tables and rows stay (moderation 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0002_round_pairing_roundunmatched_feedback_pairingmember_and_more"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Block"),
                migrations.DeleteModel(name="BlockedTerm"),
                migrations.DeleteModel(name="ModerationAction"),
                migrations.DeleteModel(name="Report"),
            ],
            database_operations=[],
        )
    ]
