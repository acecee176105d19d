"""Where the contest's files live, under MEDIA_ROOT (SALAM_DATA_DIR/media by default)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "contest"


def partial(token: str) -> Path:
    return root() / "partial" / f"{token}.part"


def source(entry_id: int, extension: str) -> Path:
    return root() / "sources" / f"{entry_id}.{extension}"


def entry_dir(entry_id: int) -> Path:
    return root() / "entries" / str(entry_id)


def releases() -> Path:
    return root() / "releases"


def relative(path: Path) -> str:
    return str(path.relative_to(Path(settings.MEDIA_ROOT)))


def absolute(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name
