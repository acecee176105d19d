from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_explains_and_links(client):
    body = client.get("/").content.decode()
    assert '<main id="main"' in body
    assert 'href="/rooms/"' in body
    assert 'href="/events/"' in body
    assert 'dir="ltr"' in body


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("es", "ltr")])
def test_pages_render_in_the_chosen_language_and_direction(client, language, direction):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    body = client.get("/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in body


def test_the_arabic_page_is_right_to_left_from_the_browser_language(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in body


def test_static_files_are_served_by_the_app_itself(client):
    response = client.get("/static/css/salam.css")
    assert response.status_code == 200
