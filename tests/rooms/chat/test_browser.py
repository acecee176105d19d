"""The room page in a real browser: headless Chromium against a real daphne (tests/browser.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone, translation

from rooms.chat import services

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Dialog, Locator, LocatorAssertions, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HOSTILE = "<script>window.__pwned = 1</script><b>bold</b>"
DELETED = "This message was deleted."
# Records every WebSocket the page opens, so that a test can cut the connection for certain.
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
})();
"""


def expect(target: Locator) -> LocatorAssertions:
    """Playwright's expect, imported late: without Playwright the fixtures skip (or fail in CI)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def screenshot(page: Page, name: str) -> None:
    """With SALAM_SCREENSHOTS=<folder>, keep a picture of the page for a person to look at."""
    folder = os.environ.get("SALAM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def enter_room(log_in: Callable, password: str) -> Callable[[BrowserContext, str], Page]:
    """enter_room(context, username) -> a page of `context` signed in, in `welcome`, connected."""

    def enter(context: BrowserContext, username: str) -> Page:
        page = context.new_page()
        log_in(page, username, password)
        page.goto("/rooms/welcome/")
        expect(page.locator("#connection-status")).to_have_text(in_language(page, "Connected"))
        return page

    return enter


def in_language(page: Page, text: str) -> str:
    """`text` as the page shows it: translated into the language the page is in."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


def say(page: Page, body: str) -> None:
    composer = page.get_by_label(in_language(page, "Your message"))
    composer.fill(body)
    composer.press("Enter")
    expect(composer).to_have_value("")


def bodies(page: Page) -> Locator:
    """The bodies of the messages the server confirmed, in page order."""
    return page.locator("#messages .chat-message:not(.pending) .chat-body")


def seqs(page: Page) -> list[int]:
    return page.eval_on_selector_all(
        "#messages .chat-message:not(.pending)", "items => items.map(i => Number(i.dataset.seq))"
    )


def test_two_people_chat_and_one_catches_up_after_going_offline(
    browser_context, enter_room, welcome, participant, make_person
):
    bob = make_person("bob")
    alice_page = enter_room(browser_context(), participant.username)
    bob_context = browser_context()
    bob_context.add_init_script(RECORD_SOCKETS)
    bob_page = enter_room(bob_context, bob.username)

    say(alice_page, "Hello from Alice")
    expect(bodies(bob_page)).to_have_text(["Hello from Alice"])
    say(bob_page, "Hi Alice, Bob here")
    expect(bodies(alice_page)).to_have_text(["Hello from Alice", "Hi Alice, Bob here"])

    # Chromium's emulated offline refuses new connections but leaves an open WebSocket open
    # (and delivering): close it too, so that the page notices the loss, fails to reconnect
    # while offline, and resumes with ?after= once back online.
    bob_context.set_offline(True)
    bob_page.evaluate("window.__sockets.forEach((socket) => socket.close())")
    expect(bob_page.locator("#connection-status")).to_have_text(
        "Offline: your messages will be sent when you are back."
    )
    # With the first one, Alice sends five messages in a few seconds: the rate limit's most.
    missed = ["While you were away 1", "While you were away 2", "While you were away 3", HOSTILE]
    for body in missed:
        say(alice_page, body)
    expect(bodies(alice_page)).to_have_text(["Hello from Alice", "Hi Alice, Bob here", *missed])
    bob_context.set_offline(False)

    expect(bob_page.locator("#connection-status")).to_have_text("Connected")
    expected = ["Hello from Alice", "Hi Alice, Bob here", *missed]
    expect(bodies(bob_page)).to_have_text(expected)
    assert seqs(bob_page) == list(range(1, len(expected) + 1))
    resumed = bob_page.evaluate("window.__sockets.map((socket) => socket.url)")
    assert resumed[-1].endswith("/ws/rooms/welcome/?after=2&changes=0"), resumed
    # What came while Bob was away is marked; what each watched arrive live is not.
    expect(bob_page.locator(".unread-line + .chat-message")).to_have_attribute("data-seq", "3")
    expect(bob_page.locator(".unread-line")).to_have_count(1)
    expect(alice_page.locator(".unread-line")).to_have_count(0)
    # Bob has everything from seq 1: there is nothing older to load.
    expect(bob_page.get_by_role("button", name="Load older messages")).to_be_hidden()
    screenshot(bob_page, "room-after-resume")

    for page in (alice_page, bob_page):
        hostile = bodies(page).last
        assert hostile.evaluate("body => body.textContent") == HOSTILE
        assert hostile.locator("b, script").count() == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_deleted_message_disappears_from_the_participants_screen(
    browser_context, enter_room, welcome, participant, moderator
):
    alice_page = enter_room(browser_context(), participant.username)
    mod_page = enter_room(browser_context(), moderator.username)
    alice_page.evaluate("window.__sameDocument = true")

    say(alice_page, "Something I should not have said")
    message = mod_page.locator(".chat-message", has_text="Something I should not have said")
    prompts = []

    def answer(dialog: Dialog) -> None:
        prompts.append(dialog.message)
        dialog.accept("Rude")

    mod_page.on("dialog", answer)  # no browser prompt any more: the page's own dialog
    message.get_by_role("button", name="Actions for the message of Alice").click()
    mod_page.get_by_role("menuitem", name="Delete").click()
    dialog = mod_page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete the message of Alice?")
    dialog.get_by_label("Reason for deleting (kept in the audit log):").fill("Rude")
    dialog.get_by_role("button", name="Delete").click()

    expect(bodies(alice_page)).to_have_text([DELETED])
    assert alice_page.evaluate("window.__sameDocument") is True  # no reload
    assert prompts == []
    expect(message.locator(".chat-body")).to_have_text(
        f"Something I should not have said ({DELETED})"
    )


def test_the_arabic_room_is_right_to_left_and_works_with_the_keyboard(
    browser_context, enter_room, welcome, participant
):
    page = enter_room(browser_context(language="ar"), participant.username)

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")

    composer = page.get_by_label(in_language(page, "Your message"))
    expect(composer).to_be_focused()  # on arrival
    page.locator("#messages").focus()
    page.keyboard.press("Tab")  # the log's one message stop (none yet), then the box
    expect(composer).to_be_focused()
    page.keyboard.type("مرحبا من القاهرة")
    page.keyboard.press("Enter")

    expect(bodies(page)).to_have_text(["مرحبا من القاهرة"])
    expect(composer).to_have_value("")
    expect(composer).to_be_focused()
    screenshot(page, "room-arabic")


@pytest.fixture
def long_history(welcome, moderator) -> list[str]:
    """Sixty messages in `welcome`, one every ten seconds an hour ago (under the rate limit).

    Ask for it before `browser_context`: it must be made before Playwright's loop runs (see
    tests/browser.py), since the service's broadcast after commit uses async_to_sync.
    """
    start = timezone.now() - dt.timedelta(hours=1)
    lines = [f"Message {number}" for number in range(1, 61)]
    for number, body in enumerate(lines, start=1):
        services.post_message(
            welcome,
            author=moderator,
            body=body,
            client_id=f"history-{number}",
            now=start + dt.timedelta(seconds=10 * number),
        )
    return lines


def test_older_messages_load_on_request(long_history, browser_context, enter_room, participant):
    page = enter_room(browser_context(), participant.username)
    expect(bodies(page)).to_have_text(long_history[-50:])
    older = page.get_by_role("button", name="Load older messages")

    older.click()

    expect(bodies(page)).to_have_text(long_history)
    assert seqs(page) == list(range(1, 61))
    expect(older).to_be_hidden()
