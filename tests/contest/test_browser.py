"""In Chromium: an entrant submits a small video with subtitles, sees its processing move live,
and watches it play in the gallery with the subtitle track on; axe checks the gallery and the
entry page."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from django_tasks_db.models import DBTaskResult

from salam.contest import media, paths
from salam.contest.models import Entry
from tests.a11y import assert_accessible
from tests.contest.conftest import SRT_EN
from tests.jobs import run_jobs

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_media(edition, settings, monkeypatch) -> None:
    """daphne (started by `site`, after this) stores uploads where this process's jobs read."""
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)


def test_an_entrant_submits_a_video_and_watches_it_with_subtitles(
    edition, shared_media, make_person, video, tmp_path, browser_context, log_in, password
):
    from playwright.sync_api import expect

    entrant = make_person("amira")
    subtitles = tmp_path / "en.srt"
    subtitles.write_bytes(SRT_EN)
    page = browser_context().new_page()
    log_in(page, "amira", password)

    page.goto(f"/contest/{edition.slug}/enter/")
    page.fill("input[name=title]", "Harbour lights")
    page.fill("textarea[name=synopsis]", "Two friends wait for a boat.")
    page.check("input[name=themes][value=Migration]")
    page.select_option("select[name=languages]", ["en"])
    page.select_option("select[name=country]", "MA")
    page.fill("input[name=birth_date]", "2004-05-06")
    page.fill("input[name=production_date]", edition.opens_at.date().isoformat())
    page.select_option("select[name=video_format]", "mp4")
    page.check("input[name=rights_declared]")
    page.check("input[name=not_excluded]")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/entries/\d+/$"))
    entry = Entry.objects.get(entrant=entrant)

    page.set_input_files("#video-file", str(video))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-state")).to_contain_text("Upload complete")
    expect(page.locator("#processing [data-label=queued]")).to_be_visible()

    # a worker takes the job (here, this process: the job engine's row is in the shared database)
    deadline = time.monotonic() + 30
    while not DBTaskResult.objects.ready().exists():
        assert time.monotonic() < deadline, "no job was queued"
        time.sleep(0.1)
    assert run_jobs() >= 1
    expect(page.locator("#processing [data-label=ready]")).to_be_visible()  # then it reloads
    expect(page.locator("video.player")).to_be_visible()

    page.select_option("select[name=language]", "en")
    page.set_input_files("input[name=file]", str(subtitles))
    page.click("form[action$='/subtitles/'] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("The subtitles are saved.")
    entry.refresh_from_db()
    assert entry.eligible, entry.problems
    assert_accessible(page)

    page.goto(f"/contest/{edition.slug}/gallery/")
    assert_accessible(page)
    page.click("text=Harbour lights")
    video_element = page.locator("video.player")
    expect(video_element).to_be_visible()
    page.evaluate(
        "() => { const v = document.querySelector('video.player'); v.muted = true;"
        " return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video.player').currentTime > 0.3")
    assert (
        page.evaluate("() => document.querySelector('video.player').textTracks[0].mode")
        == "showing"
    )
    assert (
        page.evaluate("() => document.querySelector('video.player').textTracks[0].language") == "en"
    )
    page.wait_for_function(
        "() => { const t = document.querySelector('video.player').textTracks[0];"
        " return t.activeCues && t.activeCues.length > 0; }"
    )
    cue = page.evaluate(
        "() => document.querySelector('video.player').textTracks[0].activeCues[0].text"
    )
    assert cue in ("Hello from the harbour", "Welcome")
    first = page.evaluate("() => document.querySelector('video.player').currentTime")
    page.wait_for_function(f"() => document.querySelector('video.player').currentTime > {first}")


def test_the_gallery_player_seeks_to_the_middle_through_a_byte_range(
    edition, shared_media, make_ready, make_person, video_dir, tmp_path, browser_context
):
    """Without byte ranges Chromium cannot seek in a file it has not loaded whole: it starts
    from the beginning again. With them it asks for the part it needs (a 206) and plays on."""
    film = make_ready(make_person("maker"), title="The long harbour")
    film.media_dir = "contest/entries/seek"
    film.save(update_fields=["media_dir"])
    folder = paths.absolute(film.media_dir)
    folder.mkdir(parents=True)
    raw = media.make_test_video(tmp_path / "raw.mp4", seconds=20, size="160x120", rate=10)
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(raw),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "10",
            "-c:a", "aac", "-movflags", "+faststart", str(folder / "720p.mp4"),
        ],
        check=True,
    )  # fmt: skip
    page = browser_context().new_page()
    # Chromium's cache answers a range from a whole file it holds with a 206 of its own: off
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    answers: list[tuple[int, str]] = []

    def noted(response) -> None:
        if "/media/720p.mp4" in response.url:
            answers.append((response.status, response.headers.get("content-range", "")))

    page.on("response", noted)
    page.goto(film.get_absolute_url())
    page.evaluate(
        "() => { const v = document.querySelector('video.player'); v.muted = true;"
        " return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video.player').currentTime > 0.2")
    page.evaluate(
        "() => { const v = document.querySelector('video.player');"
        " v.currentTime = v.duration / 2; }"
    )
    page.wait_for_function(
        "() => { const v = document.querySelector('video.player');"
        " return !v.seeking && v.currentTime > v.duration / 2 + 0.5; }"
    )
    middle = page.evaluate("() => document.querySelector('video.player').duration / 2")
    assert 9 <= middle <= 11
    # a 206 from the server (the cache is off) for a part that does not start at the top
    assert any(status == 206 and not rng.startswith("bytes 0-") for status, rng in answers), answers
