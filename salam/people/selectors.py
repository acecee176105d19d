"""Reads about people."""

from __future__ import annotations

from django.db.models import QuerySet

from salam.core.types import Person
from salam.people.models import AffiliationRequest


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
