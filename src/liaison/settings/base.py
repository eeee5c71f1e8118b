"""Settings shared by every deployment; `embedded` and `production` override them."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

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
    "simple_history",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "huey.contrib.djhuey",
    "liaison.accounts",
    "liaison.organizations",
    "liaison.people",
    "liaison.agreements",
    "liaison.centers",
    "liaison.achievements",
    "liaison.needs",
    "liaison.financing",
    "liaison.reports",
    "liaison.search",
    "liaison.matching",
    "liaison.portal",
    "liaison.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

# The institute's own city: organizations there are "local" in the figures.
LIAISON_LOCAL_CITIES = [
    c.strip() for c in os.environ.get("LIAISON_LOCAL_CITIES", "温州市,温州,Wenzhou").split(",") if c
]

# How the figures' text names that city.
LIAISON_LOCAL_CITY_NAMES = {"en": "Wenzhou", "zh-hans": "温州"}

# The matching index lives in the data folder; it is rebuilt from the records at any time.
MATCHING_INDEX_DIR = DATA_DIR / "matching-index"
# Fuse a dense (sentence-embedding) ranking with BM25 for English queries; needs the optional
# extra liaison[dense] and an `index build` after switching it on.
LIAISON_MATCHING_DENSE = os.environ.get("LIAISON_MATCHING_DENSE", "").lower() in {
    "1",
    "true",
    "yes",
}

# Background jobs (index updates, long exports): a SQLite queue in the data folder, consumed
# by threads of `liaison up`; production points Huey at Redis and runs `liaison run_huey`.
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "liaison",
    "filename": str(DATA_DIR / "jobs.sqlite3"),
    "immediate": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIAISON_LOG_LEVEL", "WARNING")},
}
