"""Contest fixtures: an open edition with short length bounds (so 2-second test videos are
eligible), tiny real videos made by ffmpeg, and a helper that uploads one in chunks."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

from salam.contest import media, services
from salam.contest.models import Edition, Entry
from salam.people.roles import Role
from tests import services as test_services

SRT_EN = (
    b"1\n00:00:00,000 --> 00:00:01,500\nHello from the harbour\n\n"
    b"2\n00:00:01,500 --> 00:00:02,000\nWelcome\n\n"
)
VTT_FR = b"WEBVTT\n\n00:00.000 --> 00:01.500\nBonjour du port\n"


def need_ffmpeg() -> None:
    missing = media.available()
    if missing:
        test_services.missing(
            "ffmpeg", f"{', '.join(missing)} not on PATH (apt-get install ffmpeg)"
        )


@pytest.fixture(scope="session")
def video_dir(tmp_path_factory) -> Path:
    need_ffmpeg()
    folder = tmp_path_factory.mktemp("videos")
    media.make_test_video(folder / "ok.mp4", seconds=2, size="160x120", rate=10)
    data = (folder / "ok.mp4").read_bytes()
    (folder / "corrupt.mp4").write_bytes(data[:64] + b"\x00" * 4000)
    (folder / "page.mp4").write_bytes(
        b"<!DOCTYPE html><html><body>not a video</body></html>\n" * 20
    )
    return folder


@pytest.fixture(autouse=True)
def _english_first():
    """The contest's tests read the English reasons: a request another test made in Arabic
    leaves Arabic active in this thread (pytest-django runs database tests after the
    others, so such a test may come just before one of these)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def video(video_dir) -> Path:
    return video_dir / "ok.mp4"


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def organiser_person(make_person):
    return make_person("orga", role=Role.ORGANISER)


@pytest.fixture
def edition(organiser_person, now, settings, tmp_path) -> Edition:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return services.create_edition(
        actor=organiser_person,
        slug="yim-2026",
        title="Youth Images of Migration 2026",
        themes=["Migration", "Integration", "Dialogue"],
        categories=[
            services.CategorySpec("Up to 12", 0, 12),
            services.CategorySpec("13 to 17", 13, 17),
            services.CategorySpec("18 to 25", 18, 25),
        ],
        earliest_production=(now - dt.timedelta(days=700)).date(),
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        min_seconds=1,
        max_seconds=10,
        rules={"en": "Be kind.", "fr": "Soyez aimables."},
        recognitions=[("Best film", "prize", None), ("Combating Xenophobia", "special", None)],
        gallery_opens_at=now - dt.timedelta(days=1),
        vote_opens_at=now - dt.timedelta(days=1),
        vote_closes_at=now + dt.timedelta(days=5),
    )


def entry_form(**changes) -> services.EntryForm:
    today = timezone.now().date()
    values = {
        "title": "The harbour",
        "synopsis": "Two friends wait at the harbour.",
        "themes": ["Migration"],
        "languages": ["fr"],
        "collaborators": [{"name": "Sami", "role": "camera"}],
        "country": "MA",
        "birth_date": today.replace(year=today.year - 20),
        "production_date": today - dt.timedelta(days=30),
        "video_format": "mp4",
        "rights_declared": True,
        "not_excluded": True,
    }
    values.update(changes)
    return services.EntryForm(**values)


@pytest.fixture
def entrant(make_person):
    return make_person("entrant")


@pytest.fixture
def entry(edition, entrant, now) -> Entry:
    return services.submit_entry(edition, entrant=entrant, form=entry_form(), now=now)


def upload_file(entry: Entry, path: Path, *, chunk: int = 20_000, name: str | None = None) -> Entry:
    """Upload `path` in chunks through the service, as the page's script does."""
    data = path.read_bytes()
    upload = services.start_upload(
        entry, actor=entry.entrant, size=len(data), filename=name or path.name
    )
    offset = 0
    while offset < len(data):
        piece = data[offset : offset + chunk]
        upload = services.receive_chunk(
            upload.token.hex,
            actor=entry.entrant,
            offset=offset,
            body=io.BytesIO(piece),
            length=len(piece),
        )
        offset = upload.received
    return Entry.objects.get(pk=entry.pk)


def copy_video(path: Path, target: Path) -> Path:
    shutil.copy(path, target)
    return target


@pytest.fixture
def make_ready(edition, now):
    """make_ready(entrant, title=..., category=...) -> an entry in the gallery, as processing
    would leave it (no files: for pages that only list it)."""
    counter = iter(range(1, 1000))

    def make(
        person,
        *,
        title: str | None = None,
        age: int = 20,
        country: str = "MA",
        theme: str = "Migration",
    ):
        today = now.date()
        entry = services.submit_entry(
            edition,
            entrant=person,
            now=now,
            form=entry_form(
                title=title or f"Film {next(counter)}",
                birth_date=today.replace(year=today.year - age),
                country=country,
                themes=[theme],
                languages=["en"],
                guardian_name="G" if age < 18 else "",
                guardian_email="g@example.org" if age < 18 else "",
            ),
        )
        entry.consents.update(consented_at=now, signed_name="G")
        Entry.objects.filter(pk=entry.pk).update(
            processing="ready", progress=100, duration_seconds=2.0
        )
        entry.refresh_from_db()
        services.refresh_eligibility(entry, now=now)
        assert entry.eligible, entry.problems
        return entry

    return make
