"""The notices pages: one's own list, the bell's panel and count, marking read, following a
notice, the preferences page, the unsubscribe link, the manifest and the favicon."""

from __future__ import annotations

import json

import pytest
from django.core import signing

from salam.notices import selectors
from salam.notices.kinds import Delivery
from salam.notices.mails import unsubscribe_url
from salam.notices.models import Notice
from salam.notices.services import notify
from salam.notices.tokens import SALT, unsubscribe_token
from tests.notices.text import says

pytestmark = pytest.mark.django_db


def test_the_list_shows_ones_own_notices_newest_first(client, make_person):
    owner, outsider = make_person("owner"), make_person("outsider")
    notify(owner, kind="k", text=says("First"), email=False)
    notify(owner, kind="k", text=says("Second"), email=False)
    notify(outsider, kind="k", text=says("Not yours"), email=False)
    client.force_login(owner)
    response = client.get("/notices/")
    assert response.status_code == 200
    assert [notice.title for notice in response.context["notices"]] == ["Second", "First"]
    assert "Not yours" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/notices/", "/notices/panel/", "/notices/unread/", "/notices/preferences/"]
)
def test_the_pages_ask_a_stranger_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/notices/read/", "/notices/1/read/"])
def test_marking_read_asks_a_stranger_to_sign_in_and_changes_nothing(client, participant, path):
    notify(participant, kind="k", text=says("Mine"), email=False)
    assert client.post(path).status_code == 302
    assert selectors.unread_count(participant) == 1


def test_mark_all_read_marks_only_ones_own(client, make_person):
    owner, outsider = make_person("owner"), make_person("outsider")
    notify(owner, kind="k", text=says("Yours"), email=False)
    notify(outsider, kind="k", text=says("Theirs"), email=False)
    client.force_login(owner)
    response = client.post("/notices/read/")
    assert response.status_code == 302
    assert Notice.objects.get(user=owner).read_at is not None
    assert Notice.objects.get(user=outsider).read_at is None


def test_mark_all_read_answers_the_bell_in_json(client, participant):
    notify(participant, kind="k", text=says("One"), email=False)
    client.force_login(participant)
    response = client.post("/notices/read/", headers={"Accept": "application/json"})
    assert response.json() == {"changed": 1, "unread": 0}
    assert client.get("/notices/read/").status_code == 405


def test_one_notice_is_marked_read_by_its_owner_only(client, participant, outsider):
    mine = notify(participant, kind="k", text=says("Mine"), email=False)
    notify(participant, kind="k", text=says("Other"), email=False)
    client.force_login(outsider)
    assert client.post(f"/notices/{mine.pk}/read/").status_code == 404
    assert client.get(f"/notices/{mine.pk}/open/").status_code == 404
    client.force_login(participant)
    response = client.post(f"/notices/{mine.pk}/read/", headers={"Accept": "application/json"})
    assert response.json() == {"unread": 1}
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, participant):
    notice = notify(participant, kind="k", text=says("Moved"), url="/events/forum/", email=False)
    away = notify(
        participant, kind="k", text=says("Away"), url="https://evil.example/", email=False
    )
    client.force_login(participant)
    response = client.get(f"/notices/{notice.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/events/forum/")
    assert client.get(f"/notices/{away.pk}/open/")["Location"] == "/notices/"  # never off-site
    assert selectors.unread_count(participant) == 0


def test_every_page_shows_the_bell_with_the_unread_count(client, participant):
    notify(participant, kind="k", text=says("One"), email=False)
    notify(participant, kind="k", text=says("Two"), email=False)
    client.force_login(participant)
    page = client.get("/").content.decode()
    assert "data-bell-count>2</span>" in page
    assert 'href="/notices/"' in page
    assert "js/me.js" in page
    assert 'data-browser-kinds="pairing.matched pairing.paired mention"' in page


