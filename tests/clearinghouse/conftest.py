from tests.clearinghouse import *  # noqa: F403 shared clearinghouse fixtures
