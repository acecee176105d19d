"""Settings come from the environment; production refuses unsafe values and passes --deploy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p7$w1x!q2v9z@k3m8n#r4t6y0u5i2o1l3a9s8d7f6g5h4j3k2l1-salam-prod",
    "ALLOWED_HOSTS": "salam.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://salam.example.org",
}
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'db_name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
    "'layer': s.CHANNEL_LAYERS['default'], 'csrf': s.CSRF_TRUSTED_ORIGINS}))"
)


def run_python(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
        }
    }
    full_env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "salam.settings",
        "SALAM_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_for(env: dict[str, str], tmp_path: Path) -> dict:
    result = run_python(PRINT_SETTINGS, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_runs_on_sqlite_and_the_memory_layer_with_nothing_set(tmp_path):
    found = settings_for({}, tmp_path)
    assert found["debug"] is True
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "salam.sqlite3")
    assert found["layer"] == {"BACKEND": "channels.layers.InMemoryChannelLayer"}


def test_it_switches_to_postgres_and_redis_from_urls(tmp_path):
    found = settings_for(
        {
            "DATABASE_URL": "postgres://salam:pw@db.internal:5433/salam",
            "REDIS_URL": "redis://cache.internal:6380/2",
        },
        tmp_path,
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["db_name"] == "salam"
    assert found["layer"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert found["layer"]["CONFIG"]["hosts"] == [
        {"address": "redis://cache.internal:6380/2", "socket_timeout": None}
    ]


def test_it_reads_hosts_and_trusted_origins_as_lists(tmp_path):
    found = settings_for(
        {"ALLOWED_HOSTS": "a.example, b.example", "CSRF_TRUSTED_ORIGINS": "https://a.example"},
        tmp_path,
    )
    assert found["hosts"] == ["a.example", "b.example"]
    assert found["csrf"] == ["https://a.example"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "is not a boolean"),
        ({"DEBUG": "false"}, "Set SECRET_KEY"),
        ({**PRODUCTION, "ALLOWED_HOSTS": "*"}, "may not contain '*'"),
        ({"EMAIL_PORT": "twenty-five"}, "is not a whole number"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value(env, message, tmp_path):
    result = run_python(PRINT_SETTINGS, env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_configuration_passes_check_deploy_without_warnings(tmp_path):
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
