"""Django settings of the office server.

Everything that differs per machine comes from the environment, set by ``python -m generator.server``:
``CDD_SERVER_HOME`` (the runtime folder: database and secret key, outside git; default ``.cache/server``),
``CDD_DATA`` (the rounds, default ``kpi_data``), ``CDD_OUTPUT`` (default ``output``), ``CDD_REGISTER`` (the letter
register), ``CDD_ALLOWED_HOSTS`` (comma separated), and ``DATABASE_URL`` for PostgreSQL
(``postgresql://user:password@host:5432/name``; needs the ``psycopg`` package; see docs/server.md).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from generator import PROJECT_ROOT

HOME = Path(os.environ.get("CDD_SERVER_HOME") or PROJECT_ROOT / ".cache" / "server")
HOME.mkdir(parents=True, exist_ok=True)
DATA = Path(os.environ.get("CDD_DATA") or PROJECT_ROOT / "kpi_data")
OUTPUT = Path(os.environ.get("CDD_OUTPUT") or PROJECT_ROOT / "output")
REGISTER = Path(os.environ["CDD_REGISTER"]) if os.environ.get("CDD_REGISTER") else None


def _secret_key(path: Path) -> str:
    """Made on first start, kept in the runtime folder (never in git), readable by its owner only."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _database(url: str | None) -> dict:
    """SQLite in the runtime folder, or the PostgreSQL database DATABASE_URL names.

    >>> _database("postgresql://cdd:pw@db.local:5432/office")["HOST"]
    'db.local'
    >>> _database(None)["ENGINE"]
    'django.db.backends.sqlite3'
    """
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": HOME / "server.sqlite3",
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}}
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: only postgresql:// is supported, not {parts.scheme}://")
    return {"ENGINE": "django.db.backends.postgresql", "NAME": parts.path.lstrip("/"),
            "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "", "PORT": str(parts.port or "")}


SECRET_KEY = _secret_key(HOME / "secret-key")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CDD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "generator.server.apps.ServerConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "generator.server.middleware.CurrentUser",
]
ROOT_URLCONF = "generator.server.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "generator.server.roles.context",
    ]},
}]
WSGI_APPLICATION = "generator.server.wsgi.application"
DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "rounds"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # a form's fields; uploads are bounded by generator.server.uploads
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # the KPIs page of a 27-KPI round sends 325 fields (labelled fields × KPIs)

LANGUAGE_CODE = "th"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = Path(__file__).resolve().parent / "static"

LOCKOUT_FAILURES = 5  # failed logins in a row before a name is locked
LOCKOUT_MINUTES = 15
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}}}
