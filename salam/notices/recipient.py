"""Writing to one person: their language and time zone, whoever's request made the notice.

A notice is caused by someone else's action (an organiser cancels, a moderator mutes) and is
read by its recipient, so nothing of it may be written in the actor's request's language or
zone. `notify` takes the words as a writer it calls inside `for_recipient(user)`, and the mails
are rendered inside it too: a caller cannot hand over text written in the wrong language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from salam.core.types import Person
from salam.core.zones import zone_label
from salam.people.selectors import language_of, zone_of

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# A notice's (title, body), written when called: in the active language and time zone.
Writer = Callable[[], tuple[str, str]]

# The zone the recipient chose, inside for_recipient (None: they chose none).
_chosen_zone: ContextVar[dt.tzinfo | None] = ContextVar("recipient_zone", default=None)


@contextmanager
def for_recipient(user: Person) -> Iterator[None]:
    """The person's language (their preferred one, else the site's default) and their time
    zone (their profile's, else UTC) for the block."""
    zone = zone_of(user)
    token = _chosen_zone.set(zone)
    try:
        with translation.override(language_of(user)), timezone.override(zone or dt.UTC):
            yield
    finally:
        _chosen_zone.reset(token)


def moment(value: dt.datetime, *, otherwise: dt.tzinfo | None = None, style: str = "full") -> str:
    """A moment as the reader of a notice or a mail sees it, labelled with the zone ("December
    2, 2030, 14:05 CET"; style "time": "14:05 CET"), as `{{ value|when }}` shows it on a page but
    as plain text: in the zone the recipient chose, else in `otherwise` (an event's own zone),
    else in the current one (UTC for a recipient without a zone)."""
    zone = _chosen_zone.get() or otherwise or timezone.get_current_timezone()
    local = value.astimezone(zone)
    clock = f"{local:%H:%M} {zone_label(local, zone)}"
    if style == "time":
        return clock
    # a date, then a time of that day ("،" in Arabic)
    return _("%(date)s, %(time)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": clock,
    }


def translated(
    title: StrPromise, body: StrPromise | None = None, /, *, said: str = "", **params: object
) -> Writer:
    """The writer of the common notice: messages marked with `gettext_lazy` and the plain
    values they take (names, titles; a lazy string is translated too), put together in the
    recipient's language when `notify` calls it. Without a `body` message, the body is `said`:
    what a person wrote (a reply's excerpt), which stays as they wrote it."""

    def write() -> tuple[str, str]:
        return str(title) % params, (str(body) % params if body is not None else said)

    return write
