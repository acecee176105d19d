"""Periodic rooms work: match due rounds, end pairing requests that waited too long.

Run every minute (cron: `* * * * * cd /srv/salam && python manage.py rooms_tick`). Safe to run
from several machines at once: each due round is locked and runs exactly once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from rooms.pairing import services


class Command(BaseCommand):
    help = "Match due pairing rounds and expire stale pairing requests."

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        rounds = services.run_due_rounds(now=now)
        expired = services.expire_requests(now=now)
        self.stdout.write(f"rounds matched: {len(rounds)}; requests expired: {expired}")
