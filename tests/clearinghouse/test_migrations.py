"""An existing database moves forward: the organisation leaves the library for the clearinghouse
core without losing a row, and events keep the library resources they were linked to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.models import Event
from salam.clearinghouse.models import Organisation
from salam.journal.models import Article
from salam.library.models import Resource

# The last migrations before the organisation moved and events gained their relation.
BEFORE = [
    ("clearinghouse", None),
    ("library", "0001_initial"),
    ("journal", "0001_initial"),
    ("events", "0001_initial"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # An app migrated to zero (None) has no state to show.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_apps():
    """The historical models as they were before the move; the schema is restored afterwards."""
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_latest())


def _old_data(apps):
    user = apps.get_model("auth", "User").objects.create(username="editor")
    organisation = apps.get_model("library", "Organisation").objects.create(
        name="International Organization for Migration", acronym="IOM", slug="iom", kind="un"
    )
    organisation.editors.add(user)
    resource = apps.get_model("library", "Resource").objects.create(
        title="Guidelines",
        slug="guidelines",
        summary="How to.",
        kind="guideline",
        region="global",
        language="en",
        organisation=organisation,
        year=2010,
    )
    apps.get_model("journal", "Article").objects.create(
        title="On integration",
        slug="on-integration",
        abstract="A.",
        body="B.",
        language="en",
        policy_area="cultural",
        status="published",
        submitted_at=timezone.now(),
        published_at=timezone.now(),
        author=user,
        organisation=organisation,
    )
    return organisation, resource


def test_an_existing_organisation_is_found_in_the_clearinghouse_with_its_links(old_apps):
    old, _resource = _old_data(old_apps)
    _migrate(_latest())
    organisation = Organisation.objects.get(slug="iom")
    assert (organisation.pk, organisation.acronym) == (old.pk, "IOM")
    assert [u.username for u in organisation.editors.all()] == ["editor"]
    assert Resource.objects.get(slug="guidelines").organisation == organisation
    assert Article.objects.get(slug="on-integration").organisation == organisation


def test_the_organisation_s_content_type_moves_with_it(old_apps):
    content_types = old_apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="clearinghouse", model="organisation").delete()
    old = content_types.get_or_create(app_label="library", model="organisation")[0]
    _migrate(_latest())
    moved = ContentType.objects.get(app_label="clearinghouse", model="organisation")
    assert moved.pk == old.pk
    assert moved.model_class() is Organisation


def test_events_keep_the_resources_the_library_linked_to_their_address(old_apps):
    _organisation, resource = _old_data(old_apps)
    events = old_apps.get_model("events", "Event").objects
    day = dt.date(2030, 2, 15)
    kept, _other = (
        events.create(title=slug, slug=slug, city="Rio", start_date=day, end_date=day)
        for slug in ("forum", "other")
    )
    link_model = old_apps.get_model("library", "EventLink")
    link = link_model.objects.create(title="Forum", url="/events/forum/", starts_on=day)
    link.resources.add(resource)
    elsewhere = link_model.objects.create(
        title="Elsewhere", url="https://example.org/events/other/", starts_on=day
    )
    elsewhere.resources.add(resource)
    _migrate(_latest())
    assert [r.slug for r in Event.objects.get(slug="forum").resources.all()] == ["guidelines"]
    assert list(Event.objects.get(slug="other").resources.all()) == []
    assert kept.pk == Event.objects.get(slug="forum").pk
