"""Slugs: readable, and unique even when many write the same title at once."""

from __future__ import annotations

import pytest
from django.db import transaction

from salam.clearinghouse.models import Organisation
from salam.clearinghouse.slugs import unique_slug
from salam.library.models import TemplatePackage
from tests.events.test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.postgres
def test_five_writers_of_one_title_at_once_take_five_slugs(postgres):
    organisation = Organisation.objects.create(name="IOM", slug="iom", kind=Organisation.Kind.UN)

    def create() -> None:
        with transaction.atomic():
            TemplatePackage.objects.create(
                title="Toolkit",
                slug=unique_slug(TemplatePackage, "Toolkit"),
                policy_area="socio-economic",
                organisation=organisation,
            )

    assert all_at_once([create] * 5) == []
    assert sorted(TemplatePackage.objects.values_list("slug", flat=True)) == [
        "toolkit",
        "toolkit-2",
        "toolkit-3",
        "toolkit-4",
        "toolkit-5",
    ]


def test_a_title_without_letters_gets_a_random_slug():
    assert len(unique_slug(TemplatePackage, "؟؟؟")) == 10
