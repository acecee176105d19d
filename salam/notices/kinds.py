"""Every kind of notice, defined once: what it is called, how it reaches a person unless they
chose otherwise, and whether the browser's own notification applies to it.

The apps that make notices (`notify(user, kind=...)`) name a kind from here; a kind missing
from this table is delivered on the site only (and `notify` logs it), so a typo never mails
anybody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class Delivery(models.TextChoices):
    SITE = "site", _("On the site only")
    EMAIL = "email", _("On the site and by email at once")
    DIGEST = "digest", _("On the site and in a daily digest email")


@dataclass(frozen=True)
class Kind:
    code: str
    label: _StrPromise
    delivery: Delivery
    browser: bool = False  # a browser notification while the tab is hidden, when opted in


KINDS: tuple[Kind, ...] = (
    Kind("pairing.matched", _("You were matched in a round"), Delivery.EMAIL, browser=True),
    Kind("pairing.paired", _("You were paired while away"), Delivery.EMAIL, browser=True),
    Kind("pairing.partner_left", _("Your partner left"), Delivery.SITE),
    Kind("pairing.no_show", _("Your partner did not come"), Delivery.SITE),
    Kind("pairing.expired", _("Nobody was free to talk"), Delivery.SITE),
    Kind("round.unmatched", _("No partner in a round"), Delivery.SITE),
    Kind("events.promoted", _("A seat came free for you"), Delivery.EMAIL),
    Kind("events.reminder", _("A session starts in 15 minutes"), Delivery.EMAIL),
    Kind("events.changed", _("A session changed time or was cancelled"), Delivery.EMAIL),
    Kind("journal.submitted", _("An article was submitted"), Delivery.EMAIL),
    Kind("journal.review_requested", _("You were asked to review"), Delivery.EMAIL),
    Kind("journal.in_review", _("Your article is in review"), Delivery.EMAIL),
    Kind("journal.reviewed", _("A review came in"), Delivery.EMAIL),
    Kind("journal.decision", _("A decision on an article"), Delivery.EMAIL),
    Kind("journal.resubmitted", _("An article was revised"), Delivery.EMAIL),
    Kind("forum.reply", _("A reply in a forum thread you follow"), Delivery.DIGEST),
    Kind("forum.quote", _("A reply quoting your post"), Delivery.DIGEST),
    Kind("mention", _("A mention of your name"), Delivery.DIGEST, browser=True),
    Kind("moderation.action", _("A moderator's action on you"), Delivery.EMAIL),
    Kind("round.cancelled", _("A round you signed up for was cancelled"), Delivery.EMAIL),
    Kind("programmes.cohort", _("Your cohort in a dialogue programme"), Delivery.EMAIL),
    Kind("programmes.facilitating", _("A cohort you facilitate"), Delivery.EMAIL),
    Kind("programmes.not_placed", _("No place in a programme's cohorts"), Delivery.EMAIL),
    Kind("programmes.absent_twice", _("Two sessions of a programme missed"), Delivery.EMAIL),
    Kind("contest.consent", _("A consent asked for a contest entry"), Delivery.EMAIL),
    Kind("contest.ready", _("Your contest video is ready"), Delivery.EMAIL),
    Kind("contest.failed", _("Your contest video could not be processed"), Delivery.EMAIL),
    Kind("contest.hidden", _("A moderator hid your contest entry"), Delivery.EMAIL),
    Kind("contest.recognition", _("A recognition for your contest entry"), Delivery.EMAIL),
)
BY_CODE: dict[str, Kind] = {kind.code: kind for kind in KINDS}
BROWSER_KINDS: tuple[str, ...] = tuple(kind.code for kind in KINDS if kind.browser)


def kind_of(code: str) -> Kind | None:
    return BY_CODE.get(code)


def default_delivery(code: str) -> Delivery:
    kind = BY_CODE.get(code)
    return kind.delivery if kind else Delivery.SITE
