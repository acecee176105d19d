"""In Chromium: times in the browser's zone with its label, the round form read in the
person's zone, and the searchable language picker by keyboard, in English and Arabic."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rooms.models import Round
from salam.people.models import Profile
from tests.a11y import assert_accessible
from tests.rooms.chat.test_browser import expect, screenshot
from tests.salam.people.conftest import STARTS

if TYPE_CHECKING:
    pass

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SAO_PAULO = "America/Sao_Paulo"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_page_shows_times_in_the_browsers_zone_with_its_label(
    make_person, round_at_eleven_utc, browser_context, log_in, password, language
):
    make_person("nadia", time_zone="")
    page = browser_context(language=language, timezone_id=SAO_PAULO).new_page()
    log_in(page, "nadia", password)
    page.goto(f"/rooms/rounds/{round_at_eleven_utc.pk}/")
    when = page.locator('time[datetime="2030-12-02T11:00:00Z"]')
    expect(when).to_contain_text("08:00 UTC\u22123")
    expect(when).to_have_attribute("title", SAO_PAULO)
    screenshot(page, f"time-round-{language}")


def test_the_round_form_reads_the_time_in_the_persons_zone(
    make_person, browser_context, log_in, password
):
    make_person("org", role="organiser", time_zone="")
    page = browser_context(timezone_id=SAO_PAULO).new_page()
    log_in(page, "org", password)
    page.goto("/rooms/rounds/new/")
    expect(page.locator("#id_starts_at_helptext")).to_contain_text(
        "Time zone: America/Sao_Paulo (UTC\u22123)"
    )
    page.fill("#id_title", "Morning tea")
    page.fill("#id_starts_at", "2030-12-02T08:00")
    page.select_option("#id_pool_kind", "university")
    page.select_option("#id_universities", label="Boğaziçi University (TR)")
    page.locator("main button[type=submit]").click()
    expect(page.locator('time[datetime="2030-12-02T11:00:00Z"]')).to_contain_text("08:00")
    assert Round.objects.get(title="Morning tea").starts_at == STARTS


@pytest.mark.parametrize(
    ("language", "typed", "chip"),
    [("en", "fra", "French"), ("ar", "الفرن", "الفرنسية"), ("ar", "fra", "الفرنسية")],
)
def test_the_language_picker_finds_and_chooses_by_keyboard(
    make_person, browser_context, log_in, password, language, typed, chip
):
    make_person("nadia", languages=("en",), time_zone="")
    page = browser_context(language=language, timezone_id=SAO_PAULO).new_page()
    log_in(page, "nadia", password)
    page.goto("/people/me/edit/")
    search = page.get_by_role("combobox", name="Languages I speak" if language == "en" else None)
    if language != "en":
        search = page.locator("#id_languages-search")
    search.focus()
    page.keyboard.type(typed)
    options = page.locator("#id_languages-listbox").get_by_role("option")
    expect(options.first).to_have_text(chip)
    expect(search).to_have_attribute("aria-expanded", "true")
    screenshot(page, f"time-profile-picker-open-{language}-{typed}")
    page.keyboard.press("Enter")
    expect(page.locator(".multiselect-chosen button").filter(has_text=chip)).to_be_visible()
    expect(page.locator("#id_languages option[value=fr]")).to_have_js_property("selected", True)
    page.keyboard.press("Escape")
    screenshot(page, f"time-profile-picker-{language}-{typed}")
    page.locator("#profile-form button[type=submit]").click()  # not the picture's Upload
    expect(page).not_to_have_url("/people/me/edit/")
    assert Profile.objects.get(user__username="nadia").languages == ["en", "fr"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_profile_form_is_accessible_and_defaults_to_the_browsers_zone(
    make_person, browser_context, log_in, password, language
):
    make_person("fresh", complete=False)
    context = browser_context(language=language, timezone_id=SAO_PAULO)
    page = context.new_page()
    log_in(page, "fresh", password)
    page.goto("/people/me/edit/")
    page.reload()  # the zone cookie is set by the first page
    expect(page.locator("#id_time_zone")).to_have_value(SAO_PAULO)
    # The first language offered, and chosen, is the UI language.
    expect(page.locator("#id_languages option").first).to_have_attribute("value", language)
    # Only the fields of what the person takes part as.
    page.locator('input[name="affiliation"][value="city"]').check()
    expect(page.locator("#id_city")).to_be_visible()
    expect(page.locator("#id_university")).to_be_hidden()
    expect(page.locator("#id_place_name")).to_be_hidden()
    page.locator("#id_not_listed").check()
    expect(page.locator("#id_place_name")).to_be_visible()
    expect(page.locator("#id_place_city")).to_be_hidden()
    assert_accessible(page)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"time-profile-edit-{language}-{width}")


def test_the_profile_shows_language_names_not_codes(make_person, browser_context, log_in, password):
    make_person("nadia", languages=("ar", "fr"))
    page = browser_context(language="fr").new_page()
    log_in(page, "nadia", password)
    page.goto("/people/nadia/")
    expect(page.locator(".facts")).to_contain_text("arabe")
    expect(page.locator(".facts")).to_contain_text("français")
