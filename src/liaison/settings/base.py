"""Settings shared by every deployment; `embedded` and `production` override them."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def gettext_noop(message: str) -> str:
    """A message marked for the catalogue, untranslated: settings load before translations."""
    return message


NOT_A_NUMBER = gettext_noop(
    "%(variable)s must be a whole number, %(minimum)s or more (it is “%(value)s”)."
)
NOT_A_RATE = gettext_noop(
    "%(variable)s must be a number of requests per second, minute, hour or day, like "
    "1200/minute (it is “%(value)s”)."
)


def env_int(variable: str, default: int, *, minimum: int = 0) -> int:
    """A whole number from the environment; a wrong one stops Liaison with one line."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ImproperlyConfigured(
            NOT_A_NUMBER % {"variable": variable, "minimum": minimum, "value": raw}
        )
    return value


def env_rate(variable: str, default: str) -> str:
    """A request rate from the environment ("1200/minute"); a wrong one stops Liaison with one line."""
    raw = os.environ.get(variable, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", raw):
        raise ImproperlyConfigured(NOT_A_RATE % {"variable": variable, "value": raw})
    return raw


def env_flag(variable: str, default: bool) -> bool:
    """A yes/no setting from the environment: 1, true or yes (any case) for yes."""
    raw = os.environ.get(variable, "").strip().lower()
    return default if not raw else raw in {"1", "true", "yes"}


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LIAISON_DATA_DIR", "var")).resolve()

DEBUG = False
ALLOWED_HOSTS = [
    h for h in os.environ.get("LIAISON_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    # First, so that its admin templates (the header's language switcher) override Django's.
    "liaison.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "simple_history",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "liaison.accounts",
    "liaison.organizations",
    "liaison.people",
    "liaison.agreements",
    "liaison.centers",
    "liaison.achievements",
    "liaison.needs",
    "liaison.financing",
    "liaison.disclosures",
    "liaison.patents",
    "liaison.transfer",
    "liaison.incubation",
    "liaison.training",
    "liaison.brokers",
    "liaison.market",
    "liaison.opencalls",
    "liaison.chains",
    "liaison.reports",
    "liaison.search",
    "liaison.matching",
    "liaison.portal",
    "liaison.api",
    "liaison.reminders",
    "liaison.demo",
    "liaison.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that renders a page (the lockout page of axes included), so that each
    # page's nonce is in the policy sent with it.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liaison.core.sessions.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite under the data folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'liaison.sqlite3'}",
        conn_max_age=int(os.environ.get("LIAISON_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side; the timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2 (memory-hard) for every new or changed password; the PBKDF2 hashes stored before it
# still verify, and Django rehashes each with Argon2 at its owner's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# axes first: it refuses a locked-out account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve the apps' static files straight from the installed packages: `liaison up` needs no
# collectstatic step.
WHITENOISE_USE_FINDERS = True
# The front-end packages that `liaison assets` fetches from the npm registry (never committed),
# served under static/vendor/; LIAISON_ASSETS_DIR keeps them elsewhere (a shared folder, say).
LIAISON_ASSETS_DIR = Path(os.environ.get("LIAISON_ASSETS_DIR", PACKAGE_DIR / "vendor")).resolve()
STATICFILES_DIRS = [("vendor", LIAISON_ASSETS_DIR)]

# What a form's fields (files apart) may weigh: a megabyte of Chinese typed into one field is
# 9 MB once the browser encodes it, and is then refused under its field with what was typed
# kept, instead of by a bare "Bad Request" that loses it. Larger posts get the 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
# The largest attachment accepted (core.uploads), in megabytes.
LIAISON_ATTACHMENT_MAX_MB = int(os.environ.get("LIAISON_ATTACHMENT_MAX_MB", "20"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# A form refused for its security token gets a page of Liaison's, in the person's language.
CSRF_FAILURE_VIEW = "liaison.core.views.pages.csrf_failure"

# Sign-in throttling (django-axes), on the site's sign-in page and the admin's alike.
# Failures are counted per username, whatever address they come from: an attacker who
# rotates addresses is still stopped after AXES_FAILURE_LIMIT guesses, while an office that
# reaches Liaison through one NAT or proxy address is not locked out as a whole by a few
# people's typos, as counting per address would do. The price: anyone can lock a known
# username for the cool-off by guessing wrong on purpose; an administrator unlocks it early
# (`liaison axes_reset_username NAME`, or Access attempts in the administration). Password
# spraying (one common password tried on many usernames) is met by AUTH_PASSWORD_VALIDATORS,
# which refuse common passwords; hence axes' warning that the address is not counted
# (axes.W006) is silenced.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_FAILURE_LIMIT = env_int("LIAISON_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LIAISON_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
# A successful sign-in before the limit forgets the earlier failures of that username.
AXES_RESET_ON_SUCCESS = True
# Who signed in or failed, when, from which address and browser: the audit reads these.
AXES_DISABLE_ACCESS_LOG = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# A page of Liaison's (its layout, the person's language, 429) instead of axes' bare text.
AXES_LOCKOUT_CALLABLE = "liaison.core.sessions.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address: the connection's own (REMOTE_ADDR), unless LIAISON_TRUSTED_PROXIES
# says how many reverse proxies in front of Liaison append it to X-Forwarded-For; a header a
# client could write itself is never believed otherwise.
LIAISON_TRUSTED_PROXIES = env_int("LIAISON_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "liaison.core.sessions.client_ip"

# A session ends after LIAISON_SESSION_IDLE_MINUTES without a request. Its expiry moves
# forward at most once a minute (core.sessions.IdleSessionMiddleware) rather than with
# SESSION_SAVE_EVERY_REQUEST, which would write the session row on every request: an
# export's progress polls once a second and every keystroke in a record picker searches,
# and on the embedded SQLite each write waits for the database's one write lock.
SESSION_COOKIE_AGE = env_int("LIAISON_SESSION_IDLE_MINUTES", 60, minimum=1) * 60

# The Content Security Policy, enforced (not report-only) in every deployment and in every
# test, so that a page that breaks under it fails the browser tests. Scripts come from
# Liaison's own static files, or are inline blocks carrying the request's nonce
# ({{ request.csp_nonce }}); nothing may eval, so htmx's hx-on attributes and trigger filters
# are not used (they would be refused, and the browser tests would say so).
# Styles keep 'unsafe-inline': the bars and charts size themselves with style attributes
# computed per record (a stage's share, an export's progress), ECharts writes its tooltips
# with style attributes, and htmx and the admin's header add small <style> blocks. Inline
# CSS runs no script, and with images, fonts and requests held to 'self' it cannot send
# what it reads anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The older header for the browsers that ignore frame-ancestors.
X_FRAME_OPTIONS = "DENY"

# The institute's own city: organizations there are "local" in the figures.
LIAISON_LOCAL_CITIES = [
    c.strip() for c in os.environ.get("LIAISON_LOCAL_CITIES", "温州市,温州,Wenzhou").split(",") if c
]

# How the figures' text names that city.
LIAISON_LOCAL_CITY_NAMES = {"en": "Wenzhou", "zh-hans": "温州"}

# The matching index lives in the data folder; it is rebuilt from the records at any time.
# LIAISON_MATCHING_INDEX_DIR puts it elsewhere: on a web machine that follows the writer's
# index (below), a folder on its own disk while the data folder is shared.
MATCHING_INDEX_DIR = Path(
    os.environ.get("LIAISON_MATCHING_INDEX_DIR", DATA_DIR / "matching-index")
).resolve()
# A web machine that reads a replica of the index rather than writing one: the path at which
# it sees the writer's (the job consumer's machine's) MATCHING_INDEX_DIR, a read-only NFS mount
# or a folder rsync keeps. `liaison index follow` copies each of its commits into this
# machine's MATCHING_INDEX_DIR; the index is then never written here. Unset: this machine
# writes its own index (one machine, or a data folder shared by every machine).
MATCHING_INDEX_SOURCE = os.environ.get("LIAISON_MATCHING_INDEX_SOURCE", "").strip() or None
# Fuse a dense (sentence-embedding) ranking with BM25: "multilingual" (Chinese and English by
# meaning, the extra liaison[multilingual]), "english" (also "1": English queries only, the
# extra liaison[dense]; better within English, see benchmarks/README.md) or off (""); then
# run `liaison index build` once.
_dense = os.environ.get("LIAISON_MATCHING_DENSE", "").strip().lower()
LIAISON_MATCHING_DENSE = {"1": "english", "true": "english", "yes": "english"}.get(
    _dense, "" if _dense in {"0", "false", "no"} else _dense
)
if LIAISON_MATCHING_DENSE not in {"", "multilingual", "english"}:
    raise ImproperlyConfigured(
        f"LIAISON_MATCHING_DENSE={_dense!r}: use multilingual, english (or 1), or 0 for off"
    )

# Background jobs (index updates, long exports): a SQLite queue in the data folder, consumed
# by threads of `liaison up`; production points Huey at Redis and runs `liaison run_huey`.
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "liaison",
    "filename": str(DATA_DIR / "jobs.sqlite3"),
    "immediate": False,
}

# The nightly backup (liaison.operations): an archive a night in this folder, the newest
# LIAISON_BACKUP_KEEP kept (0: no nightly backup), made at LIAISON_BACKUP_HOUR:30.
LIAISON_BACKUP_DIR = Path(os.environ.get("LIAISON_BACKUP_DIR", DATA_DIR / "backups")).resolve()
LIAISON_BACKUP_KEEP = int(os.environ.get("LIAISON_BACKUP_KEEP", "7"))
LIAISON_BACKUP_HOUR = int(os.environ.get("LIAISON_BACKUP_HOUR", "2"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIAISON_LOG_LEVEL", "WARNING")},
}

# The API (liaison.api): Django REST framework over the same services and permissions as the
# pages. Programs sign in with a token (`Authorization: Bearer …`), the browser with its
# session (and CSRF); every answer is JSON, every error one documented shape.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "liaison.api.authentication.TokenAuthentication",
        "liaison.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["liaison.api.access.SignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["liaison.api.throttling.CallerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "caller": env_rate("LIAISON_API_RATE", "1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "liaison.api.schema.RecordSchema",
    "EXCEPTION_HANDLER": "liaison.api.errors.handle",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
# The longest an API token may be valid, in days (a person chooses up to this when making one).
LIAISON_API_TOKEN_MAX_DAYS = env_int("LIAISON_API_TOKEN_MAX_DAYS", 365, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison API",
    "DESCRIPTION": (
        "Every record of the office and every lifecycle step, through the same services and "
        "permissions as the pages. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Requests take related records by id; answers give them as {id, display, url}.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A rating from 1 to 5: the satisfaction a need is solved with, the score of a review.
    "ENUM_NAME_OVERRIDES": {"RatingEnum": [(n, str(n)) for n in range(1, 6)]},
    "PREPROCESSING_HOOKS": ["liaison.api.schema.name_enums"],
}

# Email: the reminders' digests (liaison.reminders). Printed on the console unless
# LIAISON_EMAIL_HOST names an SMTP server.
if os.environ.get("LIAISON_EMAIL_HOST", "").strip():
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["LIAISON_EMAIL_HOST"].strip()
    EMAIL_PORT = env_int("LIAISON_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = os.environ.get("LIAISON_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("LIAISON_EMAIL_PASSWORD", "")
    # Implicit TLS (port 465) or STARTTLS (587); Django refuses both at once.
    EMAIL_USE_SSL = env_flag("LIAISON_EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = env_flag("LIAISON_EMAIL_USE_TLS", not EMAIL_USE_SSL)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A mail server that does not answer fails the send instead of holding the run (and, on
# SQLite, the database's write lock) for ever.
EMAIL_TIMEOUT = env_int("LIAISON_EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("LIAISON_EMAIL_FROM", "").strip() or "liaison@localhost"
# The address the digests' links start with: the one people open Liaison at.
LIAISON_SITE_URL = os.environ.get("LIAISON_SITE_URL", "").strip() or "http://127.0.0.1:8000"
# How long a cached reading (the dashboard's figures) is kept at most: a change of the records
# made through the models renews it at once (core.freshness); this bounds the others.
LIAISON_READING_TTL = env_int("LIAISON_READING_TTL", 300, minimum=0)
# How many days ahead (or behind) make a record due for a reminder.
LIAISON_REMINDER_EXPIRY_DAYS = env_int("LIAISON_REMINDER_EXPIRY_DAYS", 30)
LIAISON_REMINDER_MILESTONE_DAYS = env_int("LIAISON_REMINDER_MILESTONE_DAYS", 14)
LIAISON_REMINDER_TRIAGE_DAYS = env_int("LIAISON_REMINDER_TRIAGE_DAYS", 3)
LIAISON_REMINDER_STALLED_DAYS = env_int("LIAISON_REMINDER_STALLED_DAYS", 30, minimum=1)
LIAISON_REMINDER_QUESTION_DAYS = env_int("LIAISON_REMINDER_QUESTION_DAYS", 3)
LIAISON_REMINDER_TERM_DAYS = env_int("LIAISON_REMINDER_TERM_DAYS", 30)
LIAISON_REMINDER_PATENT_DAYS = env_int("LIAISON_REMINDER_PATENT_DAYS", 30)
