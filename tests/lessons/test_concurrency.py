"""Two tabs, a double click: concurrent section views never duplicate or lose progress.

Runs real concurrent requests in threads, each with its own database connection, so
it needs a database that allows concurrent writers: PostgreSQL (CI's second run).
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Lesson, LessonProgress, SectionView
from tests import factories
from tests.lessons import content_builder

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL; CI runs this there",
    ),
]


def run_together(urls: list[str], student) -> list[int]:
    barrier = threading.Barrier(len(urls))
    statuses: list[int] = []

    def visit(url: str) -> None:
        client = Client()
        client.force_login(student)
        barrier.wait()
        try:
            statuses.append(client.get(url).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_views_of_every_section_count_each_once(tmp_path):
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
    student = factories.StudentFactory()
    lesson = Lesson.objects.get(slug="first-lesson")
    urls = [s.get_absolute_url() for s in lesson.sections.all()] * 3  # 12 at once
    assert run_together(urls, student) == [200] * len(urls)
    assert SectionView.objects.filter(learner=student).count() == 4
    progress = LessonProgress.objects.get(learner=student, lesson=lesson)
    # Read in full; completed once the quiz is passed too.
    assert (progress.sections_viewed, progress.percent, progress.status) == (
        4,
        100,
        "in_progress",
    )


def test_the_same_section_in_two_tabs_at_once_is_one_view(tmp_path):
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
    student = factories.StudentFactory()
    section = Lesson.objects.get(slug="first-lesson").sections.first()
    assert run_together([section.get_absolute_url()] * 8, student) == [200] * 8
    assert SectionView.objects.filter(learner=student).count() == 1
    assert LessonProgress.objects.filter(learner=student).count() == 1
    assert LessonProgress.objects.get(learner=student).percent == 25


def test_a_double_submitted_quiz_is_graded_once(tmp_path):
    """Six simultaneous posts of one attempt (a double click, several tabs)."""
    from django.urls import reverse

    from lessons.models import AttemptAnswer, QuizAttempt
    from tests.lessons.quiz_helpers import answers

    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
    student = factories.StudentFactory()
    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    opener = Client()
    opener.force_login(student)
    data = answers(opener.get(url).content.decode(), right=True)
    connections.close_all()

    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def submit() -> None:
        client = Client()
        client.force_login(student)
        barrier.wait()
        try:
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [400] * 5
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 1
    assert AttemptAnswer.objects.count() == 5
    assert LessonProgress.objects.get(learner=student).best_score == 100
