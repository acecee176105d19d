"""The viewer's zone: their profile's, else their browser's cookie; a forged cookie is ignored.
Seen on a real page: the round's start on /rooms/rounds/<id>/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rooms.models import Round
from salam.people.models import Profile, University
from tests.salam.people.conftest import STARTS


@pytest.fixture
def round_page(round_at_eleven_utc):
    return f"/rooms/rounds/{round_at_eleven_utc.pk}/"


def shown(response) -> str:
    html = response.content.decode()
    start = html.index('<time datetime="2030-12-02T11:00:00Z"')
    return html[start : html.index("</time>", start) + 7]


def test_the_browsers_zone_is_used_while_the_profile_names_none(client, make_person, round_page):
    client.force_login(make_person("nadia", time_zone=""))
    client.cookies["tz"] = "America/Sao_Paulo"
    response = client.get(round_page)
    assert shown(response) == (
        '<time datetime="2030-12-02T11:00:00Z" title="America/Sao_Paulo">'
        "Dec. 2, 2030, 08:00 UTC\u22123</time>"
    )
    assert 'data-zone-source="browser"' in response.content.decode()


def test_the_profiles_zone_wins_over_the_browsers(client, make_person, round_page):
    client.force_login(make_person("tokyo", time_zone="Asia/Tokyo"))
    client.cookies["tz"] = "America/Sao_Paulo"
    response = client.get(round_page)
    assert "20:00 JST</time>" in shown(response)
    assert 'data-zone-source="profile"' in response.content.decode()


@pytest.mark.parametrize(
    "forged", ["Mars/Olympus", "../../../etc/passwd", "Europe/Paris;x", "", "A" * 300]
)
def test_a_forged_cookie_is_ignored(client, make_person, round_page, forged):
    client.force_login(make_person("mallory", time_zone=""))
    client.cookies["tz"] = forged
    response = client.get(round_page)
    assert response.status_code == 200
    assert "11:00 UTC</time>" in shown(response)
    assert 'data-zone-source="none"' in response.content.decode()


def test_an_anonymous_visitor_gets_the_browsers_zone(client, db):
    client.cookies["tz"] = "Europe/Paris"
    response = client.get("/")
    assert 'data-zone-source="browser"' in response.content.decode()


def test_no_zone_leaks_into_the_next_request(client, make_person, round_page):
    client.force_login(make_person("tokyo", time_zone="Asia/Tokyo"))
    client.get(round_page)
    assert str(timezone.get_current_timezone()) == "UTC"


def test_a_new_profile_chooses_no_zone_so_the_browsers_counts(make_person):
    person = make_person("fresh", complete=False)
    assert Profile.objects.get(user=person).time_zone == ""


def test_a_sao_paulo_organisers_round_at_eight_starts_at_eleven_utc(client, make_person):
    organiser = make_person("org", role="organiser", time_zone="America/Sao_Paulo")
    uni = University.objects.get(name="Boğaziçi University")
    client.force_login(organiser)
    page = client.get("/rooms/rounds/new/").content.decode()
    assert "Time zone: America/Sao_Paulo (UTC\u22123)" in page
    response = client.post(
        "/rooms/rounds/new/",
        {
            "title": "Morning tea",
            "starts_at": "2030-12-02T08:00",
            "duration_minutes": 45,
            "pool_kind": "university",
            "universities": [uni.pk],
            "mode": "pairs",
            "group_size": 4,
        },
    )
    assert response.status_code == 302
    assert Round.objects.get(title="Morning tea").starts_at == STARTS


def test_an_escaped_cookie_reads_as_its_zone(client, make_person, round_page):
    client.force_login(make_person("nadia", time_zone=""))
    client.cookies["tz"] = "America%2FSao_Paulo"
    assert "08:00 UTC\u22123</time>" in shown(client.get(round_page))


def test_the_agenda_uses_the_browsers_zone_while_the_profile_names_none(client, make_person):
    client.force_login(make_person("nadia", time_zone=""))
    client.cookies["tz"] = "America/Sao_Paulo"
    assert "America/Sao_Paulo" in client.get("/events/agenda/").content.decode()
