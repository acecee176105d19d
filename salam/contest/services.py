"""Every write about editions and entries: submitting, uploading, subtitles, consent, hiding.

Judging lives in `judging.py`, the vote in `voting.py`, the processing job in `processing.py`.
Events and mails leave after commit.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.contest import editions, eligibility, media, paths
from salam.contest.editions import CategorySpec, CriterionSpec, EditionSpec, RecognitionSpec
from salam.contest.errors import Conflict, Forbidden, Invalid, InvalidEdition
from salam.contest.models import (
    Category,
    Consent,
    Decision,
    Edition,
    Entry,
    Juror,
    Recognition,
    Score,
    SubtitleTrack,
    Upload,
    default_rubric,
)
from salam.contest.permissions import may_organise, owns
from salam.core.mail import absolute_url, send_later
from salam.core.types import Person
from salam.notices.recipient import translated
from salam.notices.services import notify

CONSENT_SALT = "salam.contest.consent"


class Readable(Protocol):
    """What a chunk's body is read from: the request's stream, or a file in tests."""

    def read(self, size: int = ..., /) -> bytes: ...


# ---- editions -----------------------------------------------------------------------------


# Paths under /contest/ that an edition's slug may not take.
RESERVED_SLUGS = {"new", "uploads", "consent"}


def _rubric_specs(rubric: Sequence[dict]) -> list[CriterionSpec]:
    return [CriterionSpec(c["key"], c["label"], Decimal(str(c["weight"]))) for c in rubric]


def _rubric_rows(rubric: Sequence[CriterionSpec]) -> list[dict]:
    """As stored: a whole weight as an int, any other as a float (JSON has no decimals)."""
    return [
        {
            "key": c.key,
            "label": c.label.strip(),
            "weight": int(c.weight) if c.weight == c.weight.to_integral() else float(c.weight),
        }
        for c in rubric
    ]


def spec_of(edition: Edition) -> EditionSpec:
    """The edition as its organisers' form edits it."""
    return EditionSpec(
        title=edition.title,
        themes=list(edition.themes),
        categories=[CategorySpec(c.name, c.min_age, c.max_age) for c in edition.categories.all()],
        earliest_production=edition.earliest_production,
        opens_at=edition.opens_at,
        closes_at=edition.closes_at,
        min_seconds=edition.min_seconds,
        max_seconds=edition.max_seconds,
        screening_ends_at=edition.screening_ends_at,
        jury_ends_at=edition.jury_ends_at,
        gallery_opens_at=edition.gallery_opens_at,
        vote_opens_at=edition.vote_opens_at,
        vote_closes_at=edition.vote_closes_at,
        recognitions=[
            RecognitionSpec(
                r.name, r.kind, r.category.name if r.category else "", r.organisation_id
            )
            for r in edition.recognitions.select_related("category")
        ],
        rubric=_rubric_specs(edition.rubric),
        rules=dict(edition.rules),
        excluded_people=edition.excluded_people,
        anonymous_judging=edition.anonymous_judging,
    )


_PLAIN_FIELDS = (
    "earliest_production",
    "opens_at",
    "closes_at",
    "min_seconds",
    "max_seconds",
    "screening_ends_at",
    "jury_ends_at",
    "gallery_opens_at",
    "vote_opens_at",
    "vote_closes_at",
    "anonymous_judging",
)


