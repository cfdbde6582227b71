"""The offline copy: the manifest of a track's pages, the worker at /sw.js and the
notice for a page that was not saved. (The copy itself, kept and removed in a
browser, is tests/browser/test_offline.py.)"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lessons.models import Lesson
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

MANIFEST = reverse("lessons:offline_manifest", args=["students"])
SECTIONS = ["how-it-starts", "not-your-fault", "myth-or-fact", "get-help"]
WORKER_SOURCE = Path(settings.BASE_DIR) / "static/js/offline-worker.js"


@pytest.fixture(autouse=True)
def _content(content):
    """The builder's tree: the students' track with one lesson of four sections."""


def test_manifest_lists_the_track_its_lessons_sections_help_and_notice(client):
    response = client.get(MANIFEST)

    assert response.status_code == 200
    assert response.json() == {
        "cache": "offline-en-students",
        "pages": [
            "/tracks/students/",
            "/lessons/first-lesson/",
            *(f"/lessons/first-lesson/{slug}/" for slug in SECTIONS),
            "/",
            "/help/",
            "/offline/",
        ],
    }


def test_manifest_lists_no_quiz_check_or_form_address(client):
    pages = client.get(MANIFEST).json()["pages"]

    assert reverse("lessons:lesson_quiz", args=["first-lesson"]) not in pages
    assert not [page for page in pages if "/quiz" in page or "/check/" in page]
    assert not [page for page in pages if "/scenario/" in page or "/cards/" in page]


def test_manifest_leaves_out_an_unpublished_lesson(client):
    Lesson.objects.filter(slug="first-lesson").update(is_published=False)

    pages = client.get(MANIFEST).json()["pages"]

    assert pages == ["/tracks/students/", "/", "/help/", "/offline/"]


def test_spanish_manifest_lists_spanish_addresses(client):
    with translation.override("es"):
        url = reverse("lessons:offline_manifest", args=["students"])

    manifest = client.get(url).json()

    assert url == "/es/tracks/students/offline-copy/"
    assert manifest["cache"] == "offline-es-students"
    assert manifest["pages"][0] == "/es/tracks/students/"
    assert manifest["pages"][-3:] == ["/es/", "/es/help/", "/es/offline/"]
    assert all(page.startswith("/es/") for page in manifest["pages"])


def test_manifest_of_an_unknown_track_is_not_found(client):
    response = client.get(reverse("lessons:offline_manifest", args=["no-such-track"]))

    assert response.status_code == 404


def test_manifest_queries_do_not_grow_with_the_lessons(client):
    # the track, its published lessons, their sections (with their lessons' slugs)
    assert len(page_queries(client, MANIFEST)) == 3


def test_track_page_offers_the_copy_hidden_until_the_script_shows_it(client):
    html = client.get(reverse("lessons:track", args=["students"])).content.decode()

    assert 'aria-labelledby="offline-title" hidden data-offline-copy' in html
    assert f'data-manifest="{MANIFEST}"' in html
    assert 'data-worker="/sw.js"' in html
    assert 'data-cache="offline-en-students"' in html
    assert "Keep this track on this device" in html
    assert "/static/js/offline.js" in html


def test_worker_is_served_at_the_root_uncached_as_javascript(client):
    response = client.get(reverse("offline_worker"))

    assert reverse("offline_worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response.content.decode() == WORKER_SOURCE.read_text(encoding="utf-8")


def test_worker_is_not_sent_to_another_language(client):
    # A redirect would stop the browser installing it.
    response = client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200


def test_worker_never_stores_a_page_itself():
    source = WORKER_SOURCE.read_text(encoding="utf-8")

    assert ".put(" not in source
    assert ".add(" not in source and ".addAll(" not in source


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "You are not connected"), ("es", "No tienes conexión")],
)
def test_offline_notice_is_a_page_in_each_language(client, language, title):
    with translation.override(language):
        url = reverse("lessons:offline")

    response = client.get(url)

    assert response.status_code == 200
    assert title in response.content.decode()
    assert reverse("lessons:help") in response.content.decode()


def test_offline_notice_needs_no_query_for_a_visitor(client):
    assert len(page_queries(client, reverse("lessons:offline"))) == 0
