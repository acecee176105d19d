"""Every write about people goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from salam.core.errors import DomainError
from salam.core.frames import AccessChanged, SessionEnded, to_event
from salam.core.realtime import broadcast_on_commit, user_group
from salam.core.types import Person
from salam.people.avatars import reencode
from salam.people.models import AffiliationRequest, City, Interest, Profile, University
from salam.people.permissions import is_organiser
from salam.people.roles import ROLE_PERMISSIONS, Role
from salam.people.selectors import site_language

User = get_user_model()


def normalise_interests(names: Iterable[str]) -> list[str]:
    """Lower-case, trimmed, de-duplicated tags in the order given."""
    seen: dict[str, None] = {}
    for name in names:
        tag = " ".join(name.split()).casefold()[:60]
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


@transaction.atomic
def ensure_role_groups() -> None:
    """Create any missing role group with its permissions (migration 0002 does it first;
    a database flushed by tests or by `manage.py flush` loses the groups)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        if created:
            group.permissions.set(
                Permission.objects.filter(content_type__app_label="people", codename__in=codenames)
            )


@transaction.atomic
def register_person(user: Person) -> Profile:
    """Give a new account its profile and the participant role. Safe to call twice."""
    profile, _ = Profile.objects.get_or_create(user=user)
    user.groups.add(Group.objects.get(name=Role.PARTICIPANT))
    return profile


@transaction.atomic
def update_profile(
    profile: Profile,
    *,
    display_name: str,
    affiliation: str,
    university: University | None,
    city: City | None,
    residency: str,
    sector: str = "",
    languages: list[str],
    interests: Iterable[str],
    time_zone: str,
    bio: str,
    ui_language: str | None = None,
) -> Profile:
    """Replace a profile's fields; a student keeps no city and a city participant no university.
    `ui_language` (None: unchanged) must be one of settings.LANGUAGES (ValueError otherwise)."""
    if ui_language is not None:
        profile.ui_language = _checked_language(ui_language)
    profile.display_name = display_name.strip()
    profile.affiliation = affiliation
    is_student = affiliation == Profile.Affiliation.STUDENT
    profile.university = university if is_student else None
    profile.city = None if is_student else city
    profile.residency = "" if is_student else residency
    profile.sector = sector
    profile.languages = sorted(set(languages))
    profile.time_zone = time_zone
    profile.bio = bio.strip()
    profile.save()
    tags = normalise_interests(interests)
    existing = {i.name: i for i in Interest.objects.filter(name__in=tags)}
    missing = [Interest(name=t) for t in tags if t not in existing]
    Interest.objects.bulk_create(missing, ignore_conflicts=True)
    profile.interests.set(Interest.objects.filter(name__in=tags))
    return profile


def _checked_language(code: str) -> str:
    if site_language(code) is None:
        raise ValueError(f"not a language of the site: {code!r}")
    return code


@transaction.atomic
def set_preferred_language(user: Person, *, language: str, if_unset: bool = False) -> Profile:
    """Record the site language the person chose (ValueError for one the site has not); their
    pages after sign-in and their notices and mails are in it. With `if_unset`, only when they
    have not chosen one yet (the language they signed in with)."""
    checked = _checked_language(language)
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if if_unset and site_language(profile.ui_language) is not None:
        return profile
    if profile.ui_language != checked:
        profile.ui_language = checked
        profile.save(update_fields=["ui_language", "updated_at"])
    return profile


@transaction.atomic
def grant_role(user: Person, role: Role) -> None:
    user.groups.add(Group.objects.get(name=role))


@transaction.atomic
def revoke_role(user: Person, role: Role) -> None:
    if role == Role.PARTICIPANT:
        raise ValueError("Everyone is a participant; deactivate the account instead.")
    user.groups.remove(Group.objects.get(name=role))


def end_sessions(user_id: int, *, session_key: str | None = None) -> None:
    """Close, after commit, the sockets opened with one login (with every login when
    `session_key` is None), in every server process: the person's `user.<id>` group."""
    broadcast_on_commit(user_group(user_id), to_event(SessionEnded(session_key=session_key)))


def end_login(user: Person, *, session_key: str | None) -> None:
    """After a sign-out: close the sockets opened with that login."""
    end_sessions(user.pk, session_key=session_key)


