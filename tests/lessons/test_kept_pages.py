"""A signed-in learner's section or quiz page is rendered once and kept, with their
own values filled in (lessons.kept_pages): it must be, byte for byte, the page
rendered in full, whoever reads it."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from lessons import content_cache, kept_pages, quizzes
from lessons.models import Section
from lessons.quizzes import Opening
from lessons.views import player
from lessons.views import quizzes as quiz_views
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content")]

QUIZ = reverse("lessons:lesson_quiz", args=["first-lesson"])
NAME = 'Sam <b>"O\'Neil"</b> & co'
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|attempt)" value="[^"]+"')


def section_urls() -> list[str]:
    return [
        s.get_absolute_url() for s in Section.objects.select_related("lesson").all()
    ]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rendered_in_full(client, url: str, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(player, "kept_page", lambda *args, **kwargs: None)
        patch.setattr(quiz_views, "kept_page", lambda *args, **kwargs: None)
        return page(client, url)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_kept_section_is_the_page_rendered_in_full(
    client, student, monkeypatch, language
):
    student.display_name, student.language = NAME, language
    student.save()
    client.force_login(student)
    with translation.override(language):
        urls = section_urls()
    for url in urls:
        page(client, url)  # the first view is recorded: the page is kept
        kept = TOKENS.sub("", page(client, url))
        assert TOKENS.sub("", page(client, url)) == kept
        assert TOKENS.sub("", rendered_in_full(client, url, monkeypatch)) == kept, url
        assert "Sam &lt;b&gt;&quot;O&#x27;Neil&quot;&lt;/b&gt; &amp; co" in kept
        assert "\x1f" not in kept


def test_the_kept_section_shows_each_learner_their_own_progress_and_links(
    client, student
):
    first = reverse("lessons:section", args=["first-lesson", "not-your-fault"])
    second = reverse("lessons:section", args=["first-lesson", "get-help"])
    client.force_login(student)
    page(client, first)
    assert "25% of the lesson read" in page(client, first)
    assert "50% of the lesson read" in page(client, second)
    assert "50% of the lesson read" in page(client, first)
    assert "Join a class" in page(client, first)

    adult = factories.AdultFactory(display_name="Alex")
    client.force_login(adult)
    html = page(client, first)
    assert "Signed in as Alex" in html and "25% of the lesson read" in html
    assert "Parent groups" in html and "Join a class" not in html
    # One page per section and kind of reader, not one per learner.
    kept = [key for key in content_cache._held["values"] if key[0] == "kept-page"]
    assert len(kept) == 3


def test_a_kept_quiz_page_is_the_page_rendered_in_full_with_its_own_opening(
    client, student, monkeypatch
):
    monkeypatch.setattr(quizzes.secrets, "randbelow", lambda n: 3)
    client.force_login(student)
    page(client, QUIZ)
    kept = page(client, QUIZ)
    again = page(client, QUIZ)
    assert TOKENS.sub("", kept) == TOKENS.sub(
        "", rendered_in_full(client, QUIZ, monkeypatch)
    )
    openings = [
        re.search(r'name="attempt" value="([^"]+)"', html)[1] for html in (kept, again)
    ]
    assert openings[0] != openings[1]
    assert all(Opening.from_form(o).learner == student.pk for o in openings)


def test_a_page_with_a_message_waiting_or_a_query_string_is_rendered_in_full(
    student,
):
    def request(query: str = "") -> object:
        request = RequestFactory().get(QUIZ + query)
        request.user, request.session = student, SessionStore()
        request._messages = default_storage(request)
        return request

    def kept(request) -> object:
        return kept_pages.kept_page(
            request, ("test",), "message.html", {"title": "T", "message": "M"}, {}
        )

    assert kept(request()) is not None
    waiting = request()
    messages.info(waiting, "Your class was joined.")
    assert kept(waiting) is None
    assert kept(request("?page=2")) is None
