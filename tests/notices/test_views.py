"""The notices page: one's own notices, newest first; marking them read."""

from __future__ import annotations

import pytest

from salam.notices.models import Notice
from salam.notices.services import notify

pytestmark = pytest.mark.django_db


def test_the_list_shows_ones_own_notices_newest_first(client, make_person):
    owner, outsider = make_person("owner"), make_person("outsider")
    notify(owner, kind="k", title="First", email=False)
    notify(owner, kind="k", title="Second", email=False)
    notify(outsider, kind="k", title="Not yours", email=False)
    client.force_login(owner)
    response = client.get("/notices/")
    assert response.status_code == 200
    assert [notice.title for notice in response.context["notices"]] == ["Second", "First"]
    assert "Not yours" not in response.content.decode()


def test_the_list_asks_a_stranger_to_sign_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_mark_all_read_marks_only_ones_own(client, make_person):
    owner, outsider = make_person("owner"), make_person("outsider")
    notify(owner, kind="k", title="Yours", email=False)
    notify(outsider, kind="k", title="Theirs", email=False)
    client.force_login(owner)
    response = client.post("/notices/read/")
    assert response.status_code == 302
    assert Notice.objects.get(user=owner).read_at is not None
    assert Notice.objects.get(user=outsider).read_at is None
