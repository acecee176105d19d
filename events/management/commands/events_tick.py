"""`python manage.py events_tick`: run the events work due now (cron, every minute)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from events.services import run_due_work


class Command(BaseCommand):
    help = "Open session rooms, send reminders and archive ended rooms that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="An ISO 8601 time with its offset to act as (default: the clock)."
        )

    def handle(self, *args: object, now: str | None = None, **options: object) -> None:
        moment = timezone.now()
        if now:
            moment = datetime.fromisoformat(now)
            if timezone.is_naive(moment):
                raise CommandError("--now needs an offset, such as 2030-01-01T18:00+00:00.")
        done = run_due_work(moment)
        self.stdout.write(
            f"rooms opened: {done.opened}, reminders sent: {done.reminded}, "
            f"rooms archived: {done.archived}"
        )
