"""Settings for the archive, read from the environment.

Everything that differs between a laptop and production comes from environment
variables, so the same code runs in both:

- ``DATABASE_URL``: any dj-database-url URL; default is an SQLite file in the
  project (the embedded default).
- ``SECRET_KEY``: required unless ``DJANGO_DEBUG=1``, which allows a fixed
  development key.
- ``ALLOWED_HOSTS``, ``CORS_ALLOWED_ORIGINS``, ``CSRF_TRUSTED_ORIGINS``:
  comma-separated lists.
- ``REDIS_URL``: the shared cache (throttle counts) in Redis; without it the
  cache is a table in the database (``django_cache``, which ``migrate`` makes:
  reports/apps.py), so every worker and process
  counts against the same numbers on SQLite and PostgreSQL alike.
- ``TRUSTED_PROXIES``: comma-separated addresses or CIDR networks of the
  reverse proxies in front; ``X-Forwarded-For`` is believed only from them
  (reports/client_ip.py). Empty (the default): the peer address is the client.
- ``ANON_THROTTLE_RATE``, ``EXPORT_THROTTLE_RATE``, ``AUTH_FAILURE_THROTTLE_RATE``:
  DRF rates (``N/second|minute|hour|day``) for anonymous requests, file exports
  and failed token authentications, per client (reports/api/throttles.py).
- ``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_MINUTES``: wrong admin passwords from
  one address before it is locked out (django-axes), and for how long.
- ``CSP_REPORT_ONLY``: ``1`` sends the Content-Security-Policy as report-only.
- ``DB_CONNECT_TIMEOUT``, ``DB_STATEMENT_TIMEOUT``, ``DB_EXPORT_STATEMENT_TIMEOUT``,
  ``DB_COMMAND_STATEMENT_TIMEOUT``, ``GUNICORN_TIMEOUT``: seconds; declared and
  explained in cppcc_site/limits.py.
"""
import ipaddress
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cppcc_site import limits

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("DJANGO_ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DJANGO_DEBUG=1 for development."
        )
    # Only for local development and tests; never reached in production.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc as static files: the docs work offline, no CDN
    "simple_history",
    "axes",  # admin login lockouts: AXES_* below
    "reports",
    "explorer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware (its 400 is in the client's language), before anything reads the database.
    "reports.control_characters.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After LocaleMiddleware (the ETag includes the language); see reports/http_cache.py.
    "reports.http_cache.HttpCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks an address out of the admin login after AXES_FAILURE_LIMIT wrong passwords.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees exceptions from every view (process_exception runs bottom-up).
    "reports.middleware.DatabaseUnavailableMiddleware",
]

# django-axes checks the lockout before the password; reports/auth.py lets
# callers without a request (tests' client.login, scripts) through to Django's.
AUTHENTICATION_BACKENDS = ["reports.auth.AxesBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "cppcc_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cppcc_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}


