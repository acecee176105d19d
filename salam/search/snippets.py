"""Highlighted snippets, escaped here so that no indexed text is ever inserted as markup."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from salam.search.folding import fold, fold_char, fold_with_positions

# Private-use characters PostgreSQL wraps matches in (ts_headline's StartSel and StopSel);
# they are stripped from indexed text, so they can only come from ts_headline.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.S)


def strip_markers(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_STOP, "")


def _join(parts: list[tuple[str, bool]]) -> SafeString:
    html = "".join(f"<mark>{escape(t)}</mark>" if hit else str(escape(t)) for t, hit in parts)
    return mark_safe(html)  # noqa: S308 every piece of text was escaped just above


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms if term}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, compared folded (accents and Arabic marks aside): spans
    of the original text, each with the marks that follow its last letter."""
    pattern = terms_pattern([fold(term) for term in terms])
    if pattern is None:
        return []
    folded, origin = fold_with_positions(text)
    spans = []
    for match in pattern.finditer(folded):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        while end < len(text) and not fold_char(text[end]):
            end += 1
        spans.append((start, end))
    return spans


def around_terms(text: str, terms: list[str], *, width: int = 220) -> SafeString:
    """A window of `text` around the first term, each term marked, accents aside."""
    spans = term_spans(text, terms)
    first = spans[0][0] if spans else None
    start = max(0, (first if first is not None else 0) - width // 3)
    if start > 0:  # begin at a word, not in the middle of one
        space = text.find(" ", start, first if first is not None else start + width)
        start = space + 1 if space != -1 else start
    stop = start + width
    prefix = "… " if start > 0 else ""
    suffix = " …" if stop < len(text) else ""
    parts: list[tuple[str, bool]] = [(prefix, False)]
    pos = start
    for span_start, span_end in spans:
        if span_start < pos or span_start >= stop:
            continue
        parts.append((text[pos:span_start], False))
        parts.append((text[span_start:span_end], True))
        pos = span_end
    parts.append((text[pos : max(pos, stop)] + suffix, False))
    return _join(parts)


def marked_words(headline: str) -> list[str]:
    """The words ts_headline marked (in the folded text): the terms to mark in the original."""
    return sorted({word for word in _MARKED.findall(headline) if word.strip()})
