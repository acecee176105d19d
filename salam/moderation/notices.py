"""The notice a person gets when a moderator acts on them: what was done, where, why, and for a
mute how long it lasts. Made from the audit line, inside the action's transaction."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salam.moderation.models import ModerationAction
from salam.notices.services import notify

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


def _titles(record: ModerationAction, place: str) -> str | None:
    titles: dict[str, str] = {
        Action.MUTE: _("A moderator muted you in %(place)s"),
        Action.UNMUTE: _("A moderator unmuted you in %(place)s"),
        Action.KICK: _("A moderator removed you from %(place)s"),
        Action.BAN: _("A moderator banned you from %(place)s"),
        Action.UNBAN: _("A moderator lifted your ban from %(place)s"),
        Action.DELETE: _("A moderator deleted your message in %(place)s"),
        Action.HIDE_POST: _("A moderator hid your post in %(place)s"),
        Action.DELETE_POST: _("A moderator deleted your post in %(place)s"),
        Action.ASSIGN: _("You are now a moderator of %(place)s"),
    }
    title = titles.get(record.action)
    return title % {"place": place} if title else None


def tell_target(record: ModerationAction, *, now: dt.datetime) -> None:
    """Notify the person acted on (none for actions on no one, or on oneself)."""
    if record.target is None or record.target_id == record.actor_id:
        return
    place, url = _place(record)
    title = _titles(record, place)
    if title is None:
        return
    lines = []
    if record.action == Action.MUTE:
        minutes = int((record.details or {}).get("minutes") or 0)
        if minutes:
            until = now + dt.timedelta(minutes=minutes)
            lines.append(
                _("For %(duration)s, until %(until)s UTC.")
                % {"duration": _duration(minutes), "until": f"{until:%Y-%m-%d %H:%M}"}
            )
    if record.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": record.reason})
    notify(record.target, kind="moderation.action", title=title, body="\n".join(lines), url=url)
