"""Settings for Salam, read from the environment in one place.

With nothing set the site runs on SQLite and Channels' in-memory layer so that a newcomer
needs only Python. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis, which is
production and how the site scales out to several daphne processes.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Every environment variable these settings read, in the order they are read: the README's
# configuration table lists exactly these (tests/salam/test_settings.py compares them).
ENVIRONMENT_SETTINGS: list[str] = []


def _raw(name: str) -> str | None:
    """Every read of the environment goes through here, so that it is recorded."""
    if name not in ENVIRONMENT_SETTINGS:
        ENVIRONMENT_SETTINGS.append(name)
    return os.environ.get(name)


def env(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; a value that is neither true nor false refuses to start."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "django-insecure-salam-development-key-never-use-in-production"  # noqa: S105 placeholder refused below
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and "*" in ALLOWED_HOSTS:
    # The websocket Origin check trusts ALLOWED_HOSTS: a wildcard would let any site in.
    raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env("SALAM_DATA_DIR", str(BASE_DIR / ".data")))

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "csp",
    "allauth",
    "allauth.account",
    "django_countries",
    "salam",
    "salam.people",
    "salam.notices",
    "django.contrib.postgres",
    "salam.clearinghouse",
    "salam.library",
    "salam.journal",
    "salam.forum",
    "salam.search",
    "salam.moderation",
    "rooms",
    "salam.bench",
    "events",
    "events.programmes",
    "salam.contest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may query: a request that found the database pool exhausted
    # is answered 503 with Retry-After instead of 500 (see "Database pool" below).
    "salam.dbpool.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The viewer's time zone (profile, else the browser's `tz` cookie) and languages.
    "salam.people.middleware.ViewerLocalityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "salam.urls"
ASGI_APPLICATION = "salam.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salam.library.context.current_partner",
                "salam.notices.context.bell",
                "salam.navigation.navigation",
            ],
            # salam.core is no app of its own: its template library is named here.
            "libraries": {"when": "salam.core.templatetags.when"},
        },
    },
]

DATABASE_URL = env("DATABASE_URL", "")
# Database pool: under ASGI every request runs its sync code in a thread of its own (asgiref
# gives each request its executor) and channels' database_sync_to_async uses the default
# executor's threads, so persistent connections (CONN_MAX_AGE > 0) leave one connection behind per
# thread, without bound. Django's psycopg pool instead bounds one process at DB_POOL_MAX_SIZE
# connections, however many threads ask: a thread takes one for a request or a
# database_sync_to_async call and gives it back at the end (CONN_MAX_AGE 0). A thread that finds
# the pool empty waits DB_POOL_TIMEOUT seconds, then the request is answered 503 (salam.dbpool),
# never left hanging. Size PostgreSQL's max_connections for processes x DB_POOL_MAX_SIZE + admin.
DB_POOL_MIN_SIZE = env_int("DB_POOL_MIN_SIZE", 2)
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 20)
DB_POOL_TIMEOUT = env_int("DB_POOL_TIMEOUT", 10)
if not 0 <= DB_POOL_MIN_SIZE <= DB_POOL_MAX_SIZE or DB_POOL_MAX_SIZE < 1 or DB_POOL_TIMEOUT < 1:
    raise ImproperlyConfigured(
        "DB_POOL_MIN_SIZE must be 0 to DB_POOL_MAX_SIZE, which and DB_POOL_TIMEOUT are >= 1."
    )
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # not a sqlite:// URL
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": DB_POOL_MIN_SIZE,
            "max_size": DB_POOL_MAX_SIZE,
            "timeout": DB_POOL_TIMEOUT,
        }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "salam.sqlite3"),
            # Writers wait for the lock instead of failing at once ("database is locked").
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
# Keys of this site in Redis (channel layer and cache) start with it: sites or test runs
# sharing one Redis server keep apart.
CHANNEL_PREFIX = env("CHANNEL_PREFIX", "salam")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 defaults to a 5 s socket timeout, which makes the layer's
                # blocking receive drop every idle consumer: wait as long as it takes.
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "prefix": CHANNEL_PREFIX,
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The cache: with Redis it is shared by every daphne process, so that allauth's login rate
# limits (and whatever else is cached) hold across them; embedded, it is the process's memory.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CHANNEL_PREFIX}.cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email and password sign-up, login by username or email.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# Sign-up says nothing of who already has an account (allauth's enumeration prevention, on by
# default): with mandatory verification, a taken address gets the same "check your mail" page
# as a new one, and its owner a mail saying someone tried. With `optional` or `none`, allauth
# must refuse the taken address on the form, and so tells. Usernames stay refused when taken:
# they are public (every profile's address, every message's author), so the form hides nothing.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
# The newcomer who follows the link in the browser they signed up in is signed in by it (allauth
# does so only within that browser's session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_ADAPTER = "salam.people.adapter.AccountAdapter"

# Accounts: the client's address, for allauth's per-address rate limits. X-Forwarded-For is
# believed only as far as it was written by these proxies (addresses or CIDR networks), so
# behind the load balancer each client counts alone, and a header sent by anyone else is
# ignored (salam.people.adapter.client_address).
SALAM_TRUSTED_PROXIES = env_list("SALAM_TRUSTED_PROXIES", [])
for _proxy in SALAM_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SALAM_TRUSTED_PROXIES: {_proxy!r} is not an address or a network"
        ) from exc
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

EMAIL_BACKEND = env("EMAIL_BACKEND", "")
EMAIL_HOST = env("EMAIL_HOST", "")
if not EMAIL_BACKEND:
    EMAIL_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend"
    )
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Café Salam <noreply@salam.localhost>")

# Jobs: work that should not hold up a request (every mail) goes through Django's tasks
# framework (the django-tasks backport) on its database backend, so SQLite needs nothing more
# and production runs `manage.py db_worker` processes on PostgreSQL (README "Jobs").
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The site's public address and name: a mail sent from a job has no request to take them from.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://")
SITE_NAME = env("SITE_NAME", "Café Salam")
# A send that fails is tried again after 1, 2, 4, ... times the backoff; after the last attempt
# the failure is logged as an error and the job is recorded as failed.
EMAIL_RETRY_ATTEMPTS = env_int("EMAIL_RETRY_ATTEMPTS", 5)
if EMAIL_RETRY_ATTEMPTS < 1:
    raise ImproperlyConfigured("EMAIL_RETRY_ATTEMPTS must be at least 1")
EMAIL_RETRY_BACKOFF_SECONDS = env_int("EMAIL_RETRY_BACKOFF_SECONDS", 60)
# An SMTP server that accepts the connection and then says nothing must not hold a worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "salam" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development WhiteNoise serves straight from the source folders, so one daphne process
# serves the whole site without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))

# Production hardening: `manage.py check --deploy` is clean with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is for the load balancer, which speaks plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Security headers, in every mode (so that development shows a violation as production would).
# Content-Security-Policy (django-csp): no inline script or style anywhere; 'self' in
# connect-src also allows the site's own ws:// and wss:// (CSP Level 3), which the rooms use.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Camera and microphone for the site itself (video calls), every other powerful feature off.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": ["self"],
    "display-capture": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "midi": [],
    "accelerometer": [],
    "gyroscope": [],
    "magnetometer": [],
}

# Server processes freeze what startup created and collect the young generation less often
# once daphne starts serving (salam/asgi.py); importing the application does not.
SALAM_GC_TUNING = env_bool("SALAM_GC_TUNING", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Rooms: more than this many messages by one person in one room within the window are refused.
ROOMS_RATE_LIMIT_MESSAGES = env_int("ROOMS_RATE_LIMIT_MESSAGES", 5)
ROOMS_RATE_LIMIT_SECONDS = env_int("ROOMS_RATE_LIMIT_SECONDS", 5)
# Rooms: a person may edit their own message for this long after sending it.
ROOMS_EDIT_WINDOW_SECONDS = env_int("ROOMS_EDIT_WINDOW_SECONDS", 15 * 60)
# Rooms: at most this many reactions (added or taken back) by one person in one room a minute.
ROOMS_REACTIONS_PER_MINUTE = env_int("ROOMS_REACTIONS_PER_MINUTE", 30)

# Socket limits: a socket beyond these is refused at connect with close code 4429.
# Per person per room, across every process (their presence rows, counted under a lock): a room
# open on a phone, a laptop and in a few tabs is five; one account with 150 is not a reader.
ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM = env_int("ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM", 5)
# Per person per server process, over every socket type (rooms, /ws/me/, moderation): a page
# opens one or two, so twenty is a busy person's tabs, and bounds what one account can make a
# process hold (about 40 KiB a socket) however many rooms it is in.
SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS = env_int("SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS", 20)
# Pairing: two people who met within this many of their last pairings are not paired again.
PAIRING_RECENT_ROUNDS = env_int("PAIRING_RECENT_ROUNDS", 3)
# Library: the largest upload accepted (resources and template packages).
LIBRARY_MAX_UPLOAD_BYTES = env_int("LIBRARY_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Calls (rooms/calls): a WebRTC mesh of at most CALL_MESH_MAX people per pair or small group
# room. ICE: STUN_URLS and TURN_URLS are comma-separated (turn:host:3478?transport=udp,
# turns:host:443?transport=tcp); TURN credentials are minted per join from TURN_SECRET (coturn's
# use-auth-secret) and last TURN_TTL seconds. With none set, calls use host candidates only.
STUN_URLS = env_list("STUN_URLS", [])
TURN_URLS = env_list("TURN_URLS", [])
TURN_SECRET = env("TURN_SECRET", "")
TURN_TTL = env_int("TURN_TTL", 3600)
CALL_MESH_MAX = env_int("CALL_MESH_MAX", 4)
if TURN_URLS and not TURN_SECRET:
    raise ImproperlyConfigured("TURN_URLS needs TURN_SECRET (coturn's static-auth-secret).")
if TURN_TTL < 60 or not 2 <= CALL_MESH_MAX <= 8:
    raise ImproperlyConfigured("TURN_TTL must be at least 60 and CALL_MESH_MAX from 2 to 8.")

# Presence: every process refreshes its sockets' presence rows each HUB_KEEP_ALIVE_SECONDS and
# sweeps rows left unrefreshed for ROOMS_PRESENCE_TTL_SECONDS, so the people of a crashed process
# drop out within the sum. A TTL no longer than the keep-alive would sweep live connections.
HUB_KEEP_ALIVE_SECONDS = env_int("HUB_KEEP_ALIVE_SECONDS", 10)
ROOMS_PRESENCE_TTL_SECONDS = env_int("ROOMS_PRESENCE_TTL_SECONDS", 30)
if not 0 < HUB_KEEP_ALIVE_SECONDS < ROOMS_PRESENCE_TTL_SECONDS:
    raise ImproperlyConfigured(
        "HUB_KEEP_ALIVE_SECONDS must be positive and shorter than ROOMS_PRESENCE_TTL_SECONDS "
        f"(now {HUB_KEEP_ALIVE_SECONDS} and {ROOMS_PRESENCE_TTL_SECONDS})"
    )
# Request bodies: refused with 413 before they are read (salam.request_limits), from the
# Content-Length or, for a chunked body, as soon as the bytes received pass the limit. Pages take
# forms of text: a little above Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB, kept), which then
# stays the check a normal form meets. The library's upload forms take a file of up to
# LIBRARY_MAX_UPLOAD_BYTES plus the form's other fields and the multipart framing.
SALAM_MAX_REQUEST_BYTES = env_int("SALAM_MAX_REQUEST_BYTES", 3 * 1024 * 1024)
SALAM_MAX_UPLOAD_REQUEST_BYTES = env_int(
    "SALAM_MAX_UPLOAD_REQUEST_BYTES", LIBRARY_MAX_UPLOAD_BYTES + 1024 * 1024
)
# The youth video contest (salam/contest): the largest video accepted, and the size of one chunk
# of its resumable upload (each chunk is one request, so its path has a body limit of its own,
# SALAM_BODY_LIMITS below); a processing job whose worker stopped refreshing it for
# CONTEST_PROCESSING_STALL_SECONDS is given to another; consent links last this many days.
CONTEST_MAX_UPLOAD_BYTES = env_int("CONTEST_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024)
CONTEST_CHUNK_BYTES = env_int("CONTEST_CHUNK_BYTES", 8 * 1024 * 1024)
CONTEST_PROCESSING_STALL_SECONDS = env_int("CONTEST_PROCESSING_STALL_SECONDS", 120)
CONTEST_CONSENT_DAYS = env_int("CONTEST_CONSENT_DAYS", 14)
# People's Choice: one person or one network may cast or withdraw this many times a minute.
CONTEST_VOTE_RATE_PER_MINUTE = env_int("CONTEST_VOTE_RATE_PER_MINUTE", 10)
if CONTEST_CHUNK_BYTES < 64 * 1024:
    raise ImproperlyConfigured("CONTEST_CHUNK_BYTES must be at least 64 KiB")
# Paths (regular expressions) with a body limit of their own, checked before the others.
SALAM_BODY_LIMITS = [(r"^/contest/uploads/[0-9a-f]{32}/$", CONTEST_CHUNK_BYTES + 64 * 1024)]
# The paths (regular expressions on the path) whose forms carry uploads.
SALAM_UPLOAD_PATHS = [r"^/library/resources/[^/]+/edit/$", r"^/library/resources/new/$",
                      r"^/library/packages/[^/]+/$"]  # fmt: skip
