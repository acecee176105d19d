"""The contest's pages: the gallery and its filters, entry pages, the organisers', jurors' and
partners' pages refused to others, moderation, the festival page and certificates."""

from __future__ import annotations

import pytest

from salam.contest import judging, services
from salam.contest.models import SubtitleTrack
from salam.core.errors import DomainError
from salam.moderation import services as moderation
from salam.moderation.models import Report
from salam.notices.models import Notice
from tests.contest.conftest import SRT_EN, VTT_FR

pytestmark = pytest.mark.django_db


@pytest.fixture
def films(make_ready, make_person):
    return [
        make_ready(make_person("maker1"), title="Harbour", country="MA", theme="Migration"),
        make_ready(make_person("maker2"), title="Bridges", country="FR", theme="Dialogue", age=15),
    ]


def gallery(client, edition, **query) -> str:
    return client.get(f"/contest/{edition.slug}/gallery/", query).content.decode()


def test_the_gallery_lists_eligible_entries_and_filters_them(client, edition, films):
    page = gallery(client, edition)
    assert "Harbour" in page and "Bridges" in page
    assert "Bridges" not in gallery(client, edition, theme="Migration")
    assert "Harbour" not in gallery(client, edition, country="FR")
    teens = edition.categories.get(name="13 to 17")
    assert "Harbour" not in gallery(client, edition, category=str(teens.pk))
    assert "Bridges" in gallery(client, edition, category=str(teens.pk))


def test_the_gallery_is_empty_before_it_opens(client, edition, films):
    edition.gallery_opens_at = None
    edition.save()
    page = gallery(client, edition)
    assert "The gallery is not open yet." in page and "Harbour" not in page
    assert client.get(films[0].get_absolute_url()).status_code == 404  # nor its pages


def test_the_entry_page_puts_the_readers_language_first(client, films, now):
    film = films[0]
    services.add_subtitles(
        film, actor=film.entrant, language="en", data=SRT_EN, name="en.srt", now=now
    )
    services.add_subtitles(
        film, actor=film.entrant, language="fr", data=VTT_FR, name="fr.vtt", now=now
    )
    film.media_dir = "contest/entries/x"
    film.save()
    page = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert page.index('srclang="fr"') < page.index('srclang="en"')
    assert 'srclang="fr" label="Français"' in page
    assert "Bonjour du port" in page  # the transcript, in the reader's language
    english = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.index('srclang="en"') < english.index('srclang="fr"')
    track = client.get(f"/contest/{film.edition.slug}/entries/{film.pk}/subtitles/en.vtt")
    assert track["Content-Type"].startswith("text/vtt")
    assert track.content.decode().startswith("WEBVTT")
    assert SubtitleTrack.objects.get(language="en").transcript == "Hello from the harbour\nWelcome"


def test_a_bad_subtitle_file_is_refused_with_its_reason(client, films):
    film = films[0]
    client.force_login(film.entrant)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/contest/{film.edition.slug}/entries/{film.pk}/subtitles/",
        {"language": "en", "file": SimpleUploadedFile("en.srt", b"<html>no</html>")},
        follow=True,
    )
    assert "could not be read as SRT" in response.content.decode()
    assert not film.subtitles.exists()


