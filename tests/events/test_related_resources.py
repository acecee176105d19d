"""Events link to the library resources related to them (`Event.resources`)."""

from __future__ import annotations

import pytest

from events import services
from events.errors import Forbidden
from tests.clearinghouse import iom, make_resource, secretariat  # noqa: F401 fixtures

pytestmark = pytest.mark.django_db


def test_the_schedule_page_lists_the_resources_of_its_event(
    client,
    published,
    organiser,
    make_resource,  # noqa: F811 fixture
):
    resource = make_resource(title="Guidelines for integration")
    other = make_resource(title="Unrelated")
    services.set_related_resources(published, actor=organiser, resources=[resource])
    response = client.get(published.get_absolute_url())
    assert list(response.context["related_resources"]) == [resource]
    assert other.title not in response.content.decode()


def test_linking_resources_replaces_the_previous_ones(
    published,
    organiser,
    make_resource,  # noqa: F811 fixture
):
    first, second = make_resource(title="First"), make_resource(title="Second")
    services.set_related_resources(published, actor=organiser, resources=[first])
    services.set_related_resources(published, actor=organiser, resources=[second])
    assert list(published.resources.all()) == [second]


def test_only_the_event_s_organisers_link_resources(
    published,
    make_person,
    make_resource,  # noqa: F811 fixture
):
    resource = make_resource(title="Guidelines for integration")
    with pytest.raises(Forbidden):
        services.set_related_resources(published, actor=make_person(), resources=[resource])
    assert list(published.resources.all()) == []