def _write(edition: Edition, spec: EditionSpec) -> Edition:
    """Store the spec on the edition, its categories and recognitions matched by name (a
    recognition's decisions and an entry's category stay with the one of the same name)."""
    edition.title = spec.title.strip()
    edition.themes = [t.strip() for t in spec.themes if t.strip()]
    edition.rules = {lang: text.strip() for lang, text in spec.rules.items() if text.strip()}
    edition.excluded_people = spec.excluded_people.strip()
    edition.rubric = _rubric_rows(spec.rubric)
    for name in _PLAIN_FIELDS:
        setattr(edition, name, getattr(spec, name))
    edition.save()
    categories = {c.name.casefold(): c for c in edition.categories.all()}
    kept = {}
    for wanted in spec.categories:
        category = categories.get(wanted.name.strip().casefold()) or Category(edition=edition)
        category.name = wanted.name.strip()
        category.min_age, category.max_age = wanted.min_age, wanted.max_age
        category.save()
        kept[category.name.casefold()] = category
    recognitions = {r.name.casefold(): r for r in edition.recognitions.all()}
    for wanted_recognition in spec.recognitions:
        key = wanted_recognition.name.strip().casefold()
        recognition = recognitions.pop(key, None) or Recognition(edition=edition)
        recognition.name = wanted_recognition.name.strip()
        recognition.kind = wanted_recognition.kind
        recognition.category = kept.get(wanted_recognition.category.strip().casefold())
        recognition.organisation_id = (
            wanted_recognition.organisation_id if wanted_recognition.kind == "partner" else None
        )
        recognition.save()
    for gone in recognitions.values():
        gone.delete()
    return edition


