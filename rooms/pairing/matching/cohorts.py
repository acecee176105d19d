"""Cohorts: the groups of 6 to 12 that a dialogue programme keeps together for weeks.

A pure function of plain data, like the rest of the matcher: `form_cohorts(pool)` takes the
applicants of one programme and returns cohorts and, for everyone left out, the reason.

Hard rules, never broken (property-tested in tests/rooms/pairing/test_cohorts.py):

- One working language that every member of the cohort speaks.
- At most two students of one university in a cohort.
- University pools: at least three countries in every cohort. City pools: newcomers and
  long-time residents balanced, neither fewer than a third of the cohort (rounded down).
- Never two people of whom one blocked the other.
- Between `MIN_COHORT_SIZE` and `MAX_COHORT_SIZE` members, as even as the pool allows around
  the programme's size.

Balance, where people chose to say: the country, gender and age of the members mirror the
pool's. The method is a deal: within one working language, applicants are sorted into strata
(country, university, gender, age in a university pool; residency first in a city) and dealt
round the cohorts like cards, so that every stratum's members spread evenly, each cohort
getting the floor or the ceiling of its share. A repair pass then swaps people between
cohorts, like for like where it can, to mend what the deal could not (a blocked pair, a
cohort short of a third country), and a cohort that still breaks a rule is not formed: its
members are listed as unmatched with the reason, never placed against a rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .data import (
    BLOCKED,
    NEEDS_MIX,
    NO_RESIDENCY,
    NO_SHARED_LANGUAGE,
    SAME_UNIVERSITY_ONLY,
    Candidate,
    PairSet,
    PoolKind,
    Reason,
)

MIN_COHORT_SIZE = 6
MAX_COHORT_SIZE = 12
MAX_PER_UNIVERSITY = 2
MIN_COUNTRIES = 3
AGE_BAND_YEARS = 5
REPAIR_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class CohortPool:
    """A programme's applicants. `genders` and `ages` hold only what people chose to say."""

    candidates: Sequence[Candidate]
    kind: PoolKind = "university"
    cohort_size: int = 10
    blocks: PairSet = frozenset()
    genders: Mapping[int, str] = field(default_factory=dict)
    ages: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [c.id for c in self.candidates]
        if len(ids) != len(set(ids)):
            raise ValueError("a pool holds each person once")
        if not MIN_COHORT_SIZE <= self.cohort_size <= MAX_COHORT_SIZE:
            raise ValueError(f"cohort_size must be {MIN_COHORT_SIZE} to {MAX_COHORT_SIZE}")
        if self.kind not in ("university", "city"):
            raise ValueError(f"unknown pool kind: {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Cohort:
    """Member ids (in the order dealt) and the working language they all speak."""

    members: tuple[int, ...]
    language: str


@dataclass(frozen=True, slots=True)
class CohortResult:
    """Every applicant appears exactly once: in one cohort or in `unmatched`."""

    cohorts: tuple[Cohort, ...]
    unmatched: Mapping[int, Reason] = field(default_factory=dict)


def cohort_count(people: int, size: int) -> int:
    """How many cohorts `people` make around `size`, each within the size bounds (0: none)."""
    if people < MIN_COHORT_SIZE:
        return 0
    count = max(1, round(people / size))
    while people / count > MAX_COHORT_SIZE:
        count += 1
    while count > 1 and people / count < MIN_COHORT_SIZE:
        count -= 1
    return count


def form_cohorts(pool: CohortPool) -> CohortResult:
    """Cohorts for the whole pool; deterministic (the same pool gives the same cohorts)."""
    people = {c.id: c for c in pool.candidates}
    unmatched: dict[int, Reason] = {}
    eligible = []
    for person in pool.candidates:
        if pool.kind == "city" and not person.residency:
            unmatched[person.id] = NO_RESIDENCY
        elif not person.languages:
            unmatched[person.id] = NO_SHARED_LANGUAGE
        else:
            eligible.append(person)
    blocked: dict[int, set[int]] = defaultdict(set)
    for pair in pool.blocks:
        a, b = tuple(pair)
        blocked[a].add(b)
        blocked[b].add(a)
    rules = _Rules(pool, people, blocked)
    cohorts: list[Cohort] = []
    for language, members in _by_language(rules, eligible).items():
        formed, left = _form_in_language(rules, language, members)
        cohorts += formed
        unmatched.update(left)
    cohorts.sort(key=lambda c: (c.language, min(c.members)))
    return CohortResult(cohorts=tuple(cohorts), unmatched=unmatched)


class _Rules:
    def __init__(
        self, pool: CohortPool, people: Mapping[int, Candidate], blocked: Mapping[int, set[int]]
    ) -> None:
        self.pool = pool
        self.people = people
        self.blocked = blocked
        self.city = pool.kind == "city"
        self.universities = {
            p.id: p.university_id if p.affiliation == "student" else None for p in people.values()
        }

    def country(self, person_id: int) -> str:
        return self.people[person_id].country

    def mix_key(self, person_id: int) -> str:
        """What the mix rule counts: the residency in a city, else the country."""
        person = self.people[person_id]
        return person.residency if self.city else person.country

    def university(self, person_id: int) -> int | None:
        return self.universities[person_id]

    def breaks(self, members: Sequence[int]) -> Reason | None:
        """The first hard rule the cohort breaks (language aside, which the deal keeps)."""
        blocked, over, short = self.faults(members)
        if over:
            return SAME_UNIVERSITY_ONLY
        if short:
            return NEEDS_MIX
        if blocked:
            return BLOCKED
        return None

    def faults(self, members: Sequence[int]) -> tuple[int, int, int]:
        """How far the cohort is from the rules: blocked pairs, seats over the university
        limit, and people missing for the mix (a third country, or the city's minority)."""
        member_set = set(members)
        blocked = 0
        seats: dict[int, int] = {}
        for m in members:
            if m in self.blocked:
                blocked += len(self.blocked[m] & member_set)
            university = self.universities[m]
            if university is not None:
                seats[university] = seats.get(university, 0) + 1
        over = sum(n - MAX_PER_UNIVERSITY for n in seats.values() if n > MAX_PER_UNIVERSITY)
        if self.city:
            newcomers = sum(self.people[m].residency == "newcomer" for m in members)
            need = len(members) // 3
            short = max(0, need - newcomers) + max(0, need - (len(members) - newcomers))
        else:
            short = max(0, MIN_COUNTRIES - len({self.people[m].country for m in members}))
        return (blocked // 2, over, short)

    def stratum(self, person_id: int) -> tuple:
        """The deal's sort key: people who should spread across cohorts sort together."""
        person = self.people[person_id]
        gender = self.pool.genders.get(person_id, "")
        age = self.pool.ages.get(person_id)
        band = age // AGE_BAND_YEARS if age is not None else -1
        university = self.university(person_id)
        place = (person.country, university if university is not None else -1)
        if self.city:
            return (person.residency, *place, gender, band, person_id)
        return (*place, gender, band, person_id)


def _form_in_language(
    rules: _Rules, language: str, ids: list[int]
) -> tuple[list[Cohort], dict[int, Reason]]:
    left: dict[int, Reason] = {}
    count = cohort_count(len(ids), rules.pool.cohort_size)
    ids, count = _fit_mix(rules, ids, count, left)
    # A university can fill at most two seats per cohort: its members beyond that (the latest
    # applicants, by id) cannot be placed in this language. Dropping them may lower the count.
    while count:
        ids, over = _university_capacity(rules, ids, count)
        for person_id in over:
            left[person_id] = SAME_UNIVERSITY_ONLY
        again = cohort_count(len(ids), rules.pool.cohort_size)
        if again == count:
            break
        count = again
    ids, count = _fit_mix(rules, ids, count, left)
    if not count:
        for person_id in ids:
            left.setdefault(
                person_id, NEEDS_MIX if len(ids) >= MIN_COHORT_SIZE else NO_SHARED_LANGUAGE
            )
        return [], left
    ordered = sorted(ids, key=rules.stratum)
    deck = _interleave_strata(rules, ordered)
    seats: list[list[int]] = [[] for _ in range(count)]
    for n, person_id in enumerate(deck):
        seats[n % count].append(person_id)
    _repair(rules, seats)
    _balance_genders(rules, seats)
    cohorts = []
    for members in seats:
        reason = rules.breaks(members)
        if reason is None:
            cohorts.append(Cohort(members=tuple(members), language=language))
        else:
            for person_id in members:
                left[person_id] = reason
    return cohorts, left


def _fit_mix(
    rules: _Rules, ids: list[int], count: int, left: dict[int, Reason]
) -> tuple[list[int], int]:
    """Too few of the other countries (or of the city's minority) for every cohort: fewer
    cohorts, and the latest applicants of the largest stratum wait for the next programme."""
    feasible = feasible_count(rules, ids, count)
    if feasible == count:
        return ids, count
    if rules.city:
        feasible = count  # the majority is cut to twice the minority, whatever the count
    ids, trimmed = _trim_majority(rules, ids, feasible)
    for person_id in trimmed:
        left[person_id] = NEEDS_MIX
    again = cohort_count(len(ids), rules.pool.cohort_size)
    return ids, again if rules.city else min(feasible, again)


def feasible_count(rules: _Rules, ids: Sequence[int], count: int) -> int:
    """The most cohorts, up to `count`, that the mix rule allows these people to fill."""
    return _feasible(rules.city, Counter(rules.mix_key(p) for p in ids), count)


def _feasible(city: bool, strata: Counter, count: int) -> int:
    """University pools: dealt round, a country of n members reaches min(n, k) of k cohorts,
    and every cohort needs three countries. City pools: dealt round, each cohort gets the
    pool's proportion, so the majority may be at most twice the minority."""
    if city:
        minority = min(strata["newcomer"], strata["resident"])
        majority = max(strata["newcomer"], strata["resident"])
        return count if majority <= 2 * minority else 0
    for k in range(count, 0, -1):
        if sum(min(n, k) for n in strata.values()) >= MIN_COUNTRIES * k:
            return k
    return 0


def _trim_majority(rules: _Rules, ids: list[int], count: int) -> tuple[list[int], list[int]]:
    """Keep what `count` cohorts can hold under the mix rule; the rest by latest applicant."""
    if not count:
        return [], list(ids)
    key = rules.mix_key
    strata = Counter(key(p) for p in ids)
    largest = max(sorted(strata), key=lambda k: strata[k])
    others = len(ids) - strata[largest]
    room = MAX_COHORT_SIZE * count - others
    if rules.city:
        room = min(room, 2 * others)  # the majority at most twice the minority
    keep_largest = set(sorted(p for p in ids if key(p) == largest)[: max(0, room)])
    kept = [p for p in ids if key(p) != largest or p in keep_largest]
    return kept, [p for p in ids if key(p) == largest and p not in keep_largest]


def _university_capacity(rules: _Rules, ids: list[int], count: int) -> tuple[list[int], list[int]]:
    seen: Counter[int] = Counter()
    kept, over = [], []
    for person_id in sorted(ids):
        university = rules.university(person_id)
        if university is not None:
            seen[university] += 1
            if seen[university] > MAX_PER_UNIVERSITY * count:
                over.append(person_id)
                continue
        kept.append(person_id)
    return kept, over


def _by_language(rules: _Rules, people: Sequence[Candidate]) -> dict[str, list[int]]:
    """Each person in one working language they speak: the one most applicants speak, then
    multilingual people move to a smaller language whose cohorts lack their stratum.

    The larger the language's group, the more diverse its cohorts can be; ties go to the
    language first in alphabetical order, so that the result is deterministic. A language
    whose speakers are nearly all of one country (or all residents) borrows multilingual
    people of the missing kind from larger languages, while those stay feasible.
    """
    speakers = Counter(language for person in people for language in person.languages)
    home = {
        p.id: min(p.languages, key=lambda lang: (-speakers[lang], lang))
        for p in sorted(people, key=lambda p: p.id)
    }
    buckets: dict[str, list[int]] = defaultdict(list)
    for person_id, language in home.items():
        buckets[language].append(person_id)
    key = rules.mix_key
    size = rules.pool.cohort_size
    strata = {language: Counter(key(p) for p in members) for language, members in buckets.items()}
    for language in sorted(buckets, key=lambda lang: (len(buckets[lang]), lang)):
        members, present = buckets[language], strata[language]
        natural = cohort_count(len(members), size)
        if not natural or _feasible(rules.city, present, natural) == natural:
            continue
        for person in sorted(people, key=lambda p: p.id):
            donor, kind = home[person.id], key(person.id)
            if donor == language or language not in person.languages:
                continue
            if len(buckets[donor]) <= len(members) or present[kind] >= natural:
                continue
            if rules.city and present[kind] * 2 >= len(members):
                continue  # not the minority here
            need = cohort_count(len(buckets[donor]) - 1, size)
            strata[donor][kind] -= 1
            if _feasible(rules.city, strata[donor], need) < need:
                strata[donor][kind] += 1
                continue
            buckets[donor].remove(person.id)
            home[person.id] = language
            members.append(person.id)
            present[kind] += 1
            natural = cohort_count(len(members), size)
            if _feasible(rules.city, present, natural) == natural:
                break
    return {language: members for language, members in sorted(buckets.items()) if members}


def _interleave_strata(rules: _Rules, ordered: list[int]) -> list[int]:
    """The sorted deck, largest country (or residency) first, so the deal spreads it widest."""
    first = rules.mix_key
    blocks: dict[object, list[int]] = defaultdict(list)
    for person_id in ordered:
        blocks[first(person_id)].append(person_id)
    return [p for _, block in sorted(blocks.items(), key=lambda kv: -len(kv[1])) for p in block]


def _repair(rules: _Rules, seats: list[list[int]]) -> None:
    """Swap people between cohorts until none breaks a rule, or no swap mends one."""
    for _ in range(REPAIR_ROUNDS):
        broken = [n for n, members in enumerate(seats) if rules.breaks(members)]
        if not broken:
            return
        for n in broken:
            _mend(rules, seats, n)


def _mend(rules: _Rules, seats: list[list[int]], n: int) -> None:
    """Swap members of cohort n out, one at a time, while each swap lowers its faults and
    leaves the other cohort without any."""
    members = seats[n]
    for person_id in _culprits(rules, members):
        faults = rules.faults(members)
        if faults == (0, 0, 0):
            return
        helps = _helps(rules, members, faults)
        for other in seats:
            if other is members:
                continue
            swapped = _try_swap(rules, members, other, person_id, faults, helps)
            if swapped:
                break


def _helps(rules: _Rules, members: list[int], faults: tuple[int, int, int]):
    """A cheap test of whether a person coming in could lower these faults."""
    present = set(members)
    countries = {rules.country(m) for m in members}
    residencies: Counter[str] = Counter(rules.people[m].residency for m in members)
    minority = min(("newcomer", "resident"), key=lambda r: residencies[r])

    def helps(candidate: int) -> bool:
        if rules.blocked.get(candidate, set()) & present:
            return False
        if faults[2]:
            if rules.city:
                return rules.people[candidate].residency == minority
            return rules.country(candidate) not in countries
        return True

    return helps


def _try_swap(rules, members, other, person_id, faults, helps) -> bool:
    for k, candidate in enumerate(other):
        if not helps(candidate):
            continue
        trial = [candidate if p == person_id else p for p in members]
        if rules.faults(trial) >= faults:
            continue
        if rules.breaks([person_id if p == candidate else p for p in other]) is not None:
            continue
        members[members.index(person_id)] = candidate
        other[k] = person_id
        return True
    return False


def _culprits(rules: _Rules, members: list[int]) -> list[int]:
    """Whom to move out first: one of a blocked pair, a third of a university, the most common."""
    member_set = set(members)
    blocked = [m for m in members if rules.blocked.get(m, set()) & member_set]
    universities = Counter(u for m in members if (u := rules.university(m)) is not None)
    crowded = [m for m in members if universities.get(rules.university(m) or -1, 0) > 2]
    if rules.city:
        residencies = Counter(rules.people[m].residency for m in members)
        common = max(residencies, key=lambda r: residencies[r])
        majority = [m for m in members if rules.people[m].residency == common]
    else:
        countries = Counter(rules.people[m].country for m in members)
        majority = sorted(members, key=lambda m: -countries[rules.people[m].country])
    seen: dict[int, None] = {}
    for m in blocked + crowded + majority:
        seen.setdefault(m, None)
    return list(seen)


def _balance_genders(rules: _Rules, seats: list[list[int]]) -> None:
    """Swap like for like (same country and university, other gender) towards each cohort's share.

    The deal spreads countries and universities exactly; gender sorts below them, so a cohort
    can end up with more of one gender than its share. A swap of two people of the same
    country and university between two cohorts changes nothing else the rules look at.
    """
    said = [p for members in seats for p in members if rules.pool.genders.get(p)]
    if not said:
        return
    total = sum(len(members) for members in seats)
    shares = {g: n / total for g, n in Counter(rules.pool.genders[p] for p in said).items()}

    def excess(members: list[int], gender: str) -> float:
        have = sum(rules.pool.genders.get(p) == gender for p in members)
        return have - shares[gender] * len(members)

    def place(p: int) -> tuple:
        return (rules.country(p), rules.university(p), rules.people[p].residency)

    for gender in sorted(shares):
        over = [n for n, members in enumerate(seats) if excess(members, gender) > 1]
        under = [n for n, members in enumerate(seats) if excess(members, gender) < -1]
        for a in over:
            for b in under:
                if excess(seats[a], gender) <= 1:
                    break
                if excess(seats[b], gender) >= -1:
                    continue
                _swap_like_for_like(rules, seats[a], seats[b], gender, place)


def _swap_like_for_like(
    rules: _Rules, giver: list[int], taker: list[int], gender: str, place
) -> None:
    genders = rules.pool.genders
    offers: dict[tuple, int] = {}
    for p in taker:
        if genders.get(p) and genders[p] != gender:
            offers.setdefault(place(p), p)
    for k, p in enumerate(giver):
        if genders.get(p) != gender or place(p) not in offers:
            continue
        q = offers[place(p)]
        trial_giver = [q if x == p else x for x in giver]
        trial_taker = [p if x == q else x for x in taker]
        if rules.breaks(trial_giver) is None and rules.breaks(trial_taker) is None:
            giver[k] = q
            taker[taker.index(q)] = p
            return
