"""Accents and Arabic marks: the reader need not type them (the pure folding, then the search
on whichever database the run has: SQLite in the embedded pass, PostgreSQL in the services
pass, where the `postgres` tests make sure it is PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from salam.search import services
from salam.search.folding import fold, fold_with_positions, typed_words
from salam.search.models import Term
from salam.search.selectors import search_documents, suggest
from salam.search.snippets import around_terms

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("integracion", "Integración"),
        ("francais", "FRANÇAIS"),
        ("الارشاد", "الإرشاد"),
        ("الارشاد", "الأرشاد"),
        ("مدرسة", "مَدْرَسَة"),
        ("مسؤول", "مسوول"),
        ("على", "علي"),
        ("القران", "القرآن"),
        ("الاستقبال", "الاستقبــال"),  # tatweel
    ],
)
def test_fold_makes_the_typed_and_the_written_word_one(typed, written):
    assert fold(typed) == fold(written)


def test_fold_keeps_different_words_apart():
    assert fold("integración") != fold("integrar")
    assert fold("باب") != fold("ناب")


def test_positions_lead_back_to_the_original_characters():
    text = "Él vive en مَدْرَسَة"
    folded, origin = fold_with_positions(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    assert text[origin[folded.index("مدرسه")]] == "م"


def test_typed_words_keep_the_marks_inside_a_word():
    assert typed_words("في مَدْرَسَة، Integración!") == ["في", "مَدْرَسَة", "Integración"]


def test_snippets_mark_the_written_word_for_the_typed_one():
    assert str(around_terms("La integración social.", ["integracion"])) == (
        "La <mark>integración</mark> social."
    )
    assert str(around_terms("عن الإرشاد هنا", ["الارشاد"])) == "عن <mark>الإرشاد</mark> هنا"


def index(number: int, title: str, body: str, language: str) -> None:
    services.index_document(
        kind="resource",
        object_id=number,
        language=language,
        title=title,
        body=body,
        url=f"/x/{number}/",
        updated_at=NOW,
    )


@pytest.fixture
def corpus(db):
    index(1, "Guía de integración", "La integración de los recién llegados.", "es")
    index(2, "دليل الإرشاد", "الإرشاد للطلاب الجُدُد في الجامعة.", "ar")
    index(3, "Housing guide", "Housing for newcomers.", "en")


def found(text: str) -> list[str]:
    return [hit.title for hit in search_documents(text).hits]


def check_folding_search() -> None:
    assert found("integracion") == ["Guía de integración"]
    assert found("INTEGRACIÓN") == ["Guía de integración"]
    assert found("الارشاد") == ["دليل الإرشاد"]
    assert found("الجدد") == ["دليل الإرشاد"]
    assert found("recien llegados") == ["Guía de integración"]
    hit = search_documents("integracion").hits[0]
    assert "<mark>integración</mark>" in str(hit.snippet)


def test_search_folds_on_this_runs_database(corpus):
    check_folding_search()


@pytest.mark.postgres
def test_search_folds_on_postgres(postgres, corpus):
    check_folding_search()


def test_indexing_fills_the_vocabulary_folded_with_the_written_form(corpus):
    assert Term.objects.get(word="integracion").display == "integración"
    assert Term.objects.get(word=fold("الإرشاد")).display == "الإرشاد"


def check_suggestions() -> None:
    assert suggest("integracoin") == "integración"
    assert suggest("housng guide") == "housing guide"
    assert suggest("housing") == ""  # every word is known
    assert suggest("zzzzqqq") == ""  # nothing near
    page = search_documents("housng")
    assert (page.total, page.suggestion) == (0, "housing")
    assert search_documents("housing").suggestion == ""


def test_a_misspelling_suggests_the_nearest_indexed_word(corpus):
    check_suggestions()


@pytest.mark.postgres
def test_a_misspelling_suggests_the_nearest_word_by_trigrams_on_postgres(postgres, corpus):
    check_suggestions()


def test_no_suggestion_that_would_find_nothing_either(db):
    index(1, "Housing guide", "Housing.", "en")
    services.remove_document(kind="resource", object_id=1)
    assert search_documents("housng").suggestion == ""


def test_the_empty_result_is_a_sentence_with_the_suggestion(client, corpus):
    body = client.get("/search/?q=housng&kind=resource").content.decode()
    assert "Nothing matches “housng”" in body
    assert "1. Nothing" not in body and '<ol class="search-results">' not in body
    assert 'href="?q=housing&amp;kind=resource"' in body
    assert "Did you mean:" in body
