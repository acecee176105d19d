"""What the current request knows of its viewer beyond the UI language and time zone
(Django keeps those): the languages they speak and their browser's zone, so that a choice
list anywhere can put the likely ones first without each view passing them down."""

from __future__ import annotations

import datetime as dt

from asgiref.local import Local

_state = Local()


def activate(*, languages: list[str], browser_zone: dt.tzinfo | None) -> None:
    _state.languages = list(languages)
    _state.browser_zone = browser_zone


def deactivate() -> None:
    _state.languages = []
    _state.browser_zone = None


def viewer_languages() -> list[str]:
    return list(getattr(_state, "languages", []))


def browser_zone() -> dt.tzinfo | None:
    return getattr(_state, "browser_zone", None)
