"""Who may do what in the library, for views and services alike."""

from __future__ import annotations

from datetime import datetime

from salam.clearinghouse.models import Organisation
from salam.core.types import AnyUser
from salam.library import rota
from salam.library.models import RotaPeriod
from salam.people.permissions import is_editor, is_organiser


def partner_organisation_ids(user: AnyUser) -> set[int]:
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(
        Organisation.objects.filter(editors=user, is_partner=True).values_list("pk", flat=True)
    )


def rota_periods_around(now: datetime) -> list[rota.Period]:
    return [
        rota.Period(p.organisation_id, p.starts_at, p.ends_at)
        for p in RotaPeriod.objects.filter(starts_at__lte=now, ends_at__gt=now)
    ]


def can_edit_library(user: AnyUser, *, now: datetime) -> bool:
    """Secretariat editors always; a partner's editors during the partner's rota period."""
    if not (user.is_authenticated and user.is_active):
        return False
    organisation_ids = partner_organisation_ids(user)
    if not organisation_ids and not is_editor(user):
        return False
    return rota.may_edit_library(
        is_secretariat=is_editor(user),
        organisation_ids=organisation_ids,
        periods=rota_periods_around(now),
        now=now,
    )


def can_manage_rota(user: AnyUser) -> bool:
    return is_organiser(user)
