"""Each permission predicate, both ways, and its queryset twin agreeing with it."""

import pytest

from schools import permissions
from tests import factories

pytestmark = pytest.mark.django_db


def test_school_admin_administers_only_their_school(school, school_admin, other_school):
    assert permissions.is_school_admin(school_admin, school)
    assert not permissions.is_school_admin(school_admin, other_school)
    assert list(permissions.schools_administered_by(school_admin)) == [school]


def test_a_teacher_is_staff_but_not_admin(school, teacher):
    assert permissions.is_staff_of(teacher, school)
    assert not permissions.is_school_admin(teacher, school)
    assert list(permissions.schools_administered_by(teacher)) == []


def test_students_and_visitors_are_neither_staff_nor_admins(school, class_student):
    from django.contrib.auth.models import AnonymousUser

    for user in (class_student, AnonymousUser()):
        assert not permissions.is_staff_of(user, school)
        assert not permissions.is_school_admin(user, school)
        assert not permissions.classes_visible_to(user).exists()


def test_teacher_manages_own_class_not_a_colleagues(
    school_class, teacher, other_teacher
):
    assert permissions.can_manage_class(teacher, school_class)
    assert not permissions.can_manage_class(other_teacher, school_class)
    assert list(permissions.classes_visible_to(other_teacher)) == []


def test_school_admin_manages_every_class_of_the_school(school_class, school_admin):
    assert permissions.can_manage_class(school_admin, school_class)
    assert list(permissions.classes_visible_to(school_admin)) == [school_class]


def test_admin_of_another_school_manages_none_of_its_classes(
    school_class, other_school_admin, other_school_class
):
    assert not permissions.can_manage_class(other_school_admin, school_class)
    assert list(permissions.classes_visible_to(other_school_admin)) == [
        other_school_class
    ]


def test_a_removed_teacher_no_longer_manages_their_class(school_class, teacher):
    teacher.staff_memberships.all().delete()
    assert not permissions.can_manage_class(teacher, school_class)


def test_nobody_manages_classes_of_a_deactivated_school(
    school, school_class, school_admin
):
    school.is_active = False
    school.save()
    assert not permissions.can_manage_class(school_admin, school_class)
    assert not permissions.is_school_admin(school_admin, school)


def test_teacher_manages_students_of_own_class_only(
    school_class, class_student, teacher, other_teacher
):
    assert permissions.can_manage_student(teacher, class_student)
    assert not permissions.can_manage_student(other_teacher, class_student)


def test_only_the_schools_admin_manages_its_learners_data(
    school, class_student, school_admin, teacher, other_school_admin
):
    assert permissions.can_manage_learner(school_admin, school, class_student)
    assert not permissions.can_manage_learner(teacher, school, class_student)
    assert not permissions.can_manage_learner(other_school_admin, school, class_student)


def test_learners_of_a_school_are_students_staff_and_consenting_parents(
    school, class_student, teacher
):
    from schools.services.parents import parent_group_join

    parent = factories.AdultFactory()
    stranger = factories.AdultFactory()
    parent_group_join(school=school, parent=parent)
    learners = set(permissions.learners_of_school(school))
    assert {class_student, teacher, parent} <= learners
    assert stranger not in learners


def test_platform_admin_is_a_superuser(platform_admin, school_admin):
    assert permissions.is_platform_admin(platform_admin)
    assert not permissions.is_platform_admin(school_admin)


def test_learners_managed_by_is_the_twin_of_can_manage_learner(
    school, class_student, school_admin, teacher, other_school_admin
):
    assert list(permissions.learners_managed_by(school_admin, school)) == [
        class_student
    ]
    for user in (teacher, other_school_admin):
        assert not permissions.learners_managed_by(user, school).exists()


def test_a_parent_sees_only_their_own_parent_groups(school, adult):
    from schools.services.parents import parent_group_join

    parent_group_join(school=school, parent=adult)
    assert [m.school for m in permissions.parent_memberships_of(adult)] == [school]
    assert not permissions.parent_memberships_of(factories.AdultFactory()).exists()


def test_platform_admins_oversee_every_school_even_a_deactivated_one(
    school, platform_admin, school_admin
):
    school.is_active = False
    school.save()
    assert list(permissions.schools_overseen_by(platform_admin)) == [school]
    assert not permissions.schools_overseen_by(school_admin).exists()
