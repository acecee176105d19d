"""The template context every page gets from the library: the partner now keeping the site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from salam.library.selectors import current_rota_period


def current_partner(request: HttpRequest) -> dict[str, object]:
    """`current_partner`: the organisation whose rota period covers now, or None.

    Lazy: the query runs only when a template shows it (the footer).
    """

    def load() -> object:
        period = current_rota_period()
        return period.organisation if period else None

    return {"current_partner": SimpleLazyObject(load)}
