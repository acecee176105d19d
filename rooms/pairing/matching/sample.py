"""Random but plausible pools, for the benchmark and the tests (seeded, so reproducible)."""

from __future__ import annotations

import datetime as dt
import random

from .data import Candidate, Mode, Pool, PoolKind

# (country, UTC offset in minutes, languages spoken there)
COUNTRIES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("TR", 180, ("tr",)),
    ("NL", 60, ("nl",)),
    ("FR", 60, ("fr",)),
    ("DE", 60, ("de",)),
    ("MA", 60, ("ar", "fr")),
    ("EG", 120, ("ar",)),
    ("IR", 210, ("fa",)),
    ("IN", 330, ("hi",)),
    ("US", -300, ("en",)),
    ("BR", -180, ("pt",)),
    ("ES", 60, ("es",)),
    ("JP", 540, ("ja",)),
)
# fmt: off
INTERESTS: tuple[str, ...] = (
    "music", "football", "cooking", "films", "books", "poetry", "chess", "hiking", "travel",
    "photography", "history", "languages", "science", "climate", "gaming", "theatre", "dance",
    "art", "fashion", "religion", "philosophy", "startups", "coding", "medicine", "law",
    "economics", "politics", "volunteering", "family", "food", "tea", "coffee", "cycling",
    "running", "swimming", "yoga", "gardening", "animals", "comics",
)
# fmt: on
UNIVERSITIES_PER_COUNTRY = 3


def random_pool(
    size: int,
    *,
    seed: int,
    now: dt.datetime,
    kind: PoolKind = "university",
    mode: Mode = "pairs",
    group_size: int = 4,
    block_rate: float = 0.01,
    recent_rate: float = 0.02,
) -> Pool:
    """A pool of `size` people: most speak English, a few speak only their own language(s).

    University pools draw students from 12 countries (3 universities each); city pools draw
    city participants of one city, about 45% newcomers. Waits are 0 to 10 hours; blocks and
    recent pairs number `block_rate` and `recent_rate` times `size`, between random people.
    """
    rng = random.Random(seed)  # noqa: S311 -- test data, not secrets
    candidates = []
    for person in range(1, size + 1):
        country, offset, native = rng.choice(COUNTRIES)
        languages = set(native)
        if rng.random() < 0.8:
            languages.add("en")
        if rng.random() < 0.25:
            languages.add(rng.choice(COUNTRIES)[2][0])
        interests = frozenset(rng.sample(INTERESTS, rng.randint(2, 6)))
        waiting_since = now - dt.timedelta(minutes=rng.uniform(0, 600))
        if kind == "university":
            university = COUNTRIES.index((country, offset, native)) * UNIVERSITIES_PER_COUNTRY
            candidates.append(
                Candidate(
                    id=person,
                    affiliation="student",
                    university_id=university + rng.randrange(UNIVERSITIES_PER_COUNTRY),
                    country=country,
                    languages=frozenset(languages),
                    interests=interests,
                    utc_offset_minutes=offset,
                    waiting_since=waiting_since,
                    online=True,
                )
            )
        else:
            newcomer = rng.random() < 0.45
            if not newcomer:
                languages.add("nl")
            candidates.append(
                Candidate(
                    id=person,
                    affiliation="city",
                    country=country if newcomer else "NL",
                    city_id=1,
                    residency="newcomer" if newcomer else "resident",
                    languages=frozenset(languages),
                    interests=interests,
                    utc_offset_minutes=60,
                    waiting_since=waiting_since,
                    online=rng.random() < 0.5,
                )
            )
    ids = list(range(1, size + 1))

    def random_pairs(count: int) -> frozenset[frozenset[int]]:
        if size < 2:
            return frozenset()
        return frozenset(frozenset(rng.sample(ids, 2)) for _ in range(count))

    return Pool(
        candidates=candidates,
        kind=kind,
        mode=mode,
        group_size=group_size,
        blocks=random_pairs(int(size * block_rate)),
        recent_pairs=random_pairs(int(size * recent_rate)),
    )
