"""`python manage.py tick`: the minute's periodic work (cron: `* * * * *`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from salam.periodic import run_due_work


class Command(BaseCommand):
    help = "Run the periodic work that is due now: rounds, pairing expiry, event rooms, reminders."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(str(run_due_work(timezone.now())))
