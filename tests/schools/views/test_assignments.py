"""Assigning lessons: to a class or some of its students, updated not duplicated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Assignment, AssignmentTarget
from tests import factories

pytestmark = pytest.mark.django_db


def assign_url(school_class):
    return reverse("schools:assign", args=[school_class.public_id])


def test_a_teacher_assigns_a_whole_track_with_a_due_date(
    client, content, school_class, class_student, teacher
):
    client.force_login(teacher)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        assign_url(school_class),
        {"what": "track:students", "due_date": due.isoformat(), "reveal": "at_once"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.lesson.slug, assignment.due_date, assignment.whole_class) == (
        "first-lesson",
        due,
        True,
    )
    assert list(assignment.students.all()) == [class_student]


def test_assigning_the_same_lesson_again_updates_it(
    client, content, school_class, teacher
):
    client.force_login(teacher)
    client.post(
        assign_url(school_class), {"what": "lesson:first-lesson", "reveal": "at_once"}
    )
    client.post(
        assign_url(school_class), {"what": "lesson:first-lesson", "reveal": "after_due"}
    )
    assert Assignment.objects.get().reveal == "after_due"


def test_assigning_to_chosen_students_only(client, content, school_class, teacher):
    ann, ben = (
        factories.EnrolmentFactory(school_class=school_class).student for _ in "ab"
    )
    client.force_login(teacher)
    client.post(
        assign_url(school_class),
        {
            "what": "lesson:first-lesson",
            "reveal": "at_once",
            "students": [ann.public_id],
        },
    )
    assignment = Assignment.objects.get()
    assert assignment.whole_class is False
    assert list(assignment.students.all()) == [ann]
    # A student who joins later gets whole-class work only.
    newcomer = factories.StudentFactory()
    from schools.services.students import enrolment_create

    enrolment_create(school_class=school_class, student=newcomer)
    assert not AssignmentTarget.objects.filter(student__in=[ben, newcomer]).exists()


def test_a_student_who_joins_later_gets_the_whole_class_work(
    client, content, school_class, teacher
):
    client.force_login(teacher)
    client.post(
        assign_url(school_class), {"what": "lesson:first-lesson", "reveal": "at_once"}
    )
    client.logout()
    response = client.post(
        reverse("schools:join"),
        {
            "code": school_class.join_code,
            "display_name": "Late",
            "username": "late.one",
            "password": "orange-river-81",
        },
    )
    assert response.status_code == 302
    assert AssignmentTarget.objects.filter(student__username="late.one").count() == 1


def test_a_due_date_in_the_past_is_a_400(client, content, school_class, teacher):
    client.force_login(teacher)
    past = timezone.localdate() - timedelta(days=1)
    response = client.post(
        assign_url(school_class),
        {
            "what": "lesson:first-lesson",
            "due_date": past.isoformat(),
            "reveal": "at_once",
        },
    )
    assert response.status_code == 400
    assert "The due date cannot be in the past." in response.content.decode()
    assert not Assignment.objects.exists()


def test_students_of_another_class_cannot_be_slipped_in(
    client, content, school_class, teacher, other_school_class
):
    outsider = factories.EnrolmentFactory(school_class=other_school_class).student
    client.force_login(teacher)
    response = client.post(
        assign_url(school_class),
        {
            "what": "lesson:first-lesson",
            "reveal": "at_once",
            "students": [outsider.public_id],
        },
    )
    assert response.status_code == 400
    assert "Choose students from this class only." in response.content.decode()
    assert not Assignment.objects.exists()


def test_assigning_to_someone_elses_class_is_a_404(
    client, content, school_class, other_teacher
):
    client.force_login(other_teacher)
    response = client.post(
        assign_url(school_class), {"what": "lesson:first-lesson", "reveal": "at_once"}
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_an_unknown_lesson_is_a_400(client, content, school_class, teacher):
    client.force_login(teacher)
    response = client.post(
        assign_url(school_class), {"what": "lesson:no-such-lesson", "reveal": "at_once"}
    )
    assert response.status_code == 400
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("value", ["9" * 400, "-1", "1e99", "\x00"])
def test_a_student_value_no_class_has_is_a_400_not_a_500(
    client, content, school_class, teacher, value
):
    """Found by the fuzz test: a number too big for SQLite's integer was a 500."""
    factories.EnrolmentFactory(school_class=school_class)
    client.force_login(teacher)
    response = client.post(
        assign_url(school_class),
        {"what": "lesson:first-lesson", "reveal": "at_once", "students": [value]},
    )
    assert response.status_code == 400
