"""Production: PostgreSQL via DATABASE_URL, Redis for the cache, secrets from the environment.

It refuses to load, with a one-line reason (`liaison` prints it and exits with status 2),
without a proper secret key or without DATABASE_URL: a production server must not sign its
sessions with a guessable key, nor quietly start on an empty SQLite file of its own.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SILENCED_SYSTEM_CHECKS, env_flag, env_int, gettext_noop

# Django's `check --deploy` asks for at least 50 characters.
SECRET_KEY_MIN_LENGTH = 50
# Keys anyone can read: the tests' (settings/test.py) and Django's generated development keys.
PUBLISHED_SECRET_KEYS = {"liaison-tests-only"}
PUBLISHED_SECRET_KEY_PREFIX = "django-insecure-"

NO_SECRET_KEY = gettext_noop(
    "LIAISON_SECRET_KEY is not set: production needs a secret key of %(length)s or more "
    "random characters, e.g. from python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
)
SHORT_SECRET_KEY = gettext_noop(
    "LIAISON_SECRET_KEY is too short (%(found)s characters): production needs %(length)s or "
    "more random characters."
)
PUBLISHED_SECRET_KEY = gettext_noop(
    "LIAISON_SECRET_KEY is a published key (the tests' or Django's development key): choose a "
    "random one of %(length)s or more characters."
)
NO_DATABASE_URL = gettext_noop(
    "DATABASE_URL is not set: production runs on PostgreSQL, e.g. "
    "DATABASE_URL=postgres://liaison@db.example.org:5432/liaison."
)


def secret_key() -> str:
    """LIAISON_SECRET_KEY, refused when missing, short or published."""
    key = os.environ.get("LIAISON_SECRET_KEY", "").strip()
    if not key:
        raise ImproperlyConfigured(NO_SECRET_KEY % {"length": SECRET_KEY_MIN_LENGTH})
    if key in PUBLISHED_SECRET_KEYS or key.startswith(PUBLISHED_SECRET_KEY_PREFIX):
        raise ImproperlyConfigured(PUBLISHED_SECRET_KEY % {"length": SECRET_KEY_MIN_LENGTH})
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            SHORT_SECRET_KEY % {"found": len(key), "length": SECRET_KEY_MIN_LENGTH}
        )
    return key


SECRET_KEY = secret_key()

# base.py falls back to SQLite in the data folder; production never does.
if not os.environ.get("DATABASE_URL", "").strip():
    raise ImproperlyConfigured(NO_DATABASE_URL)

# `liaison serve` runs only with these settings (or settings built on them).
LIAISON_PRODUCTION = True

# Connections kept open between requests, each checked before it is used again: when the
# database restarts, the first request of each worker thread opens a new connection instead
# of failing on the dead one, with nobody restarting Liaison. A request the database fails
# meanwhile gets a 503 page (core.views.errors). LIAISON_DB_CONN_MAX_AGE=0 closes every
# connection at the end of its request (behind a pooler such as PgBouncer, say).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("LIAISON_DB_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that does not answer fails the request in seconds, rather than holding a
# web worker until the application server's timeout kills it.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env_int("LIAISON_DB_CONNECT_TIMEOUT", 5, minimum=1)
)
# No JIT compilation: it pays off for long analytical queries, and costs a page 50 to 200 ms
# whenever a query's estimated cost passes its threshold, as searches do (the search indexes'
# function declares a high cost: core.textsearch).
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

REDIS_URL = os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0"

# The cache on Redis, shared by every web worker on every machine: the API's rate limits and
# the sessions below count and read the same values whichever worker answers. A Redis that
# does not answer fails the request in seconds (a 503 page), never hangs it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# Sessions read from Redis and written through to PostgreSQL: a page costs no session query,
# and nobody is signed out when Redis restarts or evicts a key (the session is read from the
# database again). A session is written at most once a minute (core.sessions).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs on a Redis queue, consumed by `liaison run_huey`, which also runs the
# periodic jobs (the reminders' hourly runs, the patents' lapses, the nightly backup).
HUEY = {
    "huey_class": "huey.RedisHuey",
    "name": "liaison",
    "url": REDIS_URL,
    "immediate": False,
    "consumer": {
        "workers": env_int("LIAISON_JOB_WORKERS", 2, minimum=1),
        "worker_type": "thread",
        "periodic": True,
    },
}

CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("LIAISON_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Headers that cost nothing over HTTP or HTTPS (Django's defaults, stated so that a change of
# default cannot weaken them): no content-type sniffing, no address of a Liaison page sent to
# another site, no window of another site holding a reference to Liaison's.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS, behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto: secure
# cookies, plain HTTP redirected, HSTS. LIAISON_HTTPS=0 serves a plain-HTTP intranet instead;
# `liaison check --deploy` then warns about the four settings below (security.W004, W008,
# W012, W016), as it should.
serves_https = env_flag("LIAISON_HTTPS", True)
SESSION_COOKIE_SECURE = serves_https
CSRF_COOKIE_SECURE = serves_https
if serves_https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("LIAISON_HSTS_SECONDS", 365 * 24 * 60 * 60)
    # The subdomains of Liaison's own host name (not its siblings): 0 only when Liaison
    # answers on the institute's bare domain and other hosts under it still speak plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("LIAISON_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading commits the whole registered domain to HTTPS in every browser, for a long
    # time: the institute's decision, not an application's. Off unless asked for, and then
    # `check --deploy` is told that this is deliberate.
    SECURE_HSTS_PRELOAD = env_flag("LIAISON_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
