"""Real ffprobe and ffmpeg on videos the tests make: sniffing, probing, rendering."""

from __future__ import annotations

import json
import subprocess

import pytest

from salam.contest import media
from salam.contest.errors import Invalid


def streams(path):
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_a_real_mp4_is_sniffed_and_probed(video):
    found = media.sniff(video, "mp4")
    assert (found.width, found.height, found.video_codec, found.has_audio) == (
        160,
        120,
        "h264",
        True,
    )
    assert 1.9 <= found.duration <= 2.2


def test_an_html_page_named_mp4_is_refused(video_dir):
    with pytest.raises(Invalid) as refused:
        media.sniff(video_dir / "page.mp4", "mp4")
    assert refused.value.code == "not_video"
    assert refused.value.detail == "The file is not a MP4 video."


def test_a_corrupt_file_is_refused_with_a_clear_reason(video_dir):
    with pytest.raises(Invalid) as refused:
        media.sniff(video_dir / "corrupt.mp4", "mp4")
    assert refused.value.code == "unreadable"
    assert refused.value.detail == "The file is not a video that can be read."


def test_a_file_of_another_kind_than_declared_is_refused(video):
    with pytest.raises(Invalid):
        media.sniff(video, "webm")


def test_render_writes_h264_aac_faststart_renditions_a_poster_and_a_strip(video, tmp_path):
    fractions = []
    names = media.render(video, tmp_path, media.probe(video), on_progress=fractions.append)
    assert names == ["720p.mp4", "360p.mp4", "poster.jpg", "strip.jpg"]
    for name in ("720p.mp4", "360p.mp4"):
        info = streams(tmp_path / name)
        assert sorted(s["codec_name"] for s in info["streams"]) == ["aac", "h264"]
        head = (tmp_path / name).read_bytes()
        assert head.index(b"moov") < head.index(b"mdat")  # faststart: the index comes first
    assert (tmp_path / "poster.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert streams(tmp_path / "strip.jpg")["streams"][0]["width"] == 160 * media.STRIP_FRAMES
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)


def test_rendering_twice_gives_the_same_files(video, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    found = media.probe(video)
    media.render(video, first, found, on_progress=lambda f: None)
    media.render(video, second, found, on_progress=lambda f: None)
    for name in ("720p.mp4", "360p.mp4", "poster.jpg", "strip.jpg"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