def postgres_limits(database):
    """Connect timeout and this process's statement timeout (cppcc_site/limits.py) on a PostgreSQL connection."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", max(2, round(limits.DB_CONNECT_TIMEOUT)))
        timeout = f"-c statement_timeout={limits.milliseconds(limits.statement_timeout())}"
        options["options"] = f"{options.get('options', '')} {timeout}".strip()


postgres_limits(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while an ingest writes; the timeout rides out
    # short write locks instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif os.environ.get("DB_PREPARE_THRESHOLD"):
    # Prepared statements (docs/scaling.md, bench/RESULTS.md): psycopg prepares a query after this many runs on a
    # connection, so its planning is paid once. Needs server-side binding; off by default, and off behind a
    # PgBouncer older than 1.21 in transaction mode, which does not track prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": int(os.environ["DB_PREPARE_THRESHOLD"])}
    )

# A read replica, when there is one: see reports/db_router.py and docs/scaling.md.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that stopped answering costs a request at most this, then it is skipped.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    postgres_limits(DATABASES["replica"])
    # In tests the replica is the primary's mirror, as a streaming replica would be.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["reports.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "reports.db_router.PrimaryPinningMiddleware")

# Reads go to the primary while the replica is further behind than this (seconds)
# or unreachable; its health is measured at most every REPLICA_CHECK_INTERVAL seconds.
REPLICA_MAX_LAG = float(os.environ.get("REPLICA_MAX_LAG", "5"))
REPLICA_CHECK_INTERVAL = float(os.environ.get("REPLICA_CHECK_INTERVAL", "1"))

# HTTP caching of anonymous reads (reports/http_cache.py): how long a shared cache
# may serve an answer without asking again, and what tells one deployment's ETags
# from the next (default: a hash of the code, so a new release never answers 304
# for a representation it changed).
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", "60"))
HTTP_CACHE_RELEASE = os.environ.get("HTTP_CACHE_RELEASE", "")

# Exports (reports/exports.py): a format built whole before its first byte (XLSX)
# is refused above EXPORT_MAX_ROWS rows (CSV and NDJSON stream any number); a
# streamed export stops after EXPORT_DEADLINE seconds with a line saying so;
# the data package is built once per archive version into EXPORT_CACHE_DIR.
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", "20000"))
EXPORT_DEADLINE = float(os.environ.get("EXPORT_DEADLINE", "25"))  # below gunicorn's timeout: a sync worker streaming is not heartbeating
EXPORT_CACHE_DIR = Path(os.environ.get("EXPORT_CACHE_DIR", Path(tempfile.gettempdir()) / "cppcc-exports"))

# The admin's import (reports/admin_import.py): the largest text, in bytes, for upload, paste and confirm alike.
# A request body outside files may hold that (a paste) plus the form's other fields.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 64 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The editors are Chinese-speaking; English stays available through the
# Accept-Language header.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "reports" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The shared cache: what the throttles count in, the same for every worker and
# process. Redis when REDIS_URL is set, else a table in the database.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # One entry per client and scope; culling early would forget counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# The reverse proxies whose X-Forwarded-For is believed (reports/client_ip.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# Admin login brute force (django-axes): an address is locked out after this many
# wrong passwords, for this long; a correct login resets its count. Lockouts are
# rows in the database (every worker sees them); `manage.py axes_reset` lifts them.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "reports.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "reports/locked_out.html"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Paths the commands read from.
FIXTURES_DIR = BASE_DIR / "fixtures"
RAW_DIR = FIXTURES_DIR / "raw"
GAZETTEER_CSV = FIXTURES_DIR / "gazetteer" / "china_counties.csv"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "reports.api.query_params.StrictQueryParams",
        "django_filters.rest_framework.DjangoFilterBackend",
        "reports.api.query_params.OrderingFilter",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reports.api.permissions.ReadOnlyOrStaffEditor"],
    # Token first: an API client without credentials (or with a revoked token) gets
    # 401 with a WWW-Authenticate header, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "reports.api.throttles.ThrottledTokenAuthentication",  # bad tokens are throttled too
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["reports.api.renderers.ORJSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PAGINATION_CLASS": "reports.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    # Counted in the shared cache (CACHES) per client address; see reports/api/throttles.py.
    "DEFAULT_THROTTLE_CLASSES": ["reports.api.throttles.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ANON_THROTTLE_RATE", "600/minute"),
        "exports": os.environ.get("EXPORT_THROTTLE_RATE", "60/hour"),
        "auth_failures": os.environ.get("AUTH_FAILURE_THROTTLE_RATE", "10/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    # ASCII: generators (openapi-python-client) make a package name of it.
    "TITLE": "County CPPCC Reports Archive API",
    "DESCRIPTION": "Documents, sections and statistics parsed from county CPPCC session documents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Reads need no credentials, errors and export media types declared: reports/api/schema.py.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "reports.api.schema.finish"],
    # Two fields named kind: a document's, and the kind of record a history entry is of.
    "ENUM_NAME_OVERRIDES": {"KindEnum": "reports.models.DocumentKind", "RecordKindEnum": "reports.history.KINDS"},
}

# CORS, for front-ends on other origins: the archive is public, so any origin may read
# (and write with a token) unless CORS_ALLOWED_ORIGINS names the only ones allowed.
# No cookies cross origins (CORS_ALLOW_CREDENTIALS stays off): writes from a browser
# send "Authorization: Token …" and the ETag they read in If-Match.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-match", "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag", "Content-Disposition", "Last-Modified"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Production hardening; all of it follows from DEBUG being off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): every page loads scripts, styles, fonts and
# data only from this site; no inline script or style anywhere (the explorer sets
# its colours through the CSSOM, the API docs load their settings as a script
# file). ReDoc alone injects its own <style> elements: its view adds
# 'unsafe-inline' for styles (reports/api/urls.py). CSP_REPORT_ONLY=1 sends the
# policy as Content-Security-Policy-Report-Only, to try a change without breaking pages.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes announces itself at every start; its lockouts are warnings and still show.
    "loggers": {"jieba": {"level": "WARNING"}, "axes.apps": {"level": "WARNING"}},
}
