"""Reframe settings: one module, every value read from the environment.

See `.env.example` for the full list. Defaults are chosen so that `make run` works
on a fresh machine (SQLite, console email); production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL at least.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional and never committed; real environments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (or set DEBUG=1 for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Trigram search index on the application list (rejections migration 0013); also what
    # lets an index name its operator class. Inert on SQLite.
    "django.contrib.postgres",
    # One site, kept in step with SITE_URL (coaching/apps.py): allauth keys its per-account
    # login limit by the site's domain, which would otherwise be whatever Host was asked for.
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "outbox",
    "rejections",
    "coaching",
]

MIDDLEWARE = [
    # Answers /healthz before sessions, users and Host checks (config/middleware.py).
    "config.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coaching.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "coaching.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default so the app starts anywhere; PostgreSQL in production, compose and tests.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Check a persistent connection before each request, so the app recovers by itself
# after the database restarts or its connections are cut.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiler switches itself on for queries it guesses are costly; for
    # the report's and caseload's aggregates it spent seconds compiling what then ran in
    # milliseconds (see "## Performance" in the README). Pages here are short queries.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coaching.User"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://reframe"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email is the login, no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory, so that with ACCOUNT_PREVENT_ENUMERATION a sign-up with a taken address
# answers like a fresh one ("check your email") and the owner is told by email instead.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "coaching.forms.people.SignupExtraForm"
# The log-in form in the app's words ("Keep me logged in"), plus the browser's time zone
# for a first log-in (sign-up takes it in the form above).
ACCOUNT_FORMS = {"login": "coaching.forms.login.LoginForm"}
# Refuses addresses longer than the email column instead of letting allauth cut them.
ACCOUNT_ADAPTER = "coaching.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# Account emails say who they are from; their links come from SITE_URL (adapters.py).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Reframe: "
# allauth's defaults already limit failed logins; spelled out so the limit is visible.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
# Stored datetimes are UTC; each person's own zone is activated per request.
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Email. EMAIL_URL names the real transport (SMTP in production); the console backend
# unless it says otherwise, so `make run` prints each email at once.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# How long the worker waits on a mail server that does not answer (seconds).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The outbox (outbox/): with it on, every email is written to the database in the
# transaction that caused it, and the worker (`send_reminders --loop` or `send_outbox`)
# sends it through the real transport, retrying with backoff. No web request ever talks
# to a mail server. On by default for any transport that leaves the machine.
OUTBOX_TRANSPORT_BACKEND = EMAIL_BACKEND  # noqa: F821 (set by the line above)
_LOCAL_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
EMAIL_OUTBOX = env.bool(
    "EMAIL_OUTBOX", default=OUTBOX_TRANSPORT_BACKEND not in _LOCAL_MAIL_BACKENDS
)
if EMAIL_OUTBOX:
    EMAIL_BACKEND = "outbox.backends.OutboxBackend"
# A message that fails this many times is kept as failed (visible in the admin); 30
# tries, 1, 2, 4 … minutes and then an hour apart, ride out about a day's outage.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=30)
# Sent and failed emails are deleted after this many days (they hold personal data).
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Reframe <reframe@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Django 6 behaviour now: a link typed without a scheme ("example.org/job") means https
# in every URL field, the admin's included. The setting itself is transitional (Django
# warns that it goes away in 6.0, when this becomes the only behaviour; delete it then).
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security: cookies and HTTPS. Defaults are safe for production; `make run` sets DEBUG=1
# and plain HTTP, which turns the HTTPS-only parts off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
BEHIND_HTTPS_PROXY = env.bool("BEHIND_HTTPS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# How many proxies in front append to X-Forwarded-For: allauth's login limits count per
# client IP, and without this every visitor behind a proxy would share the proxy's IP.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_HTTPS_PROXY else 0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Reframe's own defaults (each person can change theirs in settings).
REFRAME_COOLING_OFF_HOURS = 24
REFRAME_NO_RESPONSE_DAYS = 21
REFRAME_INVITE_DAYS = 14
# Reading a job posting from its link (rejections/capture/fetch.py): reads per person
# per minute. REFRAME_FETCH_TEST_ORIGINS lists local origins ("http://127.0.0.1:8123")
# the reader may fetch although they are private; only tests set it, so it is never
# read from the environment.
REFRAME_FETCH_PER_MINUTE = env.int("REFRAME_FETCH_PER_MINUTE", default=10)
REFRAME_FETCH_TEST_ORIGINS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            # JSON lines in production; readable lines while developing.
            "formatter": env.str("LOG_FORMAT", default="plain" if DEBUG else "json"),
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# The covering index on outcomes (INCLUDE columns) is a PostgreSQL feature; on the SQLite
# quick start it degrades to a plain index, which is all that warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
