"""Conversation starters for a new pair room, drawn from what the partners share. Pure.

The texts are msgids: stored untranslated, shown translated in each reader's language.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils.translation import gettext_noop as _

BY_INTEREST: dict[str, tuple[str, ...]] = {
    "music": (
        _("Which song reminds you of home, and why?"),
        _("What music do people dance to at weddings where you live?"),
    ),
    "football": (
        _("Which match do you still talk about years later?"),
        _("Is football a family thing where you grew up?"),
    ),
    "cooking": (
        _("What dish would you cook to welcome a guest?"),
        _("Which recipe did someone in your family teach you?"),
    ),
    "poetry": (
        _("Is there a poem everyone learns at school where you live?"),
        _("Share a line of poetry you love, and translate it for your partner."),
    ),
    "cinema": (_("Which film would you show someone to explain your country?"),),
    "history": (_("Which moment of your city's history would you like to have seen?"),),
    "cycling": (_("Is your city good for cycling? What would make it better?"),),
    "photography": (_("Describe a photo you took that you are proud of."),),
    "languages": (_("Which word in your language has no good translation?"),),
    "education": (_("What would you change about how your school taught you?"),),
}
GENERAL: tuple[str, ...] = (
    _("What surprised you most the first time you met someone from another country?"),
    _("What does a good weekend look like where you live?"),
    _("What is something people often get wrong about where you come from?"),
)


def pick_starters(shared_interests: Sequence[str], *, seed: int, count: int = 3) -> list[str]:
    """Two or three starters: first from shared interests, then general ones; deterministic."""
    rng = random.Random(seed)  # noqa: S311 choosing conversation topics, not a secret
    chosen: list[str] = []
    for interest in shared_interests:
        options = [s for s in BY_INTEREST.get(interest, ()) if s not in chosen]
        if options:
            chosen.append(rng.choice(options))
        if len(chosen) == count:
            return chosen
    general = [s for s in GENERAL if s not in chosen]
    rng.shuffle(general)
    return chosen + general[: max(0, min(count, 3) - len(chosen))]
