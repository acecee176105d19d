"""Subtitles: SRT or WebVTT in, WebVTT out, parsed by webvtt-py (never by hand)."""

from __future__ import annotations

import io

import webvtt
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from salam.contest.errors import Invalid

MAX_BYTES = 512 * 1024


def to_webvtt(data: bytes, *, name: str) -> tuple[str, str]:
    """(the WebVTT text, the transcript) of an SRT or WebVTT file; Invalid if it does not parse."""
    if len(data) > MAX_BYTES:
        raise Invalid(_("A subtitle file may be at most 512 KB."), code="subtitles")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Invalid(_("Subtitles must be UTF-8 text."), code="subtitles") from error
    kind = "srt" if name.lower().endswith(".srt") else "vtt"
    try:
        parsed = webvtt.WebVTT.from_buffer(io.StringIO(text), format=kind)
    except (MalformedFileError, MalformedCaptionError, ValueError) as error:
        raise Invalid(
            _("The subtitle file %(name)s could not be read as %(kind)s.")
            % {"name": name, "kind": kind.upper()},
            code="subtitles",
        ) from error
    if not parsed.captions:
        raise Invalid(
            _("The subtitle file %(name)s has no captions.") % {"name": name}, code="subtitles"
        )
    transcript = "\n".join(caption.text for caption in parsed.captions)
    return parsed.content, transcript
