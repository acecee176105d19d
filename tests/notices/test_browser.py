"""The bell in a real browser (headless Chromium against a real daphne, tests/browser.py): its
count goes up live while a page is open, mark-all-read drops it to 0 in another tab too, the
browser-notification opt-in, and axe on the notices pages."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from salam.forum import services as forum_services
from salam.forum.models import Category, Thread
from salam.notices.services import notify
from tests.a11y import assert_accessible
from tests.browser import screenshot
from tests.notices.text import says

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, LocatorAssertions, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Every browser notification the page shows, recorded beside the real one.
RECORD_NOTIFICATIONS = """
(() => {
  const Native = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Native {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, ...options });
    }
  };
})();
"""
# The tab as the browser reports it when the person is in another tab or app.
HIDDEN_TAB = """
Object.defineProperty(document, "visibilityState", { get: () => "hidden", configurable: true });
Object.defineProperty(document, "hidden", { get: () => true, configurable: true });
"""


def expect(target: Locator | Page) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)  # type: ignore[arg-type]


@pytest.fixture
def thread(make_person) -> Thread:
    """Amina's thread, which she follows; Lucas will reply."""
    amina = make_person("amina")
    make_person("lucas")
    category = Category.objects.create(slug="general", name="General")
    return forum_services.start_thread(
        category, author=amina, title="Housing in Rotterdam", body="Where to look?"
    )


@pytest.fixture
def signed_in(browser_context, log_in: Callable, password: str) -> Callable[..., Page]:
    def open_page(username: str, *, context: BrowserContext | None = None, **kwargs) -> Page:
        page = (context or browser_context(**kwargs)).new_page()
        log_in(page, username, password)
        return page

    return open_page


def reply_as(page: Page, thread: Thread, text: str) -> None:
    page.goto(f"/forum/t/{thread.slug}/")
    form = page.locator(f'form[action="/forum/t/{thread.slug}/reply/"]')
    form.locator("textarea[name=body]").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.get_by_text(text).first).to_be_visible()


def connected(page: Page) -> None:
    """The page's /ws/me/ socket said hello (me.js marks the page)."""
    expect(page.locator("html[data-me=connected]")).to_have_count(1)


def shown_notifications(page: Page, count: int, seconds: float = 15.0) -> list[dict]:
    """The browser notifications the page showed, once there are `count` of them."""
    deadline = time.monotonic() + seconds
    while True:
        shown = page.evaluate("window.__notifications")
        if len(shown) >= count or time.monotonic() > deadline:
            return shown
        time.sleep(0.2)


def test_the_bell_counts_live_and_mark_all_read_reaches_the_other_tab(
    thread, signed_in, browser_context
):
    context = browser_context()
    first = signed_in("amina", context=context)
    first.goto("/events/")
    connected(first)
    badge = first.locator("[data-bell-count]")
    expect(badge).to_be_hidden()
    second = context.new_page()
    second.goto("/library/")
    connected(second)

    reply_as(signed_in("lucas"), thread, "Try the housing union.")
    expect(badge).to_have_text("1")  # no reload: the notice came over /ws/me/
    expect(second.locator("[data-bell-count]")).to_have_text("1")
    expect(first.locator("[data-bell-live]")).to_contain_text("New reply in “Housing in Rotterdam”")

    first.locator("#notice-bell").click()
    panel = first.locator("#notice-panel")
    expect(panel).to_be_visible()
    expect(first.locator("#notice-bell")).to_have_attribute("aria-expanded", "true")
    expect(panel.get_by_role("link", name="New reply in “Housing in Rotterdam”")).to_be_visible()
    screenshot(first, "notices-panel-desktop")
    panel.get_by_role("button", name="Mark all as read").click()
    expect(badge).to_be_hidden()
    expect(second.locator("[data-bell-count]")).to_be_hidden()  # the other tab heard it
    assert second.locator("[data-bell-count]").text_content() == "0"
    first.keyboard.press("Escape")
    expect(panel).to_be_hidden()


def test_a_notice_link_opens_what_it_is_about_and_marks_it_read(thread, signed_in):
    from django.contrib.auth import get_user_model

    amina = get_user_model().objects.get(username="amina")
    notify(
        amina, kind="k", text=says("Read the thread"), url=f"/forum/t/{thread.slug}/", email=False
    )
    page = signed_in("amina")
    page.goto("/notices/")
    expect(page.locator("[data-bell-count]")).to_have_text("1")
    page.get_by_role("link", name="Read the thread").click()
    expect(page).to_have_url(re.compile(rf"/forum/t/{thread.slug}/$"))
    expect(page.locator("[data-bell-count]")).to_be_hidden()


def test_browser_notifications_come_only_after_the_opt_in_while_the_tab_is_hidden(
    thread, signed_in, browser_context
):
    context = browser_context()
    context.grant_permissions(["notifications"])
    context.add_init_script(RECORD_NOTIFICATIONS)
    page = signed_in("amina", context=context)
    page.goto("/notices/preferences/")
    button = page.get_by_role("button", name="Notify me in this browser")
    expect(button).to_be_visible()
    assert page.evaluate("localStorage.getItem('salam.browserNotifications')") is None

    hidden = context.new_page()
    hidden.add_init_script(HIDDEN_TAB)
    hidden.goto("/events/")
    connected(hidden)
    lucas = signed_in("lucas")
    reply_as(lucas, thread, "Not opted in yet, @amina.")
    expect(hidden.locator("[data-bell-count]")).to_have_text("1")
    assert hidden.evaluate("window.__notifications") == []  # asked for nothing yet

    button.click()
    expect(page.get_by_text("This browser shows a notification for matches")).to_be_visible()
    expect(button).to_be_hidden()
    assert page.evaluate("localStorage.getItem('salam.browserNotifications')") == "on"
    screenshot(page, "notices-preferences-opted-in")

    reply_as(lucas, thread, "Now you are, @amina.")
    expect(hidden.locator("[data-bell-count]")).to_have_text("2")
    [shown] = shown_notifications(hidden, 1)
    assert shown["title"] == "Lucas mentioned you in “Housing in Rotterdam”"
    assert shown["body"] == "Now you are, @amina."
    # the tab in view got the same mention and showed it on the page, not as a notification
    expect(page.locator("[data-bell-count]")).to_have_text("2")
    assert page.evaluate("window.__notifications") == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_notices_pages_pass_axe(thread, signed_in, language):
    from django.contrib.auth import get_user_model

    amina = get_user_model().objects.get(username="amina")
    for n in range(3):
        notify(amina, kind="forum.reply", text=says(f"Reply {n}", "Lucas: yes"), email=False)
    page = signed_in("amina", language=language)
    page.goto("/notices/")
    expect(page.locator(".notice-item")).to_have_count(3)
    assert_accessible(page)
    screenshot(page, f"notices-list-{language}")
    page.locator("#notice-bell").click()
    expect(page.locator("#notice-panel .notice-item")).to_have_count(3)
    assert_accessible(page)
    page.goto("/notices/preferences/")
    assert_accessible(page)
    screenshot(page, f"notices-preferences-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/notices/")
    page.locator("#notice-bell").click()
    panel = page.locator("#notice-panel")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, f"notices-panel-390-{language}")
    page.goto("/notices/preferences/")
    screenshot(page, f"notices-preferences-390-{language}")
    form = page.locator(".preferences-form").bounding_box()
    assert form is not None and form["x"] >= 0 and form["x"] + form["width"] <= 390
