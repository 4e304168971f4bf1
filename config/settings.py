"""Settings for Gezinsdossier, read from the environment (see README: Configuration)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.brand import brand_from_environ

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local development is the default (`make run`); production sets DEBUG=false and a SECRET_KEY.
DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Absolute address used in e-mails ("open the dossier here").
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "guardian",
    "auditlog",
    # Sign-in throttling, counted in the database so it works without Redis.
    "axes",
    # Second factor (TOTP app and one-time recovery codes) for every account but families'.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Bottom layer beside core: the transactional outbox every app's side effects leave through.
    "outbox",
    "accounts",
    "households",
    "casefile",
    "safety",
    "procedures",
    "agenda",
    "documents",
    "portal",
    "reports",
    "workspace",
    "demo",
    # Top layer, beside the demo loader: `manage.py seed_scale` for measuring at scale.
    "scale",
    # Top layer: `manage.py backup_check`, whether a restored backup holds what its source held.
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that touches the database (sessions, auth, audit): an outage is a calm 503.
    "core.outage.DatabaseOutageMiddleware",
    # Below WhiteNoise: static files keep their caching; every response Django makes is no-store.
    "core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, then the second factor: staff reach nothing before it.
    "accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.http.AuditlogMiddleware",
    # Every page that shows a dossier's content is an access event (R12).
    "casefile.reads.DossierReadsMiddleware",
    # Turns a lockout flagged during sign-in into the sign-in page with a pause message (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.session_end",
                "core.brand.brand_context",
            ],
            # core is a leaf package, not an app: its template filters are named here.
            "libraries": {
                "form_errors": "core.templatetags.form_errors",
                "status": "core.templatetags.status",
            },
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
        # A kept connection is tested before a request uses it: a restarted PostgreSQL heals itself.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent users on the embedded default: readers never block the writer (WAL), a writer
    # takes the lock when its transaction begins instead of failing halfway (IMMEDIATE), and
    # waits up to `timeout` seconds for another writer instead of answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", "20"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the report's queries for longer than they run (180–490 ms a
    # query at 100k households, issue 12); the app's queries are all short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out name or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No anonymous user row: nobody without an account sees anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# "Forgot my password": the e-mailed link works this long (seconds) and once; one address may
# ask this many times an hour (accounts/services.py, password_reset_queue).
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", str(60 * 60))
PASSWORD_RESET_PER_ADDRESS = envint("PASSWORD_RESET_PER_ADDRESS", "5")
# Password guessing (django-axes, counted in the database): after LOGIN_MAX_FAILURES wrong
# passwords for one name from one address, or LOGIN_MAX_FAILURES_PER_ADDRESS for any names from
# one address (password spraying), sign-in pauses for LOGIN_LOCKOUT_SECONDS after the last one.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", "5")
LOGIN_MAX_FAILURES_PER_ADDRESS = envint("LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
LOGIN_LOCKOUT_SECONDS = envint("LOGIN_LOCKOUT_SECONDS", "900")
AXES_HANDLER = "accounts.login.SignInAttempts"
# Counted per name at an address and per address; SignInAttempts gives each its own limit.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "accounts.login.failure_limit"
AXES_COOLOFF_TIME = "accounts.login.cool_off"
AXES_USERNAME_CALLABLE = "accounts.login.attempted_username"
AXES_LOCKOUT_CALLABLE = "accounts.login.locked_out_page"
# The address as the audit log records it (R12): one meaning of "address" everywhere.
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
# A successful sign-in clears that name's count (not the address's: one known account must not
# reset a spray).
AXES_RESET_ON_SUCCESS = True
# The audit log already records who did what; no second, ever-growing log of every sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day and when the browser closes. The limit is absolute: the
# session middleware counts it from sign-in (accounts/middleware.py), not from the last save.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_SAVE_EVERY_REQUEST = False
# Staff (every role but family) are signed out after this many seconds without a request.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", str(15 * 60))
# The countdown (static/js/session.js) shows itself and is announced this long before the end.
SESSION_WARNING_SECONDS = envint("SESSION_WARNING_SECONDS", str(2 * 60))
# API tokens stop working this many hours after they were made.
API_TOKEN_HOURS = envint("API_TOKEN_HOURS", "8")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Gezinsdossier"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Headers that are harmless over plain http are on in development too, so tests see them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from /static/. The admin and /api/docs/
# loosen this on their own views only (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
# Browser features the site never uses are off, for it and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "publickey-credentials-get",
        "usb",
    )
}
# HSTS only in production: a browser would hold a development host to https for a year.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")

# A municipality's own name, logo and primary colour (docs/design.md). Checked here: a colour
# without WCAG AA contrast, or a logo from another site, stops the start with a clear message.
BRAND = brand_from_environ(os.environ)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Documents in a dossier (docs/documents.md): a storage of their own, never served statically.
# By default a private directory outside MEDIA_ROOT and the static files; with DOCUMENTS_S3_BUCKET
# any S3-compatible store through django-storages (pip install django-storages boto3).
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", BASE_DIR / "private" / "documents"))
if os.environ.get("DOCUMENTS_S3_BUCKET"):
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DOCUMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DOCUMENTS_S3_REGION") or None,
            "access_key": os.environ.get("DOCUMENTS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("DOCUMENTS_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No URL serves this directory: files leave only through the download views.
        "OPTIONS": {"location": DOCUMENTS_ROOT},
    }
# The largest file a document may be, in bytes (default 20 MB).
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))
# Virus scanning through clamd (INSTREAM): a unix socket path, or a host with a port. Unset: no
# scanning; /health/ says so and new versions are marked "niet gescand".
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = envint("CLAMD_PORT", "3310")
CLAMD_TIMEOUT = envint("CLAMD_TIMEOUT", "30")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
# A mail server that hangs must not hold an outbox message past its claim (outbox/services.py).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Gezinsdossier <noreply@gezinsdossier.local>"
)

REDIS_URL = os.environ.get("REDIS_URL", "")
# Nothing in a request's path needs Redis: sessions and sign-in counts live in the database, and
# nothing needs a cache shared between processes, so each process keeps its own in memory.
# Redis carries only Celery's messages, so a Redis outage delays work but never fails a page.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: with REDIS_URL a real broker; without it tasks run in-process, so one machine suffices.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# Minutes a stored report of a running period is shown before a request counts it again (R16).
REPORT_MAX_AGE_MINUTES = envint("REPORT_MAX_AGE_MINUTES", "60")
# Periodic work, run by `celery beat` (docker compose service `beat`).
CELERY_BEAT_SCHEDULE = {
    # Side effects the broker did not take, or whose worker died (outbox/services.py).
    "outbox": {"task": "outbox.tasks.outbox_relay_task", "schedule": 60},
    "retention": {"task": "procedures.tasks.retention_flag_task", "schedule": 24 * 60 * 60},
    "expired-copies": {"task": "portal.tasks.copies_purge_task", "schedule": 60 * 60},
    "audit-chain": {"task": "casefile.tasks.audit_verify_task", "schedule": 24 * 60 * 60},
    # Task reminders (agenda): hourly, but each is sent once, from 07:00 on its working day.
    "task-reminders": {"task": "agenda.tasks.task_reminders_task", "schedule": 60 * 60},
    # Municipality reports of the running periods, twice within their maximum age (reports/).
    "report-snapshots": {
        "task": "reports.tasks.report_snapshots_refresh_task",
        "schedule": REPORT_MAX_AGE_MINUTES * 60 / 2,
    },
}
# The hour from which a day's task reminders go out (local time).
TASK_REMINDER_HOUR = 7

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # JSON nested too deep is a 400 like any other bad JSON, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gezinsdossier API",
    "DESCRIPTION": "One shared case file per household for child and family protection.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A document's kind has the same field name as other kinds: give its choices their own name.
    "ENUM_NAME_OVERRIDES": {"DocumentKindEnum": "documents.models.Document.Kind"},
}

# Audit (R12): addresses are recorded; the log stores changes as JSON for the family's view.
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_STORE_JSON_CHANGES = True
# The key of the audit trail's hash chain (casefile.seals). Keep it when SECRET_KEY rotates: set
# AUDIT_CHAIN_KEY to the old SECRET_KEY, or every seal written before stops verifying.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")

# Municipality reports (R16): counts below this are suppressed.
REPORT_MIN_COUNT = envint("REPORT_MIN_COUNT", "5")
# Reverse proxies in front of the app whose X-Forwarded-For entries are believed (core/http.py).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Household searches per user per day (R5): a working day's worth, so nobody can enumerate.
HOUSEHOLD_SEARCH_DAILY_LIMIT = envint("HOUSEHOLD_SEARCH_DAILY_LIMIT", "60")
# Published report counts are rounded to a multiple of this (R16).
REPORT_ROUNDING = envint("REPORT_ROUNDING", "5")
# Working days a hearing lasts by default (R9).
HEARING_DEFAULT_WORKING_DAYS = envint("HEARING_DEFAULT_WORKING_DAYS", "5")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes says "login failed/succeeded" (names and addresses masked); only failures are news.
    "loggers": {"axes": {"level": "WARNING"}},
}
