"""`python manage.py bench_rooms`: our room sockets against the raw ceiling and documented Channels.

Thin: the work is in salam.bench (see salam/bench/runner.py for what each run does).
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salam.bench.runner import RUNS, Options, run
from salam.bench.servers import SYSTEMS


class Command(BaseCommand):
    help = (
        "Start daphne on PostgreSQL and Redis for Salam and two baselines, hold N websocket "
        "clients in one room, send at fixed rates and print latency, loss, CPU and memory."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        defaults = Options()
        parser.add_argument(
            "--quick", action="store_true",
            help="5-second runs and a 3-step search: a smoke run of a few minutes.",
        )  # fmt: skip
        parser.add_argument(
            "--runs", default=",".join(RUNS),
            help=f"comma-separated subset of {', '.join(RUNS)} (default: all)",
        )  # fmt: skip
        parser.add_argument(
            "--systems", default=",".join(defaults.systems),
            help=f"comma-separated subset of {', '.join(SYSTEMS)}",
        )  # fmt: skip
        parser.add_argument("--duration", type=float, help="seconds of sending per main run")
        parser.add_argument("--search-duration", type=float, help="seconds per search step")
        parser.add_argument("--search-steps", type=int, help="phases per system in the search")
        parser.add_argument("--large-n", type=int, default=defaults.large_n)
        parser.add_argument("--small-n", type=int, default=defaults.small_n)
        parser.add_argument("--client-processes", type=int, default=defaults.client_processes)
        parser.add_argument("--senders", type=int, default=defaults.senders)
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL", defaults.database_url),
            help="a PostgreSQL database of its own; created when missing, migrated, reused",
        )
        parser.add_argument(
            "--redis-url", default=os.environ.get("BENCH_REDIS_URL", defaults.redis_url)
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        runs = tuple(r for r in str(opts["runs"]).split(",") if r)
        systems = tuple(s for s in str(opts["systems"]).split(",") if s)
        if unknown := (set(runs) - set(RUNS)) | (set(systems) - set(SYSTEMS)):
            raise CommandError(f"unknown run or system: {', '.join(sorted(unknown))}")
        options = Options(
            database_url=str(opts["database_url"]),
            redis_url=str(opts["redis_url"]),
            small_n=int(opts["small_n"]),
            large_n=int(opts["large_n"]),
            client_processes=int(opts["client_processes"]),
            senders=int(opts["senders"]),
            runs=runs,
            systems=systems,
        )
        if opts["quick"]:
            options.duration, options.search_duration, options.search_steps = 5, 4, 3
        for name in ("duration", "search_duration", "search_steps"):
            if opts[name] is not None:
                setattr(options, name, opts[name])

        def say(line: str) -> None:
            self.stderr.write(line)
            self.stderr.flush()

        self.stdout.write(run(options, say))
