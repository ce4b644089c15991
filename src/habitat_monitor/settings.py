"""Django settings for Habitat Monitor.

Every environment variable is read in the block below through ``core.env``,
whose table also feeds ``docs/configuration.md``. Defaults serve ``make run``:
an embedded SQLite database under ``var/``, debug on, loopback only.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from habitat_monitor.core import env

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]

# --- environment -------------------------------------------------------------
DEBUG = env.flag("HM_DEBUG")
VAR_DIR = env.path("HM_VAR_DIR", PROJECT_DIR)
DATABASE_URL = env.text("HM_DATABASE_URL")
ALLOWED_HOSTS = env.items("HM_ALLOWED_HOSTS")
HTTPS = env.flag("HM_HTTPS", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env.items("HM_CSRF_TRUSTED_ORIGINS")
STATIC_ROOT = env.path("HM_STATIC_ROOT", PROJECT_DIR)
AXES_FAILURE_LIMIT = env.integer("HM_LOGIN_ATTEMPTS")
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("HM_LOCKOUT_MINUTES"))
LANGUAGE_CODE = env.text("HM_LANGUAGE")
DB_CONN_MAX_AGE = env.integer("HM_DB_CONN_MAX_AGE")
CACHE_URL = env.text("HM_CACHE_URL")
TASKS_BACKEND = env.text("HM_TASKS_BACKEND")
CELERY_BROKER_URL = env.text("HM_CELERY_BROKER_URL")
CELERY_VISIBILITY_TIMEOUT = env.integer("HM_CELERY_VISIBILITY_TIMEOUT")
TASK_ATTEMPTS = env.integer("HM_TASK_ATTEMPTS")
LOG_FORMAT = env.text("HM_LOG_FORMAT")
LOG_LEVEL = env.text("HM_LOG_LEVEL").upper()
LOG_REQUESTS = env.flag("HM_LOG_REQUESTS")
_secret_key = env.text("HM_SECRET_KEY")
# Benchmarks only: "orm" computes progress without the analytics store (the baseline).
ANALYTICS_BACKEND = os.environ.get("HM_ANALYTICS_BACKEND", "duckdb")
# Whole public pages cached per publication (portal.caching); off for benchmarks only.
PUBLIC_PAGE_CACHE = os.environ.get("HM_PAGE_CACHE", "true").lower() not in ("false", "0", "no")
# ----------------------------------------------------------------------------


def _local_secret_key(var_dir: Path) -> str:
    """A per-install key kept under var/, so `make run` needs no configuration."""
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if _secret_key:
    SECRET_KEY = _secret_key
elif DEBUG:
    SECRET_KEY = _local_secret_key(VAR_DIR)
else:
    raise ImproperlyConfigured(
        "HM_SECRET_KEY is not set. Production (HM_DEBUG=false) needs a secret key: "
        "set HM_SECRET_KEY to a long random string, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

INSTALLED_APPS = [
    "habitat_monitor.core",
    "habitat_monitor.geo",
    "habitat_monitor.plans",
    "habitat_monitor.reporting",
    "habitat_monitor.progress",
    "habitat_monitor.typology",
    "habitat_monitor.engagement",
    "habitat_monitor.reports",
    "habitat_monitor.interop",
    "habitat_monitor.portal",
    "habitat_monitor.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # /healthz answers before anything that could fail with the database or cache.
    "habitat_monitor.core.health.HealthCheckMiddleware",
    *(["habitat_monitor.core.logging.RequestLogMiddleware"] if LOG_REQUESTS else []),
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "habitat_monitor.portal.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "habitat_monitor.progress.visibility.PublicationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "habitat_monitor.urls"
WSGI_APPLICATION = "habitat_monitor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "habitat_monitor.core.context_processors.site",
            ],
        },
    },
]

if DATABASE_URL:
    # Health checks: a kept connection that died (the server restarted) is replaced
    # before the request uses it, so the app recovers without a restart of its own.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=DB_CONN_MAX_AGE > 0
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "habitat.sqlite3",
            "OPTIONS": {
                # WAL lets the public read while a focal point writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
            # A file (not memory) for tests too, so a separate process (a browser
            # test's server, an import killed mid-way) sees the same database.
            "TEST": {"NAME": str(VAR_DIR / "test-habitat.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Security headers. The CSP allows nothing from outside this site: every script,
# style, font and map is served from our own static files.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Per process by default; several app servers share one Redis (public page cache).
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }

# Background work (large imports) is queued in the database and run by
# `habitat-monitor db_worker`, which `make run` starts beside the web server; or
# handed to Celery (`core.celery_tasks`), whose worker runs the same task functions.
if TASKS_BACKEND == "celery":
    TASKS = {"default": {"BACKEND": "habitat_monitor.core.celery_tasks.CeleryBackend"}}
elif TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"HM_TASKS_BACKEND must be db or celery, not {TASKS_BACKEND!r}")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"HM_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
# Read by the Celery app (core.celery) through its CELERY_ namespace.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for tasks of dead workers every 10 s (a cheap sorted-set query).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "habitat_monitor.core.logging.JsonFormatter"},
    },
    "filters": {"request_id": {"()": "habitat_monitor.core.logging.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"habitat_monitor.requests": {"level": "INFO" if LOG_REQUESTS else "WARNING"}},
}
