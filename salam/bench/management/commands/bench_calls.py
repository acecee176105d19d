"""`python manage.py bench_calls`: time call set-up (direct and through coturn), count its
signalling and server CPU, and measure each participant's upload in meshes of 2, 3 and 4.

Thin: the work is in salam.bench.calls. Needs Chromium, coturn and Playwright.
"""

from __future__ import annotations

import importlib.util
import shutil
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salam.bench import calls


class Command(BaseCommand):
    help = (
        "Real calls in headless Chromium: join to first remote frame p50/p95 over N two-person "
        "calls with and without the relay, call.* frames and server CPU per set-up, and the "
        "upload each participant sends at 2, 3 and 4 people."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--calls", type=int, default=20)
        parser.add_argument("--upload-seconds", type=float, default=8.0)

    def handle(self, *args: Any, **opts: Any) -> None:
        missing = [b for b in (calls.CHROMIUM, "/usr/bin/turnserver") if not shutil.which(b)]
        if missing or importlib.util.find_spec("playwright") is None:
            raise CommandError(f"bench_calls needs Chromium, coturn and Playwright ({missing})")

        def say(line: str) -> None:
            self.stderr.write(line)
            self.stderr.flush()

        self.stdout.write(
            calls.run(
                calls=int(opts["calls"]), upload_seconds=float(opts["upload_seconds"]), say=say
            )
        )
