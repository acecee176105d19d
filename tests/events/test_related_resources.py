"""Events link back to the library resources related to them."""

from __future__ import annotations

import datetime as dt

import pytest

from salam.library.models import EventLink
from tests.clearinghouse import iom, make_resource, secretariat  # noqa: F401 fixtures

pytestmark = pytest.mark.django_db


def test_the_schedule_page_lists_the_resources_of_its_event(
    client,
    published,
    make_resource,  # noqa: F811 fixture
):
    resource = make_resource(title="Guidelines for integration")
    other = make_resource(title="Unrelated")
    link = EventLink.objects.create(
        title="Forum", url=published.get_absolute_url(), starts_on=dt.date(2026, 12, 1)
    )
    link.resources.add(resource)
    response = client.get(published.get_absolute_url())
    assert list(response.context["related_resources"]) == [resource]
    assert other.title not in response.content.decode()
