"""Searching the index: PostgreSQL full-text search, or a plain fallback on SQLite.

Both return the same `SearchPage`, ordered the same way: documents in the person's language
first, then by relevance, then the newest.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db.models import Case, F, IntegerField, Q, QuerySet, Subquery, Value, When
from django.utils.safestring import SafeString

from salam.search.configs import query_configs
from salam.search.folding import fold, folded_words, typed_words
from salam.search.models import Document, Term
from salam.search.services import Unaccent, on_postgres
from salam.search.snippets import MARK_START, MARK_STOP, around_terms, marked_words

MAX_TERMS = 8
# On PostgreSQL a search ranks at most this many matches, the most recent ones: a broad query
# ("migrants") matches a large share of the index, and ranking every match would cost a read
# of every matching vector. Narrower queries are ranked in full.
CANDIDATES = 1000
FALLBACK_LIMIT = 2000  # the SQLite fallback ranks at most this many matches in Python
# "Did you mean": trigram similarity (PostgreSQL) and difflib's ratio (SQLite) at least this.
SIMILAR_TRIGRAMS = 0.3
SIMILAR_RATIO = 0.75


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
    suggestion: str = ""  # "Did you mean ...?" when nothing matched and a near spelling does

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def query_terms(text: str) -> list[str]:
    """The words of a query, folded as the index is (salam.search.folding)."""
    return folded_words(text)[:MAX_TERMS]


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
    found = search(documents, text, preferred_language, max(page, 1), per_page)
    if found.total:
        return found
    suggestion = suggest(text)
    if suggestion and search(documents, suggestion, preferred_language, 1, 1).total:
        return dataclasses.replace(found, suggestion=suggestion)
    return found


def nearest_word(word: str) -> str:
    """The indexed word nearest in spelling to `word` (folded), as written; "" if none is near."""
    if on_postgres():
        row = (
            Term.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(word__trigram_similar=word, similarity__gte=SIMILAR_TRIGRAMS)
            .order_by("-similarity", "word")
            .values_list("display", flat=True)
            .first()
        )
        return row or ""
    size = len(word)
    candidates = dict(
        Term.objects.filter(word__regex=rf"^.{{{max(1, size - 2)},{size + 2}}}$").values_list(
            "word", "display"
        )
    )
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=SIMILAR_RATIO)
    return candidates[close[0]] if close else ""


def suggest(text: str) -> str:
    """`text` with each word the index does not know replaced by the nearest one it does; ""
    when every word is known or no unknown word has a near neighbour."""
    typed = typed_words(text)[:MAX_TERMS]
    known = set(
        Term.objects.filter(word__in=[fold(word) for word in typed]).values_list("word", flat=True)
    )
    changed, words = False, []
    for word in typed:
        replacement = "" if fold(word) in known or len(fold(word)) < 3 else nearest_word(fold(word))
        changed = changed or bool(replacement)
        words.append(replacement or word)
    return " ".join(words) if changed else ""


def _page_bounds(total: int, page: int, per_page: int) -> tuple[int, int]:
    num_pages = max(1, math.ceil(total / per_page))
    return min(page, num_pages), num_pages


def _kind_label(kind: str) -> str:
    return str(Document.Kind(kind).label) if kind in Document.Kind.values else kind


def postgres_search(
    documents: QuerySet[Document], text: str, preferred: str, page: int, per_page: int
) -> SearchPage:
    languages = [code for code, _ in settings.LANGUAGES]
    folded = Unaccent(Value(fold(text)))
    query, *others = [
        SearchQuery(folded, config=config, search_type="websearch")
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
    # ts_headline finds the (stemmed) matches in the folded text; the snippet marks the same
    # words in the text as written.
    rows = matches.annotate(
        headline=SearchHeadline(
            "body_folded",
            query,
            config=F("search_config"),
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=35,
            min_words=15,
        )
    ).values("kind", "title", "body", "url", "language", "headline", "rank")[
        offset : offset + per_page
    ]
    hits = [
        Hit(
            kind=row["kind"],
            kind_label=_kind_label(row["kind"]),
            title=row["title"],
            url=row["url"],
            language=row["language"],
            snippet=around_terms(row["body"], marked_words(row["headline"] or "")),
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
        documents = documents.filter(Q(title_folded__contains=term) | Q(body_folded__contains=term))
    fields = ("kind", "title", "body", "title_folded", "body_folded", "url", "language")
    rows = list(documents.values(*fields, "updated_at")[:FALLBACK_LIMIT])
    # SQLite's LIKE folds ASCII case only; the Python check is the real word test.
    rows = [r for r in rows if all(t in f"{r['title_folded']} {r['body_folded']}" for t in terms)]
    scored = sorted(
        ((fallback_score(r["title_folded"], r["body_folded"], terms), r) for r in rows),
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
