"""Several app servers behind a load balancer: two gunicorn instances on different
ports share one PostgreSQL and one Redis (sessions and cache there). A learner
signs in through one and carries on through the other.

Runs in CI's PostgreSQL pass (it needs PostgreSQL and Redis on 127.0.0.1); on
SQLite it is skipped, as one file cannot be shared by two machines."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from lessons.models import LessonProgress
from tests import factories

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)

pytestmark = pytest.mark.django_db(transaction=True)


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "elearning.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError(f"gunicorn on port {port} did not start")


@pytest.fixture
def two_servers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which several app servers can share")
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "elearning.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "CACHE_URL": "redis://127.0.0.1:6379/9",
        "SESSION_STORE": "cache",
    }
    ports = [free_port(), free_port()]
    servers = [start(port, env) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_a_learner_signs_in_on_one_server_and_carries_on_on_the_other(
    two_servers, content, password
):
    from django.contrib.sessions.models import Session

    student = factories.StudentFactory(username="ana.j", display_name="Ana")
    first, second = two_servers
    # One browser: cookies belong to the host, whichever port answers.
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = browser.open(f"{first}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "ana.j", "password": password}
    ).encode()
    answer = browser.open(f"{first}/accounts/login/", data=data)
    assert answer.url == f"{first}/"

    # The other server knows her, and records her progress.
    assert "Signed in as Ana" in browser.open(f"{second}/").read().decode()
    section = browser.open(f"{second}/lessons/first-lesson/how-it-starts/")
    assert section.status == 200
    assert LessonProgress.objects.filter(learner=student).count() == 1
    track = browser.open(f"{first}/tracks/students/").read().decode()
    assert "In progress" in track

    # The session lives in the shared cache, not in the database.
    assert not Session.objects.exists()