def test_a_stranger_sees_no_bell_and_loads_no_socket(client):
    page = client.get("/").content.decode()
    assert "data-notice-bell" not in page
    assert "js/me.js" not in page


def test_the_panel_lists_the_latest_with_their_links(client, participant):
    notice = notify(participant, kind="k", text=says("Lucas replied", "Sure!"), email=False)
    client.force_login(participant)
    response = client.get("/notices/panel/")
    html = response.content.decode()
    assert f'href="/notices/{notice.pk}/open/"' in html
    assert "Lucas replied" in html
    assert "Mark all as read" in html
    assert client.get("/notices/unread/").json() == {"unread": 1}


def test_the_preferences_page_saves_each_kind_and_the_privacy_setting(client, participant):
    client.force_login(participant)
    page = client.get("/notices/preferences/")
    assert page.status_code == 200
    data = {f"kind:{code}": value for code, value in selectors.deliveries_of(participant).items()}
    data["kind:forum.reply"] = "site"
    data["kind:mention"] = "email"
    data["private_email"] = "on"
    response = client.post("/notices/preferences/", data)
    assert response.status_code == 302
    assert selectors.delivery_for(participant, "forum.reply") == Delivery.SITE
    assert selectors.delivery_for(participant, "mention") == Delivery.EMAIL
    assert selectors.settings_of(participant).private_email is True


def test_the_preferences_page_refuses_a_bad_choice_and_changes_nothing(client, participant):
    client.force_login(participant)
    data = {f"kind:{code}": value for code, value in selectors.deliveries_of(participant).items()}
    data["kind:forum.reply"] = "carrier-pigeon"
    data["kind:mention"] = "email"
    response = client.post("/notices/preferences/", data)
    assert response.status_code == 400
    assert "forum.reply" not in selectors.settings_of(participant).deliveries
    assert selectors.delivery_for(participant, "mention") == Delivery.DIGEST


def test_the_unsubscribe_link_works_without_signing_in_for_its_kind_only(client, participant):
    token = unsubscribe_token(participant.pk, "forum.reply")
    page = client.get(f"/notices/unsubscribe/{token}/")
    assert page.status_code == 200
    assert selectors.delivery_for(participant, "forum.reply") == Delivery.DIGEST  # GET: asks
    done = client.post(f"/notices/unsubscribe/{token}/")
    assert done.status_code == 200
    assert "no more emails" in done.content.decode()
    assert selectors.delivery_for(participant, "forum.reply") == Delivery.SITE
    assert selectors.delivery_for(participant, "events.promoted") == Delivery.EMAIL


def test_a_forged_or_altered_unsubscribe_link_is_refused(client, participant):
    token = unsubscribe_token(participant.pk, "forum.reply")
    other_kind = signing.dumps({"u": participant.pk, "k": "mention"}, salt="another salt")
    signature = token.rsplit(":", 1)[1]
    # another kind's payload under this token's signature
    tampered = unsubscribe_token(participant.pk, "mention").rsplit(":", 1)[0] + ":" + signature
    for bad in (other_kind, tampered, "nonsense", token[:-2] + "xx"):
        response = client.post(f"/notices/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
    assert selectors.settings_of(participant).pk is None  # nothing was written


def test_an_unsubscribe_link_for_an_unknown_kind_changes_nothing(client, participant):
    token = signing.dumps({"u": participant.pk, "k": "made.up"}, salt=SALT, compress=True)
    assert client.post(f"/notices/unsubscribe/{token}/").status_code == 400
    assert selectors.settings_of(participant).pk is None


def test_the_mail_s_unsubscribe_url_is_absolute(participant, settings):
    settings.SITE_URL = "https://salam.example.org"
    assert unsubscribe_url(participant.pk, "mention").startswith(
        "https://salam.example.org/notices/unsubscribe/"
    )


def test_the_manifest_is_served_as_a_manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Café Salam"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon


def test_the_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_every_page_links_its_icons_and_manifest(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="icon"' in page
