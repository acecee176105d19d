"""The citation line of a published article (pure)."""

from __future__ import annotations

from datetime import date

JOURNAL_NAME = "Salam Journal of Migration and Integration"


def citation(*, author: str, published: date, title: str, language: str, url: str) -> str:
    """`Author (2025). Title. Salam Journal of Migration and Integration [fr]. URL`"""
    title = title.strip().rstrip(".")
    return f"{author.strip()} ({published.year}). {title}. {JOURNAL_NAME} [{language}]. {url}"
