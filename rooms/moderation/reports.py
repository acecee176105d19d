"""The moderation queue: reports of chat messages and flags on other content."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import realtime
from rooms.errors import Forbidden, Invalid, NotFound
from rooms.models import Message, ModerationAction, Report, Room
from rooms.moderation.services import check_moderator, record_action
from salam.people.permissions import is_global_moderator


@transaction.atomic
def flag_content(
    content: models.Model,
    *,
    reporter: AbstractBaseUser | None,
    subject: AbstractBaseUser | None,
    reason: str,
    excerpt: str = "",
    source: str = Report.Source.PERSON,
) -> Report:
    """File a report about any object (a forum post, a journal comment) into the queue.

    One open report per person and object: flagging twice returns the first report.
    """
    content_type = ContentType.objects.get_for_model(content)
    if reporter is not None:
        existing = Report.objects.filter(
            content_type=content_type,
            object_id=content.pk,
            reporter=reporter,
            status=Report.Status.OPEN,
        ).first()
        if existing is not None:
            return existing
    report = Report.objects.create(
        content_type=content_type,
        object_id=content.pk,
        reporter=reporter,
        subject=subject,
        reason=reason[:500],
        excerpt=excerpt[:2000],
        source=source,
    )
    realtime.broadcast_on_commit(
        realtime.MODERATORS_GROUP,
        realtime.report_event("report.new", report_id=report.pk, room_slug=None),
    )
    return report


@transaction.atomic
def report_message(
    room: Room, *, reporter: AbstractBaseUser, seq: object, reason: object
) -> Report:
    """A participant reports a message they can see; reporting it again returns the report."""
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(_("seq must be a whole number."))
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid(_("Say why you report this message."))
    message = Message.objects.filter(room=room, seq=seq).first()
    if message is None:
        raise NotFound(_("No message with this number."))
    existing = Report.objects.filter(message=message, reporter=reporter).first()
    if existing is not None:
        return existing
    report = Report.objects.create(
        room=room,
        message=message,
        reporter=reporter,
        subject=message.author,
        reason=reason.strip()[:500],
        excerpt=message.body[:2000],
    )
    realtime.broadcast_on_commit(
        realtime.MODERATORS_GROUP,
        realtime.report_event("report.new", report_id=report.pk, room_slug=room.slug),
    )
    return report


@transaction.atomic
def resolve_report(
    report: Report, *, actor: AbstractBaseUser, status: str, now: dt.datetime | None = None
) -> Report:
    """Close a report as actioned or dismissed; a dismissal is kept in the audit log."""
    if status not in {Report.Status.ACTIONED, Report.Status.DISMISSED}:
        raise Invalid(_("A report is closed as actioned or dismissed."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.room is not None:
        check_moderator(report.room, actor)
    elif not is_global_moderator(actor):
        raise Forbidden(_("Only moderators handle reports."))
    if report.status != Report.Status.OPEN:
        return report
    report.status, report.resolved_by = status, actor
    report.resolved_at = now or timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    if status == Report.Status.DISMISSED and report.room is not None:
        record_action(
            report.room,
            actor,
            ModerationAction.Action.DISMISS,
            target=report.subject,
            message=report.message,
            reason=f"report {report.pk}",
        )
    realtime.broadcast_on_commit(
        realtime.MODERATORS_GROUP,
        realtime.report_event(
            "report.resolved",
            report_id=report.pk,
            room_slug=report.room.slug if report.room else None,
        ),
    )
    return report
