"""The screening round's end: the rule (pure), the service refusing a late verdict and
changing nothing, and the manage page saying screening is closed; the manage page's buttons
(screen, shortlist, add a juror, publish) each answered with a message."""

from __future__ import annotations

import datetime as dt

import pytest

from salam.contest import judging, permissions
from salam.contest.errors import ContestError
from salam.contest.models import Edition, Juror

pytestmark = pytest.mark.django_db

END = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("ends_at", "now", "open_"),
    [
        (None, END, True),
        (END, END - dt.timedelta(seconds=1), True),
        (END, END, False),  # the end itself is past the round
        (END, END + dt.timedelta(days=1), False),
    ],
)
def test_screening_is_open_until_its_end(ends_at, now, open_):
    edition = Edition(screening_ends_at=ends_at)
    assert permissions.screening_open(edition, now) is open_


def test_a_verdict_after_the_screening_end_is_refused_and_changes_nothing(
    make_ready, make_person, organiser_person, now
):
    entry = make_ready(make_person("kid"))
    judging.screen_entry(entry, actor=organiser_person, verdict="maybe", notes="first look")
    entry.edition.screening_ends_at = now
    entry.edition.save(update_fields=["screening_ends_at"])
    with pytest.raises(ContestError) as refused:
        judging.screen_entry(
            entry, actor=organiser_person, verdict="yes", notes="", now=now + dt.timedelta(1)
        )
    assert (refused.value.code, refused.value.detail) == (
        "screening_over",
        "Screening has closed: verdicts can no longer be given or changed.",
    )
    entry.refresh_from_db()
    assert (entry.screening, entry.screening_notes) == ("maybe", "first look")
    judging.screen_entry(
        entry, actor=organiser_person, verdict="yes", notes="", now=now - dt.timedelta(1)
    )
    assert entry.screening == "yes"


def test_the_manage_page_says_screening_is_closed(
    client, edition, make_ready, make_person, organiser_person, now
):
    entry = make_ready(make_person("kid"), title="Harbour")
    manage = f"/contest/{edition.slug}/manage/"
    client.force_login(organiser_person)
    page = client.get(manage).content.decode()
    assert "Screening is closed" not in page
    assert f"/manage/entries/{entry.pk}/screen/" in page
    edition.screening_ends_at = now - dt.timedelta(hours=1)
    edition.save(update_fields=["screening_ends_at"])
    page = client.get(manage).content.decode()
    assert "Screening is closed: it ended on" in page
    assert f"/manage/entries/{entry.pk}/screen/" not in page  # no verdict form left
    response = client.post(
        f"/contest/{edition.slug}/manage/entries/{entry.pk}/screen/",
        {"verdict": "yes"},
        follow=True,
    )
    assert "Screening has closed" in response.content.decode()
    entry.refresh_from_db()
    assert entry.screening == ""


def test_the_manage_buttons_say_what_they_did(
    client, edition, make_ready, make_person, organiser_person
):
    entry = make_ready(make_person("kid"), title="Harbour")
    judge = make_person("judge")
    base = f"/contest/{edition.slug}/manage"
    client.force_login(organiser_person)

    def said(url: str, data: dict) -> str:
        response = client.post(f"{base}/{url}", data, follow=True)
        assert response.redirect_chain[-1][0] == f"{base}/"
        return response.content.decode()

    assert "Screening saved." in said(f"entries/{entry.pk}/screen/", {"verdict": "yes"})
    assert "Shortlist saved." in said(f"entries/{entry.pk}/shortlist/", {"shortlisted": "1"})
    assert "Juror added." in said("jurors/", {"username": judge.username})
    assert "Nobody has that username." in said("jurors/", {"username": "nobody-here"})
    assert "Festival page saved." in said("festival/", {"published": "1"})
    entry.refresh_from_db()
    edition.refresh_from_db()
    assert (entry.screening, entry.shortlisted, edition.festival_published) == ("yes", True, True)
    assert [j.user for j in Juror.objects.filter(edition=edition)] == [judge]


def test_the_manage_buttons_refuse_a_participant(
    client, edition, make_ready, make_person, participant
):
    entry = make_ready(make_person("kid"))
    client.force_login(participant)
    base = f"/contest/{edition.slug}/manage"
    for url, data in [
        (f"entries/{entry.pk}/screen/", {"verdict": "yes"}),
        (f"entries/{entry.pk}/shortlist/", {"shortlisted": "1"}),
        ("jurors/", {"username": participant.username}),
        ("festival/", {"published": "1"}),
    ]:
        assert client.post(f"{base}/{url}", data).status_code == 403
    assert client.get(f"{base}/jurors/").status_code == 405
    assert not Juror.objects.exists()
