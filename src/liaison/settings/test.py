"""Tests: the embedded settings with fast hashing and a throw-away data folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "liaison-tests-only"
DATA_DIR = Path(tempfile.mkdtemp(prefix="liaison-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_ROOT.mkdir()
MATCHING_INDEX_DIR = DATA_DIR / "matching-index"
# Jobs run at once, in the calling thread, so a test sees their effect on return.
HUEY = {"huey_class": "huey.MemoryHuey", "name": "liaison-tests", "immediate": True}
