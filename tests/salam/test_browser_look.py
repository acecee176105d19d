"""How every page looks and behaves in a real browser (Chromium against daphne): the phone menu,
the header's links by role, the confirmation dialog, the success messages, the schedule's list
view, the skip link, and axe-core on every main page in English and Arabic, at 390 px and in dark
mode. With SALAM_SCREENSHOTS=<folder> each page is also kept as a picture to look at."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from events.models import Event, Occurrence
from salam.forum.models import Thread
from salam.journal.models import Article
from salam.library.models import Resource
from salam.moderation.models import BlockedTerm
from salam.people import services as people_services
from salam.people.models import Profile
from salam.people.roles import Role
from tests.a11y import violations
from tests.rooms.chat.test_browser import in_language, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, LocatorAssertions, Page

# `frontend`: what the pages look like and how they read (axe, overflow, the menu) does not
# change with the database, so CI runs these once, in its embedded pass (.ci/run).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.frontend,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FITS = "document.documentElement.scrollWidth <= innerWidth"


def expect(target: Locator | Page) -> LocatorAssertions:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def main_pages() -> dict[str | None, list[str]]:
    """Every main page, by who opens it (None: signed out)."""
    event = Event.objects.filter(tracks__isnull=False).distinct().first()
    assert event is not None
    resource = Resource.objects.order_by("pk").first()
    article = Article.objects.filter(status="published").order_by("pk").first()
    thread = Thread.objects.order_by("pk").first()
    assert resource and article and thread
    return {
        None: ["/accounts/login/", "/accounts/signup/"],
        "organiser": ["/rooms/rounds/"],
        "moderator": ["/moderation/"],
        "amina": [
            "/",
            "/rooms/",
            "/rooms/welcome/",
            "/rooms/pairing/",
            "/events/",
            f"/events/{event.slug}/",
            "/events/agenda/",
            "/library/",
            resource.get_absolute_url(),
            "/journal/",
            article.get_absolute_url(),
            "/forum/",
            thread.get_absolute_url(),
            "/search/?q=migration",
            "/people/amina/",
            "/people/me/edit/",
            "/notices/",
        ],
    }


def open_as(
    browser_context: Callable[..., BrowserContext],
    log_in: Callable,
    password: str,
    username: str | None,
    *,
    language: str = "en",
    viewport: dict[str, int] = DESKTOP,
    scheme: str = "light",
) -> Page:
    page = browser_context(language=language).new_page()
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    if username:
        log_in(page, username, password)
    return page


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    page.wait_for_load_state("load")
    if path.startswith("/rooms/welcome/"):  # the room's messages come over its socket
        expect(page.locator("#messages .chat-message").first).to_be_visible()


@pytest.mark.parametrize(
    ("language", "width", "scheme"),
    [
        ("en", 1280, "light"),
        ("ar", 1280, "light"),
        ("en", 390, "light"),
        ("ar", 390, "light"),
        ("en", 390, "dark"),
        ("ar", 1280, "dark"),
    ],
)
def test_every_main_page_has_no_serious_axe_violation_and_fits_the_screen(
    browser_context, demo_site, log_in: Callable, password: str, language, width, scheme
):
    found: dict[str, list] = {}
    overflowing: dict[str, list[int]] = {}
    for username, paths in main_pages().items():
        page = open_as(
            browser_context,
            log_in,
            password,
            username,
            language=language,
            viewport={"width": width, "height": 900},
            scheme=scheme,
        )
        for path in paths:
            visit(page, path)
            assert page.locator("html").get_attribute("lang") == language
            found[path] = violations(page)
            if not page.evaluate(FITS):
                overflowing[path] = page.evaluate(
                    "[document.documentElement.scrollWidth, innerWidth]"
                )
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            screenshot(page, f"{language}-{width}-{scheme}-{name}")
        page.context.close()
    assert len(found) == 21
    assert {path: v for path, v in found.items() if v} == {}
    assert overflowing == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_header_is_a_menu_that_opens_navigates_and_closes(
    browser_context, demo_site, log_in: Callable, password: str, language
):
    page = open_as(browser_context, log_in, password, "amina", language=language, viewport=PHONE)
    visit(page, "/")
    button = page.locator("#menu-toggle")
    forum = page.locator(".main-nav").get_by_role("link", name=in_language(page, "Forum"))
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(forum).to_be_hidden()
    assert page.evaluate(FITS)

    button.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard opens it
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(forum).to_be_visible()
    menu = page.locator("#site-menu").bounding_box()
    assert menu is not None and menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE["width"]
    assert page.evaluate(FITS)  # in Arabic too: nothing hangs off the left
    screenshot(page, f"menu-open-{language}")

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(forum).to_be_hidden()
    expect(button).to_be_focused()

    button.click()
    forum.click()
    expect(page).to_have_url(re.compile(r"/forum/$"))
    expect(page.locator("#menu-toggle")).to_have_attribute("aria-expanded", "false")


def test_on_a_wide_screen_the_links_show_without_a_menu(
    browser_context, demo_site, log_in: Callable, password: str
):
    page = open_as(browser_context, log_in, password, "amina")
    visit(page, "/")
    expect(page.locator("#menu-toggle")).to_be_hidden()
    expect(page.locator(".main-nav").get_by_role("link", name="Search")).to_be_visible()


def test_the_header_links_what_each_person_may_use(
    browser_context, demo_site, log_in: Callable, password: str
):
    from django.contrib.auth import get_user_model

    people_services.grant_role(get_user_model().objects.get(username="nadia"), Role.EDITOR)
    seen = {}
    for username in ["moderator", "organiser", "nadia", "amina"]:
        page = open_as(browser_context, log_in, password, username, viewport=PHONE)
        visit(page, "/")
        page.locator("#menu-toggle").click()
        links = page.locator("#site-header [data-nav]")
        expect(links.first).to_be_visible()
        seen[username] = links.evaluate_all("links => links.map(l => l.dataset.nav)")
        if username == "nadia":
            page.get_by_role("link", name="Editorial desk").click()
            expect(page.locator("#desk")).to_be_visible()
        page.context.close()
    assert seen == {
        "moderator": ["moderation", "notices"],
        "organiser": ["rounds", "desk", "notices"],  # the demo makes the organiser an editor too
        "nadia": ["desk", "notices"],
        "amina": ["notices"],
    }


@pytest.fixture
def blocked_term(demo_site) -> BlockedTerm:
    from django.contrib.auth import get_user_model

    from salam.moderation import services

    moderator = get_user_model().objects.get(username="moderator")
    return services.add_blocked_term(actor=moderator, context="", term="spamword", mode="refuse")


def test_a_destructive_action_asks_first_cancel_keeps_and_confirm_does_it_and_says_so(
    browser_context, blocked_term, log_in: Callable, password: str
):
    page = open_as(browser_context, log_in, password, "moderator")
    visit(page, "/moderation/")
    remove = page.locator(f"form[action='/moderation/terms/{blocked_term.pk}/remove/'] button")
    dialog = page.locator("#confirm-dialog")
    expect(remove).to_have_class(re.compile(r"btn-danger"))

    remove.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Stop blocking “spamword”?")
    expect(page.get_by_role("dialog")).to_be_visible()
    screenshot(page, "confirm-dialog")
    dialog.get_by_role("button", name="Go back").click()
    expect(dialog).to_be_hidden()
    expect(remove).to_be_focused()
    assert BlockedTerm.objects.filter(pk=blocked_term.pk).exists()

    remove.click()
    page.keyboard.press("Escape")  # Escape is "go back" too
    expect(dialog).to_be_hidden()
    assert BlockedTerm.objects.filter(pk=blocked_term.pk).exists()

    remove.click()
    dialog.get_by_role("button", name="Remove").click()
    expect(page.locator(".messages .message.success")).to_have_text(
        "The term is no longer blocked."
    )
    assert not BlockedTerm.objects.filter(pk=blocked_term.pk).exists()


def test_without_javascript_a_destructive_form_is_a_plain_submit(
    chromium: Browser, site, blocked_term, log_in: Callable, password: str
):
    context = chromium.new_context(base_url=site.url(""), java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=login]", "moderator")
        page.fill("input[name=password]", password)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
        visit(page, "/moderation/")
        page.locator(f"form[action='/moderation/terms/{blocked_term.pk}/remove/'] button").click()
        expect(page.locator(".messages")).to_contain_text("The term is no longer blocked.")
        assert not BlockedTerm.objects.filter(pk=blocked_term.pk).exists()
    finally:
        context.close()


def test_a_success_message_follows_an_action(
    browser_context, demo_site, log_in: Callable, password: str
):
    page = open_as(browser_context, log_in, password, "amina", viewport=PHONE)
    thread = Thread.objects.order_by("pk").first()
    assert thread is not None
    visit(page, thread.get_absolute_url())
    page.get_by_role("button", name="Follow this thread").click()
    message = page.locator(".messages .message.success")
    expect(message).to_have_text("You follow this thread: replies will be in your notices.")
    expect(page.locator(".messages")).to_have_attribute("role", "status")
    assert page.evaluate(FITS)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_schedule_is_a_list_on_a_phone_and_a_grid_on_a_wide_screen(
    browser_context, demo_site, log_in: Callable, password: str, language
):
    event = Event.objects.filter(spaces__isnull=False).distinct().first()
    assert event is not None
    occurrences = Occurrence.objects.filter(session__event=event, cancelled_at__isnull=True)
    phone = open_as(browser_context, log_in, password, "amina", language=language, viewport=PHONE)
    visit(phone, f"/events/{event.slug}/")
    expect(phone.locator(".events-list-view").first).to_be_visible()
    expect(phone.locator(".events-grid-wrap").first).to_be_hidden()
    # every session of every space is on the screen, none in a sideways scroll
    assert phone.locator(".events-list-view .events-session:visible").count() == (
        phone.locator(".events-grid .events-session").count()
    )
    assert phone.locator(".events-list-view .events-session").count() >= min(occurrences.count(), 1)
    assert phone.evaluate(FITS)
    screenshot(phone, f"schedule-phone-{language}")
    phone.get_by_role("link", name=in_language(phone, "Grid by space")).click()
    expect(phone.locator(".events-grid-wrap").first).to_be_visible()
    expect(phone.locator(".events-list-view").first).to_be_hidden()

    wide = open_as(browser_context, log_in, password, "amina", language=language)
    visit(wide, f"/events/{event.slug}/")
    expect(wide.locator(".events-grid-wrap").first).to_be_visible()
    expect(wide.locator(".events-list-view").first).to_be_hidden()
    wide.get_by_role("link", name=in_language(wide, "List")).click()
    expect(wide.locator(".events-list-view").first).to_be_visible()
    expect(wide.locator(".events-space").first).to_be_visible()  # the space, once a column


def test_the_skip_link_reaches_the_message_box_and_main_content_elsewhere(
    browser_context, demo_site, log_in: Callable, password: str
):
    page = open_as(browser_context, log_in, password, "amina")
    visit(page, "/rooms/welcome/")
    expect(page.locator("#message-input")).to_be_focused()  # the room's box has focus on arrival
    # the skip link is the page's first stop; from there Enter reaches the box
    first_stop = "document.querySelector('a[href], button, input, select, textarea')"
    assert page.evaluate(f"{first_stop}.classList.contains('skip-link')")
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#message-input")).to_be_focused()
    visit(page, "/forum/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_dark_mode_follows_the_system(browser_context, demo_site, log_in, password):
    light = open_as(browser_context, log_in, password, "amina")
    dark = open_as(browser_context, log_in, password, "amina", scheme="dark")
    backgrounds = []
    for page in (light, dark):
        visit(page, "/")
        backgrounds.append(
            page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        )
        assert violations(page) == []
    assert backgrounds == ["rgb(251, 250, 247)", "rgb(18, 22, 30)"]


def test_a_person_is_shown_with_their_avatar(browser_context, demo_site, log_in, password):
    page = open_as(browser_context, log_in, password, "amina")
    visit(page, "/people/amina/")
    expect(page.locator(".profile-head .avatar")).to_have_text("A")
    thread = Thread.objects.order_by("pk").first()
    assert thread is not None
    visit(page, thread.get_absolute_url())
    expect(page.locator(".post .avatar").first).to_be_visible()
    visit(page, "/rooms/welcome/")
    expect(page.locator("#online li .avatar").first).to_have_text("A")
    assert Profile.objects.get(user__username="amina").avatar == ""
