"""The conversation in a real browser (tests/browser.py): the connection's true state, refused
messages kept with Retry, day separators in English and Arabic, edits and deletions seen live,
replies, mentions, reactions, the moderator's mute from the message menu and ban from the
online list, the menu with the
keyboard alone, and axe-core on the room page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from rooms.chat import services
from rooms.models import Membership
from salam.notices.models import Notice
from tests.a11y import assert_accessible
from tests.rooms.chat import test_browser as room_browser
from tests.rooms.chat.test_browser import bodies, expect, in_language, say, screenshot

enter_room = room_browser.enter_room  # the fixture, shared

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OFFLINE = "Offline: your messages will be sent when you are back."


def actions_of(page, text: str):
    """The actions button of the message that says `text`."""
    message = page.locator(".chat-message", has_text=text)
    return message.locator(".menu-button")


@pytest.fixture
def bob(make_person, welcome):
    person = make_person("bob")
    services.add_member(welcome, user=person)
    return person


def test_offline_is_told_at_once_and_a_message_sent_meanwhile_waits_then_goes(
    browser_context, enter_room, welcome, participant, bob
):
    alice_context = browser_context()
    alice_page = enter_room(alice_context, participant.username)
    bob_page = enter_room(browser_context(), bob.username)

    alice_context.set_offline(True)
    expect(alice_page.locator("#connection-status")).to_have_text(OFFLINE)
    say(alice_page, "Sent from the tunnel")
    expect(alice_page.locator(".chat-message.pending")).to_contain_text("waiting")
    screenshot(alice_page, "room-offline")

    alice_context.set_offline(False)
    expect(alice_page.locator("#connection-status")).to_have_text("Connected")
    expect(bodies(bob_page)).to_have_text(["Sent from the tunnel"])
    expect(bodies(alice_page)).to_have_text(["Sent from the tunnel"])
    expect(alice_page.locator(".chat-message.pending")).to_have_count(0)


def test_a_heartbeat_without_answer_turns_the_status_offline(
    browser_context, enter_room, welcome, participant
):
    context = browser_context()
    # A socket whose pings get no pong, as when the network silently drops: within 30 s.
    context.add_init_script(
        """(() => { const Native = window.WebSocket;
        window.WebSocket = class extends Native {
          send(data) { if (!String(data).includes('"ping"')) super.send(data); }
        }; })();"""
    )
    page = enter_room(context, participant.username)
    expect(page.locator("#connection-status")).to_have_text(OFFLINE, timeout=32_000)


@pytest.fixture
def strict_rate(monkeypatch):
    """Two messages in 5 s: asked for before the site, whose daphne reads the environment."""
    monkeypatch.setenv("ROOMS_RATE_LIMIT_MESSAGES", "2")


def test_a_rate_limited_message_keeps_its_text_with_the_reason_and_retry(
    strict_rate, browser_context, enter_room, welcome, participant
):
    page = enter_room(browser_context(), participant.username)
    for body in ("one", "two", "three, too fast"):
        say(page, body)
    refused = page.locator(".chat-message.failed")
    expect(refused).to_contain_text("three, too fast")
    expect(refused).to_contain_text(re.compile(r"Slow down: you can send again in \d+ s"))
    screenshot(page, "room-refused")
    page.wait_for_timeout(5_500)  # the rate window passes (5 s)
    refused.get_by_role("button", name="Retry").click()
    expect(bodies(page)).to_have_text(["one", "two", "three, too fast"])
    expect(page.locator(".chat-message.failed")).to_have_count(0)


@pytest.fixture
def days_of_history(welcome, moderator):
    """Messages three days ago, yesterday and today (made before Playwright's loop runs)."""
    now = timezone.now()
    for number, when in enumerate(
        (now - dt.timedelta(days=3), now - dt.timedelta(days=1), now - dt.timedelta(minutes=1))
    ):
        services.post_message(
            welcome, author=moderator, body=f"day {number}", client_id=f"d{number}", now=when
        )


@pytest.mark.parametrize(
    ("language", "yesterday", "today"), [("en", "Yesterday", "Today"), ("ar", "أمس", "اليوم")]
)
def test_day_separators_and_times_follow_the_readers_language(
    days_of_history, browser_context, enter_room, participant, language, yesterday, today
):
    page = enter_room(browser_context(language=language), participant.username)
    separators = page.locator(".day-separator")
    expect(separators).to_have_count(3)
    labels = separators.all_text_contents()
    assert labels[1:] == [yesterday, today]
    expected_day = page.evaluate(
        """lang => { const d = new Date(document.querySelector('.chat-message').dataset.sentAt);
        return new Intl.DateTimeFormat(lang, {weekday: 'long', day: 'numeric', month: 'long',
        year: 'numeric'}).format(d); }""",
        language,
    )
    assert labels[0] == expected_day
    time_text = page.locator(".chat-message time").first.text_content()
    if language == "ar":
        # The locale's own words and digits (this Chromium's Arabic writes Latin digits and
        # the Arabic day period, "1:03 م"): never the English "AM"/"PM".
        assert re.search("[مص]", time_text), time_text
        assert "AM" not in time_text and "PM" not in time_text
    full = page.locator(".chat-message time").first.get_attribute("title")
    assert full and len(full) > len(time_text)
    screenshot(page, f"room-days-{language}")


def test_an_edit_and_a_deletion_of_ones_own_message_are_seen_live(
    browser_context, enter_room, welcome, participant, bob
):
    alice_page = enter_room(browser_context(), participant.username)
    bob_page = enter_room(browser_context(), bob.username)
    say(alice_page, "See you at 5")
    expect(bodies(bob_page)).to_have_text(["See you at 5"])

    actions_of(alice_page, "See you at 5").click()
    alice_page.get_by_role("menuitem", name="Edit").click()
    composer = alice_page.get_by_label("Your message")
    expect(composer).to_have_value("See you at 5")
    composer.fill("See you at 6")
    composer.press("Enter")
    expect(bodies(bob_page)).to_have_text(["See you at 6"])
    expect(bob_page.locator(".chat-message .edited")).to_have_text(" (edited)")

    actions_of(alice_page, "See you at 6").click()
    alice_page.get_by_role("menuitem", name="Delete").click()
    alice_page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(bodies(bob_page)).to_have_text(["This message was deleted."])
    expect(bodies(alice_page)).to_have_text(["This message was deleted."])


@pytest.fixture
def answered_long_ago(welcome, moderator, bob):
    """Sixty messages, then bob's answer to the first (beyond the page of fifty)."""
    start = timezone.now() - dt.timedelta(hours=1)
    for number in range(1, 61):
        services.post_message(
            welcome,
            author=moderator,
            body=f"Message {number}",
            client_id=f"h-{number}",
            now=start + dt.timedelta(seconds=10 * number),
        )
    services.post_message(welcome, author=bob, body="About that", client_id="r-1", reply_to=1)


def test_a_reply_quote_jumps_to_its_original_loading_history(
    answered_long_ago, browser_context, enter_room, participant
):
    page = enter_room(browser_context(), participant.username)
    expect(page.locator("#m1")).to_have_count(0)
    quote = page.locator(".chat-message", has_text="About that").locator(".quote")
    expect(quote).to_contain_text("Message 1")
    quote.click()
    original = page.locator("#m1")
    expect(original).to_be_in_viewport()
    expect(original.locator(".menu-button")).to_be_focused()


def test_a_reply_from_the_menu_shows_its_quote(
    browser_context, enter_room, welcome, participant, bob
):
    alice_page = enter_room(browser_context(), participant.username)
    bob_page = enter_room(browser_context(), bob.username)
    say(alice_page, "Who brings the tea?")
    actions_of(bob_page, "Who brings the tea?").click()
    bob_page.get_by_role("menuitem", name="Reply").click()
    expect(bob_page.locator("#compose-context")).to_contain_text("Replying to Alice")
    say(bob_page, "I do")
    answer = alice_page.locator(".chat-message", has_text="I do")
    expect(answer.locator(".quote")).to_contain_text("Alice: Who brings the tea?")


def test_a_mention_completes_and_notifies(browser_context, enter_room, welcome, participant, bob):
    page = enter_room(browser_context(), participant.username)
    composer = page.get_by_label("Your message")
    composer.press_sequentially("Hello @bo")
    option = page.get_by_role("option", name="Bob (@bob)")
    expect(option).to_be_visible()
    composer.press("Enter")  # takes the suggestion, does not send
    expect(composer).to_have_value("Hello @bob ")
    composer.press_sequentially("!")
    composer.press("Enter")
    expect(bodies(page)).to_have_text(["Hello @bob !"])
    expect(page.locator(".mention")).to_have_text("@bob")
    notices = list(Notice.objects.filter(user=bob).values_list("kind", "url"))
    assert notices == [("mention", "/rooms/welcome/#m1")]


def test_a_reaction_is_seen_live(browser_context, enter_room, welcome, participant, bob):
    alice_page = enter_room(browser_context(), participant.username)
    bob_page = enter_room(browser_context(), bob.username)
    say(bob_page, "I passed my exam!")
    actions_of(alice_page, "I passed my exam!").click()
    alice_page.get_by_role("menuitem", name="React with 🎉").click()
    chip = bob_page.locator(".reaction")
    expect(chip).to_have_text("🎉 1")
    expect(chip).to_have_attribute("title", "Alice")


@pytest.fixture
def room_moderator(make_person, welcome):
    person = make_person("roommod")
    services.add_member(welcome, user=person, role=Membership.Role.MODERATOR)
    return person


def test_the_moderator_mutes_from_the_message_menu_after_confirming(
    browser_context, enter_room, welcome, participant, room_moderator
):
    alice_page = enter_room(browser_context(), participant.username)
    mod_page = enter_room(browser_context(), room_moderator.username)
    say(alice_page, "BUY NOW!!!")

    actions_of(mod_page, "BUY NOW!!!").click()
    mod_page.get_by_role("menuitem", name="Mute Alice").click()
    dialog = mod_page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Mute Alice in Welcome?")
    dialog.get_by_label("1 day").check()
    dialog.get_by_label("Reason (optional)").fill("Spam")
    confirm = dialog.get_by_role("button", name="Mute")
    expect(confirm).to_have_class("danger")
    screenshot(mod_page, "room-mute-dialog")
    confirm.click()

    expect(mod_page.locator("#moderation-feedback")).to_have_text("Alice muted for 1 day.")
    banner = alice_page.locator("#you-banner")
    expect(banner).to_contain_text("You are muted until")
    expect(banner).to_contain_text("Reason: Spam")
    expect(alice_page.get_by_label("Your message")).to_be_disabled()
    screenshot(alice_page, "room-muted")
    alice_page.reload()  # the reason is still told after a reload
    expect(banner).to_contain_text("Reason: Spam")
    expect(alice_page.get_by_label("Your message")).to_be_disabled()
    membership = Membership.objects.get(room=welcome, user=participant)
    assert membership.muted_until is not None
    assert abs((membership.muted_until - timezone.now()) - dt.timedelta(days=1)) < dt.timedelta(
        minutes=5
    )


def test_the_moderator_bans_from_the_online_list_after_a_question_naming_person_and_room(
    browser_context, enter_room, welcome, participant, room_moderator
):
    alice_page = enter_room(browser_context(), participant.username)
    mod_page = enter_room(browser_context(), room_moderator.username)
    person = mod_page.locator("#online .person-button", has_text="Alice")
    expect(person).to_have_attribute("aria-haspopup", "menu")
    person.click()
    expect(person).to_have_attribute("aria-expanded", "true")
    mod_page.get_by_role("menuitem", name="Ban Alice").click()
    dialog = mod_page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text(
        "Ban Alice from Welcome? They cannot come back until unbanned."
    )
    dialog.get_by_role("button", name="Cancel").click()  # going back changes nothing
    expect(dialog).to_be_hidden()
    assert not Membership.objects.get(room=welcome, user=participant).banned

    person.click()
    mod_page.get_by_role("menuitem", name="Ban Alice").click()
    dialog.get_by_label("Reason (optional)").fill("Threats")
    confirm = dialog.get_by_role("button", name="Ban")
    expect(confirm).to_have_class("danger")
    confirm.click()
    expect(mod_page.locator("#moderation-feedback")).to_have_text("Alice is banned from Welcome.")
    expect(alice_page.locator("#connection-status")).to_have_text(
        "A moderator banned you from this room. Reason: Threats"
    )
    expect(mod_page.locator("#online .person-button", has_text="Alice")).to_have_count(0)
    assert Membership.objects.get(room=welcome, user=participant).banned


def test_the_message_menu_works_with_the_keyboard_alone(
    browser_context, enter_room, welcome, participant, bob
):
    alice_page = enter_room(browser_context(), participant.username)
    bob_page = enter_room(browser_context(), bob.username)
    for body in ("first", "second"):
        say(alice_page, body)
    expect(bodies(bob_page)).to_have_text(["first", "second"])
    page = bob_page
    composer = page.get_by_label("Your message")
    expect(composer).to_be_focused()
    page.keyboard.press("Shift+Tab")  # the log's one message stop
    first = actions_of(page, "first")
    second = actions_of(page, "second")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    page.keyboard.press("Enter")
    expect(second).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("menuitem", name="Reply")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # past the first emoji
    page.keyboard.press("Escape")
    expect(second).to_be_focused()
    expect(second).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # Reply
    expect(composer).to_be_focused()
    expect(page.locator("#compose-context")).to_contain_text("Replying to Alice")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()


def test_the_room_page_has_no_serious_accessibility_violations(
    browser_context, enter_room, welcome, participant, room_moderator
):
    alice_page = enter_room(browser_context(), participant.username)
    say(alice_page, "Hello, accessible world")
    page = enter_room(browser_context(), room_moderator.username)
    expect(bodies(page)).to_have_text(["Hello, accessible world"])
    assert_accessible(page)
    actions_of(page, "Hello, accessible world").click()
    assert_accessible(page)
    arabic = enter_room(browser_context(language="ar"), participant.username)
    expect(arabic.locator("#connection-status")).to_have_text(in_language(arabic, "Connected"))
    assert_accessible(arabic)
