"""Events pages in a real browser: the recurrence picker, the Copy button of the webcal
address, and axe on the schedule and a session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from events import services
from events.models import Session
from tests.a11y import assert_accessible
from tests.events.conftest import at

if TYPE_CHECKING:
    from playwright.sync_api import Locator, LocatorAssertions

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def expect(target: Locator) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def test_the_recurrence_picker_shows_what_applies_and_writes_the_rule(
    forum, organiser, browser_context: Callable, log_in: Callable, password
):
    page = browser_context().new_page()
    log_in(page, "org", password)
    page.goto("/events/forum/sessions/new/")
    ends, count, until = (
        page.locator(f'[data-field="{name}"]') for name in ("ends", "count", "until")
    )
    custom = page.locator('[data-field="recurrence"]')
    for hidden in (ends, count, until, custom):
        expect(hidden).to_be_hidden()
    page.fill("input[name=title]", "Language café")
    page.fill("input[name=starts_at]", "2030-06-10T18:00")
    page.fill("input[name=ends_at]", "2030-06-10T19:30")
    page.fill("input[name=capacity]", "12")
    page.select_option("select[name=repeat]", "biweekly")
    expect(ends).to_be_visible()
    expect(count).to_be_hidden()
    page.check("input[name=ends][value=until]")
    expect(until).to_be_visible()
    expect(count).to_be_hidden()
    page.fill("input[name=until]", "2030-06-01")  # before the first date: refused at the field
    page.locator("form.stacked-form button[type=submit]").click()
    expect(until.locator(".errors")).to_have_text("The last date comes after the first session.")
    expect(until).to_be_visible()  # the picker shows the field with the error after the reload
    assert_accessible(page)
    page.check("input[name=ends][value=count]")
    expect(count).to_be_visible()
    page.fill("input[name=count]", "3")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/events/forum/manage/")
    session = Session.objects.get(title="Language café")
    assert session.recurrence == "FREQ=WEEKLY;INTERVAL=2;COUNT=3"
    assert session.occurrences.count() == 3
    # editing shows the picker as chosen
    page.goto(f"/events/forum/sessions/{session.pk}/edit/")
    expect(page.locator("select[name=repeat]")).to_have_value("biweekly")
    expect(page.locator("input[name=count]")).to_have_value("3")
    page.select_option("select[name=repeat]", "custom")
    expect(custom).to_be_visible()
    expect(ends).to_be_hidden()


def test_the_webcal_address_is_copied(participant, browser_context: Callable, log_in, password):
    context = browser_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, "alice", password)
    page.goto("/events/agenda/")
    page.get_by_role("button", name="Make a private calendar address").click()
    address = page.locator("#agenda-feed-url")
    expect(address).to_have_value(
        f"webcal://{page.url.split('://', 1)[1].split('/', 1)[0]}/events/feeds/"
        f"{participant.agenda_feed.token}.ics"
    )
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()
    assert_accessible(page)


def test_the_schedule_and_a_session_are_accessible(
    forum,
    organiser,
    add_session,
    make_person,
    alice_and_mallory,
    browser_context: Callable,
    log_in,
    password,
):
    session = add_session(
        forum, "Language café", at(0, 18), at(0, 19), capacity=1,
        recurrence="FREQ=DAILY;COUNT=2",
    )  # fmt: skip
    services.publish_schedule(forum, actor=organiser)
    services.register(session.occurrences.order_by("starts_at").first(), actor=make_person(),
                      now=BEFORE)  # fmt: skip
    for language in ("en", "ar"):
        page = browser_context(language=language).new_page()
        log_in(page, "alice" if language == "en" else "mallory", password)
        page.goto("/events/forum/")
        assert_accessible(page)
        page.goto(f"/events/forum/sessions/{session.pk}/")
        expect(page.locator("form.events-series button")).to_be_visible()
        assert_accessible(page)


@pytest.fixture
def alice_and_mallory(participant, outsider):
    return participant, outsider