def _refuse_edition(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise InvalidEdition(problems)


@transaction.atomic
def create_edition_from(spec: EditionSpec, *, actor: Person, slug: str) -> Edition:
    """A new edition with its categories, recognitions, rubric and rules; InvalidEdition,
    with every reason and nothing written, when it does not hold together."""
    if not may_organise(actor):
        raise Forbidden(_("Only organisers create editions."))
    found = editions.problems(spec)
    slug = slugify(slug)
    if not slug or slug in RESERVED_SLUGS:
        found.insert(0, ("slug", _("Choose another address for this edition.")))
    elif Edition.objects.filter(slug=slug).exists():
        found.insert(0, ("slug", _("An edition with this address exists already.")))
    _refuse_edition(found)
    return _write(Edition(slug=slug), spec)


@transaction.atomic
def update_edition(
    edition: Edition, *, actor: Person, spec: EditionSpec, now: dt.datetime
) -> Edition:
    """Change everything an organiser sets (not the address); the entries are checked again
    against the new rules. Refused, with nothing changed, when the edition does not hold
    together, when a recognition already given would go, or when the rubric's criteria
    change after a juror has scored (their weights may still change)."""
    if not may_organise(actor):
        raise Forbidden(_("Only organisers change editions."))
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    found = editions.problems(spec)
    staying = {r.name.strip().casefold() for r in spec.recognitions}
    given = sorted(
        {
            name
            for name in Decision.objects.filter(recognition__edition=edition).values_list(
                "recognition__name", flat=True
            )
            if name.casefold() not in staying
        }
    )
    if given:
        found.append(
            (
                "recognitions",
                _("%(names)s has been given: withdraw the decision before removing it.")
                % {"names": ", ".join(given)},
            )
        )
    criteria_changed = [c.key for c in spec.rubric] != [c["key"] for c in edition.rubric]
    if criteria_changed and Score.objects.filter(entry__edition=edition).exists():
        found.append(
            (
                "rubric",
                _("Jurors have scored: the criteria stay as they are, only their weights change."),
            )
        )
    _refuse_edition(found)
    _write(edition, spec)
    wanted = {c.name.strip().casefold() for c in spec.categories}
    removed = [c.pk for c in edition.categories.all() if c.name.casefold() not in wanted]
    Entry.objects.filter(category_id__in=removed).update(category=None)
    Category.objects.filter(pk__in=removed).delete()
    for entry in Entry.objects.filter(edition=edition).select_related("edition"):
        refresh_eligibility(entry, now=now)
    return edition


@transaction.atomic
def create_edition(
    *,
    actor: Person,
    slug: str,
    title: str,
    themes: Sequence[str],
    categories: Sequence[CategorySpec],
    earliest_production: dt.date,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    min_seconds: int = 60,
    max_seconds: int = 300,
    rules: dict[str, str] | None = None,
    recognitions: Iterable[tuple[str, str, int | None]] = (),
    screening_ends_at: dt.datetime | None = None,
    jury_ends_at: dt.datetime | None = None,
    gallery_opens_at: dt.datetime | None = None,
    vote_opens_at: dt.datetime | None = None,
    vote_closes_at: dt.datetime | None = None,
) -> Edition:
    """`create_edition_from` with keywords (the demo and the tests): recognitions as
    (name, kind, organisation id), the default rubric."""
    return create_edition_from(
        EditionSpec(
            title=title,
            themes=list(themes),
            categories=list(categories),
            earliest_production=earliest_production,
            opens_at=opens_at,
            closes_at=closes_at,
            min_seconds=min_seconds,
            max_seconds=max_seconds,
            rules=rules or {},
            recognitions=[
                RecognitionSpec(name, kind, "", organisation_id)
                for name, kind, organisation_id in recognitions
            ],
            rubric=_rubric_specs(default_rubric()),
            screening_ends_at=screening_ends_at,
            jury_ends_at=jury_ends_at,
            gallery_opens_at=gallery_opens_at,
            vote_opens_at=vote_opens_at,
            vote_closes_at=vote_closes_at,
        ),
        actor=actor,
        slug=slug,
    )


@transaction.atomic
def add_juror(edition: Edition, *, actor: Person, user: Person) -> Juror:
    if not may_organise(actor):
        raise Forbidden(_("Only organisers name jurors."))
    return Juror.objects.get_or_create(edition=edition, user=user)[0]


@transaction.atomic
def publish_festival(edition: Edition, *, actor: Person, published: bool = True) -> Edition:
    if not may_organise(actor):
        raise Forbidden(_("Only organisers publish the festival page."))
    edition.festival_published = published
    edition.save(update_fields=["festival_published"])
    return edition


# ---- entries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryForm:
    title: str
    synopsis: str
    themes: Sequence[str]
    languages: Sequence[str]
    collaborators: Sequence[dict[str, str]]
    country: str
    birth_date: dt.date
    production_date: dt.date
    video_format: str
    rights_declared: bool
    not_excluded: bool
    ai_disclosure: str = ""
    stock_disclosure: str = ""
    guardian_name: str = ""
    guardian_email: str = ""
    appearing: Sequence[tuple[str, str]] = ()  # (name, email) of each person who appears


def rules_of(edition: Edition) -> eligibility.Rules:
    return eligibility.Rules(
        categories=[
            eligibility.CategoryRule(c.pk, c.name, c.min_age, c.max_age)
            for c in edition.categories.all()
        ],
        min_seconds=edition.min_seconds,
        max_seconds=edition.max_seconds,
        earliest_production=edition.earliest_production,
        opens_at=edition.opens_at,
        closes_at=edition.closes_at,
    )


@transaction.atomic
def submit_entry(edition: Edition, *, entrant: Person, form: EntryForm, now: dt.datetime) -> Entry:
    """A new entry, waiting for its video. A minor's guardian and each person who appears are
    mailed a consent link after commit."""
    if not entrant.is_authenticated:
        raise Forbidden(_("Sign in to enter."))
    if not edition.opens_at <= now < edition.closes_at:
        raise Invalid(_("Entries are accepted only while submissions are open."), code="window")
    if Juror.objects.filter(edition=edition, user=entrant).exists():
        raise Forbidden(_("Jurors may not enter."), code="excluded")
    if form.video_format not in eligibility.VIDEO_EXTENSIONS:
        raise Invalid(_("The video must be MP4, MOV, WebM or MKV."), code="format")
    if eligibility.word_count(form.synopsis) > eligibility.SYNOPSIS_MAX_WORDS:
        raise Invalid(
            _("The synopsis has more than %(n)d words.") % {"n": eligibility.SYNOPSIS_MAX_WORDS},
            code="synopsis",
        )
    minor = eligibility.is_minor(form.birth_date, now.date())
    if minor and not (form.guardian_name.strip() and form.guardian_email.strip()):
        raise Invalid(
            _("An entrant under 18 names a parent or guardian with an email address."),
            code="guardian",
        )
    unknown = set(form.themes) - set(edition.themes)
    if unknown:
        raise Invalid(_("Choose themes of this edition."), code="themes")
    entry = Entry.objects.create(
        edition=edition,
        entrant=entrant,
        title=form.title.strip(),
        synopsis=form.synopsis.strip(),
        themes=list(form.themes),
        languages=list(form.languages),
        collaborators=[dict(c) for c in form.collaborators],
        country=form.country,
        birth_date=form.birth_date,
        production_date=form.production_date,
        video_format=form.video_format,
        rights_declared=form.rights_declared,
        not_excluded=form.not_excluded,
        ai_disclosure=form.ai_disclosure,
        stock_disclosure=form.stock_disclosure,
        guardian_name=form.guardian_name.strip() if minor else "",
        guardian_email=form.guardian_email.strip() if minor else "",
    )
    if minor:
        _ask_consent(
            Consent.objects.create(
                entry=entry,
                kind=Consent.Kind.GUARDIAN,
                name=entry.guardian_name,
                email=entry.guardian_email,
            )
        )
    for name, email in form.appearing:
        if name.strip():
            consent = Consent.objects.create(
                entry=entry, kind=Consent.Kind.APPEARING, name=name.strip(), email=email.strip()
            )
            if consent.email:
                _ask_consent(consent)
    refresh_eligibility(entry, now=now)
    return entry


def _submission(entry: Entry) -> eligibility.Submission:
    consents = list(entry.consents.all())
    tracks = list(entry.subtitles.all())
    return eligibility.Submission(
        birth_date=entry.birth_date,
        production_date=entry.production_date,
        synopsis=entry.synopsis,
        languages=entry.languages,
        subtitle_languages=[t.language for t in tracks],
        duration_seconds=entry.duration_seconds,
        video_checked=entry.processing == Entry.Processing.READY,
        rights_declared=entry.rights_declared,
        not_excluded=entry.not_excluded,
        guardian_consented=any(c.given for c in consents if c.kind == Consent.Kind.GUARDIAN),
        appearing_pending=sum(
            1 for c in consents if c.kind == Consent.Kind.APPEARING and not c.given
        ),
        submitted_at=entry.submitted_at,
    )


def refresh_eligibility(entry: Entry, *, now: dt.datetime) -> eligibility.Verdict:
    """Check the entry again and store the category and the problems found (inside the
    caller's transaction)."""
    verdict = eligibility.check(rules_of(entry.edition), _submission(entry), now=now)
    entry.category_id = verdict.category.id if verdict.category else None
    entry.problems = [{"code": p.code, "reason": p.reason} for p in verdict.problems]
    entry.eligible = verdict.eligible
    entry.save(update_fields=["category", "problems", "eligible"])
    return verdict


# ---- the resumable upload -----------------------------------------------------------------


def _own_entry(entry: Entry, actor: Person) -> None:
    if not owns(entry, actor):
        raise Forbidden(_("This is not your entry."), code="not_yours")


@transaction.atomic
def start_upload(entry: Entry, *, actor: Person, size: int, filename: str) -> Upload:
    """Open an upload of `size` bytes; chunks follow with `receive_chunk`."""
    _own_entry(entry, actor)
    if entry.processing in (Entry.Processing.QUEUED, Entry.Processing.PROCESSING):
        raise Conflict(_("The video is being processed."), code="processing")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in eligibility.VIDEO_EXTENSIONS:
        raise Invalid(_("The video must be MP4, MOV, WebM or MKV."), code="format")
    if not 0 < size <= settings.CONTEST_MAX_UPLOAD_BYTES:
        raise Invalid(
            _("The video may be at most %(mb)d MB.")
            % {"mb": settings.CONTEST_MAX_UPLOAD_BYTES // 1_000_000},
            code="too_large",
        )
    entry.video_format = extension
    entry.save(update_fields=["video_format"])
    upload = Upload.objects.create(entry=entry, size=size)
    target = paths.partial(upload.token.hex)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()
    return upload


def receive_chunk(token: str, *, actor: Person, offset: int, body: Readable, length: int) -> Upload:
    """Append one chunk at `offset`, which must be what has been received so far (so a client
    that lost its connection asks for the offset and goes on from there). The last chunk
    completes the upload: the file is checked to be a real video of its kind and queued for
    processing, or refused and removed."""
    with transaction.atomic():
        upload = (
            Upload.objects.select_for_update()
            .select_related("entry__edition")
            .filter(token=token)
            .first()
        )
        if upload is None or not owns(upload.entry, actor):
            raise Forbidden(_("This upload is not yours."), code="not_yours")
        if upload.completed_at is not None:
            raise Conflict(_("This upload is complete."), code="complete")
        if offset != upload.received:
            raise Conflict(
                _("The upload goes on from byte %(n)d.") % {"n": upload.received}, code="offset"
            )
        if length > settings.CONTEST_CHUNK_BYTES or upload.received + length > upload.size:
            raise Invalid(_("The chunk is too large."), code="chunk")
        target = paths.partial(upload.token.hex)
        written = 0
        with target.open("r+b") as handle:
            handle.seek(offset)
            handle.truncate()
            while written < length:
                piece = body.read(min(65536, length - written))
                if not piece:
                    break
                handle.write(piece)
                written += len(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if written != length:  # the connection dropped inside the chunk: keep what came whole
            raise Invalid(_("The chunk was cut short."), code="short")
        upload.received += written
        upload.save(update_fields=["received"])
        if upload.received < upload.size:
            return upload
    return _complete(upload)


def _complete(upload: Upload) -> Upload:
    entry = upload.entry
    target = paths.partial(upload.token.hex)
    try:
        found = media.sniff(target, entry.video_format)
    except Invalid as refusal:
        target.unlink(missing_ok=True)
        with transaction.atomic():
            Upload.objects.filter(pk=upload.pk).delete()
            entry.failure = refusal.detail
            entry.save(update_fields=["failure"])
        raise
    source = paths.source(entry.pk, entry.video_format)
    source.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, source)
    from salam.contest import processing

    with transaction.atomic():
        upload.completed_at = timezone.now()
        upload.save(update_fields=["completed_at"])
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        entry.source_name = paths.relative(source)
        entry.duration_seconds = found.duration
        entry.width, entry.height = found.width, found.height
        entry.save(update_fields=["source_name", "duration_seconds", "width", "height"])
        processing.queue(entry)
    upload.entry = entry
    return upload


# ---- subtitles ----------------------------------------------------------------------------


@transaction.atomic
def add_subtitles(
    entry: Entry, *, actor: Person, language: str, data: bytes, name: str, now: dt.datetime
) -> SubtitleTrack:
    """Store a subtitle track (SRT or WebVTT), converted to WebVTT; replaces that language's."""
    from salam.contest import subtitles

    _own_entry(entry, actor)
    languages = {code for code, _name in settings.LANGUAGES} | {
        "de",
        "it",
        "pt",
        "tr",
        "ru",
        "zh",
        "hi",
        "ur",
        "fa",
        "sw",
    }
    if language not in languages:
        raise Invalid(_("Choose the subtitles' language."), code="language")
    vtt, transcript = subtitles.to_webvtt(data, name=name)
    track, _created = SubtitleTrack.objects.update_or_create(
        entry=entry, language=language, defaults={"vtt": vtt, "transcript": transcript}
    )
    refresh_eligibility(entry, now=now)
    return track


# ---- consent ------------------------------------------------------------------------------


def consent_token(consent: Consent) -> str:
    return signing.dumps({"consent": consent.pk, "entry": consent.entry_id}, salt=CONSENT_SALT)


def consent_url(consent: Consent) -> str:
    return reverse("contest:consent", args=[consent.entry_id, consent_token(consent)])


def _ask_consent(consent: Consent) -> None:
    entry = consent.entry
    body = render_to_string(
        "contest/email/consent.txt",
        {
            "consent": consent,
            "entry": entry,
            "link": absolute_url(consent_url(consent)),
            "days": settings.CONTEST_CONSENT_DAYS,
            "site_name": settings.SITE_NAME,
        },
    )
    subject = f"[{settings.SITE_NAME}] " + _("Your consent for “%(title)s”") % {
        "title": entry.title
    }
    send_later(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [consent.email]))


def consent_for(entry_id: int, token: str) -> Consent:
    """The consent a link asks for; Invalid when the link is forged, expired, for another
    entry, or already used."""
    try:
        data = signing.loads(
            token, salt=CONSENT_SALT, max_age=dt.timedelta(days=settings.CONTEST_CONSENT_DAYS)
        )
    except signing.SignatureExpired as error:
        raise Invalid(
            _("This consent link has expired; ask the entrant for a new one."), code="expired"
        ) from error
    except signing.BadSignature as error:
        raise Invalid(_("This consent link is not valid."), code="bad_link") from error
    if data.get("entry") != entry_id:
        raise Invalid(_("This consent link is not valid."), code="wrong_entry")
    consent = (
        Consent.objects.select_related("entry__edition")
        .filter(pk=data.get("consent"), entry_id=entry_id)
        .first()
    )
    if consent is None:
        raise Invalid(_("This consent link is not valid."), code="bad_link")
    if consent.given:
        raise Conflict(_("This consent has already been given."), code="used")
    return consent


def give_consent(entry_id: int, token: str, *, signed_name: str, now: dt.datetime) -> Consent:
    """Record the consent the link asks for, signed with the person's name."""
    if not signed_name.strip():
        raise Invalid(_("Sign with your full name."), code="name")
    with transaction.atomic():
        consent = consent_for(entry_id, token)
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.given:  # two tabs at once
            raise Conflict(_("This consent has already been given."), code="used")
        consent.signed_name = signed_name.strip()[:200]
        consent.consented_at = now
        consent.save(update_fields=["signed_name", "consented_at"])
        entry = consent.entry
        refresh_eligibility(entry, now=now)
        notify(
            entry.entrant,
            kind="contest.consent",
            text=translated(
                gettext_lazy("%(name)s consented for “%(title)s”"),
                name=consent.name,
                title=entry.title,
            ),
            url=entry.get_absolute_url(),
            email=False,
        )
    return consent


@transaction.atomic
def upload_release(consent: Consent, *, actor: Person, data: bytes, now: dt.datetime) -> Consent:
    """An appearing person's signed release (a PDF), uploaded by the entrant instead of a link."""
    _own_entry(consent.entry, actor)
    if consent.kind != Consent.Kind.APPEARING:
        raise Invalid(_("A guardian consents through their link."), code="kind")
    if not data.startswith(b"%PDF-") or len(data) > 5_000_000:
        raise Invalid(_("The release must be a PDF of at most 5 MB."), code="release")
    folder = paths.releases()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{consent.pk}.pdf"
    target.write_bytes(data)
    consent.release_name = paths.relative(target)
    consent.signed_name = consent.name
    consent.consented_at = now
    consent.save(update_fields=["release_name", "signed_name", "consented_at"])
    refresh_eligibility(consent.entry, now=now)
    return consent


# ---- moderation ---------------------------------------------------------------------------


@transaction.atomic
def hide_entry(entry: Entry, *, actor: Person, reason: str) -> Entry:
    """Take the entry out of the gallery; the entrant is told why."""
    entry.hidden_at = timezone.now()
    entry.hidden_reason = reason
    entry.save(update_fields=["hidden_at", "hidden_reason"])
    notify(
        entry.entrant,
        kind="contest.hidden",
        text=translated(
            gettext_lazy("Your entry “%(title)s” was hidden from the gallery"),
            said=reason,
            title=entry.title,
        ),
        url=entry.get_absolute_url(),
    )
    return entry


def report_entry(entry: Entry, *, actor: Person, reason: str) -> object:
    """A reader's report on an entry, into the moderation queue (the caller checks the reader
    may see the entry)."""
    from salam.moderation import services as moderation

    if not actor.is_authenticated:
        raise Forbidden(_("Sign in to report an entry."))
    if not reason.strip():
        raise Invalid(_("Say what is wrong with the entry."), code="reason")
    return moderation.file_report(
        kind="entry",
        object_id=entry.pk,
        context="contest",
        context_label=entry.edition.title,
        reporter=actor,
        subject=entry.entrant,
        reason=reason.strip(),
        excerpt=entry.synopsis,
    )
