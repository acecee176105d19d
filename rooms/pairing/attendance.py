"""Who came to a pair room: a notice when a partner did not come or left (run every minute by
the periodic work, salam/periodic.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from rooms.models import Pairing, Presence
from rooms.pairing.services import NO_SHOW_AFTER
from salam.core.types import Person
from salam.notices.recipient import Writer, translated
from salam.notices.selectors import has_notice
from salam.notices.services import notify
from salam.people.names import name_of

LEFT_AFTER = dt.timedelta(minutes=2)
ATTENDANCE_WINDOW = dt.timedelta(hours=1)


def check_attendance(*, now: dt.datetime) -> int:
    """Tell the people in a recent pair room when their partner did not come (NO_SHOW_AFTER
    without a word or a visit) or left (gone from the room, silent for LEFT_AFTER); each notice
    once per pairing and person (its key). Returns the number of notices made."""
    recent = (
        Pairing.objects.filter(
            created_at__lte=now - NO_SHOW_AFTER, created_at__gt=now - ATTENDANCE_WINDOW
        )
        .select_related("room")
        .prefetch_related("members__user")
    )
    return sum(_check_pairing(pairing, now=now) for pairing in recent)


@transaction.atomic
def _check_pairing(pairing: Pairing, *, now: dt.datetime) -> int:
    members = {m.user_id: m.user for m in pairing.members.all()}
    present = set(
        Presence.objects.filter(room=pairing.room, user_id__in=members).values_list(
            "user_id", flat=True
        )
    )
    last_said = dict(
        pairing.room.messages.filter(author_id__in=members)
        .values_list("author_id")
        .annotate(last=Max("sent_at"))
    )
    came = present | set(last_said)
    url = pairing.room.get_absolute_url()
    made = 0
    for user_id in present:
        person = members[user_id]
        absent = [members[u] for u in members if u not in came]
        if absent:
            made += _tell_once(
                person,
                kind="pairing.no_show",
                key=f"pairing.no_show:{pairing.pk}",
                text=translated(
                    gettext_lazy("%(names)s has not come to your pair room"),
                    gettext_lazy("You can ask for a new partner from the room."),
                    names=", ".join(name_of(m) for m in absent),
                ),
                url=url,
            )
        for leaver_id, said_at in last_said.items():
            if leaver_id in present or leaver_id == user_id or now - said_at < LEFT_AFTER:
                continue
            made += _tell_once(
                person,
                kind="pairing.partner_left",
                key=f"pairing.left:{pairing.pk}:{leaver_id}",
                text=translated(
                    gettext_lazy("%(name)s left your pair room"),
                    gettext_lazy("You can ask for a new partner from the room."),
                    name=name_of(members[leaver_id]),
                ),
                url=url,
            )
    return made


def _tell_once(person: Person, *, key: str, kind: str, text: Writer, url: str) -> int:
    if has_notice(person, key=key):
        return 0
    notify(person, key=key, kind=kind, text=text, url=url)
    return 1
