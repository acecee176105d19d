from __future__ import annotations

import os
import threading
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connections
from hypothesis import settings as hypothesis_settings

from salam.people import services as people_services
from salam.people.demo import DEMO_PASSWORD
from salam.people.models import City, Profile, University
from salam.people.roles import Role
from tests import services

# Property tests try hypothesis' full count of examples under CI and a quick sample in a
# developer's default run; HYPOTHESIS_PROFILE=ci runs the full count anywhere.
hypothesis_settings.register_profile("ci", max_examples=100)
hypothesis_settings.register_profile("dev", max_examples=10)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if services.ON_CI else "dev")
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A developer's default run leaves out the `slow` tests (real server processes, the
    browser, the pairing quality benchmark); CI runs them, and so does `pytest -m slow`."""
    if services.ON_CI or config.getoption("markexpr"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


def pytest_report_header(config: pytest.Config) -> str:
    if services.ON_CI or config.getoption("markexpr"):
        return f"hypothesis profile: {hypothesis_settings._current_profile}"
    return (
        f"hypothesis profile: {hypothesis_settings._current_profile}; "
        "slow tests left out (CI=true or -m slow runs them)"
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Tests close their connections at once: connections kept open by worker threads would
    keep PostgreSQL from dropping the test database at the end."""
    from django.db import connections

    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """The test session compiles the translation catalogues (.mo files are not committed)."""
    from django.conf import settings
    from django.utils.translation import trans_real

    from salam.core.i18n import compile_catalogues

    if compile_catalogues(settings.LOCALE_PATHS):
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request made in Arabic leaves Arabic active
    in its thread (LocaleMiddleware activates, nothing deactivates), and the next test would
    read it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets its own layer instance (and, on Redis, its own key prefix)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets a cache of its own (a key prefix, in memory or on Redis): a rate limit
    that one test reached, in this run or in one five minutes ago, binds no other."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"t{uuid.uuid4().hex[:12]}"}
    }


@pytest.fixture
def postgres() -> None:
    services.require_postgres()


@pytest.fixture
def redis_url() -> str:
    return services.require_redis()


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture(scope="session")
def password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(DEMO_PASSWORD)


@pytest.fixture
def make_person(db, password_hash):
    """A person with a complete profile; role and details are keyword arguments."""
    counter = iter(range(1, 10_000))
    people_services.ensure_role_groups()  # transactional tests flush the migration's groups

    def make(
        username: str | None = None,
        *,
        role: Role = Role.PARTICIPANT,
        affiliation: str = Profile.Affiliation.STUDENT,
        university: tuple[str, str, str] = ("Boğaziçi University", "Istanbul", "TR"),
        city: tuple[str, str] = ("Rotterdam", "NL"),
        residency: str = Profile.Residency.RESIDENT,
        languages: tuple[str, ...] = ("en",),
        interests: tuple[str, ...] = ("music",),
        time_zone: str = "UTC",
        ui_language: str = "",
        complete: bool = True,
    ):
        username = username or f"person{next(counter)}"
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org"
        )
        user.password = password_hash  # hashed once per session: hashing is slow on purpose
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        profile = people_services.register_person(user)
        if role != Role.PARTICIPANT:
            people_services.grant_role(user, role)
        if complete:
            uni = University.objects.get_or_create(
                name=university[0], country=university[2], defaults={"city": university[1]}
            )[0]
            town = City.objects.get_or_create(name=city[0], country=city[1])[0]
            people_services.update_profile(
                profile,
                display_name=username.title(),
                affiliation=affiliation,
                university=uni,
                city=town,
                residency=residency,
                languages=list(languages),
                interests=interests,
                time_zone=time_zone,
                bio="",
                ui_language=ui_language or None,
            )
        return get_user_model().objects.get(pk=user.pk)

    return make


@pytest.fixture
def participant(make_person):
    return make_person("alice")


@pytest.fixture
def outsider(make_person):
    return make_person("mallory")


@pytest.fixture
def moderator(make_person):
    return make_person("mod", role=Role.MODERATOR)


@pytest.fixture
def organiser(make_person):
    return make_person("org", role=Role.ORGANISER)


@pytest.fixture(autouse=True, scope="session")
def _threads_give_their_connections_back():
    """A thread a test starts gives its database connection back when it ends, as a request's
    thread does at the request's end: with PostgreSQL's pool (DB_POOL_MAX_SIZE) a connection
    left checked out by a finished thread would be lost to every later test."""
    run = threading.Thread.run

    def run_then_close(self: threading.Thread) -> None:
        try:
            run(self)
        finally:
            connections.close_all()

    threading.Thread.run = run_then_close  # type: ignore[method-assign]
    yield
    threading.Thread.run = run  # type: ignore[method-assign]
