import json

import pytest

from tests.test_settings import run_django

CALL_HEALTHZ = """
import json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


@pytest.mark.django_db
def test_healthz_answers_200_with_a_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        # A SQLite file in a folder that does not exist cannot be opened.
        "sqlite:////nonexistent-folder/for-healthz/db.sqlite3",
        # Nothing listens on port 1.
        "postgres://postgres@127.0.0.1:1/nothing",
    ],
)
def test_healthz_answers_503_when_the_database_is_unreachable(database_url):
    result = run_django(CALL_HEALTHZ, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {
        "status": 503,
        "body": {"status": "error", "database": "unavailable"},
    }


@pytest.mark.django_db
def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405
