"""The notice a person gets when a moderator acts on them: what was done, where, why, and for a
mute how long it lasts. Made from the audit line, inside the action's transaction."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from salam.moderation.models import ModerationAction
from salam.notices.recipient import moment
from salam.notices.services import notify

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

Action = ModerationAction.Action


def _duration(minutes: int) -> str:
    if minutes % (60 * 24) == 0:
        days = minutes // (60 * 24)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _place(record: ModerationAction) -> tuple[str, str]:
    """Where it happened, as words and as a link."""
    try:
        if record.context.startswith("room:") and record.context_label:
            url = reverse("rooms:room", kwargs={"slug": record.context_label})
            return f"#{record.context_label}", url
        thread = (record.details or {}).get("thread")
        if record.context == "forum" and thread:
            return _("the forum"), reverse("forum:thread", kwargs={"slug": thread})
    except NoReverseMatch:
        pass
    return record.context_label or _("the site"), ""


# What each action's notice is titled; an action not here tells nobody.
_TITLES: dict[str, StrPromise] = {
    Action.MUTE: gettext_lazy("A moderator muted you in %(place)s"),
    Action.UNMUTE: gettext_lazy("A moderator unmuted you in %(place)s"),
    Action.KICK: gettext_lazy("A moderator removed you from %(place)s"),
    Action.BAN: gettext_lazy("A moderator banned you from %(place)s"),
    Action.UNBAN: gettext_lazy("A moderator lifted your ban from %(place)s"),
    Action.DELETE: gettext_lazy("A moderator deleted your message in %(place)s"),
    Action.HIDE_POST: gettext_lazy("A moderator hid your post in %(place)s"),
    Action.DELETE_POST: gettext_lazy("A moderator deleted your post in %(place)s"),
    Action.ASSIGN: gettext_lazy("You are now a moderator of %(place)s"),
}


def _moment(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(record: ModerationAction, *, now: dt.datetime) -> tuple[str, str]:
    """What the notice says, in the active language and zone (the target's: see `notify`)."""
    place, _url = _place(record)
    title = str(_TITLES[record.action]) % {"place": place}
    lines = []
    if record.action == Action.MUTE:
        details = record.details or {}
        minutes = int(details.get("minutes") or 0)
        if minutes:
            until = _moment(details.get("until")) or now + dt.timedelta(minutes=minutes)
            lines.append(
                _("For %(duration)s, until %(until)s.")
                % {"duration": _duration(minutes), "until": moment(until)}
            )
    if record.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": record.reason})
    return title, "\n".join(lines)


def tell_target(record: ModerationAction, *, now: dt.datetime) -> None:
    """Notify the person acted on (none for actions on no one, or on oneself)."""
    if record.target is None or record.target_id == record.actor_id:
        return
    if record.action not in _TITLES:
        return
    _place_words, url = _place(record)
    text = functools.partial(_text, record, now=now)
    notify(record.target, kind="moderation.action", text=text, url=url)
