"""Every moderation write: reports filed and resolved, the audit log, blocked terms, blocks.

Apps file reports and record actions through here (rooms, forum, and every later one); the
events leave after commit, built from salam/moderation/frames.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salam.core.types import Person
from salam.moderation import frames, registry
from salam.moderation.errors import Forbidden, Invalid, NotFound
from salam.moderation.models import Block, BlockedTerm, ModerationAction, Report
from salam.moderation.notices import tell_target
from salam.moderation.realtime import to_moderators, to_person

DISMISS = "dismiss"


def _place_frame(report: Report) -> dict:
    return {"report": report.pk, "room": report.context_label or None, "context": report.context}


@transaction.atomic
def file_report(
    *,
    kind: str,
    object_id: int | None,
    reporter: Person | None,
    subject: Person | None,
    reason: str,
    excerpt: str = "",
    context: str = "",
    context_label: str = "",
    source: str = Report.Source.PERSON,
    once_ever: bool = False,
    details: dict | None = None,
) -> Report:
    """File a report into the queue and tell the dashboards after commit.

    A person has one open report per item: reporting it again returns that report (with
    `once_ever`, also a closed one: a chat message is reported once). The caller checks that
    the reporter may see the item. `details`: what the filing app knew of the moment (kept
    as it was then, shown by the app's Kind)."""
    if not kind:
        raise Invalid(_("A report names the kind of content it is about."))
    if reporter is not None and object_id is not None:
        existing = Report.objects.filter(kind=kind, object_id=object_id, reporter=reporter)
        if not once_ever:
            existing = existing.filter(status=Report.Status.OPEN)
        found = existing.order_by("pk").first()
        if found is not None:
            return found
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind,
                object_id=object_id,
                context=context,
                context_label=context_label,
                reporter=reporter,
                subject=subject,
                reason=reason[:500],
                excerpt=excerpt[:2000],
                source=source,
                details=details or {},
            )
    except IntegrityError:  # the same person, at the same moment, from another tab
        return Report.objects.get(
            kind=kind, object_id=object_id, reporter=reporter, status=Report.Status.OPEN
        )
    to_moderators(frames.ReportNew(**_place_frame(report)))
    return report


def record_action(
    *,
    actor: Person,
    action: str,
    context: str = "",
    context_label: str = "",
    target: Person | None = None,
    object_ref: int | None = None,
    object_text: str = "",
    reason: str = "",
    details: dict | None = None,
) -> ModerationAction:
    """Add a line to the audit log (inside the caller's transaction) and tell the dashboards."""
    record = ModerationAction.objects.create(
        action=action,
        actor=actor,
        actor_username=actor.get_username(),
        context=context,
        context_label=context_label,
        target=target,
        target_username=target.get_username() if target else "",
        object_ref=object_ref,
        object_text=object_text,
        reason=(reason or "")[:500],
        details=details or {},
    )
    tell_target(record, now=timezone.now())
    to_moderators(
        frames.ActionRecorded(
            id=record.pk,
            action=action,
            room=context_label,
            context=context,
            actor=record.actor_username,
            target=record.target_username,
            seq=object_ref,
            reason=record.reason,
        )
    )
    return record


def _check_covers(actor: Person, context: str) -> None:
    if not registry.scope_of(actor).covers(context):
        raise Forbidden(_("Only moderators handle reports."))


@transaction.atomic
def resolve_report(
    report: Report, *, actor: Person, status: str, now: dt.datetime | None = None
) -> Report:
    """Close a report as actioned or dismissed; a dismissal is kept in the audit log.
    Closing a closed report changes nothing."""
    if status not in {Report.Status.ACTIONED, Report.Status.DISMISSED}:
        raise Invalid(_("A report is closed as actioned or dismissed."))
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("subject").get(pk=report.pk)
    )
    _check_covers(actor, report.context)
    if report.status != Report.Status.OPEN:
        return report
    report.status, report.resolved_by = status, actor
    report.resolved_at = now or timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    if status == Report.Status.DISMISSED:
        record_action(
            actor=actor,
            action=ModerationAction.Action.DISMISS,
            context=report.context,
            context_label=report.context_label,
            target=report.subject,
            object_text=report.excerpt,
            reason=f"report {report.pk}",
        )
    to_moderators(frames.ReportResolved(**_place_frame(report)))
    return report


