"""Every write to the library goes through here: checks first (who, then what), then the write,
then the search index. Each function runs in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.clearinghouse.models import Organisation
from salam.clearinghouse.slugs import unique_slug
from salam.core.markup import plain_text
from salam.core.types import Person
from salam.library import rota
from salam.library.choices import Region
from salam.library.models import (
    GoodPractice,
    PackageVersion,
    Page,
    Resource,
    ResourceArea,
    RotaPeriod,
    Tag,
    TemplatePackage,
)
from salam.library.permissions import can_edit_library, can_manage_rota
from salam.library.uploads import DEFAULT_MAX_BYTES, CheckedFile, check_upload
from salam.people.choices import language_codes
from salam.search import services as search
from salam.search.models import Document


def max_upload_bytes() -> int:
    return int(getattr(settings, "LIBRARY_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def check_can_edit(actor: Person, *, now: datetime | None = None) -> None:
    if not can_edit_library(actor, now=now or timezone.now()):
        raise Forbidden(
            "Only the secretariat, or a partner's editors during its rota period, may edit.",
            code="not_on_rota",
        )


def check_file(upload: UploadedFile) -> CheckedFile:
    if upload.file is None:  # a closed upload has nothing to read
        raise Invalid("The file is empty.", code="file_empty")
    return check_upload(
        upload.name or "", upload.file, upload.size or 0, max_bytes=max_upload_bytes()
    )


def _check_language(language: str) -> None:
    if language not in language_codes():
        raise Invalid(f"Unknown language {language!r}.", code="language")


def _check_resource(
    *,
    title: str,
    kind: str,
    areas: Iterable[str],
    region: str,
    language: str,
    year: int,
    now: datetime,
) -> list[str]:
    if not title.strip():
        raise Invalid("A resource needs a title.", code="title")
    if kind not in Resource.Kind.values:
        raise Invalid(f"Unknown kind {kind!r}.", code="kind")
    chosen = sorted(set(areas))
    if not chosen or any(area not in PolicyArea.values for area in chosen):
        raise Invalid("Choose one or more of the three policy areas.", code="policy_area")
    if region not in Region.values:
        raise Invalid(f"Unknown region {region!r}.", code="region")
    _check_language(language)
    if not 1900 <= year <= now.year + 1:
        raise Invalid("The year is out of range.", code="year")
    return chosen


def _set_tags(resource: Resource, tags: Iterable[str]) -> None:
    names = list(dict.fromkeys(" ".join(t.split()).casefold()[:60] for t in tags if t.strip()))
    Tag.objects.bulk_create([Tag(name=n) for n in names], ignore_conflicts=True)
    resource.tags.set(Tag.objects.filter(name__in=names))


def _set_areas(resource: Resource, areas: list[str]) -> None:
    resource.areas.exclude(area__in=areas).delete()
    ResourceArea.objects.bulk_create(
        [ResourceArea(resource=resource, area=a) for a in areas], ignore_conflicts=True
    )


def _attach(resource: Resource, upload: UploadedFile, checked: CheckedFile) -> None:
    if resource.file:
        resource.file.delete(save=False)
    resource.file.save(checked.display_name or f"file.{checked.extension}", upload, save=False)
    resource.file_name = checked.display_name or f"file.{checked.extension}"
    resource.file_type = checked.content_type
    resource.file_size = checked.size


def index_resource(resource: Resource) -> None:
    tags = " ".join(resource.tags.values_list("name", flat=True))
    search.index_document(
        kind=Document.Kind.RESOURCE,
        object_id=resource.pk,
        language=resource.language,
        title=resource.title,
        body=f"{resource.summary} {resource.organisation.name} {tags}",
        url=resource.get_absolute_url(),
        updated_at=resource.updated_at,
    )


@transaction.atomic
def save_resource(
    resource: Resource | None,
    *,
    actor: Person,
    title: str,
    summary: str,
    kind: str,
    areas: Iterable[str],
    region: str,
    language: str,
    organisation: Organisation,
    year: int,
    url: str = "",
    countries: Iterable[str] = (),
    tags: Iterable[str] = (),
    upload: UploadedFile | None = None,
    now: datetime | None = None,
) -> Resource:
    """Create (`resource=None`) or replace a resource; it needs a link, a file, or both.

    The upload is checked (type by content and extension, size) before anything is written.
    """
    now = now or timezone.now()
    check_can_edit(actor, now=now)
    chosen = _check_resource(
        title=title, kind=kind, areas=areas, region=region, language=language, year=year, now=now
    )
    checked = check_file(upload) if upload is not None else None
    if not url and checked is None and not (resource and resource.file):
        raise Invalid("Give a link, a file, or both.", code="link_or_file")
    if resource is None:
        resource = Resource(slug=unique_slug(Resource, title), created_by=actor)
    resource.title = title.strip()
    resource.summary = summary.strip()
    resource.kind = kind
    resource.region = region
    resource.countries = list(countries)
    resource.language = language
    resource.organisation = organisation
    resource.year = year
    resource.url = url
    if upload is not None and checked is not None:
        _attach(resource, upload, checked)
    resource.save()
    _set_areas(resource, chosen)
    _set_tags(resource, tags)
    index_resource(resource)
    return resource


@transaction.atomic
def delete_resource(resource: Resource, *, actor: Person, now: datetime | None = None) -> None:
    check_can_edit(actor, now=now)
    search.remove_document(kind=Document.Kind.RESOURCE, object_id=resource.pk)
    stored = resource.file
    resource.delete()
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))


def index_practice(practice: GoodPractice) -> None:
    search.index_document(
        kind=Document.Kind.PRACTICE,
        object_id=practice.pk,
        language=practice.language,
        title=practice.title,
        body=" ".join(
            [practice.place, practice.what_it_did, practice.outcomes, practice.organisation.name]
        ),
        url=practice.get_absolute_url(),
        updated_at=practice.updated_at,
    )


@transaction.atomic
def save_practice(
    practice: GoodPractice | None,
    *,
    actor: Person,
    title: str,
    actor_kind: str,
    organisation: Organisation,
    policy_area: str,
    place: str,
    country: str,
    started: int,
    ended: int | None,
    language: str,
    what_it_did: str,
    outcomes: str,
    contacts: str = "",
    resources: Iterable[Resource] = (),
    now: datetime | None = None,
) -> GoodPractice:
    """Create (`practice=None`) or replace a good practice and its linked resources."""
    check_can_edit(actor, now=now)
    if not title.strip() or not what_it_did.strip() or not outcomes.strip():
        raise Invalid("Say what the practice is, what it did and what came of it.", code="text")
    if actor_kind not in GoodPractice.Actor.values:
        raise Invalid(f"Unknown kind of initiative {actor_kind!r}.", code="actor")
    if policy_area not in PolicyArea.values:
        raise Invalid(f"Unknown policy area {policy_area!r}.", code="policy_area")
    if ended is not None and ended < started:
        raise Invalid("A practice cannot end before it starts.", code="dates")
    _check_language(language)
    if practice is None:
        practice = GoodPractice(slug=unique_slug(GoodPractice, title))
    for name, value in {
        "title": title.strip(),
        "actor": actor_kind,
        "organisation": organisation,
        "policy_area": policy_area,
        "place": place.strip(),
        "country": country,
        "started": started,
        "ended": ended,
        "language": language,
        "what_it_did": what_it_did.strip(),
        "outcomes": outcomes.strip(),
        "contacts": contacts.strip(),
    }.items():
        setattr(practice, name, value)
    practice.save()
    practice.resources.set(list(resources))
    index_practice(practice)
    return practice


@transaction.atomic
def create_package(
    *,
    actor: Person,
    title: str,
    description: str,
    policy_area: str,
    organisation: Organisation,
    now: datetime | None = None,
) -> TemplatePackage:
    check_can_edit(actor, now=now)
    if policy_area not in PolicyArea.values:
        raise Invalid(f"Unknown policy area {policy_area!r}.", code="policy_area")
    return TemplatePackage.objects.create(
        title=title.strip(),
        slug=unique_slug(TemplatePackage, title),
        description=description.strip(),
        policy_area=policy_area,
        organisation=organisation,
    )


@transaction.atomic
def release_package_version(
    package: TemplatePackage,
    *,
    actor: Person,
    upload: UploadedFile,
    notes: str = "",
    now: datetime | None = None,
) -> PackageVersion:
    """Add the next version (1, 2, ...) of a package; numbers are taken under the package's lock."""
    now = now or timezone.now()
    check_can_edit(actor, now=now)
    checked = check_file(upload)
    TemplatePackage.objects.select_for_update().get(pk=package.pk)
    last = package.versions.aggregate(last=Max("number"))["last"] or 0
    version = PackageVersion(
        package=package,
        number=last + 1,
        notes=notes.strip(),
        file_name=checked.display_name or f"package.{checked.extension}",
        file_type=checked.content_type,
        file_size=checked.size,
        released_at=now,
        released_by=actor,
    )
    version.file.save(version.file_name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def edit_page(
    *,
    actor: Person,
    slug: str,
    language: str,
    title: str,
    body: str,
    now: datetime | None = None,
) -> Page:
    """Write a page (the overview...) in one language; other languages are kept as they are."""
    check_can_edit(actor, now=now)
    _check_language(language)
    if not title.strip() or not plain_text(body):
        raise Invalid("A page needs a title and some text.", code="text")
    page, _ = Page.objects.update_or_create(
        slug=slug,
        language=language,
        defaults={"title": title.strip(), "body": body.strip(), "updated_by": actor},
    )
    return page


def _check_organiser(actor: Person) -> None:
    if not can_manage_rota(actor):
        raise Forbidden("Only organisers set the rota.", code="not_organiser")


@transaction.atomic
def add_rota_period(
    *,
    actor: Person,
    organisation: Organisation,
    starts_at: datetime,
    ends_at: datetime,
) -> RotaPeriod:
    """Give a partner a turn; turns never overlap (checked under a lock on the partners)."""
    _check_organiser(actor)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise Invalid("Give times with their time zone.", code="naive_datetime")
    if ends_at <= starts_at:
        raise Invalid("A period ends after it starts.", code="dates")
    if not organisation.is_partner:
        raise Invalid("Only partner organisations take turns.", code="not_partner")
    # Serialise rota writers: every writer locks the partner rows first.
    list(Organisation.objects.select_for_update().filter(is_partner=True).values_list("pk"))
    periods = [
        rota.Period(p.organisation_id, p.starts_at, p.ends_at)
        for p in RotaPeriod.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    ]
    if rota.overlapping(periods, starts_at, ends_at):
        raise Conflict("Another partner's turn overlaps this period.", code="overlap")
    return RotaPeriod.objects.create(
        organisation=organisation, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )


@transaction.atomic
def remove_rota_period(period: RotaPeriod, *, actor: Person) -> None:
    _check_organiser(actor)
    period.delete()
