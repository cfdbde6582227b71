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


def test_a_page_with_a_form_is_held_and_served_with_each_visitors_own_token(content):
    """The chat's form carries a CSRF token of the visitor's own: the page is kept
    with a stand-in where the token goes, and each visitor gets their own token and
    its cookie (no query: a chat not yet begun keeps nothing in a session), with
    which the form is accepted."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first = queries(Client(), CHAT)
    assert content_cache.get(("page", CHAT, "en", "")) is not None
    visitor = Client(enforce_csrf_checks=True)
    second = queries(visitor, CHAT)
    assert second[0] == 0
    assert token.search(first[1])[1] != token.search(second[1])[1]
    assert "csrf-token-of-this-request" not in second[1]
    assert token.sub("", first[1]) == token.sub("", second[1])  # else the same
    assert visitor.cookies["csrftoken"].value
    step = re.search(r'name="step" value="([^"]+)"', second[1])[1]
    choice = re.search(r'name="choice" value="([^"]+)"', second[1])[1]
    answer = visitor.post(
        re.search(r'<form method="post" action="([^"]+)"', second[1])[1],
        {
            "csrfmiddlewaretoken": token.search(second[1])[1],
            "step": step,
            "choice": choice,
            "token": re.search(r'name="token" value="([^"]*)"', second[1])[1],
        },
    )
    assert answer.status_code in (200, 302)


def test_a_page_whose_token_shows_outside_its_form_is_never_held():
    from lessons.page_cache import _kept

    form = b'<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
    assert _kept(form + b"<p>abc123</p>", True) is None
    assert _kept(b"<p>no form</p>", True) is None
    page, gzipped, has_forms = _kept(form, True)
    assert (b"abc123" in page, gzipped, has_forms) == (False, None, True)


def test_helplines_chosen_by_the_browsers_language_are_held_per_country(content):
    """A visitor's closing section shows the lines of the country their browser's
    language names: one page is kept per country, and each visitor gets theirs."""
    for _ in range(2):
        american = queries(Client(), HELP, accept_language="en-US")
        british = queries(Client(), HELP, accept_language="en-GB")
        unknown = queries(Client(), HELP, accept_language="en-ZZ")
        assert (
            "NCMEC CyberTipline" in american[1] and "CEOP Safety Centre" in british[1]
        )
        assert "CEOP Safety Centre" in unknown[1]  # English: the UK's lines
    assert american[0] == british[0] == unknown[0] == 0
    assert content_cache.get(("page", HELP, "en", "US")) is not None


def test_a_signed_in_learner_never_gets_a_visitors_help_lines(client, content, student):
    queries(Client(), HELP, accept_language="en-US")  # held for American visitors
    client.force_login(student)
    count, html = queries(client, HELP, accept_language="en-US")
    assert count > 0 and f"Signed in as {student.display_name}" in html


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
