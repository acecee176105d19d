"""Settings for `db_worker` subprocesses in tests: the site's, with mail written to files in
EMAIL_FILE_PATH, which the test (another process) reads."""

import os

from salam.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
