"""Role fixtures for schools: everything lives in one school unless it says other."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schools.models import Assignment, StaffMembership
from schools.summaries import schools_recount
from tests import factories
from tests.schools.report_helpers import progress


@pytest.fixture
def school(db):
    return factories.SchoolFactory(name="Hillside School", country="GB")


@pytest.fixture
def school_admin(school):
    membership = factories.StaffMembershipFactory(
        school=school, role=StaffMembership.Role.ADMIN, user__display_name="Ada Admin"
    )
    return membership.user


@pytest.fixture
def teacher(school):
    membership = factories.StaffMembershipFactory(
        school=school,
        role=StaffMembership.Role.TEACHER,
        user__display_name="Tom Teacher",
    )
    return membership.user


@pytest.fixture
def other_teacher(school):
    """A teacher of the same school, who does not teach the class."""
    return factories.StaffMembershipFactory(school=school).user


@pytest.fixture
def school_class(school, teacher):
    return factories.SchoolClassFactory(school=school, teacher=teacher, name="9M")


@pytest.fixture
def class_student(school_class):
    return factories.EnrolmentFactory(school_class=school_class).student


@pytest.fixture
def other_school(db):
    return factories.SchoolFactory(name="Riverside School")


@pytest.fixture
def other_school_admin(other_school):
    return factories.StaffMembershipFactory(
        school=other_school, role=StaffMembership.Role.ADMIN
    ).user


@pytest.fixture
def other_school_class(other_school, other_school_admin):
    return factories.SchoolClassFactory(school=other_school, teacher=other_school_admin)


@pytest.fixture
def platform_admin(db):
    return factories.AdultFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def lesson(content):
    from lessons.models import Lesson

    return Lesson.objects.get(slug="first-lesson")


@pytest.fixture
def assigned_class(school_class, teacher, lesson):
    """9M: Ann completed (90%), Ben in progress, Cara not started; due yesterday."""
    students = {}
    for name in ("Ann", "Ben", "Cara"):
        students[name] = factories.EnrolmentFactory(
            school_class=school_class, student__display_name=name
        ).student
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    progress(students["Ann"], lesson, "completed", 90)
    progress(students["Ben"], lesson, "in_progress", 40)
    schools_recount()  # the rows above were written directly, not by the services
    return students
