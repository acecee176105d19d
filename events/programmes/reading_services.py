"""The writes of a programme's readings per session: its organiser adds and removes them.

Apart from services.py to keep that module from growing further; the same rules hold: checks
first (each refusal an `Invalid` or `Forbidden` with a stable code, nothing written), then the
write, in one transaction.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from salam.core.text import clean_line
from salam.core.types import Person
from salam.library.models import Resource

from .errors import Forbidden, Invalid
from .models import Programme, Reading
from .permissions import may_keep_readings

TITLE_MAX = Reading._meta.get_field("title").max_length or 200
URL_MAX = Reading._meta.get_field("url").max_length or 500
NOTE_MAX = Reading._meta.get_field("note").max_length or 300
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def resource_slug(given: str) -> str:
    """The library resource named by its address (slug) or by its page's path or link."""
    path = urlsplit(given.strip()).path.strip("/")
    if "resources/" in path:
        path = path.split("resources/", 1)[1]
    return path.split("/", 1)[0]


def _web_address(url: str) -> str:
    url = url.strip()
    if len(url) > URL_MAX:
        raise Invalid(
            _("A link may be at most %(max)s characters long.") % {"max": URL_MAX}, code="url"
        )
    try:
        _WEB_ADDRESS(url)
    except ValidationError:
        raise Invalid(
            _("A link must be a web address starting with https:// or http://."), code="url"
        ) from None
    return url


@transaction.atomic
def add_reading(
    programme: Programme,
    *,
    actor: Person,
    session_number: int,
    title: str = "",
    url: str = "",
    resource: str = "",
    note: str = "",
) -> Reading:
    """A reading for one session: a link (http or https) or a library resource (its address),
    never both; the title may be left out for a resource (the resource's own is used)."""
    if not may_keep_readings(actor, programme):
        raise Forbidden(_("Only the programme's organiser chooses its readings."))
    if not 1 <= session_number <= programme.sessions:
        raise Invalid(
            _("Choose a session from 1 to %(last)s.") % {"last": programme.sessions},
            code="session",
        )
    if bool(url.strip()) == bool(resource.strip()):
        raise Invalid(_("Give either a link or a library resource."), code="source")
    found = None
    if resource.strip():
        found = Resource.objects.filter(slug=resource_slug(resource)).first()
        if found is None:
            raise Invalid(_("There is no library resource at that address."), code="resource")
    link = _web_address(url) if found is None else ""
    heading = " ".join(clean_line(title).split()) or (found.title if found else "")
    if not heading:
        raise Invalid(_("Give the reading a title."), code="title")
    if len(heading) > TITLE_MAX:
        if found is None or title.strip():
            raise Invalid(
                _("A title may be at most %(max)s characters long.") % {"max": TITLE_MAX},
                code="title",
            )
        heading = heading[: TITLE_MAX - 1] + "…"  # a long resource title, shortened
    remark = " ".join(clean_line(note).split())
    if len(remark) > NOTE_MAX:
        raise Invalid(
            _("A note may be at most %(max)s characters long.") % {"max": NOTE_MAX}, code="note"
        )
    return Reading.objects.create(
        programme=programme,
        session_number=session_number,
        title=heading,
        url=link,
        resource=found,
        note=remark,
        added_by=actor,
    )


@transaction.atomic
def remove_reading(programme: Programme, *, actor: Person, reading_id: int) -> bool:
    """Remove one of the programme's readings; False when it had none of that id."""
    if not may_keep_readings(actor, programme):
        raise Forbidden(_("Only the programme's organiser chooses its readings."))
    deleted, _rows = Reading.objects.filter(programme=programme, pk=reading_id).delete()
    return bool(deleted)
