"""Every ffprobe and ffmpeg invocation of the contest (Debian's `ffmpeg` package).

`sniff` tells a real video from a file that only has the name of one; `probe` reads its
metadata; `render` writes the gallery's files (H.264/AAC MP4 with faststart at 720p and 360p, a
poster frame, a thumbnail strip) into a directory, reporting progress as it goes.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from salam.contest.errors import Invalid

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
PROBE_SECONDS = 60

# the declared kind: the container families ffprobe reports for it
FORMATS = {
    "mp4": ("mov,mp4,m4a,3gp,3g2,mj2",),
    "mov": ("mov,mp4,m4a,3gp,3g2,mj2",),
    "webm": ("matroska,webm",),
    "mkv": ("matroska,webm",),
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")
RENDITIONS = (("720p", 720), ("360p", 360))
STRIP_FRAMES = 10


@dataclass(frozen=True)
class Probe:
    format_name: str
    duration: float
    width: int
    height: int
    video_codec: str
    has_audio: bool


def available() -> list[str]:
    """The tools missing from PATH (empty when both are there)."""
    return [tool for tool in (FFMPEG, FFPROBE) if shutil.which(tool) is None]


def magic_matches(head: bytes, declared: str) -> bool:
    """The first bytes look like the container the extension declares."""
    if declared in ("webm", "mkv"):
        return head.startswith(EBML_MAGIC)
    if declared in ("mp4", "mov"):
        return len(head) >= 8 and head[4:8] in ISO_BOXES
    return False


def probe(path: Path) -> Probe:
    """ffprobe's view of the file; Invalid when it is not a readable video."""
    try:
        result = subprocess.run(  # noqa: S603 fixed program, our own path
            [
                FFPROBE,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Invalid(_("The video could not be read."), code="unreadable") from error
    if result.returncode != 0:
        raise Invalid(_("The file is not a video that can be read."), code="unreadable")
    data = json.loads(result.stdout or "{}")
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    fmt = data.get("format", {})
    if video is None:
        raise Invalid(_("The file has no video in it."), code="no_video")
    try:
        duration = float(fmt.get("duration") or video.get("duration") or 0)
    except ValueError:
        duration = 0.0
    return Probe(
        format_name=fmt.get("format_name", ""),
        duration=duration,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        video_codec=video.get("codec_name", ""),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def sniff(path: Path, declared: str) -> Probe:
    """The file is really a video of the declared kind, by its first bytes and by ffprobe."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if not magic_matches(head, declared):
        raise Invalid(
            _("The file is not a %(kind)s video.") % {"kind": declared.upper()}, code="not_video"
        )
    found = probe(path)
    if found.format_name not in FORMATS.get(declared, ()):
        raise Invalid(
            _("The file is not a %(kind)s video.") % {"kind": declared.upper()}, code="not_video"
        )
    return found


def _ffmpeg(args: list[str], *, duration: float, on_progress: Callable[[float], None]) -> None:
    """Run ffmpeg, reading its `-progress` output to report the fraction done."""
    command = [
        FFMPEG,
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-progress",
        "pipe:1",
        *args,
    ]
    with subprocess.Popen(  # noqa: S603 fixed program, our own paths
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        for line in process.stdout or ():
            key, _sep, value = line.strip().partition("=")
            if key == "out_time_us" and value.isdigit() and duration > 0:
                on_progress(min(1.0, int(value) / 1_000_000 / duration))
        error = process.stderr.read() if process.stderr else ""
        code = process.wait()
    if code != 0:
        raise Invalid(
            _("The video could not be converted: %(error)s") % {"error": error.strip()[-300:]},
            code="ffmpeg",
        )


def _step(report: Callable[[float], None], index: int, steps: int, fraction: float) -> None:
    report((index + fraction) / steps)


def render(
    source: Path, target: Path, found: Probe, *, on_progress: Callable[[float], None]
) -> list[str]:
    """Write 720p.mp4, 360p.mp4, poster.jpg and strip.jpg into `target` (which exists); returns
    the names written. Output is bit-exact: the same source gives the same files."""
    exact = [
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        "-threads",
        "1",
    ]
    steps = len(RENDITIONS) + 2
    names = []
    for index, (name, height) in enumerate(RENDITIONS):
        out = target / f"{name}.mp4"
        audio = ["-c:a", "aac", "-b:a", "128k", "-ac", "2"] if found.has_audio else ["-an"]
        _ffmpeg(
            [
                "-i",
                str(source),
                "-map",
                "0:v:0",
                "-map",
                "0:a:0?",
                "-vf",
                f"scale=-2:{min(height, found.height or height)}",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "23",
                "-pix_fmt",
                "yuv420p",
                *audio,
                "-movflags",
                "+faststart",
                *exact,
                str(out),
            ],
            duration=found.duration,
            on_progress=functools.partial(_step, on_progress, index, steps),
        )
        names.append(out.name)
    at = f"{min(1.0, found.duration / 3):.3f}"
    _ffmpeg(
        [
            "-ss",
            at,
            "-i",
            str(source),
            "-frames:v",
            "1",
            "-vf",
            "scale=-2:360",
            *exact,
            str(target / "poster.jpg"),
        ],
        duration=0,
        on_progress=lambda f: None,
    )
    on_progress((len(RENDITIONS) + 1) / steps)
    every = max(found.duration / STRIP_FRAMES, 0.1)
    _ffmpeg(
        [
            "-i",
            str(source),
            "-vf",
            f"fps=1/{every:.3f},scale=160:-2,tile={STRIP_FRAMES}x1",
            "-frames:v",
            "1",
            *exact,
            str(target / "strip.jpg"),
        ],
        duration=0,
        on_progress=lambda f: None,
    )
    on_progress(1.0)
    return [*names, "poster.jpg", "strip.jpg"]


def make_test_video(
    path: Path, *, seconds: float, size: str = "320x240", rate: int = 15, source: str = "testsrc"
) -> Path:
    """A video from ffmpeg's testsrc (or testsrc2, smptebars) and sine sources (tests, the
    demo, the benchmark)."""
    subprocess.run(  # noqa: S603 fixed program
        [
            FFMPEG,
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"{source}=duration={seconds}:size={size}:rate={rate}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path
