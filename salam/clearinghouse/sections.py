"""Sections other apps add to the library's organisation page, so that the library shows, say,
the journal's articles by an organisation without importing the journal.

An app registers its sections in its `AppConfig.ready()`; the organisation page renders them in
the order given, each from its own template and context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from salam.clearinghouse.models import Organisation


@dataclass(frozen=True)
class OrganisationSection:
    """`context(organisation)` gives the template's context; it runs once per page view."""

    key: str
    template: str
    context: Callable[[Organisation], Mapping[str, object]]
    order: int = 100


_sections: dict[str, OrganisationSection] = {}


def register_organisation_section(section: OrganisationSection) -> None:
    """Add (or, under the same key, replace: `ready()` may run twice in tests) a section."""
    _sections[section.key] = section


def organisation_sections() -> list[OrganisationSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def render_organisation_sections(
    organisation: Organisation, *, request: HttpRequest | None = None
) -> list[SafeString]:
    return [
        render_to_string(
            section.template,
            {"organisation": organisation, **section.context(organisation)},
            request=request,
        )
        for section in organisation_sections()
    ]
