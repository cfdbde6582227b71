"""Every player page runs a fixed number of queries, whatever the amount of content.

Each page is measured with the small builder tree, then again after adding many
lessons, each with many sections; the counts must be equal, and are pinned.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons import content_cache
from lessons.content.load import content_load
from lessons.content.validate import read_content
from tests.lessons import content_builder
from tests.queries import in_one_minute, page_queries

pytestmark = pytest.mark.django_db

EXTRA_SECTIONS = "".join(
    f"## Extra part {n}\n\nMore text {n}.\n\n" for n in range(1, 5)
)


def bigger_tree() -> dict[str, str]:
    """Twelve more lessons of eight sections each."""
    changes = {}
    quiz = content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    notes = content_builder.notes_for(
        "how-it-starts",
        "not-your-fault",
        "myth-or-fact",
        *(f"extra-part-{n}" for n in range(1, 5)),
        "get-help",
    )
    for n in range(2, 14):
        text = content_builder.LESSON.replace("slug: first-lesson", f"slug: lesson-{n}")
        text = text.replace(
            "## Where to get help", EXTRA_SECTIONS + "## Where to get help"
        )
        changes[f"en/students/{n:02d}-lesson-{n}.md"] = text
        changes[f"en/students/{n:02d}-lesson-{n}.quiz.yaml"] = quiz
        changes[f"en/students/{n:02d}-lesson-{n}.facilitator.yaml"] = notes
    return changes


# Signed in, every page adds 2 queries: the session and the user. The content
# itself (lessons, sections, quizzes, embedded chats) is held in memory between
# requests until it changes (lessons.content_cache), so it costs no query.
PAGES = {
    # name: (url, queries for a visitor, queries signed in)
    # tracks with lesson counts (+ a student's assignments)
    # Visitors' pages without a form are held whole once rendered
    # (lessons.page_cache): 0 queries; the test also counts their first rendering.
    "home": (reverse("lessons:home"), 0, 4),
    # track, lessons (+ the learner's progress rows, knowledge checks, certificate)
    "track": (reverse("lessons:track", args=["students"]), 0, 7),
    # (+ the learner's sections viewed and progress)
    "lesson": (reverse("lessons:lesson", args=["first-lesson"]), 0, 4),
    "section with scenario": (
        reverse("lessons:section", args=["first-lesson", "how-it-starts"]),
        # nothing for a visitor (a chat not begun keeps no session); signed in, a
        # section seen before: the progress row with whether the section was seen
        # (one query), the schools' last activity (written at most once a minute)
        0,
        4,
    ),
    "section with helplines": (
        reverse("lessons:section", args=["first-lesson", "get-help"]),
        # nothing for a visitor (kept per country; the lines are held in memory
        # with the content); signed in: the view recorded (2 as above) and the
        # learner's school (for its country)
        0,
        5,
    ),
    # the lines are held in memory with the content (+ the learner's school)
    "help": (reverse("lessons:help"), 0, 3),
    "sources": (reverse("lessons:sources"), 0, 3),  # sources
    # nothing more: opening a quiz reads and writes nothing (lessons.quizzes.Opening)
    "quiz": (reverse("lessons:lesson_quiz", args=["first-lesson"]), 0, 2),
    "verify": (reverse("lessons:verify"), 0, 2),
}


def test_a_first_view_of_a_section_is_recorded_in_one_transaction(
    client, tmp_path, student
):
    """The first view writes the view and the progress, locked, in one transaction.
    Pinned: session, user, progress; then in the transaction (2 savepoints and
    their releases) insert-or-ignore the view, lock-or-create the progress (its own
    savepoint: 3), count the views, update the progress, the last activity; then
    the session saved with the chat's state (3)."""
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
    url = reverse("lessons:section", args=["first-lesson", "how-it-starts"])
    Client().get(url)  # a visitor's view: the content is now held in memory
    client.force_login(student)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 18, [q["sql"][:60] for q in queries]


def count_queries(client, url: str) -> int:
    return len(page_queries(client, url))


def cold_queries(client, url: str) -> int:
    """Queries of a page rendered with nothing held in memory."""

    def measure() -> list[dict]:
        client.get(url)
        content_cache.forget()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return queries.captured_queries

    return len(in_one_minute(measure))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_page_queries_are_pinned_and_do_not_grow_with_content(
    client, tmp_path, student, page, signed_in
):
    url, visitor_queries, signed_in_queries = PAGES[page]
    if signed_in:
        client.force_login(student)
    root = tmp_path / "content"
    content_load(bundle=read_content(content_builder.write(root)))
    small = count_queries(client, url)
    small_cold = cold_queries(client, url)
    content_load(bundle=read_content(content_builder.write(root, bigger_tree())))
    large = count_queries(client, url)
    assert small == large
    assert small_cold == cold_queries(client, url)
    assert large == (signed_in_queries if signed_in else visitor_queries), large


def test_a_quiz_submission_is_one_transaction(client, tmp_path, student):
    """Opening the quiz reads nothing but the session and the user; sending it
    writes the attempt, its answers and the lesson's progress in one transaction.
    Pinned, for a learner whose progress row is there: session, user; then the
    transaction (a savepoint and its release, in a test): the attempt, the answers
    (one statement), the progress locked and updated (the best score), the
    school's last activity."""
    from tests.lessons.quiz_helpers import answers

    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    client.force_login(student)
    assert client.post(url, answers(client.get(url).content.decode(), right=False))

    def measure() -> list[dict]:
        data = answers(client.get(url).content.decode(), right=True)
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, data).status_code == 302
        return queries.captured_queries

    queries = [q["sql"][:50] for q in in_one_minute(measure)]
    assert len(queries) == 9, queries