def recheck_access(user_ids: Iterable[int]) -> None:
    """Make every socket of these people, in every process, sign in again from its session
    (account, session, password hash) and re-decide its powers, after commit."""
    for user_id in set(user_ids):
        broadcast_on_commit(user_group(user_id), to_event(AccessChanged()))


@transaction.atomic
def deactivate_person(user: Person) -> None:
    """Deactivate an account; salam.people.signals closes its sockets and revokes its feeds."""
    user.is_active = False
    user.save(update_fields=["is_active"])


class AffiliationError(DomainError):
    pass


@transaction.atomic
def request_affiliation(
    person: Person, *, kind: str, name: str, country: str, city_name: str = ""
) -> AffiliationRequest:
    """Ask for a university or city that is not listed; a pending request of the person's
    is replaced (one pending each). The profile links to the place once an organiser
    approves."""
    name = " ".join(name.split())[:200]
    city_name = " ".join(city_name.split())[:120]
    if kind not in AffiliationRequest.Kind.values:
        raise AffiliationError(_("Choose a university or a city."), code="invalid")
    if not name or not country:
        raise AffiliationError(_("Give its name and country."), code="invalid")
    AffiliationRequest.objects.select_for_update().filter(
        person=person, status=AffiliationRequest.Status.PENDING
    ).delete()
    return AffiliationRequest.objects.create(
        person=person, kind=kind, name=name, city_name=city_name, country=country
    )


def _pending(request_id: int) -> AffiliationRequest:
    found = AffiliationRequest.objects.select_for_update().filter(pk=request_id).first()
    if found is None or found.status != AffiliationRequest.Status.PENDING:
        raise AffiliationError(_("This request was already decided."), code="decided")
    return found


@transaction.atomic
def approve_affiliation_request(
    request_id: int, *, actor: Person, now: dt.datetime
) -> AffiliationRequest:
    """An organiser adds the place (or finds it, if someone added it meanwhile) and links
    the person's profile to it."""
    if not is_organiser(actor):
        raise AffiliationError(_("Only organisers decide these requests."), code="forbidden")
    found = _pending(request_id)
    profile, _created = Profile.objects.select_for_update().get_or_create(user_id=found.person_id)
    if found.kind == AffiliationRequest.Kind.UNIVERSITY:
        university, _new = University.objects.get_or_create(
            name=found.name, country=found.country, defaults={"city": found.city_name}
        )
        found.university = university
        profile.affiliation, profile.university, profile.city = "student", university, None
        profile.residency = ""
    else:
        city, _new = City.objects.get_or_create(name=found.name, country=found.country)
        found.city = city
        profile.affiliation, profile.city, profile.university = "city", city, None
    profile.save()
    found.status = AffiliationRequest.Status.APPROVED
    found.decided_by, found.decided_at = actor, now
    found.save()
    return found


@transaction.atomic
def decline_affiliation_request(
    request_id: int, *, actor: Person, reason: str = "", now: dt.datetime
) -> AffiliationRequest:
    if not is_organiser(actor):
        raise AffiliationError(_("Only organisers decide these requests."), code="forbidden")
    found = _pending(request_id)
    found.status = AffiliationRequest.Status.DECLINED
    found.decided_by, found.decided_at = actor, now
    found.reason = " ".join(reason.split())[:300]
    found.save()
    return found


@transaction.atomic
def set_avatar(profile: Profile, *, data: bytes) -> Profile:
    """Store `data` as the person's picture once its bytes prove it an image, encoded anew
    with its pixels only (`reencode` raises `AvatarRefused` otherwise, and nothing changes);
    the old picture's file goes."""
    avatar = reencode(data)
    old = profile.avatar.name if profile.avatar else ""
    profile.avatar.save(f"avatar.{avatar.image.extension}", ContentFile(avatar.data), save=False)
    profile.avatar_type = avatar.image.content_type
    profile.save(update_fields=["avatar", "avatar_type", "updated_at"])
    if old:
        transaction.on_commit(lambda: profile.avatar.storage.delete(old))
    return profile


@transaction.atomic
def remove_avatar(profile: Profile) -> Profile:
    """Back to initials; the picture's file is deleted after commit."""
    if profile.avatar:
        old = profile.avatar.name
        storage = profile.avatar.storage
        profile.avatar = ""
        profile.avatar_type = ""
        profile.save(update_fields=["avatar", "avatar_type", "updated_at"])
        transaction.on_commit(lambda: storage.delete(old))
    return profile
