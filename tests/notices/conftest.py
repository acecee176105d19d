"""The events fixtures, for the notices their sessions make."""

from tests.events.conftest import add_session, forum, published  # noqa: F401 (fixtures)
