"""Which real services this test run has, and the rule for tests that need one.

On a laptop without PostgreSQL or Redis, such tests skip with a reason. Under CI they must run:
CI's embedded pass (SALAM_CI_PASS=embedded) leaves them to its services pass, and in the
services pass a missing service fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CI_PASS = os.environ.get("SALAM_CI_PASS", "")


def database_is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def port_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def missing(what: str, reason: str) -> None:
    """Skip on a laptop or in CI's embedded pass; fail anywhere else under CI."""
    if ON_CI and CI_PASS != "embedded":
        pytest.fail(f"{what} is required under CI but {reason}")
    pytest.skip(reason=f"{what} unavailable: {reason}")


def require_postgres() -> None:
    if not database_is_postgres():
        missing("PostgreSQL", "DATABASE_URL is not a postgres:// URL")


def require_redis() -> str:
    url = redis_url()
    if not url:
        missing("Redis", "REDIS_URL is not set")
    if not port_answers(url):
        missing("Redis", f"nothing answers at {url}")
    return url
