"""The journal article in a real browser: axe, and the author's view under anonymous review."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from salam.journal import services
from tests.a11y import assert_accessible
from tests.journal.test_services import TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_review(make_person, secretariat, partner_editor):
    author = make_person("amina")
    article = services.submit_article(author=author, **TEXT)
    review = services.assign_reviewer(article, actor=secretariat, reviewer=partner_editor)
    services.submit_review(
        review, actor=partner_editor, recommendation="revise", comments="Needs sources."
    )
    return article


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_article_is_accessible_and_names_no_reviewer_to_its_author(
    in_review, browser_context: Callable, log_in: Callable, password, language
):
    page = browser_context(language=language).new_page()
    log_in(page, "amina", password)
    page.goto(in_review.get_absolute_url())
    text = page.locator("main").inner_text()
    assert "Ivy" not in text
    assert ("Reviewer 1" if language == "en" else "المراجِع 1") in text
    assert_accessible(page)
    page = browser_context(language=language).new_page()
    log_in(page, "sec", password)
    page.goto(in_review.get_absolute_url())
    assert "Ivy (@ivy) · IOM" in page.locator("main").inner_text()
    assert_accessible(page)
