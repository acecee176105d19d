"""Every write about people goes through here."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from salam.core.frames import AccessChanged, SessionEnded, to_event
from salam.core.realtime import broadcast_on_commit, user_group
from salam.core.types import Person
from salam.people.models import City, Interest, Profile, University
from salam.people.roles import ROLE_PERMISSIONS, Role

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
) -> Profile:
    """Replace a profile's fields; a student keeps no city and a city participant no university."""
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
