"""The reply box in a real browser: quote into the box, live preview, the draft kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from salam.forum import services
from salam.forum.models import Category
from tests.a11y import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Locator, LocatorAssertions

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def expect(target: Locator) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def thread(participant, outsider):
    category = Category.objects.create(slug="general", name="General")
    thread = services.start_thread(
        category, author=participant, title="Welcome", body="We meet on **Tuesdays**."
    )
    services.reply(thread, author=participant, body="> **Bob** wrote:\n>\n> an old quote\n\nYes.")
    return thread


def test_quote_preview_and_draft(thread, browser_context: Callable, log_in: Callable, password):
    page = browser_context().new_page()
    log_in(page, "mallory", password)
    page.goto(f"/forum/t/{thread.slug}/")
    box = page.locator("#reply textarea[name=body]")
    first = thread.posts.order_by("pk").first()
    # Quote: the quote goes into the box (no reload), where it can be edited
    url_before = page.url
    page.locator(f"#post-{first.pk} a[data-quote-url]").click()
    expect(box).to_have_value("> **Alice** wrote:\n>\n> We meet on **Tuesdays**.\n\n")
    assert page.url == url_before
    expect(box).to_be_focused()
    assert page.locator("#reply input[name=quote]").input_value() == str(first.pk)
    box.press("End")
    box.type("And Thursdays?")
    # The preview: the server's markup, the quote as a quote
    preview = page.locator("#reply-preview")
    expect(preview.locator("blockquote strong").first).to_have_text("Alice")
    expect(preview.locator("p").last).to_have_text("And Thursdays?")
    # Quotes in posts are styled as quotes (a border at the start side)
    border = page.locator(".post-body blockquote").first.evaluate(
        "el => getComputedStyle(el).borderInlineStartWidth"
    )
    assert border == "4px"
    assert_accessible(page)
    # The draft survives a reload
    page.reload()
    expect(box).to_have_value("> **Alice** wrote:\n>\n> We meet on **Tuesdays**.\n\nAnd Thursdays?")
    expect(page.locator("#reply .draft-status")).to_have_text(
        "Your unsent reply was kept in this browser."
    )
    # Sent: the reply is posted with its edited quote, and the draft is gone
    page.locator("#reply button[type=submit]").click()
    expect(page.locator(".posts .post-body").last).to_contain_text("And Thursdays?")
    posted = thread.posts.order_by("pk").last()
    assert posted.body.endswith("And Thursdays?") and posted.quote_id == first.pk
    page.goto(f"/forum/t/{thread.slug}/")
    expect(box).to_have_value("")


def test_the_thread_page_without_a_reply_box_is_accessible(thread, browser_context: Callable):
    page = browser_context(language="ar").new_page()
    page.goto(f"/forum/t/{thread.slug}/")
    expect(page.locator(".post-body blockquote")).to_have_count(1)
    assert_accessible(page)
