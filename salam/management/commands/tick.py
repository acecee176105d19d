"""`python manage.py tick`: the minute's periodic work (cron: `* * * * *`).

Safe to run from several machines at once: each round, reminder and room is claimed under a
row lock. `--now` acts as if at another time (a rehearsal, or catching up after an outage).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from salam.periodic import run_due_work


def parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now is not an ISO 8601 time: {value!r}.") from error
    if timezone.is_naive(moment):
        raise CommandError("--now needs an offset, such as 2030-01-01T18:00+00:00.")
    return moment


class Command(BaseCommand):
    help = (
        "Run the periodic work that is due now: match rounds, expire pairing requests, "
        "open session rooms, send reminders, archive ended rooms."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="An ISO 8601 time with its offset to act as (default: the clock)."
        )

    def handle(self, *args: object, now: str | None = None, **options: object) -> None:
        done = run_due_work(parse_now(now) if now else timezone.now())
        self.stdout.write(", ".join(f"{kind.replace('_', ' ')}: {n}" for kind, n in done.items()))
