"""The registry: what moderation knows of the apps it moderates is only what they register."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from salam.core.errors import DomainError
from salam.moderation import registry, selectors, services
from salam.moderation.models import Report

pytestmark = pytest.mark.django_db


def test_rooms_and_forum_register_their_kinds_and_rooms_its_panel():
    assert [registry.kind_of(name).name for name in ("message", "member", "post")] == [
        "message",
        "member",
        "post",
    ]
    assert [action.name for action in registry.kind_of("post").actions] == ["hide", "delete"]
    assert [panel.name for panel in registry.panels()] == ["rooms"]


@pytest.mark.parametrize(
    ("persona", "everything", "covers_welcome", "covers_forum"),
    [
        ("moderator", True, True, True),
        ("other_rooms_moderator", False, False, False),
        ("participant", False, False, False),
    ],
)
def test_a_scope_names_what_a_person_moderates(
    request, welcome, persona, everything, covers_welcome, covers_forum
):
    scope = registry.scope_of(request.getfixturevalue(persona))
    assert (scope.everything, scope.covers(f"room:{welcome.pk}"), scope.covers("forum")) == (
        everything,
        covers_welcome,
        covers_forum,
    )


def test_a_room_moderator_moderates_their_room_by_its_key(other_room, other_rooms_moderator):
    scope = registry.scope_of(other_rooms_moderator)
    assert list(scope.places) == [f"room:{other_room.pk}"]
    assert scope.places[f"room:{other_room.pk}"] == registry.Place(
        key=f"room:{other_room.pk}", label="other", title="Other"
    )


def test_a_visitor_moderates_nothing():
    assert registry.scope_of(AnonymousUser()) == registry.Scope(everything=False, places={})


def test_a_report_of_an_unregistered_kind_shows_its_excerpt_and_is_only_dismissed(
    moderator, participant
):
    report = services.file_report(
        kind="video.call",
        object_id=4,
        reporter=participant,
        subject=None,
        reason="loud",
        excerpt="shouting",
    )
    [entry] = selectors.open_reports(registry.scope_of(moderator))
    assert (entry.report, entry.shown.title, entry.shown.excerpt, entry.actions) == (
        report,
        "video.call",
        "shouting",
        [],
    )
    with pytest.raises(DomainError) as error:
        services.act_on_report(report, actor=moderator, action="delete")
    assert error.value.code == "unknown_action"
    services.act_on_report(report, actor=moderator, action="dismiss")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
