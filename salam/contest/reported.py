"""What the contest tells salam.moderation (registered in ContestConfig.ready()): a reported
entry is shown with its title and entrant, links to its page, and can be hidden with a reason
the entrant is shown."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.contest import services
from salam.contest.errors import Invalid
from salam.contest.models import Entry
from salam.core.types import Person
from salam.moderation import registry
from salam.moderation.models import Report
from salam.moderation.registry import Kind, ReportAction, Shown

ENTRY_KIND = "entry"
CONTEXT = "contest"


def _entry(report: Report) -> Entry:
    entry = None if report.object_id is None else Entry.objects.filter(pk=report.object_id).first()
    if entry is None:
        raise Invalid(_("This entry is gone; dismiss the report."), code="gone")
    return entry


def _hide(report: Report, *, actor: Person) -> None:
    services.hide_entry(_entry(report), actor=actor, reason=report.reason)


def show_entries(reports: list[Report]) -> dict[int, Shown]:
    entries = Entry.objects.select_related("edition", "entrant__profile").in_bulk(
        [r.object_id for r in reports if r.object_id]
    )
    shown = {}
    for report in reports:
        entry = entries.get(report.object_id)
        if entry is None:
            shown[report.pk] = Shown(title=_("A contest entry (deleted)"), excerpt=report.excerpt)
            continue
        shown[report.pk] = Shown(
            title=entry.title,
            link=entry.get_absolute_url(),
            author=entry.entrant.profile.name,
            context=entry.edition.title,
            excerpt=report.excerpt,
        )
    return shown


def register() -> None:
    registry.register_kind(
        Kind(
            ENTRY_KIND,
            show_entries,
            (ReportAction("hide", gettext_lazy("Hide entry"), _hide, lambda r: True),),
        )
    )
