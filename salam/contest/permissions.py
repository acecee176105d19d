"""Who may do what in the contest, for views and services alike."""

from __future__ import annotations

import datetime as dt

from salam.contest.models import Edition, Entry, Juror, Recognition
from salam.core.types import AnyUser
from salam.people.permissions import is_global_moderator, is_organiser


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_organise(user: AnyUser) -> bool:
    return _active(user) and is_organiser(user)


def juror_of(edition: Edition, user: AnyUser) -> Juror | None:
    if not _active(user):
        return None
    return Juror.objects.filter(edition=edition, user_id=user.pk or 0).first()


def is_partner_member(recognition: Recognition, user: AnyUser) -> bool:
    return (
        _active(user)
        and recognition.kind == Recognition.Kind.PARTNER
        and recognition.organisation is not None
        and recognition.organisation.editors.filter(pk=user.pk or 0).exists()
    )


def owns(entry: Entry, user: AnyUser) -> bool:
    return _active(user) and entry.entrant_id == user.pk


def gallery_open(edition: Edition, now: dt.datetime) -> bool:
    return edition.gallery_opens_at is not None and edition.gallery_opens_at <= now


def screening_open(edition: Edition, now: dt.datetime) -> bool:
    """Organisers screen until the screening round's end, if it has one (the end excluded)."""
    return edition.screening_ends_at is None or now < edition.screening_ends_at


def in_gallery(entry: Entry, now: dt.datetime) -> bool:
    return (
        gallery_open(entry.edition, now)
        and entry.eligible
        and entry.processing == Entry.Processing.READY
        and entry.hidden_at is None
    )


def may_see_entry(entry: Entry, user: AnyUser, now: dt.datetime) -> bool:
    """The entrant, organisers and moderators always; jurors once shortlisted; everyone while
    it is in the gallery."""
    if in_gallery(entry, now) or owns(entry, user) or may_organise(user):
        return True
    if _active(user) and is_global_moderator(user):
        return True
    return entry.shortlisted and juror_of(entry.edition, user) is not None


def may_see_names(entry: Entry, user: AnyUser, now: dt.datetime) -> bool:
    """Anonymous judging: a juror sees the entrant's name only when the edition says so, or
    once the entry is public."""
    if in_gallery(entry, now) or owns(entry, user) or may_organise(user):
        return True
    return not entry.edition.anonymous_judging
