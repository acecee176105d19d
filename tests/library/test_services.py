from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.library import services
from salam.library.models import Page, RotaPeriod
from salam.search.models import Document
from tests.clearinghouse import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Recognition of foreign qualifications",
    "summary": "How countries recognise diplomas earned abroad.",
    "kind": "policy-brief",
    "areas": [PolicyArea.SOCIO_ECONOMIC, PolicyArea.LEGAL_POLITICAL],
    "region": "europe",
    "language": "en",
    "year": 2008,
    "url": "https://example.org/recognition",
    "tags": ["Skills", "skills ", "diplomas"],
}


def test_a_partner_editor_adds_a_resource_in_its_turn_and_it_is_indexed(
    partner_editor, iom, iom_turn
):
    resource = services.save_resource(None, actor=partner_editor, organisation=iom, **FIELDS)
    assert resource.slug == "recognition-of-foreign-qualifications"
    assert sorted(a.area for a in resource.areas.all()) == ["legal-political", "socio-economic"]
    assert sorted(t.name for t in resource.tags.all()) == ["diplomas", "skills"]
    document = Document.objects.get(kind="resource", object_id=resource.pk)
    assert document.url == "/library/resources/recognition-of-foreign-qualifications/"
    assert "diplomas" in document.body


def test_a_partner_editor_cannot_add_outside_its_turn(partner_editor, iom, iom_turn):
    later = iom_turn.ends_at + dt.timedelta(hours=1)
    with pytest.raises(Forbidden) as refused:
        services.save_resource(None, actor=partner_editor, organisation=iom, now=later, **FIELDS)
    assert refused.value.code == "not_on_rota"


def test_an_outsider_cannot_add_a_resource(outsider, iom, iom_turn):
    with pytest.raises(Forbidden):
        services.save_resource(None, actor=outsider, organisation=iom, **FIELDS)


def test_a_resource_needs_a_link_or_a_file(secretariat, iom):
    with pytest.raises(Invalid) as refused:
        services.save_resource(None, actor=secretariat, organisation=iom, **{**FIELDS, "url": ""})
    assert refused.value.code == "link_or_file"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("areas", [], "policy_area"),
        ("areas", ["astrology"], "policy_area"),
        ("kind", "poem", "kind"),
        ("language", "xx", "language"),
        ("region", "mars", "region"),
        ("year", 1066, "year"),
    ],
)
def test_it_validates_the_resource(secretariat, iom, field, value, code):
    with pytest.raises(Invalid) as refused:
        services.save_resource(
            None, actor=secretariat, organisation=iom, **{**FIELDS, field: value}
        )
    assert refused.value.code == code


def test_an_uploaded_file_is_stored_under_a_random_name_inside_media_root(
    secretariat, iom, media_root
):
    upload = pdf_upload("../x.pdf")
    upload.name = "../x.pdf"  # as a hostile client could send it
    resource = services.save_resource(
        None, actor=secretariat, organisation=iom, upload=upload, **{**FIELDS, "url": ""}
    )
    stored = Path(resource.file.path).resolve()
    assert stored.is_relative_to(Path(media_root).resolve() / "library" / "resources")
    assert stored.read_bytes() == PDF_BYTES
    assert resource.file_name == "x.pdf"
    assert resource.file_type == "application/pdf"
    assert not (Path(media_root).parent / "x.pdf").exists()


def test_a_file_named_dot_dot_x_is_refused(secretariat, iom, media_root):
    upload = SimpleUploadedFile("x", PDF_BYTES)
    upload.name = "../x"
    with pytest.raises(Invalid) as refused:
        services.save_resource(None, actor=secretariat, organisation=iom, upload=upload, **FIELDS)
    assert refused.value.code == "file_type"
    assert not Path(media_root).exists() or list(Path(media_root).rglob("*")) == []


def test_the_size_limit_comes_from_settings(secretariat, iom, settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 10
    with pytest.raises(Invalid) as refused:
        services.save_resource(
            None, actor=secretariat, organisation=iom, upload=pdf_upload(), **FIELDS
        )
    assert refused.value.code == "file_size"


def test_package_versions_are_numbered_in_order(secretariat, iom):
    package = services.create_package(
        actor=secretariat,
        title="Templates",
        description="d",
        policy_area="cultural",
        organisation=iom,
    )
    first = services.release_package_version(package, actor=secretariat, upload=pdf_upload("a.pdf"))
    second = services.release_package_version(
        package, actor=secretariat, upload=pdf_upload("b.pdf")
    )
    assert [first.number, second.number] == [1, 2]
    assert list(package.versions.values_list("number", flat=True)) == [2, 1]


def test_edit_page_keeps_each_language(secretariat):
    services.edit_page(
        actor=secretariat, slug="overview", language="en", title="Overview", body="Hello"
    )
    services.edit_page(
        actor=secretariat, slug="overview", language="ar", title="نظرة", body="مرحبا"
    )
    services.edit_page(
        actor=secretariat, slug="overview", language="en", title="Overview", body="Bye"
    )
    assert dict(Page.objects.values_list("language", "body")) == {"en": "Bye", "ar": "مرحبا"}


def test_organisers_add_rota_periods_that_never_overlap(organiser, iom, cmrs):
    start = timezone.now()
    services.add_rota_period(
        actor=organiser, organisation=iom, starts_at=start, ends_at=start + dt.timedelta(days=30)
    )
    with pytest.raises(Conflict) as refused:
        services.add_rota_period(
            actor=organiser,
            organisation=cmrs,
            starts_at=start + dt.timedelta(days=29),
            ends_at=start + dt.timedelta(days=60),
        )
    assert refused.value.code == "overlap"
    services.add_rota_period(
        actor=organiser,
        organisation=cmrs,
        starts_at=start + dt.timedelta(days=30),
        ends_at=start + dt.timedelta(days=60),
    )
    assert RotaPeriod.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "code"), [("partner_editor", "not_organiser"), ("secretariat", "not_organiser")]
)
def test_only_organisers_set_the_rota(request, who, code, iom):
    start = timezone.now()
    with pytest.raises(Forbidden) as refused:
        services.add_rota_period(
            actor=request.getfixturevalue(who),
            organisation=iom,
            starts_at=start,
            ends_at=start + dt.timedelta(days=1),
        )
    assert refused.value.code == code


def test_the_rota_refuses_naive_times_and_non_partners(organiser, iom):
    naive = dt.datetime(2026, 1, 1)  # noqa: DTZ001 the point of the test
    with pytest.raises(Invalid) as refused:
        services.add_rota_period(
            actor=organiser, organisation=iom, starts_at=naive, ends_at=naive + dt.timedelta(days=1)
        )
    assert refused.value.code == "naive_datetime"
    iom.is_partner = False
    iom.save()
    start = timezone.now()
    with pytest.raises(Invalid) as refused:
        services.add_rota_period(
            actor=organiser, organisation=iom, starts_at=start, ends_at=start + dt.timedelta(days=1)
        )
    assert refused.value.code == "not_partner"
