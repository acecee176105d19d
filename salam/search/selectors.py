"""Searching the index: PostgreSQL full-text search, or a plain fallback on SQLite.

Both return the same `SearchPage`, ordered the same way: documents in the person's language
first, then by relevance, then the newest.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Q, QuerySet, Subquery, Value, When
from django.utils.safestring import SafeString

from salam.search.configs import query_configs
from salam.search.models import Document
from salam.search.services import on_postgres
from salam.search.snippets import MARK_START, MARK_STOP, around_terms, from_headline

MAX_TERMS = 8
# On PostgreSQL a search ranks at most this many matches, the most recent ones: a broad query
# ("migrants") matches a large share of the index, and ranking every match would cost a read
# of every matching vector. Narrower queries are ranked in full.
CANDIDATES = 1000
FALLBACK_LIMIT = 2000  # the SQLite fallback ranks at most this many matches in Python
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    language: str
    snippet: SafeString
    score: float


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[Hit]
    total: int
    number: int
    num_pages: int
    capped: bool = False  # more matches than were ranked (PostgreSQL's CANDIDATES)

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def query_terms(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text or "")][:MAX_TERMS]


def search_documents(
    text: str,
    *,
    kinds: list[str] | None = None,
    language: str = "",
    preferred_language: str = "",
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of matches for `text`; an empty query matches nothing."""
    text = (text or "").strip()[:200]
    documents = Document.objects.all()
    if kinds:
        documents = documents.filter(kind__in=kinds)
    if language:
        documents = documents.filter(language=language)
    if not query_terms(text):
        return SearchPage(query=text, hits=[], total=0, number=1, num_pages=1)
    search = postgres_search if on_postgres() else fallback_search
    return search(documents, text, preferred_language, max(page, 1), per_page)


def _page_bounds(total: int, page: int, per_page: int) -> tuple[int, int]:
    num_pages = max(1, math.ceil(total / per_page))
    return min(page, num_pages), num_pages


def _kind_label(kind: str) -> str:
    return str(Document.Kind(kind).label) if kind in Document.Kind.values else kind


def postgres_search(
    documents: QuerySet[Document], text: str, preferred: str, page: int, per_page: int
) -> SearchPage:
    languages = [code for code, _ in settings.LANGUAGES]
    query, *others = [
        SearchQuery(text, config=config, search_type="websearch")
        for config in query_configs([*languages, preferred])
    ]
    for part in others:
        query = query | part
    candidates = (
        documents.filter(search_vector=query).order_by("-updated_at").values("pk")[:CANDIDATES]
    )
    matches = (
        Document.objects.filter(pk__in=Subquery(candidates))
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            preferred=Case(
                When(language=preferred, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-preferred", "-rank", "-updated_at", "pk")
    )
    total = documents.filter(search_vector=query)[: CANDIDATES + 1].count()
    capped = total > CANDIDATES
    total = min(total, CANDIDATES)
    number, num_pages = _page_bounds(total, page, per_page)
    offset = (number - 1) * per_page
    rows = matches.annotate(
        headline=SearchHeadline(
            "body",
            query,
            config=F("search_config"),
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=35,
            min_words=15,
        )
    ).values("kind", "title", "url", "language", "headline", "rank")[offset : offset + per_page]
    hits = [
        Hit(
            kind=row["kind"],
            kind_label=_kind_label(row["kind"]),
            title=row["title"],
            url=row["url"],
            language=row["language"],
            snippet=from_headline(row["headline"] or ""),
            score=float(row["rank"]),
        )
        for row in rows
    ]
    return SearchPage(
        query=text, hits=hits, total=total, number=number, num_pages=num_pages, capped=capped
    )


def fallback_score(title: str, body: str, terms: list[str]) -> int:
    """Plain relevance: each occurrence of a term counts, three times over in the title."""
    title, body = title.casefold(), body.casefold()
    return sum(3 * title.count(term) + body.count(term) for term in terms)


def fallback_search(
    documents: QuerySet[Document], text: str, preferred: str, page: int, per_page: int
) -> SearchPage:
    terms = query_terms(text)
    for term in terms:
        documents = documents.filter(Q(title__icontains=term) | Q(body__icontains=term))
    rows = list(
        documents.values("kind", "title", "body", "url", "language", "updated_at")[:FALLBACK_LIMIT]
    )
    # SQLite's LIKE folds ASCII case only; the Python check is the real word test.
    rows = [r for r in rows if all(t in (r["title"] + " " + r["body"]).casefold() for t in terms)]
    scored = sorted(
        ((fallback_score(r["title"], r["body"], terms), r) for r in rows),
        key=lambda sr: (sr[1]["language"] != preferred, -sr[0], -sr[1]["updated_at"].timestamp()),
    )
    number, num_pages = _page_bounds(len(rows), page, per_page)
    offset = (number - 1) * per_page
    hits = [
        Hit(
            kind=row["kind"],
            kind_label=_kind_label(row["kind"]),
            title=row["title"],
            url=row["url"],
            language=row["language"],
            snippet=around_terms(row["body"], terms),
            score=float(score),
        )
        for score, row in scored[offset : offset + per_page]
    ]
    return SearchPage(query=text, hits=hits, total=len(rows), number=number, num_pages=num_pages)
