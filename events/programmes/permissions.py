"""Who may do what with a programme: one module, used by views, services and the console."""

from __future__ import annotations

from salam.core.types import AnyUser
from salam.people.permissions import is_organiser

from .models import Cohort, CohortFacilitator, CohortMember, Programme


def can_manage(user: AnyUser, programme: Programme) -> bool:
    """The programme's organiser and the global organisers, while their account is active."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.pk == programme.organiser_id or is_organiser(user)


def can_create_programme(user: AnyUser) -> bool:
    return is_organiser(user)


def is_cohort_facilitator(user: AnyUser, cohort: Cohort) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and CohortFacilitator.objects.filter(cohort=cohort, user=user).exists()
    )


def cohort_member(user: AnyUser, cohort: Cohort) -> CohortMember | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return CohortMember.objects.filter(cohort=cohort, user=user).first()


def may_read_debriefs(user: AnyUser, cohort: Cohort) -> bool:
    """The cohort's facilitators and the programme's organisers; never its members."""
    return is_cohort_facilitator(user, cohort) or can_manage(user, cohort.programme)


def may_keep_attendance(user: AnyUser, cohort: Cohort) -> bool:
    return may_read_debriefs(user, cohort)


def may_keep_readings(user: AnyUser, programme: Programme) -> bool:
    """The programme's own organiser only: the global organisers' role does not reach into a
    programme they do not run (its readings are its organiser's curriculum)."""
    return bool(user.is_authenticated and user.is_active and user.pk == programme.organiser_id)
