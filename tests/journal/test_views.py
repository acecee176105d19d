from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from salam.journal import services
from tests.journal.test_services import TEXT, publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def author(make_person):
    return make_person("amina")


@pytest.fixture
def draft(author, secretariat, partner_editor):
    article = services.submit_article(author=author, **TEXT)
    services.assign_reviewer(article, actor=secretariat, reviewer=partner_editor)
    return article


@pytest.fixture
def family(author, secretariat, partner_editor):
    original = publish(author, secretariat, partner_editor)
    arabic = publish(
        author,
        secretariat,
        partner_editor,
        title="ما الذي يقدمه الإرشاد",
        language="ar",
        translation_of=original,
    )
    french = publish(
        author,
        secretariat,
        partner_editor,
        title="Ce que le mentorat apporte",
        language="fr",
        translation_of=original,
    )
    return original, arabic, french


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("author", 200),
        ("partner_editor", 200),
        ("secretariat", 200),
        ("outsider", 404),
        (None, 404),
    ],
)
def test_an_unpublished_article_is_seen_only_by_those_concerned(
    client, request, draft, who, status
):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(draft.get_absolute_url()).status_code == status


def test_the_reviewer_sees_the_review_form_and_the_outsider_cannot_post_it(
    client, draft, partner_editor, outsider
):
    review = draft.reviews.get()
    client.force_login(partner_editor)
    assert "Send the review" in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(outsider)
    url = f"/journal/{draft.slug}/reviews/{review.pk}/"
    response = client.post(url, {"recommendation": "accept", "comments": "x"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.recommendation == ""


def test_the_editor_decides_through_the_page(client, draft, partner_editor, secretariat):
    review = draft.reviews.get()
    client.force_login(partner_editor)
    client.post(
        f"/journal/{draft.slug}/reviews/{review.pk}/",
        {"recommendation": "accept", "comments": "ok"},
    )
    client.force_login(secretariat)
    client.post(f"/journal/{draft.slug}/decide/", {"decision": "accept", "note": ""})
    draft.refresh_from_db()
    assert draft.status == "published"


def test_a_published_article_links_its_translations_and_has_a_citation(client, family):
    original, arabic, french = family
    body = client.get(original.get_absolute_url()).content.decode()
    assert f'href="{arabic.get_absolute_url()}" hreflang="ar"' in body
    assert f'href="{french.get_absolute_url()}" hreflang="fr"' in body
    year = original.published_at.year
    assert (
        f"Amina ({year}). Mentoring newcomers into work. Salam Journal of Migration and "
        f"Integration [en]. http://testserver/journal/{original.slug}/"
    ) in body
    assert "<h2>Why</h2>" in body


def test_translations_show_side_by_side(client, family):
    _, arabic, _ = family
    response = client.get(f"/journal/{arabic.slug}/with/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index('lang="ar"', body.index("side-by-side")) < body.index(
        'lang="en"', body.index("side-by-side")
    )
    assert client.get(f"/journal/{arabic.slug}/with/es/").status_code == 404


def test_the_atom_feed_per_language_is_valid_and_lists_that_language_only(client, family):
    _, arabic, _ = family
    response = client.get("/journal/feed/ar/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(  # noqa: S314 our own feed
        response.content
    )
    assert feed.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [arabic.title]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{arabic.get_absolute_url()}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Amina"
    for required in ("id", "updated", "summary"):
        assert entry.find(f"{ATOM}{required}") is not None


def test_feeds_list_published_articles_only_and_refuse_unknown_languages(client, draft):
    feed = ET.fromstring(  # noqa: S314 our own feed
        client.get("/journal/feed/en/").content
    )
    assert feed.findall(f"{ATOM}entry") == []
    assert client.get("/journal/feed/klingon/").status_code == 404
