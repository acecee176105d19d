from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salam.library import services
from tests.clearinghouse import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_resource_list_runs_a_fixed_number_of_queries_whatever_the_page_size(
    client, make_resource, cmrs, django_assert_max_num_queries
):
    for number in range(40):
        make_resource(
            title=f"Resource {number}",
            tags=[f"tag{number}", "common"],
            areas=["cultural", "socio-economic"] if number % 2 else ["legal-political"],
            organisation=cmrs if number % 3 else None,
        )
    small = queries_for(client, "/library/resources/?per_page=5")
    large = queries_for(client, "/library/resources/?per_page=40")
    filtered = queries_for(client, "/library/resources/?per_page=40&q=resource&area=cultural")
    assert small == large == filtered
    with django_assert_max_num_queries(10):
        client.get("/library/resources/?per_page=40")


def test_the_resource_list_shows_facets_with_counts(client, make_resource):
    make_resource(title="One", kind="manual")
    make_resource(title="Two", kind="manual")
    body = client.get("/library/resources/").content.decode()
    assert 'Manual</a> <span class="count">(2)</span>' in body


def test_the_footer_shows_the_current_partner(client, iom_turn):
    body = client.get("/").content.decode()
    assert "kept up to date by International Organization for Migration" in body


def test_the_footer_is_quiet_without_a_rota(client, db):
    assert "kept up to date by" not in client.get("/").content.decode()


def test_the_home_page_and_nav_link_the_clearinghouse(client, db):
    body = client.get("/").content.decode()
    for url in ('href="/library/"', 'href="/journal/"', 'href="/forum/"', 'href="/search/"'):
        assert url in body


def test_an_uploaded_file_downloads_as_an_attachment(client, secretariat, iom):
    resource = services.save_resource(
        None,
        actor=secretariat,
        title="Guide",
        summary="s",
        kind="manual",
        areas=["cultural"],
        region="global",
        language="en",
        organisation=iom,
        year=2009,
        upload=pdf_upload("guide.pdf"),
    )
    response = client.get(f"/library/resources/{resource.slug}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 403), ("partner_editor", 200), ("secretariat", 200)]
)
def test_the_add_resource_page_is_for_those_who_may_edit(client, request, iom_turn, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/library/resources/new/").status_code == status


def test_an_upload_through_the_form_is_checked(client, partner_editor, iom, iom_turn):
    client.force_login(partner_editor)
    response = client.post(
        "/library/resources/new/",
        {
            "title": "Fake",
            "summary": "s",
            "kind": "manual",
            "areas": ["cultural"],
            "region": "global",
            "language": "en",
            "organisation": iom.pk,
            "year": 2009,
            "upload": pdf_upload("fake.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "The file&#x27;s content is not what its name says." in response.content.decode()


def test_pages_render(client, make_resource, iom_turn, organiser):
    resource = make_resource(title="Visible")
    for url in [
        "/library/",
        "/library/practices/",
        "/library/packages/",
        "/library/organisations/",
        "/library/organisations/iom/",
        "/library/rota/",
        resource.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(organiser)
    assert "Add a period" in client.get("/library/rota/").content.decode()
