"""`python manage.py bench_schedule`: time the conflict check over a generated schedule.

Pure data, no database: 1,000 sessions over two days in 20 spaces with 300 people by default.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandParser

from events.scheduling import Slot, SpaceInfo, check_schedule


def generate(count: int, *, seed: int = 2010) -> tuple[list[Slot], dict[int, SpaceInfo]]:
    rng = random.Random(seed)  # noqa: S311 reproducible test data, not cryptography
    start = datetime(2030, 5, 27, 8, tzinfo=UTC)
    spaces = {n: SpaceInfo(name=f"Hall {n}", capacity=rng.choice([40, 80, 200])) for n in range(20)}
    slots = []
    for key in range(count):
        begins = start + timedelta(days=rng.randrange(2), minutes=15 * rng.randrange(44))
        people = frozenset(f"user:{rng.randrange(300)}" for _ in range(rng.randrange(1, 4)))
        slots.append(
            Slot(
                key=key,
                title=f"Session {key}",
                start=begins,
                end=begins + timedelta(minutes=rng.choice([45, 60, 90])),
                space=rng.randrange(20),
                capacity=rng.choice([30, 60, 100]),
                people=people,
            )
        )
    return slots, spaces


def measure(count: int, *, repeat: int = 5) -> tuple[float, int]:
    """The best of `repeat` runs in milliseconds, and the number of conflicts found."""
    slots, spaces = generate(count)
    window = (datetime(2030, 5, 27, tzinfo=UTC), datetime(2030, 5, 29, tzinfo=UTC))
    best, found = float("inf"), 0
    for _ in range(repeat):
        began = time.perf_counter()
        found = len(check_schedule(slots, spaces=spaces, window=window))
        best = min(best, (time.perf_counter() - began) * 1000)
    return best, found


class Command(BaseCommand):
    help = "Time the schedule conflict check over generated sessions (target: 1,000 < 100 ms)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=1000)

    def handle(self, *args: object, sessions: int, **options: object) -> None:
        milliseconds, found = measure(sessions)
        self.stdout.write(
            f"conflict check over {sessions} sessions: {milliseconds:.1f} ms "
            f"({found} conflicts found)"
        )
