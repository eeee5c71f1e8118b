"""Production: PostgreSQL via DATABASE_URL, Redis for the cache, secrets from the environment."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["LIAISON_SECRET_KEY"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
}

HUEY = {
    "huey_class": "huey.RedisHuey",
    "name": "liaison",
    "url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "immediate": False,
}

SESSION_COOKIE_SECURE = os.environ.get("LIAISON_HTTPS", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("LIAISON_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto; LIAISON_HTTPS=0 for a plain-HTTP intranet.
if SESSION_COOKIE_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("LIAISON_HSTS_SECONDS", "3600"))
