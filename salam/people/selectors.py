"""Reads about people."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet

from salam.core.types import Person
from salam.core.zones import zone_named
from salam.people.models import AffiliationRequest, Profile


def site_language(code: str | None) -> str | None:
    """`code` when it is one of the site's languages (settings.LANGUAGES), else None."""
    known = {language for language, _name in settings.LANGUAGES}
    return code if code in known else None


def _profile_of(person: Person) -> Profile | None:
    try:
        return person.profile
    except Profile.DoesNotExist:
        return None


def preferred_language(person: Person) -> str | None:
    """The site language the person chose (by switching to it or on their profile), or None."""
    profile = _profile_of(person)
    return site_language(profile.ui_language) if profile is not None else None


def language_of(person: Person) -> str:
    """The language to write to the person in: their preferred one, else the site's default."""
    return preferred_language(person) or settings.LANGUAGE_CODE


def zone_of(person: Person) -> dt.tzinfo | None:
    """The time zone on the person's profile, or None when they chose none (UTC then)."""
    profile = _profile_of(person)
    return zone_named(profile.time_zone) if profile is not None else None


def pending_affiliation(person: Person) -> AffiliationRequest | None:
    return AffiliationRequest.objects.filter(
        person=person, status=AffiliationRequest.Status.PENDING
    ).first()


def pending_affiliation_count() -> int:
    return AffiliationRequest.objects.filter(status=AffiliationRequest.Status.PENDING).count()


def affiliation_requests(*, pending: bool) -> QuerySet[AffiliationRequest]:
    found = AffiliationRequest.objects.select_related(
        "person__profile", "decided_by__profile", "university", "city"
    )
    pending_only = found.filter(status=AffiliationRequest.Status.PENDING)
    return pending_only if pending else found.exclude(status=AffiliationRequest.Status.PENDING)
