# The room the live server tests open sockets in, as the room tests make it.
import pytest
from django.core.management import call_command

from tests.rooms.conftest import welcome  # noqa: F401 a fixture, used by name


@pytest.fixture
def demo_site(settings) -> None:
    """The demo's people, rooms, events and clearinghouse, for the browser tests of every page."""
    settings.DEBUG = True  # the demo refuses to run with DEBUG off; pytest runs with it off
    call_command("demo", no_serve=True, verbosity=0)
