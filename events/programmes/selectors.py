"""Reads of the programmes: what a programme's page shows to whom. No writes here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from salam.core.types import AnyUser

from .models import Application, Cohort, CohortMember, Programme
from .permissions import can_manage


def programme_by_slug(slug: str) -> Programme:
    """The programme at this address (Programme.DoesNotExist when there is none)."""
    return Programme.objects.select_related("plan", "organiser").get(slug=slug)


def open_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(status=Programme.Status.OPEN)


@dataclass(frozen=True)
class ProgrammePage:
    programme: Programme
    application: Application | None
    cohort: Cohort | None  # the viewer's own, as member or facilitator
    members: list[CohortMember]
    facilitating: bool
    managing: bool
    applicant_count: int
    cohorts: list[Cohort]  # every cohort, for its organisers


def programme_page(programme: Programme, viewer: AnyUser) -> ProgrammePage:
    application = cohort = None
    facilitating = False
    if viewer.is_authenticated:
        application = programme.applications.filter(user=viewer).first()
        membership = (
            CohortMember.objects.filter(programme=programme, user=viewer)
            .select_related("cohort")
            .first()
        )
        if membership is not None:
            cohort = membership.cohort
        else:
            cohort = programme.cohorts.filter(facilitators__user=viewer).first()
            facilitating = cohort is not None
    managing = can_manage(viewer, programme)
    members = (
        list(cohort.members.select_related("user__profile").order_by("user__username"))
        if cohort
        else []
    )
    return ProgrammePage(
        programme=programme,
        application=application if application and not application.withdrawn_at else None,
        cohort=cohort,
        members=members,
        facilitating=facilitating,
        managing=managing,
        applicant_count=programme.applications.filter(withdrawn_at__isnull=True).count(),
        cohorts=list(programme.cohorts.prefetch_related("members__user", "facilitators__user"))
        if managing
        else [],
    )
