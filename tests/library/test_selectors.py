from __future__ import annotations

import pytest
from django.utils import timezone

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.library import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(make_resource, cmrs):
    make_resource(
        title="Jobs for migrants", kind="guideline", language="en", areas=["socio-economic"]
    )
    make_resource(
        title="Voting rights",
        kind="academic-paper",
        language="fr",
        areas=["legal-political"],
        year=2007,
    )
    make_resource(
        title="Dialogue at school",
        summary="Migrants and jobs in schools.",
        kind="guideline",
        language="ar",
        areas=["cultural", "socio-economic"],
        organisation=cmrs,
        region="middle-east",
        year=2010,
    )


def counts(facet) -> dict[str, int]:
    return {value.value: value.count for value in facet}


def test_facets_count_every_resource_once_per_value(shelf):
    facets = selectors.resource_facets(selectors.filter_resources(selectors.ResourceFilters()))
    assert counts(facets["kind"]) == {"guideline": 2, "academic-paper": 1}
    assert counts(facets["language"]) == {"en": 1, "fr": 1, "ar": 1}
    assert counts(facets["area"]) == {"socio-economic": 2, "legal-political": 1, "cultural": 1}
    assert counts(facets["region"]) == {"europe": 2, "middle-east": 1}
    assert counts(facets["organisation"]) == {"iom": 2, "cmrs": 1}


def test_facets_count_within_the_filtered_resources(shelf):
    filters = selectors.ResourceFilters(area=PolicyArea.SOCIO_ECONOMIC)
    facets = selectors.resource_facets(selectors.filter_resources(filters))
    assert counts(facets["kind"]) == {"guideline": 2}
    assert counts(facets["area"]) == {"socio-economic": 2, "cultural": 1}
    assert counts(facets["language"]) == {"en": 1, "ar": 1}


def test_relevance_puts_title_matches_first_and_date_sorts_by_year(shelf):
    by_relevance = selectors.filter_resources(selectors.ResourceFilters(q="jobs"))
    assert [r.title for r in by_relevance] == ["Jobs for migrants", "Dialogue at school"]
    by_date = selectors.filter_resources(selectors.ResourceFilters(q="jobs", sort="date"))
    assert [r.title for r in by_date] == ["Dialogue at school", "Jobs for migrants"]


def test_a_query_matches_tags_and_keeps_each_resource_once(make_resource):
    make_resource(title="Guide", tags=["housing", "housing rights"])
    assert [
        r.title for r in selectors.filter_resources(selectors.ResourceFilters(q="housing"))
    ] == ["Guide"]


def test_current_rota_period_is_the_one_covering_now(iom_turn):
    assert selectors.current_rota_period(timezone.now()) == iom_turn
    assert selectors.current_rota_period(iom_turn.ends_at).organisation == Organisation.objects.get(
        slug="cmrs"
    )
