"""The search index of the demo: the other loaders index as they write; this refreshes the
stored vectors so an index built before a configuration change is current. Idempotent."""

from __future__ import annotations

from salam.search import services


def load() -> int:
    return services.refresh_vectors()
