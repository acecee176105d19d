# ruff: noqa: E501  demo prose reads better unbroken
"""Demo contest: one edition with an entry in each category, made from videos that ffmpeg
generates now (when it is installed), a jury with scores, decisions and a published festival
page. Idempotent: an existing demo edition is left alone. Returns what the demo should say."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from salam.clearinghouse.models import Organisation
from salam.contest import judging, media, processing, services, voting
from salam.contest.models import Edition, Entry, Recognition

SLUG = "youth-images-2026"
RULES = {
    "en": "Videos of 1 to 5 minutes (this demo edition accepts from 3 seconds), made by people "
    "up to 25, in any language with English subtitles. Minors need a parent's or guardian's "
    "consent; everyone who appears consents. Disclose AI-generated and stock material.",
    "fr": "Des vidéos de 1 à 5 minutes (cette édition de démonstration accepte dès 3 secondes), "
    "faites par des jeunes jusqu'à 25 ans, dans toute langue avec des sous-titres anglais. Les "
    "mineurs ont besoin du consentement d'un parent ou tuteur.",
    "es": "Vídeos de 1 a 5 minutos (esta edición de demostración acepta desde 3 segundos), hechos "
    "por jóvenes de hasta 25 años, en cualquier idioma con subtítulos en inglés. Los menores "
    "necesitan el consentimiento de un padre, madre o tutor.",
    "ar": "مقاطع فيديو من دقيقة إلى خمس دقائق (تقبل هذه الدورة التجريبية من ثلاث ثوانٍ)، يصنعها "
    "شباب حتى سن الخامسة والعشرين، بأي لغة مع ترجمة إنجليزية. يحتاج القاصرون إلى موافقة أحد "
    "الوالدين أو الوصي.",
}
# username, age, title, synopsis, language, country, testsrc pattern, themes
ENTRIES = [
    (
        "joao",
        11,
        "My grandmother's suitcase",
        "What my grandmother carried from Cape Verde to Lisbon, told by the things inside her suitcase.",
        "pt",
        "PT",
        "testsrc2",
        ["Migration"],
    ),
    (
        "farah",
        15,
        "Two languages at breakfast",
        "A morning in a family that speaks Arabic at home and French at school.",
        "ar",
        "EG",
        "smptebars",
        ["Integration", "Dialogue"],
    ),
    (
        "amina",
        20,
        "The ferry",
        "Students from both shores of the Bosphorus trade the stories of how their families arrived.",
        "en",
        "TR",
        "testsrc",
        ["Dialogue", "Combating xenophobia"],
    ),
]
SUBTITLES = {
    "en": "WEBVTT\n\n00:00.000 --> 00:01.500\n{title}\n\n00:01.500 --> 00:03.000\nA film for Youth Images of Migration\n",
    "fr": "WEBVTT\n\n00:00.000 --> 00:01.500\n{title}\n\n00:01.500 --> 00:03.000\nUn film pour Youth Images of Migration\n",
    "ar": "WEBVTT\n\n00:00.000 --> 00:01.500\n{title}\n\n00:01.500 --> 00:03.000\nفيلم لمسابقة صور الشباب عن الهجرة\n",
}


def _video(folder: Path, pattern: str) -> Path:
    path = folder / f"{pattern}.mp4"
    media.make_test_video(path, seconds=3, size="256x144", rate=10, source=pattern)
    return path


def _upload(entry: Entry, path: Path) -> Entry:
    data = path.read_bytes()
    upload = services.start_upload(entry, actor=entry.entrant, size=len(data), filename=path.name)
    services.receive_chunk(
        upload.token.hex, actor=entry.entrant, offset=0, body=io.BytesIO(data), length=len(data)
    )
    entry.refresh_from_db()
    processing.run(entry.pk, entry.attempt)  # the demo's loading has no worker: process here
    entry.refresh_from_db()
    return entry


def load() -> list[str]:
    if Edition.objects.filter(slug=SLUG).exists():
        return []
    User = get_user_model()
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["organiser", "moderator", "lucas", "nadia", "joao", "farah", "amina"]
        )
    }
    organiser = people["organiser"]
    now = timezone.now()
    iom = Organisation.objects.filter(slug="iom").first()
    with transaction.atomic():
        edition = services.create_edition(
            actor=organiser,
            slug=SLUG,
            title="Youth Images of Migration 2026",
            themes=["Migration", "Integration", "Dialogue", "Combating xenophobia"],
            categories=[
                services.CategorySpec("Up to 12", 0, 12),
                services.CategorySpec("13 to 17", 13, 17),
                services.CategorySpec("18 to 25", 18, 25),
            ],
            earliest_production=(now - dt.timedelta(days=730)).date(),
            opens_at=now - dt.timedelta(days=30),
            closes_at=now + dt.timedelta(days=30),
            min_seconds=3,
            max_seconds=300,
            rules=RULES,
            recognitions=[
                ("Best film", "prize", None),
                ("Combating Xenophobia and Discrimination", "special", None),
            ]
            + ([("IOM award", "partner", iom.pk)] if iom else []),
            gallery_opens_at=now - dt.timedelta(days=1),
            vote_opens_at=now - dt.timedelta(days=1),
            vote_closes_at=now + dt.timedelta(days=20),
            screening_ends_at=now + dt.timedelta(days=31),
            jury_ends_at=now + dt.timedelta(days=40),
        )
        for username in ("moderator", "lucas"):
            services.add_juror(edition, actor=organiser, user=people[username])
    missing = media.available()
    said = []
    if missing:
        said.append(
            f"The contest's demo entries have no video: {', '.join(missing)} is not installed "
            "(apt-get install ffmpeg), so its gallery and festival page stay empty."
        )
    entries = []
    with tempfile.TemporaryDirectory() as folder:
        for username, age, title, synopsis, language, country, pattern, themes in ENTRIES:
            today = now.date()
            minor = age < 18
            entry = services.submit_entry(
                edition,
                entrant=people[username],
                now=now,
                form=services.EntryForm(
                    title=title,
                    synopsis=synopsis,
                    themes=themes,
                    languages=[language],
                    collaborators=[{"name": "Café Salam youth club", "role": "sound"}],
                    country=country,
                    birth_date=today.replace(year=today.year - age, day=1),
                    production_date=today - dt.timedelta(days=60),
                    video_format="mp4",
                    rights_declared=True,
                    not_excluded=True,
                    ai_disclosure="" if age < 18 else "Title cards drawn with an AI image tool.",
                    guardian_name="Maria Silva" if minor else "",
                    guardian_email="guardian@example.org" if minor else "",
                ),
            )
            for consent in entry.consents.all():
                services.give_consent(
                    entry.pk, services.consent_token(consent), signed_name=consent.name, now=now
                )
            for code in sorted({"en", language} & set(SUBTITLES)):
                services.add_subtitles(
                    entry,
                    actor=entry.entrant,
                    language=code,
                    data=SUBTITLES[code].format(title=title).encode(),
                    name=f"{code}.vtt",
                    now=now,
                )
            if not missing:
                entry = _upload(entry, _video(Path(folder), pattern))
            entries.append(entry)
    if missing:
        return said
    marks = [
        {"message": 9, "creativity": 8, "craft": 7, "originality": 9},
        {"message": 7, "creativity": 9, "craft": 8, "originality": 6},
    ]
    for entry in entries:
        judging.screen_entry(entry, actor=organiser, verdict="yes", notes="Clear message.")
        judging.set_shortlisted(entry, actor=organiser, shortlisted=True)
        for juror, mark in zip(("moderator", "lucas"), marks, strict=True):
            judging.score_entry(entry, actor=people[juror], marks=mark, notes="")
    best = edition.recognitions.get(name="Best film")
    special = edition.recognitions.get(kind=Recognition.Kind.SPECIAL)
    judging.decide(best, entries[2], actor=organiser, note="Unanimous.")
    judging.decide(special, entries[1], actor=organiser)
    partner = edition.recognitions.filter(kind=Recognition.Kind.PARTNER).first()
    if partner is not None and "nadia" in people:
        judging.decide(partner, entries[0], actor=people["nadia"])
    voting.cast_vote(entries[0], voter=people["nadia"], address="192.0.2.10", now=now)
    services.publish_festival(edition, actor=organiser)
    return said
