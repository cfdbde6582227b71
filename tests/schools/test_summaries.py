"""Each school's summary figures stay equal to a recount from the rows, through the
real services and pages: students joining, work assigned and reassigned, lessons
read and quizzes passed, a learner erased, accounts purged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lessons.models import Lesson
from schools import summaries
from schools.models import School
from schools.services.learner_data import learner_erase, students_purge
from schools.services.students import NewStudent, students_create
from schools.summaries import ACTIVITY_RESOLUTION, schools_recount
from tests import factories
from tests.lessons.quiz_helpers import pass_lesson_quiz
from tests.schools.report_helpers import platform_rows

pytestmark = pytest.mark.django_db


def figures(school: School) -> tuple[int, int, int]:
    school.refresh_from_db()
    return (school.learner_count, school.assigned_count, school.completed_count)


def assert_figures(school: School, expected: tuple[int, int, int]) -> None:
    """The figures kept as things happened, then the same from a full recount."""
    assert figures(school) == expected
    schools_recount([school.pk])
    assert figures(school) == expected


def join(client, school_class, username: str) -> User:
    [student] = students_create(
        school_class=school_class,
        students=[NewStudent(username.title(), username, "green-lantern-77")],
    )
    return student


def assign(teacher, school_class, lesson, students=()):
    factories.assign_lessons(school_class, [lesson], actor=teacher, students=students)


def complete(client, student: User, lesson: Lesson) -> None:
    client.force_login(student)
    for section in lesson.sections.all():
        assert client.get(section.get_absolute_url()).status_code == 200
    pass_lesson_quiz(client, lesson.slug)


def test_figures_follow_every_change(
    client, content, school, school_admin, teacher, school_class
):
    lesson = Lesson.objects.get(slug="first-lesson")
    assign(teacher, school_class, lesson)
    assert_figures(school, (0, 0, 0))

    ann = join(client, school_class, "ann")
    ben = join(client, school_class, "ben")
    assert_figures(school, (2, 2, 0))

    complete(client, ann, lesson)
    assert_figures(school, (2, 2, 1))
    school.refresh_from_db()
    assert school.last_activity_at is not None

    # A lesson completed again (a second pass of its quiz) is not counted twice.
    pass_lesson_quiz(client, lesson.slug)
    assert_figures(school, (2, 2, 1))

    # Reassigned to Ben only: Ann's assignment, and her completion, leave the count.
    assign(teacher, school_class, lesson, students=[ben])
    assert_figures(school, (2, 1, 0))

    # Back to the whole class: Ann's completed lesson counts again at once.
    assign(teacher, school_class, lesson)
    assert_figures(school, (2, 2, 1))

    learner_erase(actor=school_admin, school=school, learner=ann)
    assert_figures(school, (1, 1, 0))

    User.objects.filter(pk=ben.pk).update(
        last_login=timezone.now() - timedelta(days=1000)
    )
    students_purge(days=365)
    assert_figures(school, (0, 0, 0))


def test_last_activity_is_written_at_most_once_a_minute(
    client, content, school, teacher, school_class
):
    lesson = Lesson.objects.get(slug="first-lesson")
    assign(teacher, school_class, lesson)
    student = join(client, school_class, "cy")
    client.force_login(student)
    sections = list(lesson.sections.all())
    client.get(sections[0].get_absolute_url())
    school.refresh_from_db()
    first = school.last_activity_at
    client.get(sections[1].get_absolute_url())
    school.refresh_from_db()
    assert school.last_activity_at == first
    School.objects.update(last_activity_at=first - ACTIVITY_RESOLUTION * 2)
    client.get(sections[1].get_absolute_url())
    school.refresh_from_db()
    assert school.last_activity_at > first


def test_a_process_that_wrote_a_learners_activity_asks_nothing_for_a_minute(
    school, school_class, django_capture_on_commit_callbacks, monkeypatch
):
    student = factories.StudentFactory()
    factories.EnrolmentFactory(school_class=school_class, student=student)
    monkeypatch.setattr(summaries, "_written", {})
    with django_capture_on_commit_callbacks(execute=True):
        summaries.activity_record(learner=student)
    school.refresh_from_db()
    assert school.last_activity_at is not None
    with CaptureQueriesContext(connection) as queries:
        summaries.activity_record(learner=student)
    assert len(queries) == 0
    later = timezone.now() + ACTIVITY_RESOLUTION * 2
    monkeypatch.setattr(summaries.timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        summaries.activity_record(learner=student)
    assert len(queries) == 1
    school.refresh_from_db()
    assert school.last_activity_at == later


def test_the_platform_overview_reads_the_figures(
    client, content, platform_admin, school, teacher, school_class
):
    lesson = Lesson.objects.get(slug="first-lesson")
    assign(teacher, school_class, lesson)
    ann = join(client, school_class, "ann")
    join(client, school_class, "ben")
    complete(client, ann, lesson)
    client.force_login(platform_admin)
    response = client.get(reverse("schools:platform"))
    rows = platform_rows(response)
    row = rows[school.name]
    assert (row["learners"], row["completion"]) == ("2", "50")
    # Ann signed in (force_login counts as a sign-in): one active student.
    assert row["active"] == "1"
    assert rows["All schools"]["learners"] == "2"
