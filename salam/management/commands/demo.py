"""`python manage.py demo`: migrate, load the demo data, and serve the whole site with daphne,
with the periodic work and a job worker in background threads."""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django_tasks_db.management.commands.db_worker import Worker

from salam.core.i18n import compile_catalogues
from salam.people.demo import DEMO_PASSWORD
from salam.periodic import start_background_ticks

# Each app's demo loader, in dependency order; each `load()` is idempotent.
DEMO_LOADERS = [
    "salam.people.demo",
    "salam.library.demo",
    "salam.journal.demo",
    "salam.forum.demo",
    "salam.search.demo",
    "rooms.demo",
    "events.demo",
    "events.programmes.demo",
    "salam.contest.demo",
]


logger = logging.getLogger(__name__)
DEMO_LOADING_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start_job_worker(*, interval: float = 1.0) -> Worker:
    """Run django-tasks-db's worker loop (what `manage.py db_worker` runs) in a daemon thread;
    setting the returned worker's `running` to False stops it after its current job."""
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"demo-{os.getpid()}",
        excluded_queue_names=[],
    )

    def run() -> None:
        while worker.running:
            try:
                worker.run()
            except Exception:
                logger.exception("the demo's job worker failed; starting it again")
                time.sleep(interval)

    threading.Thread(target=run, name="salam-jobs", daemon=True).start()
    return worker


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotent) and serve the site on http://127.0.0.1:8000."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the data, do not serve.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(
        self, *args: object, no_serve: bool, host: str, port: int, **options: object
    ) -> None:
        if not settings.DEBUG:
            raise CommandError("Refusing to create demo accounts with DEBUG off (production).")
        call_command("migrate", interactive=False, verbosity=0)
        compile_catalogues(settings.LOCALE_PATHS)
        usernames: list[str] = []
        # The demo's journal workflow and notices would mail every step: their mail jobs go to
        # the dummy backend, which keeps them in memory and runs nothing.
        with override_settings(TASKS=DEMO_LOADING_TASKS):
            for module_name in DEMO_LOADERS:
                loaded = importlib.import_module(module_name).load()
                if module_name == "salam.people.demo":
                    usernames = loaded
                elif module_name == "salam.contest.demo":
                    for line in loaded:  # what the contest's demo lacks (ffmpeg)
                        self.stdout.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Sign in with any of:"))
        for username in usernames:
            self.stdout.write(f"  {username:<10} password: {DEMO_PASSWORD}")
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C stops)")
        stop = threading.Event()
        start_background_ticks(stop)  # rounds, reminders, session rooms: no cron needed here
        worker = start_job_worker()  # the mail jobs: no `db_worker` needed here
        # Unless SITE_URL says otherwise, the links in mails point at this server.
        site_url = os.environ.get("SITE_URL") or f"http://{host}:{port}"
        try:
            with override_settings(SITE_URL=site_url):
                self._serve(host, port)
        finally:
            stop.set()
            worker.running = False

    def _serve(self, host: str, port: int) -> None:
        from daphne.cli import CommandLineInterface

        module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
        CommandLineInterface().run(["--bind", host, "--port", str(port), f"{module}:{attribute}"])
