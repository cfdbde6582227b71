"""Each access helper: what the user may act on comes back; anything else is the
same 404, with the same message, whether or not it exists."""

import pytest
from django.http import Http404

from schools import access
from schools.services.parents import parent_group_join
from tests import factories

pytestmark = pytest.mark.django_db


def assert_not_found(call, *args, **kwargs):
    with pytest.raises(Http404) as error:
        call(*args, **kwargs)
    assert str(error.value) == access.NOT_FOUND


def test_staff_access_their_school_and_only_admins_with_admin(
    school, teacher, school_admin, other_school_admin
):
    assert access.access_school(school.slug, teacher) == school
    assert access.access_school(school.slug, school_admin, admin=True) == school
    assert_not_found(access.access_school, school.slug, teacher, admin=True)
    assert_not_found(access.access_school, school.slug, other_school_admin)
    assert_not_found(access.access_school, "no-such-school", school_admin)


def test_a_class_is_its_teachers_and_its_schools_admins(
    school_class, teacher, school_admin, other_teacher, other_school_admin
):
    for user in (teacher, school_admin):
        assert access.access_class(school_class.public_id, user) == school_class
    for user in (other_teacher, other_school_admin):
        assert_not_found(access.access_class, school_class.public_id, user)


def test_a_class_student_must_be_in_that_class(
    school_class, class_student, other_school_class
):
    found = access.access_class_student(school_class, class_student.public_id)
    assert found == class_student
    assert_not_found(
        access.access_class_student, other_school_class, class_student.public_id
    )


def test_only_the_schools_admin_accesses_its_learners(
    school, class_student, school_admin, teacher, other_school
):
    learner = access.access_learner(school, class_student.public_id, school_admin)
    assert learner == class_student
    assert_not_found(access.access_learner, school, class_student.public_id, teacher)
    assert_not_found(
        access.access_learner, other_school, class_student.public_id, school_admin
    )
    assert_not_found(access.access_learner, school, teacher.public_id, school_admin)


def test_staff_membership_of_another_school_is_not_found(school, other_school, teacher):
    membership = teacher.staff_memberships.get()
    assert access.access_staff_membership(school, membership.pk) == membership
    assert_not_found(access.access_staff_membership, other_school, membership.pk)


def test_a_parent_accesses_only_their_own_parent_group(school, adult):
    parent_group_join(school=school, parent=adult)
    assert access.access_parent_membership(school.slug, adult).school == school
    assert_not_found(
        access.access_parent_membership, school.slug, factories.AdultFactory()
    )


def test_only_platform_admins_access_the_platform_and_any_school(
    school, platform_admin, school_admin
):
    school.is_active = False
    school.save()
    access.access_platform(platform_admin)
    assert access.access_platform_school(school.slug, platform_admin) == school
    assert_not_found(access.access_platform, school_admin)
    assert_not_found(access.access_platform_school, school.slug, school_admin)
