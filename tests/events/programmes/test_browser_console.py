"""The console in a real browser (Chromium against daphne): three members accept the agreements
and go round, a message written out of turn waits and posts itself once its writer's turn
comes, and axe-core finds nothing serious on the page, in English and Arabic."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from rooms.models import Message
from tests.a11y import assert_accessible
from tests.rooms.chat.test_browser import in_language, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Locator, LocatorAssertions, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def expect(target: Locator) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def session_room(cohort_room):
    return cohort_room["room"], cohort_room["members"][:3], cohort_room["facilitator"]


def open_room(browser_context, log_in, password, username, slug, language="en") -> Page:
    page = browser_context(language=language).new_page()
    log_in(page, username, password)
    page.goto(f"/rooms/{slug}/")
    expect(page.locator("#connection-status")).to_have_text(in_language(page, "Connected"))
    return page


def write(page: Page, body: str) -> None:
    composer = page.get_by_label("Your message")
    composer.fill(body)
    composer.press("Enter")
    expect(composer).to_have_value("")


def test_three_members_go_round_and_a_message_out_of_turn_waits_for_its_turn(
    session_room, browser_context: Callable, log_in: Callable, password
):
    room, (first, second, third), facilitator = session_room
    pages = [
        open_room(browser_context, log_in, password, p.username, room.slug)
        for p in (first, second, third)
    ]
    steer = open_room(browser_context, log_in, password, facilitator.username, room.slug)

    # A member writes before accepting the agreements: kept, with why; accepting sends it.
    a = pages[0]
    expect(a.locator("#console-agreements")).to_be_visible()
    write(a, "Hello everyone")
    expect(a.locator(".chat-message.failed")).to_contain_text("accept them before you write")
    a.get_by_role("button", name="I accept these agreements").click()
    expect(a.locator("#console-agreements")).to_be_hidden()
    expect(steer.locator("#messages .chat-message:not(.pending) .chat-body")).to_have_text(
        ["Hello everyone"]
    )
    for page in pages[1:]:
        page.get_by_role("button", name="I accept these agreements").click()
        expect(page.locator("#console-agreements")).to_be_hidden()

    expect(steer.locator("#console-phase")).to_have_text(
        "Phase 1 of 3: Welcome and agreements (10 min)"
    )
    steer.get_by_text("Facilitate").click()
    steer.get_by_role("button", name="Next phase").click()
    expect(a.locator("#console-prompt")).to_have_text("Prompt of the go_round")
    steer.get_by_role("button", name="Start the go-round").click()
    first_name = first.profile.display_name or first.username
    expect(pages[1].locator("#console-now")).to_contain_text(f"{first_name} has the floor")
    expect(a.locator("#console-now")).to_contain_text("Your turn")
    screenshot(a, "console-your-turn")

    # The third writes out of turn: the text waits, marked, and nothing is stored yet.
    c = pages[2]
    write(c, "When do I speak?")
    held = c.locator(".chat-message.held")
    expect(held).to_contain_text("waits for the end of this turn")
    screenshot(c, "console-held")
    write(a, "I grew up by the sea.")
    a.get_by_role("button", name="Pass my turn").click()
    second_name = second.profile.display_name or second.username
    expect(c.locator("#console-now")).to_contain_text(f"{second_name} has the floor")
    expect(held).to_have_count(1)  # still not the third's turn
    steer.get_by_role("button", name="Next speaker").click()
    expect(c.locator("#console-now")).to_contain_text("Your turn")
    expect(held).to_have_count(0)  # it posted itself at the console's change
    expect(steer.locator("#messages .chat-message:not(.pending) .chat-body")).to_have_text(
        ["Hello everyone", "I grew up by the sea.", "When do I speak?"]
    )
    assert list(
        Message.objects.filter(room=room).order_by("seq").values_list("body", flat=True)
    ) == [
        "Hello everyone",
        "I grew up by the sea.",
        "When do I speak?",
    ]
    assert_accessible(steer)
    assert_accessible(c)


def test_the_console_reads_right_to_left_in_arabic(
    session_room, browser_context: Callable, log_in: Callable, password
):
    room, (first, *_), _facilitator = session_room
    page = open_room(browser_context, log_in, password, first.username, room.slug, language="ar")
    expect(page.locator("#console-prompt")).to_have_text("توجيه welcome")
    expect(page.locator("#console-title")).to_have_text("هذه الجلسة")
    expect(page.locator("#console-now")).to_have_text("اقرأ اتفاقات المجموعة واقبلها لتكتب.")
    expect(page.locator("#console-agreement-list li").first).to_have_text(
        "تحدّث عن نفسك، ومن تجربتك الخاصة."
    )
    assert page.evaluate("getComputedStyle(document.getElementById('console')).direction") == "rtl"
    assert_accessible(page)
    screenshot(page, "console-arabic")
