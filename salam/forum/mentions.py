"""Mentions in a forum post (pure): `@username` in what the author wrote, not in quoted lines."""

from __future__ import annotations

import re

MENTION = re.compile(r"(?<![\w@/.])@([\w.+-]*\w)")
MAX_MENTIONS = 20


def mentioned_usernames(text: str) -> list[str]:
    """The usernames mentioned in `text`, in order, each once, at most MAX_MENTIONS; lines of a
    block quote (`> ...`) do not count, so quoting a mention does not mention again."""
    found: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">"):
            continue
        for name in MENTION.findall(line):
            if name.lower() not in (f.lower() for f in found):
                found.append(name)
    return found[:MAX_MENTIONS]
