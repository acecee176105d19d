"""Blocked-term matching, pure: no database, no settings.

Text and terms are folded the same way before matching: NFKC (full-width letters, ligatures and
other compatibility look-alikes become plain ones), case folding, Turkish dotted and dotless i
made one letter, and Arabic diacritics, tatweel and alef variants removed or unified, so that a
term matches however it is dressed up. A term matches whole words, not the inside of a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_INVISIBLES = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLES.sub("", text)
    text = text.casefold()
    # "İ".casefold() is "i" + COMBINING DOT ABOVE; dotless "ı" stays apart: make both plain "i".
    text = text.replace("i\u0307", "i").replace("ı", "i")
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ALEF_VARIANTS)


@dataclass(frozen=True)
class Term:
    id: int
    text: str
    mode: str  # "refuse" or "report"


def matching_terms(text: str, terms: Iterable[Term]) -> list[Term]:
    """The terms that occur in `text` as whole words, in the order given."""
    folded = fold(text)
    found = []
    for term in terms:
        needle = fold(term.text).strip()
        if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
            found.append(term)
    return found
