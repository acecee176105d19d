from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from salam.library import services as library_services
from tests.services import database_is_postgres

pytestmark = pytest.mark.django_db


def test_the_search_page_finds_library_content_in_the_persons_language_first(client, make_resource):
    make_resource(title="Housing guide", summary="Housing for newcomers.", language="en")
    make_resource(title="Guide du logement", summary="housing en France.", language="fr")
    body = client.get("/search/?q=housing", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert body.index("Guide du logement") < body.index("Housing guide")
    assert "<mark>" in body


def test_the_search_page_filters_by_kind(client, make_resource):
    make_resource(title="Housing guide", summary="Housing.")
    assert "Housing guide" not in client.get("/search/?q=housing&kind=thread").content.decode()
    assert "Housing guide" in client.get("/search/?q=housing&kind=resource").content.decode()


def test_a_deleted_resource_leaves_the_index(client, make_resource, secretariat):
    resource = make_resource(title="Housing guide", summary="Housing.")
    library_services.delete_resource(resource, actor=secretariat)
    assert "Housing guide" not in client.get("/search/?q=housing").content.decode()


def test_bench_search_refuses_anything_but_postgres(db):
    if database_is_postgres():
        call_command("bench_search", clean=True)  # on PostgreSQL it runs
        return
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench_search", documents=10, queries=1)


def test_bench_search_prints_the_figures(postgres, db, capsys):
    call_command("bench_search", documents=300, queries=12)
    out = capsys.readouterr().out
    assert "documents: 300" in out
    assert "median: " in out
    assert "p95: " in out
