"""Reading the library: browsing with facets, the rota, the overview, organisations.

List selectors run a fixed number of queries whatever the page size (counted in the tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Expression,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import Promise

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.library.choices import Region
from salam.library.models import (
    GoodPractice,
    PackageVersion,
    Page,
    Resource,
    ResourceArea,
    RotaPeriod,
    TemplatePackage,
)
from salam.people.choices import language_choices

MAX_PER_PAGE = 100
SORTS = ("relevance", "date")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    kind: str = ""
    area: str = ""
    region: str = ""
    language: str = ""
    organisation: str = ""  # the organisation's slug
    sort: str = "relevance"

    def terms(self) -> list[str]:
        return _WORD.findall(self.q.casefold())[:8]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class ResourceBrowse:
    page: PaginatorPage
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def current_rota_period(now: datetime | None = None) -> RotaPeriod | None:
    now = now or timezone.now()
    return (
        RotaPeriod.objects.select_related("organisation")
        .filter(starts_at__lte=now, ends_at__gt=now)
        .order_by("starts_at")
        .first()
    )


def rota_period(pk: int) -> RotaPeriod:
    return RotaPeriod.objects.get(pk=pk)


def rota(now: datetime | None = None) -> QuerySet[RotaPeriod]:
    """The periods that ended within the last year, and all the current and coming ones."""
    now = now or timezone.now()
    return RotaPeriod.objects.select_related("organisation").filter(
        ends_at__gt=now - dt.timedelta(days=365)
    )


def page_in_language(slug: str, language: str) -> Page | None:
    """The page in `language`, else in English, else in any language."""
    pages = {p.language: p for p in Page.objects.filter(slug=slug)}
    return pages.get(language) or pages.get("en") or next(iter(pages.values()), None)


def filter_resources(filters: ResourceFilters) -> QuerySet[Resource]:
    resources = Resource.objects.all()
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.area:
        resources = resources.filter(areas__area=filters.area)
    if filters.region:
        resources = resources.filter(region=filters.region)
    if filters.language:
        resources = resources.filter(language=filters.language)
    if filters.organisation:
        resources = resources.filter(organisation__slug=filters.organisation)
    terms = filters.terms()
    relevance: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        in_title, in_summary = Q(title__icontains=term), Q(summary__icontains=term)
        resources = resources.filter(in_title | in_summary | Q(tags__name__icontains=term))
        relevance = (
            relevance
            + Case(When(in_title, then=Value(3)), default=Value(0), output_field=IntegerField())
            + Case(When(in_summary, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    if terms:
        # A tag match may join several rows per resource: keep each resource once.
        resources = Resource.objects.filter(pk__in=resources.values("pk"))
    resources = resources.annotate(relevance=relevance)
    if filters.sort == "relevance" and terms:
        return resources.order_by("-relevance", "-year", "-created_at", "pk")
    return resources.order_by("-year", "-created_at", "pk")


def _labels(choices: Iterable[tuple[str, str | Promise]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def resource_facets(resources: QuerySet[Resource]) -> dict[str, list[FacetValue]]:
    """Counts per kind, policy area, region, language and organisation, within `resources`."""
    ids = resources.order_by().values("pk")
    base = Resource.objects.filter(pk__in=ids).order_by()
    facets: dict[str, list[FacetValue]] = {}
    for name, choices in (
        ("kind", Resource.Kind.choices),
        ("region", Region.choices),
        ("language", language_choices()),
    ):
        labels = _labels(choices)
        rows = base.values(name).annotate(n=Count("pk")).order_by("-n", name)
        facets[name] = [FacetValue(r[name], labels.get(r[name], r[name]), r["n"]) for r in rows]
    areas = _labels(PolicyArea.choices)
    facets["area"] = [
        FacetValue(r["area"], areas.get(r["area"], r["area"]), r["n"])
        for r in ResourceArea.objects.filter(resource__in=ids)
        .values("area")
        .annotate(n=Count("resource", distinct=True))
        .order_by("-n", "area")
    ]
    facets["organisation"] = [
        FacetValue(r["organisation__slug"], r["organisation__name"], r["n"])
        for r in base.values("organisation__slug", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    ]
    return facets


def browse_resources(filters: ResourceFilters, *, page: int, per_page: int) -> ResourceBrowse:
    resources = filter_resources(filters)
    listed = resources.select_related("organisation").prefetch_related(
        Prefetch("areas", queryset=ResourceArea.objects.order_by("area")), "tags"
    )
    paginator = Paginator(listed, max(1, min(per_page, MAX_PER_PAGE)))
    return ResourceBrowse(page=paginator.get_page(page), facets=resource_facets(resources))


def resource_by_slug(slug: str) -> Resource:
    return Resource.objects.get(slug=slug)


def resource_detail(slug: str) -> Resource:
    return (
        Resource.objects.select_related("organisation")
        .prefetch_related("areas", "tags", "practices", "events")
        .get(slug=slug)
    )


def practices(*, area: str = "", page: int = 1, per_page: int = 20) -> PaginatorPage:
    listed = GoodPractice.objects.select_related("organisation")
    if area:
        listed = listed.filter(policy_area=area)
    return Paginator(listed, max(1, min(per_page, MAX_PER_PAGE))).get_page(page)


def practice_by_slug(slug: str) -> GoodPractice:
    return GoodPractice.objects.get(slug=slug)


def practice_detail(slug: str) -> GoodPractice:
    return (
        GoodPractice.objects.select_related("organisation")
        .prefetch_related("resources")
        .get(slug=slug)
    )


def packages() -> QuerySet[TemplatePackage]:
    return TemplatePackage.objects.select_related("organisation").prefetch_related("versions")


def package_detail(slug: str) -> TemplatePackage:
    return packages().get(slug=slug)


def package_version(slug: str, number: int) -> PackageVersion:
    return PackageVersion.objects.get(package__slug=slug, number=number)


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(
        resource_count=Count("resources", distinct=True),
        practice_count=Count("practices", distinct=True),
    )


def organisation_detail(slug: str) -> Organisation:
    return Organisation.objects.prefetch_related("resources", "practices", "packages").get(
        slug=slug
    )
