"""A student's own assignments: seen first, sorted, overdue marked, counted in
their progress; quiz answers held back until the due date if the teacher chose."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.models import Lesson
from schools.models import Assignment, AssignmentTarget
from tests import factories
from tests.lessons.quiz_helpers import pass_lesson_quiz, take_quiz

pytestmark = pytest.mark.django_db


def test_students_see_their_assignments_first_sorted_and_overdue_marked(
    client, content, school_class, class_student
):
    lesson = Lesson.objects.get(slug="first-lesson")
    second = factories.SchoolClassFactory(school=school_class.school)
    factories.EnrolmentFactory(school_class=second, student=class_student)
    yesterday = timezone.localdate() - timedelta(days=1)
    soon = Assignment.objects.create(school_class=school_class, lesson=lesson)
    AssignmentTarget.objects.create(assignment=soon, student=class_student)
    late = Assignment.objects.create(
        school_class=second, lesson=lesson, due_date=yesterday
    )
    AssignmentTarget.objects.create(assignment=late, student=class_student)
    client.force_login(class_student)
    html = client.get(reverse("lessons:home")).content.decode()
    assert html.index("My assignments") < html.index("Where would you like to start?")
    assert html.index("Overdue") < html.index("No due date")
    assert "0 of 2 assigned lessons completed." in html


def test_quiz_answers_are_held_back_until_the_due_date_when_the_teacher_chooses(
    client, content, school_class, class_student
):
    lesson = Lesson.objects.get(slug="first-lesson")
    assignment = Assignment.objects.create(
        school_class=school_class,
        lesson=lesson,
        due_date=timezone.localdate() + timedelta(days=3),
        reveal=Assignment.Reveal.AFTER_DUE,
    )
    AssignmentTarget.objects.create(assignment=assignment, student=class_student)
    client.force_login(class_student)
    result_url = take_quiz(
        client, reverse("lessons:lesson_quiz", args=[lesson.slug]), right=False
    )["Location"]
    html = client.get(result_url).content.decode()
    assert "Your teacher will show the answers after the due date" in html
    assert "% right" in html or "right:" in html  # the score stays
    # The score only: no question marked right or wrong, no answer, no explanation.
    assert ">not right<" not in html and ">right<" not in html
    assert ">correct answer<" not in html
    assert "Why a is right or wrong." not in html
    Assignment.objects.filter(pk=assignment.pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    html = client.get(result_url).content.decode()
    assert ">correct answer<" in html


def test_completing_an_assigned_lesson_counts_on_the_home_page(
    client, content, school_class, class_student
):
    lesson = Lesson.objects.get(slug="first-lesson")
    assignment = Assignment.objects.create(school_class=school_class, lesson=lesson)
    AssignmentTarget.objects.create(assignment=assignment, student=class_student)
    client.force_login(class_student)
    for section in lesson.sections.all():
        client.get(section.get_absolute_url())
    pass_lesson_quiz(client, lesson.slug)
    html = client.get(reverse("lessons:home")).content.decode()
    assert "1 of 1 assigned lessons completed." in html
