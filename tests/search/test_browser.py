"""Search results in a real browser: axe on results, on the empty sentence and its
suggestion, in English and Arabic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from salam.search import services
from tests.a11y import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Locator, LocatorAssertions

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def expect(target: Locator) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def indexed(db):
    for number, (title, body, language) in enumerate(
        [
            ("Guía de integración", "La integración de los recién llegados.", "es"),
            ("دليل الإرشاد", "الإرشاد للطلاب الجُدُد.", "ar"),
        ]
    ):
        services.index_document(
            kind="resource", object_id=number, language=language, title=title, body=body,
            url=f"/x/{number}/", updated_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ar"])
def test_results_and_the_empty_sentence_are_accessible(
    indexed, browser_context: Callable, language
):
    page = browser_context(language=language).new_page()
    page.goto("/search/?q=الارشاد")
    expect(page.locator(".search-results li mark").first).to_have_text("الإرشاد")
    assert_accessible(page)
    page.goto("/search/?q=integracoin")
    suggestion = page.locator(".search-suggestion a")
    expect(suggestion).to_have_text("integración")
    assert_accessible(page)
    suggestion.click()
    expect(page.locator(".search-results li a").first).to_have_text("Guía de integración")
