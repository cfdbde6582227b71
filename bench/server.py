"""The site under test: its deployed settings, its database made ready (migrated,
content loaded, seeded at scale) and gunicorn started and stopped around a run."""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
BENCH = BASE / "bench"
RESULTS = BENCH / "results"
BIN = Path(sys.executable).parent


def environment(args: argparse.Namespace) -> dict[str, str]:
    if args.db == "sqlite":
        (BENCH / "data").mkdir(exist_ok=True)
        database = f"sqlite:///{BENCH / 'data' / 'bench.sqlite3'}"
    else:
        database = args.postgres_url
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="elearning.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-use",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on 127.0.0.1 stands in for the TLS proxy in front.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DATABASE_URL=database,
        DATABASE_CONN_MAX_AGE="600",
        CACHE_URL=args.cache_url,
        # As the README's deployment: sessions in the shared cache.
        SESSION_STORE="cache" if args.cache_url.startswith("redis") else "db",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE),
    )
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *command], cwd=BASE, env=env, check=True
    )


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Create the PostgreSQL database if need be, migrate, load the content, collect
    the static files, seed the schools that are not there yet and, on PostgreSQL,
    vacuum."""
    if args.db == "postgres":
        name = args.postgres_url.rsplit("/", 1)[1]
        server = args.postgres_url.rsplit("/", 1)[0] + "/postgres"
        found = subprocess.run(
            [
                "psql",
                server,
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{name}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not found:
            subprocess.run(
                ["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True
            )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_content")
    manage(env, "build_css")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env,
        "seed_scale",
        "--force",
        "--schools",
        str(args.schools),
        "--classes-per-school",
        str(args.classes_per_school),
        "--students-per-class",
        str(args.students_per_class),
    )
    if args.db == "postgres":
        # What autovacuum does on a server with it on (PostgreSQL's default): the
        # rows' visibility map (index-only scans) and the planner's statistics
        # brought up to date after the seeding and the last run's writes. Some
        # machines run PostgreSQL with autovacuum off.
        subprocess.run(
            ["psql", args.postgres_url, "-q", "-c", "VACUUM (ANALYZE)"], check=True
        )


def django_script(env: dict[str, str], target: Path, mode: str) -> dict:
    """Run bench/manifest.py in the site's settings; it writes its answer to target."""
    subprocess.run(
        [str(BIN / "python"), str(BENCH / "manifest.py"), str(target), mode],
        cwd=BASE,
        env=env,
        check=True,
    )
    return json.loads(target.read_text())


@contextmanager
def gunicorn(args: argparse.Namespace, env: dict[str, str]) -> Iterator:
    """gunicorn on 127.0.0.1, answering /healthz, until the block ends."""
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "elearning.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(RESULTS / "gunicorn.log"),
        ],
        cwd=BASE,
        env=env,
    )
    try:
        _wait_until_up(server, args.port)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _wait_until_up(server: subprocess.Popen, port: int) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer /healthz within 20 s")


def workers_peak_mb(server: subprocess.Popen) -> float:
    """The highest peak resident memory (VmHWM) of any gunicorn worker so far."""
    peak = 0
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024
