"""Settings come from the environment; each case runs Django in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "secret_key": settings.SECRET_KEY,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "db_engine": db["ENGINE"],
    "db_name": str(db["NAME"]),
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "first_hasher": settings.PASSWORD_HASHERS[0],
    "session_engine": settings.SESSION_ENGINE,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "connections": [db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]],
    "db_options": db.get("OPTIONS", {}),
}))
"""

VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "CACHE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SESSION_STORE",
    "DJANGO_SECURE_COOKIES",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_PREPARED_STATEMENTS",
    "LTI_ENABLED",
    "LTI_PRIVATE_KEY",
    "LTI_PRIVATE_KEY_FILE",
    # Set by the browser tests for Playwright; never in a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="elearning.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(**env: str) -> dict:
    result = run_django(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a local .env file changes the defaults"
)
def test_defaults_suit_development():
    values = settings_with()
    assert values["debug"] is True
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(BASE_DIR / "db.sqlite3")
    assert values["cache_backend"].endswith("LocMemCache")
    assert values["email_backend"].endswith("console.EmailBackend")
    assert values["first_hasher"] == "accounts.hashers.Argon2idHasher"
    assert values["connections"] == [0, True]  # one per request while developing


def test_production_values_come_from_the_environment():
    values = settings_with(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret",
        DJANGO_ALLOWED_HOSTS="learn.example.org,www.learn.example.org",
        DATABASE_URL="postgres://app:pw@db.internal:5432/elearning",
        REDIS_URL="redis://cache.internal:6379/1",
        EMAIL_URL="smtp://mailer:pw@smtp.example.org:587",
    )
    assert values["debug"] is False
    assert values["secret_key"] == "a-long-random-production-secret"
    assert values["allowed_hosts"] == ["learn.example.org", "www.learn.example.org"]
    assert values["db_engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "elearning"
    # Django's Redis cache, keeping its clients (core.redis_cache).
    assert values["cache_backend"] == "core.redis_cache.RedisCache"
    assert values["cache_location"] == "redis://cache.internal:6379/1"
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_host"] == "smtp.example.org"
    assert values["session_engine"] == "django.contrib.sessions.backends.db"
    assert values["secure_cookies"] == [True, True]
    # Connections kept between requests, checked before reuse; queries planned once
    # per connection.
    assert values["connections"] == [600, True]
    assert values["db_options"] == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    values = settings_with(
        DATABASE_URL="postgres://app:pw@pgbouncer.internal:6432/elearning",
        DATABASE_PREPARED_STATEMENTS="0",
    )
    assert values["db_options"] == {}


def test_sessions_can_live_in_the_shared_cache():
    values = settings_with(
        REDIS_URL="redis://cache.internal:6379/1", SESSION_STORE="cache"
    )
    assert values["session_engine"] == "django.contrib.sessions.backends.cache"


def test_an_unknown_session_store_refuses_to_start_with_one_line():
    result = run_django(PRINT_SETTINGS, SESSION_STORE="file")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "SESSION_STORE is 'file': it must be db, cache or cached_db."
    ]


def test_cache_url_wins_over_redis_url():
    values = settings_with(
        CACHE_URL="locmemcache://", REDIS_URL="redis://cache.internal:6379/1"
    )
    assert values["cache_backend"].endswith("LocMemCache")


def test_debug_off_without_secret_key_refuses_to_start_with_one_line():
    result = run_django(PRINT_SETTINGS, DJANGO_DEBUG="0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG off the site will not start "
        "without a secret key (see README.md, Configuration)."
    ]


def test_lti_on_without_a_tool_key_refuses_to_start_with_one_line(tmp_path):
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}
    missing = str(tmp_path / "no-such-key.pem")
    for key_file in ("", missing):
        result = run_django(
            PRINT_SETTINGS, **production, LTI_ENABLED="1", LTI_PRIVATE_KEY_FILE=key_file
        )
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            "LTI_ENABLED is on but no tool key is set: give LTI_PRIVATE_KEY or "
            "LTI_PRIVATE_KEY_FILE (see README.md, LMS connections)."
        ]
    # Off (production's default), or with a key, it starts.
    assert settings_with(**production)["debug"] is False
    key = tmp_path / "tool.pem"
    key.write_text("a key file")
    assert settings_with(**production, LTI_ENABLED="1", LTI_PRIVATE_KEY_FILE=str(key))


def test_the_connection_lifetime_can_be_set():
    values = settings_with(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DATABASE_CONN_MAX_AGE="0"
    )
    assert values["connections"] == [0, True]
