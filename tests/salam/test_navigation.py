"""The header links what each person may use, from the permission helpers, on every page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from salam.people import services
from salam.people.roles import Role

pytestmark = pytest.mark.django_db

WORK_LINKS = re.compile(r'data-nav="(\w+)"')


def header_links(client, path: str = "/") -> list[str]:
    html = client.get(path).content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    return WORK_LINKS.findall(header)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PARTICIPANT, ["notices"]),
        (Role.MODERATOR, ["moderation", "notices"]),
        (Role.ORGANISER, ["rounds", "notices"]),
        (Role.EDITOR, ["desk", "notices"]),
    ],
)
def test_each_role_sees_the_links_of_what_it_may_use(client, make_person, role, expected):
    client.force_login(make_person("someone", role=role))
    assert header_links(client) == expected
    assert header_links(client, "/forum/") == expected  # every page, not the home page alone


def test_a_stranger_sees_no_work_links_and_no_notices(client):
    assert header_links(client) == []
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and 'href="/accounts/signup/"' in html


def test_each_link_leads_to_a_page_the_person_may_open(client, make_person):
    for role, path in [
        (Role.MODERATOR, "/moderation/"),
        (Role.ORGANISER, "/rooms/rounds/"),
        (Role.EDITOR, "/journal/"),
    ]:
        client.force_login(make_person(f"p{role}", role=role))
        assert client.get(path).status_code == 200, (role, path)
    # the editorial desk's anchor is on the journal page for an editor
    assert 'id="desk"' in client.get("/journal/").content.decode()


def test_a_person_whose_role_was_taken_away_loses_the_link(client, make_person):
    person = make_person("former", role=Role.MODERATOR)
    client.force_login(person)
    assert "moderation" in header_links(client)
    services.revoke_role(person, Role.MODERATOR)
    client.force_login(get_user_model().objects.get(pk=person.pk))
    assert header_links(client) == ["notices"]
    assert client.get("/moderation/").status_code == 403


def test_a_room_moderator_sees_the_dashboard_they_may_use(client, make_person):
    from rooms.chat.models import Membership, Room

    person = make_person("roommod")
    room = Room.objects.create(slug="corner", title="Corner")
    Membership.objects.create(room=room, user=person, role=Membership.Role.MODERATOR)
    client.force_login(person)
    assert header_links(client) == ["moderation", "notices"]
    assert client.get("/moderation/").status_code == 200


def test_the_header_keeps_a_place_for_the_header_tools_and_the_phone_menu(client, participant):
    client.force_login(participant)
    html = client.get("/").content.decode()
    assert 'aria-controls="site-menu"' in html and 'aria-expanded="false"' in html
    assert '<script type="module" src="/static/js/nav.js">' in html
    assert '<script type="module" src="/static/js/confirm.js">' in html
    assert re.search(r"<script(?![^>]*src=)", html) is None  # no inline script
