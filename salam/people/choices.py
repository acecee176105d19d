"""Choice lists built from well-kept data (pycountry for ISO 639-1, zoneinfo for IANA zones),
named in the reader's UI language by Babel (CLDR), the likely ones first."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.utils import timezone
from django.utils.translation import get_language

from salam.core import locality
from salam.core.zones import known_zones, offset_label, zone_name


def ui_language() -> str:
    """The reader's UI language as an ISO 639-1 code ("pt-br" reads as "pt")."""
    return (get_language() or "en").split("-")[0].lower()


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@functools.cache
def _english_names() -> dict[str, str]:
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@functools.cache
def language_names(language: str) -> dict[str, str]:
    """Every ISO 639-1 code with its name in `language` (CLDR's, else pycountry's English)."""
    names = _locale(language).languages
    return {code: names.get(code) or english for code, english in _english_names().items()}


def language_name(code: str, language: str | None = None) -> str:
    return language_names(language or ui_language()).get(code, code)


def likely_first(codes: Iterable[str], likely: Iterable[str]) -> list[str]:
    """`likely`'s known codes in their order (once each), then the others as given."""
    codes = list(codes)
    known = set(codes)
    first = list(dict.fromkeys(code for code in likely if code in known))
    chosen = set(first)
    return first + [code for code in codes if code not in chosen]


@functools.cache
def _sorted_codes(language: str) -> tuple[str, ...]:
    names = language_names(language)
    return tuple(sorted(names, key=lambda code: names[code].casefold()))


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language as (code, name in the UI language): the UI language first,
    then the languages the viewer speaks (their profile's), then the rest by name."""
    language = ui_language()
    names = language_names(language)
    order = likely_first(_sorted_codes(language), [language, *locality.viewer_languages()])
    return [(code, names[code]) for code in order]


@functools.cache
def language_codes() -> frozenset[str]:
    return frozenset(_english_names())


# Old aliases zoneinfo still knows ("US/Eastern", "Cuba", "Etc/GMT+3"): not offered, but
# still accepted from a profile or a cookie.
_ALIAS_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/")


@functools.cache
def offered_zones() -> tuple[str, ...]:
    return tuple(
        sorted(
            name
            for name in known_zones()
            if name == "UTC" or ("/" in name and not name.startswith(_ALIAS_PREFIXES))
        )
    )


@functools.cache
def _zone_labels(language: str) -> dict[str, str]:
    locale = _locale(language)
    labels = {"UTC": "UTC"}
    for name in offered_zones():
        if name in labels:
            continue
        try:
            place = get_timezone_location(zoneinfo.ZoneInfo(name), locale=locale)
        except (LookupError, ValueError):
            place = name
        # The IANA name is isolated (FSI…PDI) so that it reads whole in right-to-left text.
        labels[name] = f"{place} · \u2068{name}\u2069" if place != name else name
    return labels


def zone_choice_label(name: str, *, language: str | None = None, now: dt.datetime) -> str:
    """ "Brazil (São Paulo) Time · America/Sao_Paulo (UTC−3)", in the UI language."""
    label = _zone_labels(language or ui_language()).get(name, name)
    if name == "UTC":
        return "UTC"
    offset = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    return f"{label} (\u2068{offset_label(offset)}\u2069)"


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, named in the UI language: the browser's zone and the current one
    (the profile's) first, then the rest by IANA name (which groups them by region)."""
    now = timezone.now()
    likely = [zone_name(z) for z in (locality.browser_zone(), timezone.get_current_timezone()) if z]
    language = ui_language()
    return [
        (name, zone_choice_label(name, language=language, now=now))
        for name in likely_first(offered_zones(), likely)
    ]


def initial_time_zone() -> str:
    """The default for a zone field: the browser's, else UTC."""
    zone = locality.browser_zone()
    return zone_name(zone) if zone is not None else "UTC"
