"""Settings read from the environment: one table drives reading and the docs.

Every variable is prefixed ``HM_``. ``settings.py`` reads each one through
:func:`read`, and ``docs/configuration.md`` lists the same table (a test checks
that every name is documented). This module imports nothing from Django so the
settings module can use it before Django is configured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("HM_DEBUG", "true", "Debug mode for local use. Set to `false` in production."),
    Setting(
        "HM_SECRET_KEY",
        "",
        "Django secret key. Required when HM_DEBUG is false; a local key is "
        "generated under HM_VAR_DIR otherwise.",
    ),
    Setting(
        "HM_DATABASE_URL",
        "",
        "Database URL, e.g. `postgres://user:pass@host:5432/habitat`. Empty means "
        "the embedded SQLite file `HM_VAR_DIR/habitat.sqlite3`.",
    ),
    Setting("HM_VAR_DIR", "var", "Folder for the SQLite database, uploads and derived files."),
    Setting(
        "HM_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "HM_HTTPS",
        "",
        "Serve behind HTTPS: secure cookies, HSTS and redirects. Defaults to the "
        "opposite of HM_DEBUG.",
    ),
    Setting(
        "HM_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins trusted for CSRF, e.g. `https://monitor.example.org`.",
    ),
    Setting("HM_STATIC_ROOT", "var/static", "Where `collectstatic` puts static files for serving."),
    Setting("HM_LOGIN_ATTEMPTS", "5", "Failed logins allowed before the account is locked out."),
    Setting("HM_LOCKOUT_MINUTES", "15", "How long a lock-out after too many failed logins lasts."),
    Setting("HM_LANGUAGE", "en", "Default interface language (`en` or `zh-hans`)."),
    Setting(
        "HM_DB_CONN_MAX_AGE",
        "60",
        "Seconds a PostgreSQL connection is kept open between requests (0: one per request).",
    ),
    Setting(
        "HM_CACHE_URL",
        "",
        "Shared cache, e.g. `redis://127.0.0.1:6379/1`. Empty means a cache in each process.",
    ),
    Setting(
        "HM_TASKS_BACKEND",
        "db",
        "Where background tasks go: `db` (database queue, `db_worker`) or `celery`.",
    ),
    Setting(
        "HM_CELERY_BROKER_URL",
        "redis://127.0.0.1:6379/0",
        "Celery broker when HM_TASKS_BACKEND is `celery`.",
    ),
    Setting(
        "HM_CELERY_VISIBILITY_TIMEOUT",
        "3600",
        "Seconds before a task of a worker that died is handed to another worker.",
    ),
    Setting(
        "HM_TASK_ATTEMPTS",
        "3",
        "Times a Celery task is started before it is given up and marked failed.",
    ),
    Setting("HM_LOG_FORMAT", "text", "Log lines as `text` or `json` (one object per line)."),
    Setting("HM_LOG_LEVEL", "WARNING", "Lowest level logged (`DEBUG`, `INFO`, `WARNING`...)."),
    Setting("HM_LOG_REQUESTS", "false", "Log every request: id, method, path, status, time."),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def text(name: str) -> str:
    """The variable's value, or the table's default when unset."""
    return os.environ.get(name, _BY_NAME[name].default)


def flag(name: str, default: bool | None = None) -> bool:
    raw = os.environ.get(name, "").strip() or _BY_NAME[name].default
    if raw == "" and default is not None:
        return default
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def integer(name: str) -> int:
    raw = text(name)
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def items(name: str) -> list[str]:
    return [item.strip() for item in text(name).split(",") if item.strip()]


def path(name: str, base: Path) -> Path:
    value = Path(text(name))
    return value if value.is_absolute() else base / value
