"""Pairing in a real browser: the pair room's cards, the waiting screen, a round's match link."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from rooms.pairing import services as pairing_services
from salam.people.models import University
from tests.a11y import assert_accessible
from tests.rooms.chat.test_browser import RECORD_SOCKETS, expect, in_language, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ISTANBUL = ("Boğaziçi University", "Istanbul", "TR")
CAIRO = ("Cairo University", "Cairo", "EG")
MARKER = "window.__stayed = 'here'"


@pytest.fixture
def amina(make_person):
    return make_person(
        "amina", university=CAIRO, languages=("ar", "en"), interests=("history", "music")
    )


@pytest.fixture
def lucas(make_person):
    return make_person(
        "lucas", university=ISTANBUL, languages=("en", "tr"), interests=("football", "history")
    )


@pytest.fixture
def farah(make_person):
    return make_person("farah", university=CAIRO, languages=("ar",), interests=("poetry",))


def signed_in(browser_context, log_in, password, username: str, language: str | None = None):
    page = browser_context(language).new_page()
    log_in(page, username, password)
    return page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pair_room_introduces_the_partner(
    amina, lucas, browser_context, log_in, password, language
):
    pairing_services.request_pairing(actor=amina)
    pairing = pairing_services.request_pairing(actor=lucas).pairing
    page = signed_in(browser_context, log_in, password, "amina", language)
    page.goto(pairing.room.get_absolute_url())
    cards = page.locator("#pair-intro .partner-card")
    expect(cards).to_have_count(2)
    partner = cards.first
    expect(partner.locator(".partner-name")).to_contain_text("Lucas")
    expect(partner.locator(".partner-place")).to_have_text("Boğaziçi University, Istanbul")
    expect(partner.locator(".partner-country")).to_contain_text("🇹🇷")
    expect(partner.locator(".tag.shared")).to_contain_text("history")
    expect(partner.locator(".tag:not(.shared)")).to_contain_text("football")
    expect(cards.last).to_have_class("card partner-card is-you")
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(partner.locator(".partner-country")).to_contain_text("تركيا")
        expect(page.locator("#pair-intro-title")).to_contain_text("history")
    else:
        expect(partner.locator(".partner-country")).to_contain_text("Türkiye")
        expect(page.locator("#pair-intro-title")).to_have_text("You both care about history.")
    screenshot(page, f"pair-room-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(page, f"pair-room-{language}-390")


def pairing_page(browser_context, log_in, password, username: str, language=None) -> Page:
    page = signed_in(browser_context, log_in, password, username, language)
    page.add_init_script(RECORD_SOCKETS)  # the sockets this page's own scripts open
    page.goto("/rooms/pairing/")
    expect(page.locator("#pairing")).to_have_attribute("data-connected", "true")
    personal = page.evaluate("window.__sockets.map(s => s.url).filter(u => u.includes('/ws/me/'))")
    assert len(personal) == 1, personal  # the bell's and the pairing's are one socket
    return page


def test_the_waiting_screen_says_who_waits_and_why_nobody_fits(
    amina, farah, lucas, browser_context, log_in, password
):
    first = pairing_page(browser_context, log_in, password, "amina")
    first.evaluate(MARKER)
    first.get_by_role("button", name="Find me a partner now").click()
    expect(first.locator("#pairing-pool")).to_have_text(
        "Nobody else is waiting in your pool right now."
    )
    expect(first.locator("#pairing-looking")).to_contain_text("(Arabic, English)")
    expect(first.locator("#pairing-until")).to_be_visible()
    expect(first.locator("#pairing-expiry")).to_contain_text("Your request lasts ten minutes.")
    assert_accessible(first)

    second = pairing_page(browser_context, log_in, password, "farah", "ar")
    second.get_by_role("button", name=in_language(second, "Find me a partner now")).click()
    expect(second.locator("#pairing-pool")).to_have_text(
        in_language(second, "1 other person is waiting in your pool.")
    )
    expect(second.locator("#pairing-reason")).to_contain_text(
        in_language(second, "everyone else in your pool is from your university")
    )
    # the first person's screen changed in place: one other waits now, from the same university
    expect(first.locator("#pairing-pool")).to_have_text("1 other person is waiting in your pool.")
    expect(first.locator("#pairing-reason")).to_have_text(
        "Nobody waiting is your partner yet: everyone else in your pool is from your university."
    )
    assert first.evaluate("window.__stayed") == "here"
    assert_accessible(second)
    screenshot(second, "pairing-waiting-ar")

    # lucas comes: he and amina are paired; farah is told why not her
    third = pairing_page(browser_context, log_in, password, "lucas")
    third.get_by_role("button", name="Find me a partner now").click()
    first.wait_for_url(re.compile(r"/rooms/pair-"))
    # lucas shares no language with farah, amina her university: the deeper rule is named
    reason = in_language(second, "everyone else in your pool is from your university")
    told = in_language(second, "Others were just paired; you were not, because %(reason)s.")
    expect(second.locator("#pairing-reason")).to_have_text(told % {"reason": reason})
    expect(second.locator("#pairing-pool")).to_have_text(
        in_language(second, "Nobody else is waiting in your pool right now.")
    )
    second.set_viewport_size({"width": 390, "height": 844})
    assert second.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(second, "pairing-told-why-ar-390")


def test_a_round_page_shows_the_match_link_as_the_round_starts(
    amina, lucas, organiser, browser_context, log_in, password
):
    round_ = pairing_services.create_round(
        actor=organiser,
        title="Autumn round",
        starts_at=timezone.now() + dt.timedelta(hours=1),
        duration_minutes=45,
        pool_kind="university",
        universities=list(University.objects.all()),
        city=None,
        mode="pairs",
        group_size=4,
        facilitators=[],
    )
    for person in (amina, lucas):
        pairing_services.sign_up(round_, actor=person)
    page = signed_in(browser_context, log_in, password, "amina")
    page.goto(round_.get_absolute_url())
    expect(page.locator("#round")).to_have_attribute("data-connected", "true")
    expect(page.locator("#my-match")).to_be_hidden()
    expect(page.locator("#round-wait")).to_be_visible()
    assert_accessible(page)
    page.evaluate(MARKER)

    organising = signed_in(browser_context, log_in, password, organiser.username)
    organising.goto(round_.get_absolute_url())
    assert_accessible(organising)
    organising.get_by_role("button", name="Start now").click()
    expect(organising.locator("#round-matches")).to_contain_text("Amina, Lucas")
    expect(organising.locator("#figures-mean")).to_contain_text("—")
    screenshot(organising, "round-organiser")

    expect(page.locator("#my-match")).to_be_visible()
    expect(page.locator("#my-match-names")).to_have_text("Lucas")
    link = page.get_by_role("link", name="Go to your room")
    expect(link).to_have_attribute("href", round_.pairings.get().room.get_absolute_url())
    assert page.evaluate("window.__stayed") == "here"  # no reload
    screenshot(page, "round-match")
    page.reload()
    expect(page.get_by_role("link", name="Go to your room")).to_be_visible()
    link.click()
    expect(page.locator("#pair-intro")).to_be_visible()
