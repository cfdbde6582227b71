"""Role fixtures for schools: everything lives in one school unless it says other."""

import pytest

from schools.models import StaffMembership
from tests import factories


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
