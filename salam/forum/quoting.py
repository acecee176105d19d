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


REMOVED_QUOTE = "> [removed]\n\n"


def without_quote(body: str) -> str:
    """`body` with the block quote `quote_markdown` put at its start replaced by
    `REMOVED_QUOTE`: for the replies to a post a moderator hid or deleted. A body that does
    not start with a quote is returned as it is."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> **"):
        return body
    end = 0
    while end < len(lines) and lines[end].startswith(">"):
        end += 1
    rest = "\n".join(lines[end:]).lstrip("\n")
    return REMOVED_QUOTE + rest
