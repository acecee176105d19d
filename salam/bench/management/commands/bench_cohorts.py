"""`python manage.py bench_cohorts`: time the programmes' cohort matcher and how even it deals.

Pure data, no database. Prints markdown for the README.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from salam.bench import cohorts as bench


class Command(BaseCommand):
    help = "Time cohort formation at 1,000 and 10,000 applicants (target: 10,000 in < 2 s)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
        parser.add_argument("--repeats", type=int, default=3)

    def handle(self, *args: object, sizes: list[int], repeats: int, **options: object) -> None:
        self.stdout.write(bench.run(sizes, repeats=repeats))
