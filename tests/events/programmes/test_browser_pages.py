"""The programme pages in a real browser, as their people open them in the demo: the list, a
programme, a member's cohort page and survey, the support directory, and the organiser's report
and cohort page (with the readings' form), in English and Arabic, on a phone and a wide screen:
no serious axe-core violation, nothing wider than the screen. With SALAM_SCREENSHOTS=<folder>
each page is kept as a picture."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.a11y import violations
from tests.rooms.chat.test_browser import screenshot
from tests.salam.conftest import demo_site  # noqa: F401 a fixture, used by name
from tests.salam.test_browser_look import FITS, open_as, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.frontend,
    pytest.mark.django_db(transaction=True),
]

PROGRAMME = "/programmes/across-the-mediterranean/"
PAGES = {
    "amina": [
        "/programmes/",
        PROGRAMME,
        f"{PROGRAMME}cohorts/1/",
        f"{PROGRAMME}survey/before/",
        "/programmes/support/",
    ],
    "organiser": [f"{PROGRAMME}report/", f"{PROGRAMME}cohorts/1/"],  # its readings' form
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ar", 390), ("en", 390)])
def test_the_programme_pages_read_well_everywhere(
    browser_context,
    demo_site,  # noqa: F811 the fixture
    log_in: Callable,
    password: str,
    language,
    width,
):
    found, overflowing = {}, {}
    for username, paths in PAGES.items():
        page = open_as(
            browser_context,
            log_in,
            password,
            username,
            language=language,
            viewport={"width": width, "height": 900},
        )
        for path in paths:
            visit(page, path)
            assert page.locator("html").get_attribute("lang") == language
            found[f"{username} {path}"] = violations(page)
            if not page.evaluate(FITS):
                overflowing[f"{username} {path}"] = page.evaluate(
                    "[document.documentElement.scrollWidth, innerWidth]"
                )
            name = path.strip("/").replace("/", "-") or "home"
            screenshot(page, f"programme-{language}-{width}-{username}-{name}")
    assert {path: v for path, v in found.items() if v} == {}
    assert overflowing == {}
