"""The Atom feed serves whatever is stored: a control character in a title breaks nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from salam.journal.models import Article
from tests.journal.test_services import publish
from tests.salam.core.test_text import CONTROLS

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def article(make_person, secretariat, partner_editor):
    return publish(make_person("amina"), secretariat, partner_editor)


def storable(text: str) -> str:
    """PostgreSQL stores no NUL at all (SQLite does): there, a stored text cannot hold one."""
    return text.replace("\x00", "") if connection.vendor == "postgresql" else text


def entries(client) -> list[ET.Element]:
    response = client.get("/journal/feed/en/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 our own feed
    return feed.findall(f"{ATOM}entry")


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_stored_control_character_is_left_out_of_the_feed(client, article, control):
    Article.objects.filter(pk=article.pk).update(
        title=storable(f"Mentoring{control}works"), abstract=storable(f"What{control}it\ndoes")
    )
    [entry] = entries(client)
    title = entry.find(f"{ATOM}title").text
    summary = entry.find(f"{ATOM}summary").text
    assert title in {"Mentoringworks", "Mentoring works"}
    assert not {c for c in title + summary if c in CONTROLS} - {"\n", "\t"}
    assert "\n" not in title


def test_every_control_at_once_and_a_surrogate_free_title_still_make_a_valid_feed(client, article):
    Article.objects.filter(pk=article.pk).update(title=storable("".join(CONTROLS) + "Title\ufffe"))
    [entry] = entries(client)
    assert entry.find(f"{ATOM}title").text == "Title"
