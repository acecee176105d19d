"""What moderation knows of the apps it moderates: only what they register here.

An app registers, in its AppConfig.ready():
- `register_kind(Kind(...))` for each kind of content people report (a chat message, a forum
  post): how its reports are shown, where they link to, and which actions they offer, each
  performed by a callable of the registering app;
- `register_scope(provider)`: the places (contexts such as "room:12") a person moderates,
  so that the dashboard, its socket and the audit log filter without knowing what a room is;
- `register_panel(Panel(...))`: a section of the dashboard (rooms: who is online where).

Global moderators (salam.people) moderate everything; everyone else moderates the places the
scope providers name. Nothing here touches the database itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString

from salam.core.types import AnyUser, Person
from salam.people.permissions import is_global_moderator

if TYPE_CHECKING:
    from salam.moderation.models import Report


@dataclass(frozen=True)
class Place:
    """A place one moderates: its context key, the slug kept in records, its title."""

    key: str
    label: str
    title: str


@dataclass(frozen=True)
class Scope:
    """What one person moderates: everything (global moderators) or these places."""

    everything: bool
    places: dict[str, Place]

    def covers(self, context: str) -> bool:
        return self.everything or (bool(context) and context in self.places)

    @property
    def any(self) -> bool:
        return self.everything or bool(self.places)


@dataclass(frozen=True)
class Line:
    """One line of what surrounds a reported item (the messages around a message)."""

    author: str
    body: str
    deleted: bool = False
    reported: bool = False


@dataclass(frozen=True)
class Shown:
    """How one report appears on the dashboard."""

    title: str
    link: str = ""
    author: str = ""
    context: str = ""
    excerpt: str = ""
    around: Sequence[Line] = ()
    # The reported item's text as safe HTML, rendered by its app (a forum post's Markdown);
    # shown instead of the excerpt. `note`: its state ("Hidden by a moderator").
    body_html: SafeString | str = ""
    note: str = ""


@dataclass(frozen=True)
class ReportAction:
    """An action a report offers: `perform(report, actor=...)` does it, or raises the app's
    DomainError; it runs inside the transaction that then resolves the report."""

    name: str
    label: str | Promise
    perform: Callable[..., Any]
    offered: Callable[[Report], bool] = lambda report: True


@dataclass(frozen=True)
class Kind:
    """A kind of reported content. `show` takes the reports of this kind on one page at once
    (so an app loads what they are about in a few queries) and returns each one's Shown by pk."""

    name: str
    show: Callable[[list[Report]], dict[int, Shown]]
    actions: Sequence[ReportAction] = ()

    def action(self, name: str) -> ReportAction | None:
        return next((action for action in self.actions if action.name == name), None)


@dataclass(frozen=True)
class Panel:
    """A section of the dashboard: `template` rendered with `context(user, scope, now)`."""

    name: str
    template: str
    context: Callable[[Person, Scope, dt.datetime], dict[str, Any]]


@dataclass
class _Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)
    scopes: list[Callable[[AnyUser], Iterable[Place]]] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)


_registry = _Registry()


def register_kind(kind: Kind) -> None:
    _registry.kinds[kind.name] = kind


def register_scope(provider: Callable[[AnyUser], Iterable[Place]]) -> None:
    """`provider(user)` names the places this person moderates; for a global moderator, every
    place it knows (the dashboard lists them)."""
    if provider not in _registry.scopes:
        _registry.scopes.append(provider)


def register_panel(panel: Panel) -> None:
    _registry.panels[panel.name] = panel


def kind_of(name: str) -> Kind | None:
    return _registry.kinds.get(name)


def panels() -> list[Panel]:
    return list(_registry.panels.values())


def scope_of(user: AnyUser) -> Scope:
    if not (user.is_authenticated and user.is_active):
        return Scope(everything=False, places={})
    places = {place.key: place for provider in _registry.scopes for place in provider(user)}
    return Scope(everything=is_global_moderator(user), places=places)
