"""`python manage.py bench_pairing`: time the matcher and measure it against the exact optimum.

Pure data, no database: random pools from `rooms.pairing.matching.sample`. Prints markdown for
the README.
"""

from __future__ import annotations

import importlib.util

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salam.bench import pairing as bench


class Command(BaseCommand):
    help = (
        "Time pairs matching at 1,000, 3,000 and 10,000 people (goal: 10,000 under 1 s), against "
        "the matcher before issue 19 in the same run, and "
        "compare with networkx's exact optimum at 300 (goal: >= 99%, no more unmatched)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 3_000, 10_000])
        parser.add_argument("--repeats", type=int, default=3)
        parser.add_argument("--quality-size", type=int, default=300)
        parser.add_argument("--quality-seeds", type=int, nargs="+", default=[1, 2, 3])

    def handle(
        self,
        *args: object,
        sizes: list[int],
        repeats: int,
        quality_size: int,
        quality_seeds: list[int],
        **options: object,
    ) -> None:
        if importlib.util.find_spec("networkx") is None:
            raise CommandError("bench_pairing needs networkx: pip install -e '.[bench]'")
        report = bench.run(
            sizes, repeats=repeats, quality_size=quality_size, quality_seeds=quality_seeds
        )
        self.stdout.write(report)
