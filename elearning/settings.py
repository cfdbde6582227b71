"""Settings for the elearning project.

Every value that varies between machines comes from the environment (or a `.env`
file beside manage.py, which never overrides a variable already set). The defaults
suit development: debug on, SQLite, local-memory cache, email printed to the console.
Production sets at least DJANGO_DEBUG=0, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS
(see README.md, "Configuration").
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from core.redis_cache import kept_clients
from elearning.database import default_database
from elearning.lti_settings import lti_settings
from elearning.social_providers import social_providers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # One clear line instead of a traceback, for whoever deploys it.
        raise SystemExit(
            "DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG off the site will not "
            "start without a secret key (see README.md, Configuration)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: lessons' text per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "core",
    "accounts",
    "lessons",
    "schools",
    "lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # pages (README, "Light pages")
    "accounts.middleware.SessionMiddleware",  # Django's, refusing forged keys
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A first visit to an English address goes on to the reader's language.
    "elearning.language.LanguageRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Admins cannot go on until two-factor sign-in is on; students keep out of
    # allauth's pages for adults.
    "accounts.middleware.AccountPolicyMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "accounts.middleware.InvalidFormIs400Middleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "elearning.urls"
WSGI_APPLICATION = "elearning.wsgi.application"

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
                "elearning.context_processors.site",
            ],
        },
    },
    {  # Jinja2 beside it for the templates in <app>/jinja2/ (elearning/jinja2.py)
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "elearning.jinja2.environment",
            "extensions": ["jinja2.ext.i18n"],
        },
    },
]

# --- Database and cache -----------------------------------------------------------

DATABASES = {"default": default_database(env, debug=DEBUG, base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL wins; REDIS_URL is accepted as the common name for a Redis cache.
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
_LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
CACHES = {
    "default": kept_clients(env.cache_url_config(_cache_url))
    if _cache_url
    else {"BACKEND": _LOCMEM},
    # Each process's own, for {% cache %}: what base.html repeats on every page.
    "template_fragments": {"BACKEND": _LOCMEM, "LOCATION": "fragments"},
}

# --- Accounts and passwords -------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its (username, address) pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lessons:home"
LOGOUT_REDIRECT_URL = "lessons:home"

PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Sessions end after 30 idle minutes for students (shared computers), 12 hours for
# adults (accounts.middleware). Kept in "db", "cache" (Redis, shared) or "cached_db".
_session_store = env.str("SESSION_STORE", default="db")
if _session_store not in ("db", "cache", "cached_db"):
    raise SystemExit(
        f"SESSION_STORE is {_session_store!r}: it must be db, cache or cached_db."
    )
SESSION_ENGINE = f"django.contrib.sessions.backends.{_session_store}"
STUDENT_SESSION_IDLE = env.int("STUDENT_SESSION_IDLE_SECONDS", default=30 * 60)
ADULT_SESSION_IDLE = env.int("ADULT_SESSION_IDLE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = ADULT_SESSION_IDLE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Messages ("Welcome, Sam. Remember your username: ...") wait in the session, not in a
# signed but readable cookie left on a shared classroom computer.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Adults' accounts (django-allauth): a confirmed email address to sign in (students:
# their username, same box); sign-up answers alike for a new and a taken address.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignUpDetailsForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "signup": "accounts.allauth_forms.SignupForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # A class of 30 behind the school's one address signs in within a minute.
    "login": "300/m/ip",
    # Failed sign-ins from one address, any username: 30 students may each mistype 4
    # times. One username from one address is django-axes' (5, below).
    "login_failed": "150/15m/ip",
    # Reset emails: per sending address and per address they go to.
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# Two-factor sign-in: an authenticator app (TOTP) and recovery codes for a lost phone.
# Required for platform and school admins, offered to every adult.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Safer Online")
MFA_RECOVERY_CODE_COUNT = 10
# A code from the 30 seconds before or after is accepted too (RFC 6238 allows one
# step): a code typed as its period ends is not refused. Each code works once.
MFA_TOTP_TOLERANCE = 1
# Demo accounts (@demo.example) may skip it, with DEBUG on only (accounts/checks.py).
MFA_DEMO_EXEMPT = env.bool("MFA_DEMO_EXEMPT", default=DEBUG)

# Staff may sign in with Google Workspace or Microsoft Entra ID: off until a client
# id and secret are set. Students never do (they have no email address here).
SOCIALACCOUNT_PROVIDERS = social_providers(env)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = True

# Sign-in throttling: 5 failures lock that username from that address for 15
# minutes. Never the address alone: a whole class shares one.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# How many reverse proxies stand in front of the app (see elearning/client_ip.py).
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
CSRF_FAILURE_VIEW = "elearning.views.csrf_failure"

# --- Email ------------------------------------------------------------------------

_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    vars().update(env.email_url_config(_email_url))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "en"
# English at today's addresses, every other language under its prefix (/es/...).
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# Lessons, sections, quizzes and tracks are one row each, with a column per
# language (django-modeltranslation); English fills any gap.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switch's choice, for a year
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",  # css/bootstrap.css, by `manage.py build_css`
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Forms ------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers -------------------------------------------------------------

# Nothing is loaded from another host: scripts, styles, fonts and images are ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# Debug off: HTTPS only, behind a proxy that says so with X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
    # Off only where a benchmark talks plain HTTP to the app server on 127.0.0.1,
    # standing in for the TLS proxy.
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- The site ---------------------------------------------------------------------

# Empty: the site's own name, in the reader's language (core/site.py).
SITE_NAME = env.str("SITE_NAME", default="")
# Where "Leave this site" goes: an everyday page that draws no attention.
QUICK_EXIT_URL = env.str(
    "QUICK_EXIT_URL", default="https://www.google.com/search?q=weather+forecast"
)
# Student accounts unused for this long are deleted by `manage.py purge_inactive`.
STUDENT_RETENTION_DAYS = env.int("STUDENT_RETENTION_DAYS", default=730)
# Where to report a vulnerability (/.well-known/security.txt).
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="mailto:security@example.org")
# Demo accounts are created only when DEBUG is on or when asked explicitly.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-password-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
}

# --- LMS connections (LTI 1.3) -----------------------------------------------------

# LTI_ENABLED, LTI_PRIVATE_KEY(_FILE), LTI_KEY_OVERLAP_DAYS, LTI_HTTP_TIMEOUT and
# LTI_CA_BUNDLE: see elearning/lti_settings.py and README.md, Configuration.
vars().update(lti_settings(env, debug=DEBUG, base_dir=BASE_DIR))

# --- Content ----------------------------------------------------------------------

CONTENT_ROOT = Path(env.str("CONTENT_ROOT", default=str(BASE_DIR / "content")))
