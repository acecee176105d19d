"""Settings come from the environment; production refuses unsafe values and passes --deploy."""

from __future__ import annotations

import json
import os
import re
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
        ({"LIBRARY_MAX_UPLOAD_BYTES": "20MB"}, "is not a whole number"),
        ({"SALAM_GC_TUNING": "sometimes"}, "is not a boolean"),
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


def print_settings(names: str) -> str:
    return (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {names!r}.split()}}))"
    )


def test_the_cache_is_redis_with_redis_and_memory_without(tmp_path):
    code = print_settings("CACHES")
    embedded = run_python(code, {}, tmp_path)
    shared = run_python(
        code, {"REDIS_URL": "redis://cache.internal:6380/2", "CHANNEL_PREFIX": "cafe"}, tmp_path
    )
    assert json.loads(embedded.stdout)["CACHES"] == {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert json.loads(shared.stdout)["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6380/2",
            "KEY_PREFIX": "cafe.cache",
        }
    }


def test_documented_settings_are_read_from_the_environment(tmp_path):
    code = print_settings("LIBRARY_MAX_UPLOAD_BYTES SALAM_GC_TUNING PAIRING_RECENT_ROUNDS")
    defaults = json.loads(run_python(code, {}, tmp_path).stdout)
    chosen = json.loads(
        run_python(
            code,
            {
                "LIBRARY_MAX_UPLOAD_BYTES": "1048576",
                "SALAM_GC_TUNING": "false",
                "PAIRING_RECENT_ROUNDS": "5",
            },
            tmp_path,
        ).stdout
    )
    assert defaults == {
        "LIBRARY_MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
        "SALAM_GC_TUNING": True,
        "PAIRING_RECENT_ROUNDS": 3,
    }
    assert chosen == {
        "LIBRARY_MAX_UPLOAD_BYTES": 1048576,
        "SALAM_GC_TUNING": False,
        "PAIRING_RECENT_ROUNDS": 5,
    }


def readme_settings() -> list[str]:
    """The names in the first column of the README's configuration table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2 and "`" in cells[1]:
            names += re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[1])
    return names


def test_the_readme_lists_every_environment_setting_and_no_other(tmp_path):
    # In production configuration, with every service set, settings.py reads every name.
    production = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://salam@db.internal/salam",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "EMAIL_HOST": "smtp.internal",
    }
    result = run_python(print_settings("ENVIRONMENT_SETTINGS"), production, tmp_path)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)["ENVIRONMENT_SETTINGS"]
    documented = readme_settings()
    assert len(documented) == len(set(documented)), "a name is listed twice"
    assert sorted(documented) == sorted(read)


def test_settings_read_the_environment_only_through_the_recording_helpers():
    source = (ROOT / "salam" / "settings.py").read_text()
    assert source.count("os.environ") == 1  # in _raw, which records the name
    assert "os.getenv" not in source
