"""Highlighted snippets, escaped here so that no indexed text is ever inserted as markup."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def from_headline(headline: str) -> SafeString:
    """Turn ts_headline's output (matches between the markers) into escaped HTML."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in _MARKED.finditer(headline):
        parts.append((headline[pos : match.start()], False))
        parts.append((match.group(1), True))
        pos = match.end()
    parts.append((strip_markers(headline[pos:]), False))
    return _join(parts)


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def around_terms(text: str, terms: list[str], *, width: int = 220) -> SafeString:
    """A window of `text` around the first term, each term marked (the SQLite fallback)."""
    pattern = terms_pattern(terms)
    first = pattern.search(text) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    if start > 0:  # begin at a word, not in the middle of one
        space = text.find(" ", start, first.start() if first else start + width)
        start = space + 1 if space != -1 else start
    window = text[start : start + width]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    parts: list[tuple[str, bool]] = [(prefix, False)]
    pos = 0
    for match in pattern.finditer(window) if pattern else ():
        parts.append((window[pos : match.start()], False))
        parts.append((match.group(), True))
        pos = match.end()
    parts.append((window[pos:] + suffix, False))
    return _join(parts)
