from __future__ import annotations

import datetime as dt

import pytest

from salam.search import services
from salam.search.models import Document
from salam.search.selectors import fallback_score, fallback_search, search_documents

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def doc(
    number: int,
    title: str,
    body: str,
    *,
    kind: str = "resource",
    language: str = "en",
    age: int = 0,
):
    return services.index_document(
        kind=kind,
        object_id=number,
        language=language,
        title=title,
        body=body,
        url=f"/x/{number}/",
        updated_at=NOW - dt.timedelta(days=age),
    )


@pytest.fixture
def corpus(db):
    doc(1, "Housing for newcomers", "Where newcomers find homes.", age=1)
    doc(2, "Employment guide", "Work and housing for migrants; housing again.", age=2)
    doc(
        3, "Guide du logement", "Le logement des migrants: housing in French.", language="fr", age=3
    )
    doc(4, "Forum: housing", "Let us talk about housing.", kind="thread", age=4)
    doc(5, "School dialogue", "Nothing about homes.", age=5)


def titles(page) -> list[str]:
    return [hit.title for hit in page.hits]


def test_the_fallback_ranks_by_term_counts_title_first(corpus):
    page = fallback_search(Document.objects.all(), "housing", "en", 1, 20)
    assert titles(page) == [
        "Forum: housing",
        "Housing for newcomers",
        "Employment guide",
        "Guide du logement",
    ]
    assert [hit.score for hit in page.hits] == [4.0, 3.0, 2.0, 1.0]


def test_the_fallback_puts_the_persons_language_first(corpus):
    page = fallback_search(Document.objects.all(), "housing", "fr", 1, 20)
    assert titles(page)[0] == "Guide du logement"


def test_the_fallback_needs_every_term(corpus):
    page = fallback_search(Document.objects.all(), "housing migrants", "en", 1, 20)
    assert titles(page) == ["Employment guide", "Guide du logement"]


def test_the_fallback_marks_terms_in_escaped_snippets(db):
    doc(9, "Unsafe", "<script>alert(1)</script> housing & homes")
    page = fallback_search(Document.objects.all(), "housing", "en", 1, 20)
    assert str(page.hits[0].snippet) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>housing</mark> &amp; homes"
    )


def test_fallback_score_counts_case_insensitively():
    assert fallback_score("Housing HOUSING", "housing", ["housing"]) == 7


@pytest.mark.parametrize(
    ("kinds", "language", "expected"),
    [
        (["thread"], "", ["Forum: housing"]),
        (["resource"], "fr", ["Guide du logement"]),
        ([], "fr", ["Guide du logement"]),
    ],
)
def test_filters_by_kind_and_language(corpus, kinds, language, expected):
    assert titles(search_documents("housing", kinds=kinds, language=language)) == expected


def test_an_empty_query_matches_nothing(corpus):
    assert search_documents("  ").total == 0


def test_pages_are_counted(corpus):
    first = search_documents("housing", per_page=3)
    second = search_documents("housing", per_page=3, page=2)
    assert (first.total, first.num_pages, first.has_next) == (4, 2, True)
    assert len(second.hits) == 1
    assert not (set(titles(first)) & set(titles(second)))


def test_removed_documents_are_not_found(corpus):
    services.remove_document(kind="thread", object_id=4)
    assert "Forum: housing" not in titles(search_documents("housing"))


def test_reindexing_replaces_the_row(db):
    doc(7, "Old title", "old words")
    doc(7, "New title", "new words")
    assert Document.objects.filter(object_id=7).count() == 1
    assert titles(search_documents("new")) == ["New title"]


# PostgreSQL full-text search


def test_postgres_ranks_title_matches_above_text_matches(postgres, db):
    doc(1, "A note", "Integration of migrants in cities, and integration again.")
    doc(2, "Integration of migrants", "A note.")
    doc(3, "Unrelated", "Nothing to see.")
    page = search_documents("integration", preferred_language="en")
    assert titles(page) == ["Integration of migrants", "A note"]
    assert page.hits[0].score > page.hits[1].score


def test_postgres_stems_words_in_each_language(postgres, db):
    doc(1, "Integrating newcomers", "Programmes that integrated them.")
    doc(2, "Les migrants intégrés", "Intégration des nouveaux arrivants.", language="fr")
    assert titles(search_documents("integration", language="en")) == ["Integrating newcomers"]
    assert titles(search_documents("intégrations", language="fr")) == ["Les migrants intégrés"]


def test_postgres_highlights_matches_and_escapes_the_rest(postgres, db):
    doc(1, "Housing", "<b>bold</b> rent < income & affordable housing for newcomers")
    snippet = str(search_documents("housing").hits[0].snippet)
    assert "<mark>housing</mark>" in snippet
    assert "rent &lt; income &amp; affordable" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_postgres_puts_the_persons_language_first(postgres, db):
    doc(1, "Housing housing housing", "housing", language="en")
    doc(2, "Logement", "housing", language="fr")
    assert titles(search_documents("housing", preferred_language="fr")) == [
        "Logement",
        "Housing housing housing",
    ]
    assert titles(search_documents("housing", preferred_language="en")) == [
        "Housing housing housing",
        "Logement",
    ]


def test_postgres_keeps_a_stored_vector_with_a_gin_index(postgres, db):
    from django.db import connection

    doc(1, "Housing", "homes")
    assert Document.objects.get().search_vector is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes"
            " WHERE tablename = 'search_document' AND indexdef LIKE %s",
            ["%gin%"],
        )
        assert cursor.fetchone()[0].endswith("USING gin (search_vector)")
