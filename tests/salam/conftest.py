# The room the live server tests open sockets in, as the room tests make it.
from tests.rooms.conftest import welcome  # noqa: F401 a fixture, used by name
