"""The moderation dashboard and the block list in a real browser."""

from __future__ import annotations

import pytest

from salam.moderation import services as moderation_services
from tests.a11y import assert_accessible
from tests.rooms.chat.test_browser import expect, in_language, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MARKER = "window.__stayed = 'here'"


def signed_in(browser_context, log_in, password, username: str, language: str | None = None):
    page = browser_context(language).new_page()
    log_in(page, username, password)
    return page


def test_the_dashboard_updates_in_place_when_a_report_arrives(
    forum_thread, participant, outsider, moderator, browser_context, log_in, password
):
    post = forum_thread.posts.get()
    board = signed_in(browser_context, log_in, password, moderator.username)
    board.goto("/moderation/")
    expect(board.locator("#moderation-live")).to_have_attribute("data-connected", "true")
    expect(board.locator("#reports")).to_contain_text("No open reports.")
    assert_accessible(board)
    board.evaluate(MARKER)

    flagger = signed_in(browser_context, log_in, password, outsider.username)
    flagger.goto(forum_thread.get_absolute_url())
    flagger.locator(f"#post-{post.pk} summary").click()
    flagger.locator(f"#post-{post.pk}").get_by_label("What is wrong with this post?").fill(
        "Spam, with <b>markup</b>"
    )
    flagger.locator(f"#post-{post.pk}").get_by_role("button", name="Send to the moderators").click()

    report = board.locator("article.report")
    expect(report).to_have_count(1)
    expect(report).to_contain_text("Author: Alice")
    expect(report.locator(".post-body strong")).to_have_text("buddies")  # Markdown, rendered
    expect(report.get_by_role("link", name="Language buddies")).to_have_attribute(
        "href", post.get_absolute_url()
    )
    assert board.evaluate("window.__stayed") == "here"  # no navigation, no reload
    refreshes = int(board.locator("#moderation-live").get_attribute("data-refreshes"))
    assert refreshes >= 1
    assert_accessible(board)
    screenshot(board, "dashboard-report")

    report.get_by_role("button", name="Hide post").click()
    expect(board.locator("#live-status")).to_have_text("Done: the report is closed.")
    expect(board.locator("article.report")).to_have_count(0)
    expect(board.locator("#audit")).to_contain_text("alice")
    assert board.evaluate("window.__stayed") == "here"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_block_list_lists_and_unblocks(
    participant, outsider, browser_context, log_in, password, language
):
    moderation_services.block_person(blocker=participant, username=outsider.username)
    page = signed_in(browser_context, log_in, password, participant.username, language)
    page.goto("/moderation/blocks/")
    expect(page.locator("#blocks li")).to_have_count(1)
    expect(page.locator("#blocks")).to_contain_text("@mallory")
    assert_accessible(page)
    screenshot(page, f"blocks-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"blocks-{language}-390")
    page.locator("#blocks button").click()
    expect(page.locator("#no-blocks")).to_have_text(
        in_language(page, "You have not blocked anyone.")
    )
