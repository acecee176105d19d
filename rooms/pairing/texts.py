"""What the pairing pages say about the matcher's codes: reasons, languages, what one shares.

Plain functions of plain values and the active language; no database.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext, gettext_lazy, ngettext
from django_countries import countries

from salam.people.choices import language_choices

# Why someone is still waiting, or was left out of a round (the matcher's reason codes).
REASONS: dict[str, Promise] = {
    "no_shared_language": gettext_lazy("nobody in your pool speaks one of your languages"),
    "same_university_only": gettext_lazy("everyone else in your pool is from your university"),
    "needs_mix": gettext_lazy(
        "everyone else in your pool has the same time in the city as you (a city pair is a "
        "newcomer and a long-time resident)"
    ),
    "blocked": gettext_lazy("a block stands between you and the others in your pool"),
    "met_recently": gettext_lazy("you met everyone else in your pool in your last conversations"),
    "no_residency": gettext_lazy(
        "your profile does not say whether you are a newcomer or a long-time resident"
    ),
    "odd_one_out": gettext_lazy(
        "the people who could be your partner were paired with others (an odd number of people)"
    ),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


def language_name(code: str) -> str:
    """The language's name in the active language when Django knows it, else in English."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return dict(language_choices()).get(code, code)


def country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def flag(code: str) -> str:
    """The emoji flag of an ISO 3166 alpha-2 code (two regional indicator letters)."""
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c", in the active language."""
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {
        "first": ", ".join(items[:-1]),
        "last": items[-1],
    }


def shared_title(interests: list[str], *, people: int, languages: list[str]) -> str:
    """The pair room's title: what its people share, in a sentence."""
    if interests:
        return ngettext(
            "You both care about %(interests)s.",
            "You all care about %(interests)s.",
            people - 1,
        ) % {"interests": listing(interests[:4])}
    if languages:
        return gettext("You can talk in %(languages)s.") % {"languages": listing(languages)}
    return gettext("A new conversation.")


def waiting_reason(code: str | None, *, others_paired: bool = False) -> str:
    """The waiting screen's sentence for a reason code ("" when nobody else waits)."""
    if code is None:
        return ""
    if code == "odd_one_out" and others_paired:
        return gettext("Others were just paired: someone who had waited longer went first.")
    if code == "odd_one_out":
        return gettext("Someone who could be your partner is waiting: you should be paired soon.")
    if others_paired:
        return gettext("Others were just paired; you were not, because %(reason)s.") % {
            "reason": reason_text(code)
        }
    return gettext("Nobody waiting is your partner yet: %(reason)s.") % {
        "reason": reason_text(code)
    }


def waiting_strings() -> dict[str, str]:
    """The waiting screen's sentences for pairing.js (placeholders: %d, %s, %(reason)s)."""
    return {
        "poolNone": gettext("Nobody else is waiting in your pool right now."),
        "poolOne": gettext("1 other person is waiting in your pool."),
        "poolMany": gettext("%d other people are waiting in your pool."),
        "wentFirst": gettext("Others were just paired: someone who had waited longer went first."),
        "soon": gettext("Someone who could be your partner is waiting: you should be paired soon."),
        "because": gettext("Nobody waiting is your partner yet: %(reason)s."),
        "othersPaired": gettext("Others were just paired; you were not, because %(reason)s."),
        **{f"reason_{code}": str(text) for code, text in REASONS.items()},
    }
