"""Filters and searches read their text through `text_param`: a NUL or another control
character in any of their query parameters answers a normal page, never a 500."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest

from events import services as events_services
from salam.forum import services as forum_services
from salam.forum.models import Category
from salam.people.roles import Role

pytestmark = pytest.mark.django_db

SAMPLES = ["\x00", "\x01", "\n", "\r", "\x1f", "\x7f", "\x85", "\x9f", "".join(map(chr, range(32)))]
IDS = ["nul", "soh", "lf", "cr", "us", "del", "nel", "apc", "every-c0"]

# (who is signed in, the page, its text parameters)
PAGES = [
    (None, "/search/", ["q", "kind", "language", "page"]),
    (None, "/library/resources/", ["q", "kind", "area", "region", "language", "organisation"]),
    (None, "/library/resources/", ["sort", "page", "per_page"]),
    (None, "/library/practices/", ["area", "page"]),
    (None, "/journal/", ["language"]),
    ("participant", "/journal/submit/", ["translation_of"]),
    ("moderator", "/moderation/", ["room", "person", "page"]),
    (None, "/events/forum/", ["track", "language", "kind", "tz"]),
    (None, "/forum/c/general/", ["page", "per_page"]),
    (None, "/forum/t/hello/", ["quote", "page", "per_page"]),
]
CASES = [(who, path, name) for who, path, names in PAGES for name in names]


@pytest.fixture
def content(make_person, organiser):
    author = make_person("amina")
    category = Category.objects.create(slug="general", name="General")
    forum_services.start_thread(category, author=author, title="Hello", body="First post")
    event = events_services.create_event(
        actor=organiser,
        title="Forum",
        slug="forum",
        city="Rio",
        time_zone="America/Sao_Paulo",
        start_date=date(2030, 6, 10),
        end_date=date(2030, 6, 11),
        partners=[],
    )
    events_services.publish_schedule(event, actor=organiser)


@pytest.fixture
def sign_in(client, make_person):
    def sign(who: str | None) -> None:
        if who == "moderator":
            client.force_login(make_person("mod", role=Role.MODERATOR))
        elif who == "participant":
            client.force_login(make_person("lucas"))

    return sign


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
@pytest.mark.parametrize(("who", "path", "name"), CASES, ids=[f"{p}{n}" for _, p, n in CASES])
def test_a_control_character_in_a_parameter_answers_a_page(
    client, content, sign_in, who, path, name, sample
):
    sign_in(who)
    response = client.get(f"{path}?{urlencode({name: f'x{sample}y'})}")
    assert response.status_code == 200, (path, name)
    page = response.content.decode()
    assert "\x00" not in page
    for control in set(sample) - {"\n", "\r"}:
        assert control not in page, (path, name, hex(ord(control)))


def test_nul_in_a_search_still_searches_for_the_rest(client, content):
    response = client.get("/search/?q=Hel%00lo")
    assert response.status_code == 200
    assert response.context["results"] is not None


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_a_kind_with_a_control_character_is_read_as_that_kind(client, content, sample):
    response = client.get(f"/search/?{urlencode({'kind': f'thread{sample}'})}&q=hello")
    assert response.status_code == 200
    assert response.context["selected_kinds"] == ["thread"]
