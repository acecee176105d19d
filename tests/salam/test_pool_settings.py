"""The database pool's settings: PostgreSQL URLs get Django's pool, sized from the environment;
other URLs do not; sizes that cannot work refuse to start."""

from __future__ import annotations

import json

import pytest

from tests.salam.test_settings import run_python

PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps({'age': d['CONN_MAX_AGE'], "
    "'pool': d.get('OPTIONS', {}).get('pool')}))"
)
POSTGRES = "postgres://salam:pw@db.example.org:5432/salam"


def database(env: dict[str, str], tmp_path) -> dict:
    result = run_python(PRINT_DATABASE, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_postgres_url_gets_the_pool_with_its_defaults_and_no_persistent_connections(tmp_path):
    unset = {"DB_POOL_MIN_SIZE": "", "DB_POOL_MAX_SIZE": "", "DB_POOL_TIMEOUT": ""}  # as if unset
    assert database({"DATABASE_URL": POSTGRES, **unset}, tmp_path) == {
        "age": 0,
        "pool": {"min_size": 2, "max_size": 20, "timeout": 10},
    }


def test_the_pool_is_sized_from_the_environment(tmp_path):
    env = {"DATABASE_URL": POSTGRES, "DB_POOL_MIN_SIZE": "0", "DB_POOL_MAX_SIZE": "7",
           "DB_POOL_TIMEOUT": "3"}  # fmt: skip
    assert database(env, tmp_path)["pool"] == {"min_size": 0, "max_size": 7, "timeout": 3}


def test_a_sqlite_url_gets_no_pool(tmp_path):
    assert database({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}, tmp_path)["pool"] is None


@pytest.mark.parametrize(
    "sizes",
    [
        {"DB_POOL_MAX_SIZE": "0"},
        {"DB_POOL_MIN_SIZE": "5", "DB_POOL_MAX_SIZE": "4"},
        {"DB_POOL_TIMEOUT": "0"},
        {"DB_POOL_MAX_SIZE": "many"},
    ],
)
def test_sizes_that_cannot_work_refuse_to_start(sizes, tmp_path):
    result = run_python(PRINT_DATABASE, {"DATABASE_URL": POSTGRES, **sizes}, tmp_path)
    assert result.returncode != 0
    assert "DB_POOL_" in result.stderr
