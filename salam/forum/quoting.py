"""Quoting a post in a reply (pure)."""

from __future__ import annotations

MAX_QUOTE = 1200


def quote_markdown(author: str, body: str) -> str:
    """A Markdown block quote of `body`, credited to `author`, followed by a blank line."""
    text = body.strip()
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE].rstrip() + " …"
    lines = [f"> **{author}** wrote:", ">"]
    lines += [f"> {line}".rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n\n"
