"""students_create is the one way a student account is made (joining with a code,
a teacher's list of names, the demo): each goes through it, enrolled and given
the class's work."""

import pytest
from django.core.management import call_command

from accounts.models import User
from schools.models import AssignmentTarget, AuditEntry, Enrolment
from schools.services import ServiceError
from schools.services.students import (
    MAX_BULK,
    NewStudent,
    students_bulk_create,
    students_create,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_student_is_made_enrolled_and_given_the_whole_class_work(
    school_class, teacher, lesson
):
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    [student] = students_create(
        school_class=school_class,
        students=[NewStudent("Sam", "Sam.K", "purple-kite-42")],
    )
    assert (student.username, student.kind, student.email) == ("sam.k", "student", "")
    assert student.check_password("purple-kite-42")
    assert Enrolment.objects.filter(school_class=school_class, student=student).exists()
    assert AssignmentTarget.objects.filter(student=student).count() == 1
    school_class.school.refresh_from_db()
    assert school_class.school.learner_count == 1


def test_only_a_teacher_making_accounts_is_audited(school_class, teacher):
    students_create(
        school_class=school_class, students=[NewStudent("Sam", "sam.k", "x-y-z-1")]
    )
    assert not AuditEntry.objects.exists()
    students_create(
        school_class=school_class,
        students=[NewStudent("Ann", "ann.b", "x-y-z-2")],
        actor=teacher,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.subject_label) == ("bulk_create", "1 students in 9M")


def test_bulk_creation_goes_through_students_create_with_free_usernames(
    school_class, teacher
):
    factories.StudentFactory(username="taken")
    cards = students_bulk_create(
        actor=teacher, school_class=school_class, display_names=["Ann", "Ann"]
    )
    assert len({card.username for card in cards}) == 2
    for card in cards:
        student = User.objects.get(username=card.username, enrolments__isnull=False)
        assert student.check_password(card.password)
    assert AuditEntry.objects.get().subject_label == "2 students in 9M"


def test_bulk_creation_refuses_an_empty_or_too_long_list(school_class, teacher):
    for names in ([], ["Pupil"] * (MAX_BULK + 1)):
        with pytest.raises(ServiceError):
            students_bulk_create(
                actor=teacher, school_class=school_class, display_names=names
            )
    assert not User.objects.filter(kind="student").exists()


def test_the_demo_students_are_enrolled_through_the_service_once(settings, content):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: nobody made twice
    students = User.objects.filter(username__startswith="demo-student-")
    assert students.count() == 50  # two classes of 25
    # Enrolled through enrolment_create: one class each, the class's work once.
    for student in students:
        assert student.enrolments.count() == 1
        assert AssignmentTarget.objects.filter(student=student).count() == 1
