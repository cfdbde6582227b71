"""Pages for visitors who are not signed in are rendered once per content version;
nobody else, and no page with a form or a choice made from the request, is served
from memory."""

import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons import content_cache
from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Lesson
from tests.lessons import content_builder

pytestmark = pytest.mark.django_db

LESSON = reverse("lessons:lesson", args=["first-lesson"])
CHAT = reverse("lessons:section", args=["first-lesson", "how-it-starts"])
HELP = reverse("lessons:section", args=["first-lesson", "get-help"])


def queries(client, url: str, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_visitors_page_is_rendered_once_then_served_from_memory(client, content):
    first = queries(Client(), LESSON)
    second = queries(Client(), LESSON)
    assert second == (0, first[1])


def test_a_held_page_is_kept_gzipped_for_browsers_that_accept_it(content):
    page = Client().get(LESSON).content
    held = Client().get(LESSON, headers={"accept-encoding": "gzip, br"})
    assert held["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in held["Vary"]
    assert gzip.decompress(held.content) == page
    # The same bytes each time (nothing compressed again), and plain for the rest.
    again = Client().get(LESSON, headers={"accept-encoding": "gzip"})
    assert again.content == held.content
    plain = Client().get(LESSON, headers={"accept-encoding": "identity"})
    assert plain.content == page and not plain.has_header("Content-Encoding")


def test_signed_in_learners_always_get_their_own_page(client, content, student):
    queries(Client(), LESSON)  # held for visitors
    client.force_login(student)
    count, html = queries(client, LESSON)
    assert count > 0 and f"Signed in as {student.display_name}" in html


def test_a_page_with_a_form_is_never_held(content):
    """The chat's form carries a CSRF token of the visitor's own: each visitor's
    page is rendered for them (with no query: the content is in memory, and a chat
    not yet begun keeps nothing in a session)."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first = queries(Client(), CHAT)
    second = queries(Client(), CHAT)
    assert content_cache.get(("page", CHAT, "en")) is None
    assert token.search(first[1])[1] != token.search(second[1])[1]
    assert second[0] == 0


def test_helplines_chosen_by_the_browsers_language_are_never_held(content):
    _, american = queries(Client(), HELP, accept_language="en-US")
    _, british = queries(Client(), HELP, accept_language="en-GB")
    assert "NCMEC CyberTipline" in american and "CEOP Safety Centre" in british


def test_a_content_reload_replaces_the_held_page(content, tmp_path):
    queries(Client(), LESSON)
    Lesson.objects.update(title="Renamed")
    assert "Renamed" not in queries(Client(), LESSON)[1]  # still the held page
    content_load(bundle=read_content(content_builder.write(tmp_path / "again")))
    assert queries(Client(), LESSON)[0] > 0  # rendered afresh


def test_pages_still_work_when_the_shared_cache_is_down(content, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    content_cache.forget()
    monkeypatch.setattr(content_cache.cache, "get", down)
    monkeypatch.setattr(content_cache.cache, "add", down)
    assert Client().get(LESSON).status_code == 200
    assert Client().get(CHAT).status_code == 200
