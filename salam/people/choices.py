"""Choice lists built from well-kept data (pycountry for ISO 639-1, zoneinfo for IANA zones)."""

from __future__ import annotations

import functools
import zoneinfo

import pycountry


@functools.cache
def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language as (code, English name), sorted by name."""
    pairs = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(pairs, key=lambda pair: pair[1])


@functools.cache
def language_codes() -> frozenset[str]:
    return frozenset(code for code, _ in language_choices())


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]
