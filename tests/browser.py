"""Browser tests: the site served by a real daphne, driven by headless Chromium through Playwright.

Loaded for every test by `-p tests.browser` in pyproject.toml. The fixtures are:

- `chromium`: a headless Chromium per test (Debian's /usr/bin/chromium; Playwright's own
  browser download does not work here). Absent Chromium or Playwright skips the test with the
  reason, and fails it under CI (`tests.services.missing`).
- `site`: a daphne process serving `salam.asgi:application` on a free 127.0.0.1 port and
  sharing this test's database, so that tests must be `django_db(transaction=True)`.
- `browser_context`: `browser_context(language="ar")` opens a fresh context (its own cookies:
  one signed-in person each; `timezone_id="America/Sao_Paulo"` sets the browser's zone);
  every context is closed in teardown.
- `log_in`: `log_in(page, username, password)` signs in through the real login form.

Rows a test makes before Playwright starts (fixtures listed before `browser_context`) or
while it runs both reach daphne; see `chromium` and `site` for why the order matters here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connections

from tests import services
from tests.daphne import Daphne, http_get, subprocess_database_url

if TYPE_CHECKING:  # Playwright may be missing: the fixtures then skip, or fail under CI
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip
# Calls: a fake camera and microphone (a test pattern and a beep), allowed without a prompt.
# A test module opts in by overriding `chromium_args` (the default launch is unchanged).
MEDIA_ARGS = [
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip
STARTUP_SECONDS = 30.0
# Auto-waiting assertions wait this long: enough for a reconnect after its backoff.
EXPECT_TIMEOUT_MS = 15_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


class Site:
    """A running daphne: `url("/rooms/")`, its output in `log()`."""

    def __init__(self, server: Daphne) -> None:
        self.server = server

    def url(self, path: str) -> str:
        return self.server.url(path)

    def log(self) -> str:
        return self.server.log()

    def wait_healthy(self, seconds: float = STARTUP_SECONDS) -> None:
        """Poll /healthz until it answers 200; fail with the output if daphne dies or hangs."""
        deadline, last = time.monotonic() + seconds, "no answer"
        while time.monotonic() < deadline:
            if not self.server.running:
                pytest.fail(f"daphne exited early:\n{self.log()}")
            try:
                status, body = http_get(self.url("/healthz"), timeout=3)
            except OSError as error:  # not listening yet
                last = repr(error)
            else:
                if status == 200:
                    return
                last = f"{status} {body}"
            time.sleep(0.2)  # polling a starting process, not waiting for a result under test
        pytest.fail(f"daphne not healthy after {seconds} s ({last}):\n{self.log()}")


@contextlib.contextmanager
def shared_sqlite_file(directory: Path) -> Iterator[str]:
    """Yield the path of an SQLite file that this process and a subprocess both use.

    pytest-django's SQLite test database lives in memory (a shared-cache URI), which no other
    process can open. Rather than changing the whole session's test database (TEST NAME), this
    copies the migrated in-memory database into a file with SQLite's backup API and points this
    thread's default connection at the file for the duration of the test; teardown closes it
    and puts the in-memory connection back (which pytest-django then flushes as usual). Rows
    made before the switch are in the copy, rows made after go to the file: both processes see
    the same data. A TEST NAME that already names a file is used as it is.
    """
    memory = connections["default"]
    if not memory.is_in_memory_db():
        yield str(memory.settings_dict["NAME"])
        return
    path = directory / "test.sqlite3"
    memory.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        memory.connection.backup(copy)
    finally:
        copy.close()
    on_file = memory.__class__({**memory.settings_dict, "NAME": str(path)}, alias="default")
    connections["default"] = on_file
    try:
        yield str(path)
    finally:
        on_file.close()
        connections["default"] = memory


@pytest.fixture
def chromium_args() -> list[str]:
    """Launch arguments added to CHROMIUM_ARGS; a module overrides it (e.g. with MEDIA_ARGS)."""
    return []


@pytest.fixture
def site_environment() -> dict[str, str]:
    """Environment variables for the `site` daphne; a module overrides it (TURN settings)."""
    return {}


@pytest.fixture
def chromium(transactional_db: None, chromium_args: list[str]) -> Iterator[Browser]:
    """A headless Chromium of this test's own, started after the test database is set up.

    Playwright's sync API runs an asyncio loop in this thread, which Django takes for an async
    context and so refuses ORM calls (SynchronousOnlyOperation) while it runs. The test's own
    ORM calls are plain blocking calls between Playwright steps, so DJANGO_ALLOW_ASYNC_UNSAFE
    is set for exactly as long as Playwright runs, and both end with the test: a session-wide
    Playwright would leave its loop "running" under every later test, async ones included.
    Mind that while a loop runs, Django keeps this thread's connections apart (per async
    context) from those it had before: `site` therefore starts after this fixture.
    """
    if not Path(CHROMIUM).exists():
        services.missing("Chromium", f"{CHROMIUM} does not exist (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        services.missing("Chromium", "Playwright for Python is not installed")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *chromium_args]
            )
            try:
                yield browser
            finally:
                browser.close()
                # The connections the test opened while the loop ran are not the ones that
                # pytest-django closes: close them, or PostgreSQL refuses to drop the test
                # database ("being accessed by other users").
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def site(
    chromium: Browser, transactional_db: None, site_environment: dict[str, str]
) -> Iterator[Site]:
    """daphne on a free 127.0.0.1 port, on this test's database, healthy; killed in teardown.

    PostgreSQL: DATABASE_URL names pytest-django's test database; the test's rows are committed
    (transactional_db), so daphne sees them and the test sees what daphne writes.
    SQLite: see `shared_sqlite_file`, whose switch of connection must happen while Playwright
    runs (see `chromium`), or the test's ORM calls would go on using the in-memory database.
    The channel layer is Redis when REDIS_URL is set (with a key prefix of this test's own),
    else daphne's in-memory layer: one process serves everyone.
    """
    log_dir = Path(tempfile.mkdtemp(prefix="salam-browser-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, log_dir, ignore_errors=True)
        if services.database_is_postgres():
            database_url = subprocess_database_url()
        else:
            database_url = f"sqlite:///{stack.enter_context(shared_sqlite_file(log_dir))}"
        environment = {
            **{k: v for k, v in os.environ.items() if k != ASYNC_UNSAFE},
            "DJANGO_SETTINGS_MODULE": "salam.settings",
            "DATABASE_URL": database_url,
            "CHANNEL_PREFIX": f"browser{uuid.uuid4().hex[:12]}",
            "DEBUG": "true",  # WhiteNoise serves static files from the source folders
            "PYTHONUNBUFFERED": "1",
            **site_environment,
        }
        server = Daphne("daphne", environment, log_dir)
        stack.callback(lambda: print(f"\n===== daphne output =====\n{server.log()}"))
        stack.callback(server.stop)
        server.spawn()
        running = Site(server)
        running.wait_healthy()
        yield running


@pytest.fixture
def browser_context(chromium: Browser, site: Site) -> Iterator[Callable[..., BrowserContext]]:
    """browser_context(language=None) -> a new BrowserContext on the site."""
    contexts = []

    def open_context(language: str | None = None, timezone_id: str | None = None) -> BrowserContext:
        context = chromium.new_context(
            base_url=site.url(""), locale=language or "en-GB", timezone_id=timezone_id
        )
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        if language:
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": site.url("/")}]
            )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def log_in() -> Callable:
    """log_in(page, username, password): a fixture, so test modules need not import this one."""
    return sign_in


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in through the real login form; return once the site has let the person in."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def screenshot(page: Page, name: str) -> None:
    """With SALAM_SCREENSHOTS=<folder>, keep a picture of the page for a person to look at."""
    folder = os.environ.get("SALAM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
