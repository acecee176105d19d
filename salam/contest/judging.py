"""Every write of the judging: screening, the shortlist, jurors' scores and conflicts, decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.contest.errors import Forbidden, Invalid
from salam.contest.models import Conflict, Decision, Entry, Recognition, Score
from salam.contest.permissions import is_partner_member, juror_of, may_organise, screening_open
from salam.core.types import Person
from salam.notices.recipient import translated
from salam.notices.services import notify

VERDICTS = ("yes", "no", "maybe")
MARKS = range(1, 11)


def _organiser(actor: Person) -> None:
    if not may_organise(actor):
        raise Forbidden(_("Only organisers do this."), code="not_organiser")


@transaction.atomic
def screen_entry(
    entry: Entry, *, actor: Person, verdict: str, notes: str, now: dt.datetime | None = None
) -> Entry:
    """The organisers' screening: yes, no or maybe, with notes, until the screening round
    ends. A no leaves the shortlist."""
    _organiser(actor)
    if not screening_open(entry.edition, now or timezone.now()):
        raise Invalid(
            _("Screening has closed: verdicts can no longer be given or changed."),
            code="screening_over",
        )
    if verdict not in VERDICTS:
        raise Invalid(_("Screen with yes, no or maybe."), code="verdict")
    entry.screening, entry.screening_notes = verdict, notes.strip()
    if verdict != "yes":
        entry.shortlisted = False
    entry.save(update_fields=["screening", "screening_notes", "shortlisted"])
    return entry


@transaction.atomic
def set_shortlisted(entry: Entry, *, actor: Person, shortlisted: bool) -> Entry:
    _organiser(actor)
    if shortlisted and not (
        entry.eligible and entry.screening == "yes" and entry.hidden_at is None
    ):
        raise Invalid(
            _("Only an eligible entry screened yes goes on the shortlist."), code="not_screened"
        )
    entry.shortlisted = shortlisted
    entry.save(update_fields=["shortlisted"])
    return entry


def _juror_for(entry: Entry, actor: Person):
    juror = juror_of(entry.edition, actor)
    if juror is None:
        raise Forbidden(_("You are not on this edition's jury."), code="not_juror")
    if not entry.shortlisted:
        raise Invalid(_("Only shortlisted entries are scored."), code="not_shortlisted")
    return juror


@transaction.atomic
def declare_conflict(entry: Entry, *, actor: Person, reason: str) -> Conflict:
    """The entry leaves this juror's list, and any score of theirs stops counting."""
    juror = _juror_for(entry, actor)
    if not reason.strip():
        raise Invalid(_("Say what the conflict of interest is."), code="reason")
    return Conflict.objects.get_or_create(
        juror=juror, entry=entry, defaults={"reason": reason.strip()}
    )[0]


@transaction.atomic
def score_entry(
    entry: Entry,
    *,
    actor: Person,
    marks: Mapping[str, int],
    notes: str,
    now: dt.datetime | None = None,
) -> Score:
    """A juror's marks (1 to 10 on each criterion of the rubric) and private notes, until the
    jury's round ends."""
    juror = _juror_for(entry, actor)
    ends = entry.edition.jury_ends_at
    if ends is not None and (now or timezone.now()) >= ends:
        raise Invalid(_("The jury's round has ended."), code="round_over")
    if Conflict.objects.filter(juror=juror, entry=entry).exists():
        raise Forbidden(_("You declared a conflict of interest with this entry."), code="conflict")
    keys = [criterion["key"] for criterion in entry.edition.rubric]
    if set(marks) != set(keys) or any(marks[key] not in MARKS for key in keys):
        raise Invalid(_("Give every criterion a mark from 1 to 10."), code="marks")
    score, _created = Score.objects.update_or_create(
        juror=juror,
        entry=entry,
        defaults={"marks": {k: int(marks[k]) for k in keys}, "notes": notes.strip()},
    )
    return score


@transaction.atomic
def decide(recognition: Recognition, entry: Entry, *, actor: Person, note: str = "") -> Decision:
    """Give `entry` the recognition, recorded with who decided: organisers decide prizes and
    special recognitions, a partner organisation's members their partner recognition, from
    the shortlist."""
    if recognition.edition_id != entry.edition_id:
        raise Invalid(_("The entry is not in this edition."), code="edition")
    if recognition.kind == Recognition.Kind.PARTNER:
        if not is_partner_member(recognition, actor):
            raise Forbidden(
                _("Only the partner's members pick their recognition."), code="not_partner"
            )
    else:
        _organiser(actor)
    if not entry.shortlisted:
        raise Invalid(_("Recognitions go to shortlisted entries."), code="not_shortlisted")
    if recognition.category_id and recognition.category_id != entry.category_id:
        raise Invalid(_("This recognition is for another category."), code="category")
    decision, created = Decision.objects.get_or_create(
        recognition=recognition, entry=entry, defaults={"decided_by": actor, "note": note.strip()}
    )
    if created:
        notify(
            entry.entrant,
            kind="contest.recognition",
            text=translated(
                gettext_lazy("“%(title)s” receives %(name)s"),
                title=entry.title,
                name=recognition.name,
            ),
            url=entry.get_absolute_url(),
        )
    return decision


@transaction.atomic
def withdraw_decision(decision: Decision, *, actor: Person) -> None:
    recognition = decision.recognition
    if recognition.kind == Recognition.Kind.PARTNER:
        if not is_partner_member(recognition, actor):
            raise Forbidden(
                _("Only the partner's members pick their recognition."), code="not_partner"
            )
    else:
        _organiser(actor)
    decision.delete()