def test_an_entry_not_in_the_gallery_is_seen_by_its_entrant_only(client, edition, entry, outsider):
    assert client.get(entry.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert client.get(f"/contest/{edition.slug}/entries/{entry.pk}/status.json").status_code == 404
    client.force_login(entry.entrant)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Waiting for the video." in page and "has not been checked yet" in page
    status = client.get(f"/contest/{edition.slug}/entries/{entry.pk}/status.json").json()
    assert (status["state"], status["eligible"]) == ("waiting", False)


def test_organisers_pages_are_refused_to_others(
    client, edition, films, participant, organiser_person, moderator
):
    urls = [f"/contest/{edition.slug}/manage/", f"/contest/{edition.slug}/jury/"]
    for person in (participant, moderator):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [403, 403]
        client.post(
            f"/contest/{edition.slug}/manage/entries/{films[0].pk}/screen/", {"verdict": "yes"}
        )
        client.post(f"/contest/{edition.slug}/manage/festival/", {"published": "1"})
    films[0].refresh_from_db()
    edition.refresh_from_db()
    assert (films[0].screening, edition.festival_published) == ("", False)
    client.force_login(organiser_person)
    page = client.get(urls[0]).content.decode()
    assert "Harbour" in page and "maker1".title() in page


def test_jurors_see_the_shortlist_without_names_and_not_what_they_declared(
    client, edition, films, organiser_person, make_person
):
    juror = make_person("judge")
    services.add_juror(edition, actor=organiser_person, user=juror)
    for film in films:
        judging.screen_entry(film, actor=organiser_person, verdict="yes", notes="")
        judging.set_shortlisted(film, actor=organiser_person, shortlisted=True)
    client.force_login(juror)
    listed = client.get(f"/contest/{edition.slug}/jury/").content.decode()
    assert "Harbour" in listed and films[0].code in listed and "Maker1" not in listed
    scoring = client.get(f"/contest/{edition.slug}/jury/{films[0].pk}/").content.decode()
    assert "Maker1" not in scoring
    client.post(f"/contest/{edition.slug}/jury/{films[0].pk}/conflict/", {"reason": "my sister"})
    assert client.get(f"/contest/{edition.slug}/jury/{films[0].pk}/").status_code == 404
    assert "Harbour" not in client.get(f"/contest/{edition.slug}/jury/").content.decode()
    marks = {"mark_message": 7, "mark_creativity": 7, "mark_craft": 7, "mark_originality": 7}
    client.post(f"/contest/{edition.slug}/jury/{films[1].pk}/", {**marks, "notes": "fine"})
    assert films[1].scores.get().marks["message"] == 7


def test_a_reported_entry_reaches_the_queue_and_a_moderator_hides_it(
    client, films, participant, moderator
):
    film = films[0]
    client.force_login(participant)
    client.post(f"/contest/{film.edition.slug}/entries/{film.pk}/report/", {"reason": "hateful"})
    report = Report.objects.get(kind="entry")
    assert (report.object_id, report.reason, report.subject) == (film.pk, "hateful", film.entrant)
    client.force_login(moderator)
    assert "Harbour" in client.get("/moderation/").content.decode()
    moderation.act_on_report(report, actor=moderator, action="hide")
    film.refresh_from_db()
    assert film.hidden_reason == "hateful"
    assert "Harbour" not in gallery(client, film.edition)
    client.force_login(participant)
    assert client.get(film.get_absolute_url()).status_code == 404
    client.force_login(film.entrant)
    assert "Reason: hateful" in client.get(film.get_absolute_url()).content.decode()
    assert Notice.objects.filter(user=film.entrant, kind="contest.hidden", body="hateful").exists()


def test_a_participant_cannot_hide_an_entry(films, participant):
    report = services.report_entry(films[0], actor=participant, reason="spam")
    with pytest.raises(DomainError) as refused:
        moderation.act_on_report(report, actor=participant, action="hide")
    assert refused.value.code == "forbidden"
    films[0].refresh_from_db()
    assert films[0].hidden_at is None


def test_the_festival_page_once_published_and_certificates(
    client, edition, films, organiser_person, outsider
):
    film = films[0]
    judging.screen_entry(film, actor=organiser_person, verdict="yes", notes="")
    judging.set_shortlisted(film, actor=organiser_person, shortlisted=True)
    judging.decide(edition.recognitions.get(name="Best film"), film, actor=organiser_person)
    festival = f"/contest/{edition.slug}/festival/"
    assert client.get(festival).status_code == 404
    services.publish_festival(edition, actor=organiser_person)
    page = client.get(festival).content.decode()
    assert "Best film" in page and "Harbour" in page
    certificate = f"/contest/{edition.slug}/entries/{film.pk}/certificate.pdf"
    client.force_login(outsider)
    assert client.get(certificate).status_code == 404
    client.force_login(film.entrant)
    for language in ("en", "ar"):
        pdf = client.get(certificate, HTTP_ACCEPT_LANGUAGE=language)
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    client.force_login(films[1].entrant)  # not shortlisted: no certificate
    assert (
        client.get(f"/contest/{edition.slug}/entries/{films[1].pk}/certificate.pdf").status_code
        == 404
    )


def test_submitting_through_the_form(client, edition, participant):
    client.force_login(participant)
    response = client.post(
        f"/contest/{edition.slug}/enter/",
        {
            "title": "Crossing",
            "synopsis": "A walk across a bridge.",
            "themes": ["Dialogue"],
            "languages": ["es"],
            "country": "ES",
            "birth_date": "2003-04-05",
            "production_date": edition.opens_at.date().isoformat(),
            "video_format": "webm",
            "collaborators": "Ana, sound\nLuis, edit",
            "appearing": "",
            "rights_declared": "on",
            "not_excluded": "on",
        },
    )
    entry = participant.contest_entries.get()
    assert response.url == entry.get_absolute_url()
    assert entry.collaborators == [
        {"name": "Ana", "role": "sound"},
        {"name": "Luis", "role": "edit"},
    ]
    assert {p["code"] for p in entry.problems} == {"video", "english"}


def test_an_upload_token_that_is_no_uuid_is_not_found(client, participant):
    client.force_login(participant)
    assert client.get("/contest/uploads/not-a-token/").status_code == 404
