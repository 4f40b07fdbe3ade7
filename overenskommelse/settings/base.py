"""Settings of Överenskommelseportalen.

Everything is read from the environment through one django-environ ``env``. With no variable set at
all the portal runs the *embedded default*: DEBUG on, SQLite, Celery tasks run eagerly in-process,
the local-memory cache and emails printed to the console. Each real part is switched on by its own
variable (see the table in README.md):

* ``DATABASE_URL`` – PostgreSQL through psycopg 3;
* ``REDIS_URL`` – Redis as Celery broker/result backend and as Django's cache;
* ``DJANGO_DEBUG=False`` – production mode, which refuses to start without ``DJANGO_SECRET_KEY``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=True)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
# Production has no default: a portal holding personal data must not run on a known key.
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is False (production mode)."
        )

# The secrets of two-step verification (TOTP seeds, recovery codes) are stored encrypted with this
# key (accounts/adapters.py, MFAAdapter), so a copy of the database does not give away anyone's
# second factor. Several keys separated by commas: the first encrypts, each of them decrypts (put a
# new key first and keep the old one after it while changing keys). Production has no default.
if DEBUG:
    MFA_ENCRYPTION_KEYS = env.list(
        "DJANGO_MFA_ENCRYPTION_KEY", default=["dev-only-mfa-key-do-not-use-in-production"]
    )
else:
    MFA_ENCRYPTION_KEYS = env.list("DJANGO_MFA_ENCRYPTION_KEY", default=[])
    if not MFA_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "DJANGO_MFA_ENCRYPTION_KEY must be set when DJANGO_DEBUG is False (production mode)."
        )

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-failure-view
CSRF_FAILURE_VIEW = "overenskommelse.views.errors.csrf_failure"

INSTALLED_APPS = [
    # Django's admin behind the portal's login and the second factor (accounts/admin_site.py).
    "accounts.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # Our apps, in the order their dependencies point (CONVENTIONS.md §2; docs/architecture.md).
    "plumbing",
    "overenskommelse",
    "accounts",
    "initiatives",
    "conferences",
    "followup",
    "collaboration",
    "documents",
    "demo",
]

MIDDLEWARE = [
    # First, so every log line of the request (even a redirect's) carries its id.
    "plumbing.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plumbing.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells the rules whether this session passed the second factor (accounts/second_factor.py).
    "accounts.sessions.SecondFactorMiddleware",
    # Cache-Control: private, no-store on every answer to a logged-in person or a personal link.
    "plumbing.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Form data or a query string that is not UTF-8 is refused (400), never stored as "\ufffd".
    "plumbing.middleware.RefuseInvalidUtf8Middleware",
    # After the messages: tells the person when background work asked for had to wait.
    "plumbing.outbox.DelayedWorkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "plumbing.middleware.SecurityHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "plumbing.middleware.SessionLimitMiddleware",
    # Last, so every middleware above treats a cached answer as a rendered one: public pages for
    # anonymous visitors from the cache, always right (plumbing/response_cache.py).
    "plumbing.response_cache.ResponseCacheMiddleware",
]
# DJANGO_RESPONSE_CACHE=False renders every page afresh (e.g. to measure the pages themselves).
RESPONSE_CACHE_ENABLED = env.bool("DJANGO_RESPONSE_CACHE", default=True)

ROOT_URLCONF = "overenskommelse.urls"
WSGI_APPLICATION = "overenskommelse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "overenskommelse.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# DATABASE_URL=postgres://user@host:5432/name selects PostgreSQL through psycopg 3.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A new PostgreSQL connection costs ~2.5 ms, a kept one ~0.05 ms; health checks drop dead ones
    # (e.g. after a database restart) before a request uses them.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite lets one writer in at a time. A transaction that starts reading and then writes fails
    # at once with "database is locked" when another wrote meanwhile (two identical registrations at
    # the same instant answered 500): take the write lock when the transaction begins, and wait for
    # it up to 20 s instead of failing. https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery ---------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

# https://docs.djangoproject.com/en/5.2/topics/cache/
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that answers "not cached" while Redis is down (plumbing/cache.py).
            "BACKEND": "plumbing.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ok",
            # A Redis that hangs must not hang the pages: give up after a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis there is no worker: tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# The visibility timeout must exceed the hard limit, or Redis hands a running task to a second worker.
# The socket timeouts, and one attempt to connect when a task is handed over, keep a request from
# hanging when Redis does (the work is recorded first and sent later: plumbing/outbox.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 240,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "connect_retries_timeout": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # After the spring annual meetings, every connected organisation confirms its details.
    "organisations-confirm-details": {
        "task": "accounts.tasks.send_confirmation_requests",
        "schedule": crontab(minute=0, hour=8, day_of_month=1, month_of_year=6),
    },
    # Dietary and accessibility needs are erased the set number of days after each conference.
    "conferences-erase-needs": {
        "task": "conferences.tasks.erase_conference_needs",
        "schedule": crontab(minute=30, hour=3),
    },
    # Background work recorded while the broker was down (plumbing/outbox.py) is sent.
    "requeue-queued-tasks": {
        "task": "overenskommelse.tasks.requeue_queued_tasks",
        "schedule": crontab(minute="*/2"),
    },
    # Certificates still waiting (e.g. the broker was down at commit) are enqueued again.
    "conferences-requeue-certificates": {
        "task": "conferences.tasks_attendance.requeue_waiting_certificates",
        "schedule": crontab(minute="*/10"),
    },
    # The convener is reminded, once per meeting, about a meeting held without minutes.
    "collaboration-remind-missing-minutes": {
        "task": "collaboration.tasks.remind_missing_minutes",
        "schedule": crontab(minute=0, hour=7),
    },
    # Terms on the group's seats that begin or end today change who is a member of the group.
    "collaboration-sync-group-membership": {
        "task": "collaboration.tasks.sync_group_membership",
        "schedule": crontab(minute=5, hour=0),
    },
    # The dashboard's figures of the year that ended, stored once (read instead of made afresh).
    "collaboration-store-last-years-figures": {
        "task": "collaboration.tasks.store_last_years_figures",
        "schedule": crontab(minute=20, hour=0),
    },
    # Follow-up reports and meeting packs still waiting (broker down at commit) or stuck running.
    "documents-requeue-pdf-jobs": {
        "task": "documents.tasks.requeue_pdf_jobs",
        "schedule": crontab(minute="*/5"),
    },
    # Follow-up rounds: reminders a week before the deadline and on the day, to those not reported.
    "followup-round-reminders": {
        "task": "followup.tasks.send_round_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # Uploads kept for a form's next try that no record took are deleted after a day.
    "clean-kept-uploads": {
        "task": "overenskommelse.tasks.clean_kept_uploads",
        "schedule": crontab(minute=15),
    },
}

# --- Authentication (django-allauth) -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Model permissions for staff only (the admin site); the portal asks django-rules.
    "accounts.backends.StaffModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Överenskommelseportalen] "
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Överenskommelseportalen"
# The code of the previous 30 seconds is accepted too (RFC 6238's one step of delay): a code typed
# as the app changes it, or on a phone whose clock is a little off, still works.
MFA_TOTP_TOLERANCE = 1
# The convener and the members of the collaboration group decide and see what is not public only
# with two-step verification (TOTP); see ``has_mfa`` in accounts/rules.py.
# https://docs.allauth.org/en/latest/account/rate_limits.html
# Counted in the cache (Redis in production, shared by every web process; local memory otherwise).
# "N/period/scope": ip = per client address, key = per email address, user = per account.
ACCOUNT_RATE_LIMITS = {
    "login": env.str("ACCOUNT_RATE_LIMIT_LOGIN", default="30/m/ip"),
    # After 5 wrong passwords for one address in 5 minutes, that address waits.
    "login_failed": env.str("ACCOUNT_RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": env.str("ACCOUNT_RATE_LIMIT_SIGNUP", default="20/m/ip"),
    "reset_password": env.str("ACCOUNT_RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": env.str("ACCOUNT_RATE_LIMIT_CONFIRM_EMAIL", default="1/3m/key"),
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Behind a reverse proxy that appends to X-Forwarded-For, the number of proxies we trust: the
# client address the rate limits count is then the one that proxy saw (allauth and ours alike).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Sessions of the convener, the group and staff end when the browser closes, and after this many
# hours at the latest (accounts/sessions.py sets them at login; our SessionLimitMiddleware ends them).
STAFF_SESSION_HOURS = env.int("DJANGO_STAFF_SESSION_HOURS", default=8)

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Times written one way (17.00 in Swedish): overenskommelse/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["overenskommelse.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static files and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email ----------------------------------------------------------------------------------------
# EMAIL_URL=smtp+tls://user:password@host:587 sends real email; the default prints it.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@overenskommelse.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails point here (no trailing slash).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Uploads ---------------------------------------------------------------------------------------
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Forms ----------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------------
# Content Security Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django's database sessions, read by a compiled query (plumbing/sessions.py).
SESSION_ENGINE = "plumbing.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF cookie (forms carry the token), so scripts need not see it.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Sent by plumbing.middleware.SecurityHeadersMiddleware: no page may use these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Rate limits of the open data and the public forms (plumbing/ratelimit.py): "N/period",
# period in s, m, h or d, counted per account when logged in, else per client address.
PORTAL_RATE_LIMITS = {
    "open_data": env.str("PORTAL_RATE_LIMIT_OPEN_DATA", default="60/m"),
    "accession": env.str("PORTAL_RATE_LIMIT_ACCESSION", default="30/h"),
    "registration": env.str("PORTAL_RATE_LIMIT_REGISTRATION", default="20/h"),
    "interest": env.str("PORTAL_RATE_LIMIT_INTEREST", default="10/h"),
    "invitation": env.str("PORTAL_RATE_LIMIT_INVITATION", default="20/h"),
    "initiative": env.str("PORTAL_RATE_LIMIT_INITIATIVE", default="10/h"),
}

if not DEBUG:
    # https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# --- Logging --------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/logging/
# Production writes one JSON object per line (plumbing/logging.py), with the request id of
# the request it belongs to; development a plain line. DJANGO_LOG_FORMAT=json|plain chooses.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be json or plain.")
# One line per request (method, path, status, duration) from the web process; runserver has its own.
ACCESS_LOG = env.bool("DJANGO_ACCESS_LOG", default=not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "plumbing.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "plumbing.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step of every page at INFO: keep its warnings (refused URLs) only.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
# The worker and beat log through the same handler (JSON in production) instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Production: health checks, shared media storage -----------------------------------------------
# /healthz answers over plain HTTP too: load balancers probe the web processes directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
# Where collectstatic writes (whitenoise serves from there); e.g. a release directory.
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=STATIC_ROOT)
# The queue tasks go to and workers take from: two portals (or a smoke test) sharing one Redis
# keep apart by giving each its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Several web and worker machines must share uploads and generated PDFs. The default keeps them in
# MEDIA_ROOT (one machine, or a shared mount); DJANGO_STORAGE=s3 keeps them in an S3-compatible
# bucket through django-storages (imported only then). Credentials: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by boto3 itself), or the machine's role.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
STORAGE_KIND = env.str("DJANGO_STORAGE", default="filesystem")
if STORAGE_KIND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "location": env.str("AWS_LOCATION", default="media"),
            # Private objects: files are only ever streamed by permission-checked views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_KIND != "filesystem":
    raise ImproperlyConfigured("DJANGO_STORAGE must be filesystem or s3.")