@transaction.atomic
def act_on_report(
    report: Report, *, actor: Person, action: str, now: dt.datetime | None = None
) -> Report:
    """One click on the dashboard: do what the report's kind offers under `action` (or
    dismiss) and resolve the report, in one transaction: if the action is refused, the report
    stays open and nothing is written."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_covers(actor, report.context)
    if report.status != Report.Status.OPEN:
        raise Invalid(_("This report is closed already."), code="closed")
    if action == DISMISS:
        return resolve_report(report, actor=actor, status=Report.Status.DISMISSED, now=now)
    kind = registry.kind_of(report.kind)
    offered = kind.action(action) if kind else None
    if offered is None or not offered.offered(report):
        raise Invalid(_("This report offers no such action."), code="unknown_action")
    offered.perform(report, actor=actor)
    return resolve_report(report, actor=actor, status=Report.Status.ACTIONED, now=now)


# ---- personal blocks ----------------------------------------------------------------------


def _blocks_changed(blocker: Person) -> None:
    hidden = sorted(
        Block.objects.filter(blocker=blocker).values_list("blocked__username", flat=True)
    )
    to_person(blocker.pk, frames.BlocksChanged(hidden=hidden))


@transaction.atomic
def block_person(*, blocker: Person, username: str) -> Block:
    """The blocker stops seeing the person's messages everywhere and is never paired with
    them. Blocking twice changes nothing."""
    blocked = get_user_model().objects.filter(username=username).first()
    if blocked is None:
        raise NotFound(_("No such person."))
    if blocked.pk == blocker.pk:
        raise Invalid(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    _blocks_changed(blocker)
    return block


@transaction.atomic
def unblock_person(*, blocker: Person, username: str) -> int:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked__username=username).delete()
    _blocks_changed(blocker)
    return deleted


# ---- blocked terms --------------------------------------------------------------------------


def _term_place(actor: Person, context: str) -> str:
    """The label of the place whose word list the actor keeps; refuses anyone else."""
    scope = registry.scope_of(actor)
    if not context:
        if not scope.everything:
            raise Forbidden(_("Only global moderators keep the global word list."))
        return ""
    if not scope.covers(context):
        raise Forbidden(_("Only this room's moderators keep its word list."))
    place = scope.places.get(context)
    return place.label if place else ""


@transaction.atomic
def add_blocked_term(*, actor: Person, context: str, term: str, mode: str) -> BlockedTerm:
    """A term refused (or reported) in one place, or everywhere with an empty context."""
    label = _term_place(actor, context)
    term = " ".join(term.split())
    if not term or len(term) > 100:
        raise Invalid(_("A term has 1 to 100 characters."))
    if mode not in BlockedTerm.Mode.values:
        raise Invalid(_("Choose whether the term refuses the message or files a report."))
    blocked_term = BlockedTerm.objects.create(
        context=context, context_label=label, term=term, mode=mode, created_by=actor
    )
    _record_term(actor, blocked_term, f"+ {term} ({mode})")
    return blocked_term


@transaction.atomic
def remove_blocked_term(*, actor: Person, blocked_term: BlockedTerm) -> None:
    _term_place(actor, blocked_term.context)
    _record_term(actor, blocked_term, f"- {blocked_term.term}")
    blocked_term.delete()


def _record_term(actor: Person, term: BlockedTerm, change: str) -> None:
    record_action(
        actor=actor,
        action=ModerationAction.Action.TERM,
        context=term.context,
        context_label=term.context_label,
        reason=change,
    )
