"""The word filter's folding and matching: pure, no database."""

from __future__ import annotations

import pytest

from salam.moderation.wordfilter import Term, fold, matching_terms

REFUSE = Term(id=1, text="idiot", mode="refuse")


@pytest.mark.parametrize(
    "text",
    [
        "you IDIOT",  # case
        "you ｉｄｉｏｔ",  # full-width letters (NFKC)
        "you İDİOT",  # Turkish capital dotted I
        "you ıdıot",  # Turkish dotless i
        "you id\u200biot",  # a zero-width space hidden inside
        "Idiot!",  # punctuation around
    ],
)
def test_a_term_matches_however_it_is_dressed_up(text):
    assert matching_terms(text, [REFUSE]) == [REFUSE]


@pytest.mark.parametrize("text", ["idiotic behaviour", "an idiom", "ok"])
def test_a_term_matches_whole_words_only(text):
    assert matching_terms(text, [REFUSE]) == []


def test_arabic_terms_match_without_diacritics_tatweel_or_alef_variants():
    term = Term(id=2, text="أحمق", mode="report")
    assert matching_terms("انت احمق جدا", [term]) == [term]
    assert matching_terms("انت أحـــمَق", [term]) == [term]
    assert matching_terms("مرحبا بك", [term]) == []


def test_turkish_terms_match_across_case():
    term = Term(id=3, text="salak", mode="refuse")
    assert matching_terms("Sen SALAK mısın", [term]) == [term]


def test_fold_is_stable():
    assert fold(fold("İSTANBUL ＡＢＣ")) == fold("İSTANBUL ＡＢＣ") == "istanbul abc"


def test_terms_keep_their_order_and_modes():
    report = Term(id=4, text="stupid", mode="report")
    assert matching_terms("stupid idiot", [REFUSE, report]) == [REFUSE, report]
