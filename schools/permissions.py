"""Who may do what in a school. Each predicate has a queryset twin, so a list and a
check can never disagree; views fetch objects through the twin, so an object of
another school (or another teacher's class) is a 404 that gives no hint it exists.

Roles are rows: StaffMembership (teacher or admin of a school), Enrolment (student in
a class), ParentMembership (a consenting parent). Only active schools count.
"""

from django.db.models import Exists, Q, QuerySet

from accounts.models import User
from schools.models import (
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)


def is_platform_admin(user: User) -> bool:
    """Platform admins run the whole site (Django superusers)."""
    return user.is_authenticated and user.is_superuser


def schools_overseen_by(user: User) -> QuerySet[School]:
    """Every school, active or not, for platform admins; none for anyone else."""
    if not is_platform_admin(user):
        return School.objects.none()
    return School.objects.all()


def schools_administered_by(user: User) -> QuerySet[School]:
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        is_active=True,
        staff__user=user,
        staff__role=StaffMembership.Role.ADMIN,
    )


def is_school_admin(user: User, school: School) -> bool:
    """School admins manage staff and see every report of their school."""
    return schools_administered_by(user).filter(pk=school.pk).exists()


def schools_staffed_by(user: User) -> QuerySet[School]:
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(is_active=True, staff__user=user).distinct()


def is_staff_of(user: User, school: School) -> bool:
    """Teachers and admins of the school: they may create classes."""
    return schools_staffed_by(user).filter(pk=school.pk).exists()


def classes_visible_to(user: User) -> QuerySet[SchoolClass]:
    """A teacher's own classes, and every class of the schools a user administers."""
    if not user.is_authenticated:
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(
        Q(teacher=user, school__staff__user=user)
        | Q(
            school__staff__user=user,
            school__staff__role=StaffMembership.Role.ADMIN,
        ),
        school__is_active=True,
    ).distinct()


def can_manage_class(user: User, school_class: SchoolClass) -> bool:
    """The class's teacher, or an admin of its school: assign, report, reset."""
    return classes_visible_to(user).filter(pk=school_class.pk).exists()


def students_visible_to(user: User) -> QuerySet[User]:
    """Students in the classes a user may manage."""
    return User.objects.filter(
        kind=User.Kind.STUDENT,
        enrolments__school_class__in=classes_visible_to(user),
    ).distinct()


def can_manage_student(user: User, student: User) -> bool:
    return students_visible_to(user).filter(pk=student.pk).exists()


def learners_of_school(school: School) -> QuerySet[User]:
    """Everyone whose learning the school may see: its students and staff, and the
    parents who consented when they joined its parent group."""
    # Three indexed lookups joined by OR, not three outer joins: the database can
    # then read only this school's rows, however many schools there are.
    return User.objects.filter(
        Q(
            pk__in=Enrolment.objects.filter(school_class__school=school).values(
                "student"
            )
        )
        | Q(pk__in=StaffMembership.objects.filter(school=school).values("user"))
        | Q(pk__in=ParentMembership.objects.filter(school=school).values("parent"))
    )


def learner_ids_of_school(school: School) -> list[int]:
    """The ids of learners_of_school, in one query of three indexed parts."""
    return list(
        Enrolment.objects.filter(school_class__school=school)
        .values_list("student_id", flat=True)
        .union(
            StaffMembership.objects.filter(school=school).values_list(
                "user_id", flat=True
            ),
            ParentMembership.objects.filter(school=school).values_list(
                "parent_id", flat=True
            ),
        )
    )


def students_of_school(school: School) -> QuerySet[User]:
    return User.objects.filter(
        kind=User.Kind.STUDENT, enrolments__school_class__school=school
    ).distinct()


def students_of_class(school_class: SchoolClass) -> QuerySet[User]:
    return User.objects.filter(
        kind=User.Kind.STUDENT, enrolments__school_class=school_class
    )


def learners_managed_by(user: User, school: School) -> QuerySet[User]:
    """The school's students, if the user administers the school; else none."""
    administers = Exists(schools_administered_by(user).filter(pk=school.pk))
    return students_of_school(school).filter(administers)


def can_manage_learner(user: User, school: School, learner: User) -> bool:
    """School admins export and erase the accounts the school made: its students.
    (Staff and parents own their accounts.)"""
    return learners_managed_by(user, school).filter(pk=learner.pk).exists()


def parent_memberships_of(user: User) -> QuerySet[ParentMembership]:
    """The parent groups a user has joined (and may leave)."""
    if not user.is_authenticated:
        return ParentMembership.objects.none()
    return ParentMembership.objects.filter(parent=user)
