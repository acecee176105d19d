"""Folding text so that a search finds words whatever accents or Arabic marks the reader types
(pure: no database). The index stores folded copies of each title and text, and every query is
folded the same way, on PostgreSQL and on SQLite alike.

- Latin (and other) accents: decomposed (NFKD) and their combining marks dropped, so
  "integración" and "integracion" are one word; then case-folded.
- Arabic: the short vowels and other marks (harakat, shadda, sukun, tanwin, dagger alif) are
  combining marks and go the same way; the hamza forms of alif (أ إ آ ٱ) become ا, ؤ becomes و,
  ئ and ى become ي, ة becomes ه, and the tatweel (ـ) is dropped: "الإرشاد" and "الارشاد" are one
  word. PostgreSQL's unaccent folds none of the Arabic, which is why this is done here.
"""

from __future__ import annotations

import re
import unicodedata

# Applied after decomposition, which already splits أ إ آ ؤ ئ into a letter and a mark.
_ARABIC = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alif wasla
        "\u0649": "\u064a",  # ى alif maqsura -> ي
        "\u0629": "\u0647",  # ة taa marbuta -> ه
        "\u0640": None,  # ـ tatweel
        "\u0621": None,  # ء a lone hamza
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)
# A word as typed: letters and digits with the marks between them (Python's \w stops at a
# combining mark, so "مُدَرِّسَة" would otherwise be five pieces).
_TYPED_WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]+")


def fold_char(char: str) -> str:
    """One character folded: "" for a mark, usually one character, sometimes more ("ß")."""
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.translate(_ARABIC).casefold()


def fold(text: str) -> str:
    """`text` with accents, Arabic marks and hamza forms folded, and case folded."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.translate(_ARABIC).casefold()


def folded_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def typed_words(text: str) -> list[str]:
    """The words of `text` as written (marks kept): what a suggestion shows a person."""
    return [word for word in _TYPED_WORD.findall(text or "") if fold(word).strip("_")]


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from, so that a
    match found in the folded text can be marked in the original."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin
