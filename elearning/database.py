"""The database settings (settings.DATABASES["default"]), from the environment: the
database named by DATABASE_URL (SQLite beside manage.py by default), with what each
engine needs to serve several processes at once (README, "Configuration")."""

from pathlib import Path

import environ


def default_database(env: environ.Env, *, debug: bool, base_dir: Path) -> dict:
    database = env.db_url(
        "DATABASE_URL", default=f"sqlite:///{base_dir / 'db.sqlite3'}"
    )
    # Debug off: connections kept between requests, checked before reuse (README
    # step 4).
    database.update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=env.int("DATABASE_CONN_MAX_AGE", default=0 if debug else 600),
        CONN_HEALTH_CHECKS=True,
    )
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Several processes on one file: readers never wait for the writer (WAL); a
        # writer takes the lock as its transaction begins (not half way), waiting up
        # to 20 s.
        options.update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    elif database["ENGINE"] == "django.db.backends.postgresql" and env.bool(
        "DATABASE_PREPARED_STATEMENTS", default=True
    ):
        # Values sent apart from the query (server-side binding), and a query run a
        # fifth time on a connection kept as a prepared statement (psycopg's
        # default): PostgreSQL then plans it once per connection, not on every
        # request. Behind PgBouncer in transaction mode (before 1.21, or without
        # max_prepared_statements) set DATABASE_PREPARED_STATEMENTS=0.
        options.update({"server_side_binding": True, "prepare_threshold": 5})
    return database
