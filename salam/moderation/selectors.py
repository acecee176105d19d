"""Reads for the moderation dashboard and its socket, within what the reader moderates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from salam.core.types import AnyUser
from salam.moderation import registry
from salam.moderation.models import Block, BlockedTerm, ModerationAction, Report
from salam.moderation.registry import Scope, Shown


@dataclass(frozen=True)
class Offered:
    name: str
    label: str


@dataclass(frozen=True)
class ReportEntry:
    """One open report as the dashboard shows it."""

    report: Report
    shown: Shown
    actions: list[Offered]


def scope_of(user: AnyUser) -> Scope:
    return registry.scope_of(user)


def may_use_dashboard(user: AnyUser) -> bool:
    return scope_of(user).any


def _within(scope: Scope) -> Q:
    return Q() if scope.everything else Q(context__in=list(scope.places))


def open_reports(scope: Scope, *, limit: int = 50) -> list[ReportEntry]:
    """The open reports this moderator may act on, oldest first, as their kinds show them."""
    if not scope.any:
        return []
    reports = list(
        Report.objects.filter(_within(scope), status=Report.Status.OPEN)
        .select_related("reporter", "subject")
        .order_by("created_at")[:limit]
    )
    by_kind: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_kind[report.kind].append(report)
    shown: dict[int, Shown] = {}
    for name, of_kind in by_kind.items():
        kind = registry.kind_of(name)
        if kind is not None:
            shown.update(kind.show(of_kind))
    entries = []
    for report in reports:
        kind = registry.kind_of(report.kind)
        offered = [
            Offered(action.name, str(action.label))
            for action in (kind.actions if kind else ())
            if action.offered(report)
        ]
        fallback = Shown(title=report.context_label or report.kind, excerpt=report.excerpt)
        entries.append(
            ReportEntry(report=report, shown=shown.get(report.pk, fallback), actions=offered)
        )
    return entries


def report_in_scope(scope: Scope, report_id: int) -> Report | None:
    """The report, if this moderator may act on it (else None: to them it does not exist)."""
    if not scope.any:
        return None
    return Report.objects.filter(_within(scope), pk=report_id).first()


def audit_log(scope: Scope, *, place: str = "", person: str = "") -> QuerySet[ModerationAction]:
    """Every action in the places this person moderates (everything for global moderators),
    newest first; `place` filters by the place's label (a room's slug)."""
    actions = ModerationAction.objects.filter(_within(scope))
    if not scope.any:
        actions = actions.none()
    if place:
        actions = actions.filter(context_label=place)
    if person:
        actions = actions.filter(Q(actor_username=person) | Q(target_username=person))
    return actions.order_by("-created_at", "-pk")


def blocked_terms(scope: Scope) -> QuerySet[BlockedTerm]:
    """The site-wide terms and those of the places this person moderates."""
    if not scope.any:
        return BlockedTerm.objects.none()
    return BlockedTerm.objects.filter(_within(scope) | Q(context="")).order_by("term")


def blocked_term(scope: Scope, term_id: int) -> BlockedTerm | None:
    return blocked_terms(scope).filter(pk=term_id).first()


def blocks_of(user: AnyUser) -> QuerySet[Block]:
    """The people `user` blocked, most recent first, with their profiles."""
    if not user.is_authenticated:
        return Block.objects.none()
    return (
        Block.objects.filter(blocker_id=user.pk)
        .select_related("blocked__profile")
        .order_by("-created_at", "-pk")
    )


def blockers_of(user_id: int) -> set[int]:
    """The people who blocked this person: they get no notice of what this person does."""
    return set(Block.objects.filter(blocked_id=user_id).values_list("blocker_id", flat=True))
