"""The presence TTL and the hub's keep-alive come from the environment, and refuse a pair that
would sweep live connections."""

from __future__ import annotations

import pytest

from tests.python_process import run_python

# The settings module alone, as every process reads it at start (no django.setup(): quicker).
PRINT = "import salam.settings as s; print(s.HUB_KEEP_ALIVE_SECONDS, s.ROOMS_PRESENCE_TTL_SECONDS)"
OURS = frozenset({"HUB_KEEP_ALIVE_SECONDS", "ROOMS_PRESENCE_TTL_SECONDS"})


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "10 30"),
        ({"HUB_KEEP_ALIVE_SECONDS": "1", "ROOMS_PRESENCE_TTL_SECONDS": "3"}, "1 3"),
    ],
)
def test_the_keep_alive_and_the_ttl_come_from_the_environment(env, printed, tmp_path):
    result = run_python(PRINT, tmp_path, env=env, drop=OURS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed


@pytest.mark.parametrize(
    "env",
    [
        {"HUB_KEEP_ALIVE_SECONDS": "30", "ROOMS_PRESENCE_TTL_SECONDS": "30"},
        {"HUB_KEEP_ALIVE_SECONDS": "0"},
        {"ROOMS_PRESENCE_TTL_SECONDS": "soon"},
    ],
)
def test_a_ttl_that_would_sweep_live_connections_refuses_to_start(env, tmp_path):
    result = run_python(PRINT, tmp_path, env=env, drop=OURS)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
