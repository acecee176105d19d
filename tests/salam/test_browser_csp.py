"""The strict Content-Security-Policy breaks nothing: no page reports a violation in Chromium,
and the room's socket (connect-src 'self', ws://) connects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from events.models import Event

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page: every violation the document reports is kept.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


class Watched:
    """A page whose CSP violations are collected, from the document and from the console."""

    def __init__(self, context: BrowserContext) -> None:
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, path: str) -> list[str]:
        """Open `path`; return the violations it reported (none, we expect)."""
        self.console.clear()
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (path, response)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")
        return self.page.evaluate("window.__violations") + self.console


def test_the_main_pages_report_no_csp_violation(
    browser_context: Callable[..., BrowserContext], demo_site, log_in: Callable, password: str
):
    from playwright.sync_api import expect

    event = Event.objects.filter(tracks__isnull=False).distinct().first()
    session = event.sessions.filter(track__isnull=False).first()
    watched = Watched(browser_context())
    log_in(watched.page, "amina", password)
    pages = [
        "/",
        "/rooms/",
        "/rooms/welcome/",
        "/rooms/pairing/",
        "/events/",
        f"/events/{event.slug}/",
        f"/events/{event.slug}/sessions/{session.pk}/",
        "/events/agenda/",
        "/library/",
        "/library/resources/",
        "/library/practices/",
        "/library/organisations/",
        "/library/rota/",
        "/journal/",
        "/forum/",
        "/search/?q=migration",
        "/notices/",
    ]
    found = {path: watched.visit(path) for path in pages}
    assert found == {path: [] for path in pages}

    # The room's socket is allowed (connect-src 'self' covers ws://) and the track colours
    # are set through the CSSOM (static/js/tracks.js), not an inline style.
    watched.visit("/rooms/welcome/")
    expect(watched.page.locator("#connection-status")).to_have_text("Connected")
    watched.visit(f"/events/{event.slug}/sessions/{session.pk}/")
    colour = watched.page.locator("[data-track-colour]").first.evaluate(
        "e => getComputedStyle(e).getPropertyValue('--track-colour').trim()"
    )
    assert colour == session.track.colour


def test_the_organisers_and_moderators_pages_report_no_csp_violation(
    browser_context: Callable[..., BrowserContext], demo_site, log_in: Callable, password: str
):
    event = Event.objects.filter(tracks__isnull=False).distinct().first()
    found = {}
    for username, pages in [
        ("organiser", [f"/events/{event.slug}/manage/", "/rooms/rounds/"]),
        ("moderator", ["/rooms/moderation/"]),
    ]:
        watched = Watched(browser_context())
        log_in(watched.page, username, password)
        found |= {path: watched.visit(path) for path in pages}
    anonymous = Watched(browser_context())
    found |= {path: anonymous.visit(path) for path in ["/accounts/login/", "/accounts/signup/"]}
    assert found == {path: [] for path in found}
    assert len(found) == 5


def test_a_violation_is_caught(
    browser_context: Callable[..., BrowserContext], demo_site, log_in: Callable, password: str
):
    """The watch itself works: an inline style added to the page is reported."""
    watched = Watched(browser_context())
    assert watched.visit("/") == []
    watched.page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
    )
    watched.page.wait_for_function("window.__violations.length > 0")
    assert "style-src-attr" in watched.page.evaluate("window.__violations")[0]
