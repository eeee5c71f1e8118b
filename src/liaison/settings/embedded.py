"""The embedded default: one machine, a SQLite file under the data folder, no other service."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR


def _secret_key() -> str:
    # A key of the installation's own, made once and kept beside the database.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
