"""`python manage.py protocol_schema`: write each socket's JSON Schema from its frame
definitions (salam.core.frames' registry), or with `--check` fail when a file is stale."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import salam.routing  # noqa: F401 (every routed socket's consumer registers its frames)
from salam.core import frames


def stale_schemas() -> list[str]:
    """The schema files that differ from what the definitions generate."""
    return [
        socket.schema_path
        for socket in frames.sockets().values()
        if _read(Path(settings.BASE_DIR) / socket.schema_path) != frames.schema_text(socket)
    ]


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


class Command(BaseCommand):
    help = "Write the JSON Schema of every socket's frames (rooms/schema/*.json)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if a file is stale.")

    def handle(self, *args: object, check: bool = False, **options: object) -> None:
        if check:
            stale = stale_schemas()
            if stale:
                raise CommandError(f"stale: {', '.join(stale)} (run manage.py protocol_schema)")
            return
        for socket in frames.sockets().values():
            path = Path(settings.BASE_DIR) / socket.schema_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(frames.schema_text(socket), encoding="utf-8")
            self.stdout.write(f"{socket.path}: {socket.schema_path}")
