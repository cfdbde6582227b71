"""Classes: a school's, as a user may see them, and what is in one."""

from django.db.models import QuerySet

from accounts.models import User
from lessons.translated import bodies
from schools import permissions
from schools.models import Assignment, School, SchoolClass


def classes_of_school(*, school: School, user: User) -> QuerySet[SchoolClass]:
    """The classes of a school the user may see (a teacher's own; an admin's all)."""
    return (
        permissions.classes_visible_to(user)
        .filter(school=school)
        .select_related("teacher")
        .order_by("name")
    )


def class_students(*, school_class: SchoolClass) -> QuerySet[User]:
    """The students of a class, by name."""
    return User.objects.filter(enrolments__school_class=school_class).order_by(
        "display_name", "username"
    )


def class_assignments(*, school_class: SchoolClass) -> QuerySet[Assignment]:
    return (
        school_class.assignments.select_related("lesson__track")
        .defer(*bodies("lesson", "lesson__track"))
        .order_by("due_date", "lesson__track__position", "lesson__position")
    )


def class_by_join_code(*, code: str) -> SchoolClass | None:
    """The class an open join code of an active school lets students into."""
    return (
        SchoolClass.objects.select_related("school")
        .filter(join_code=code, join_code_active=True, school__is_active=True)
        .first()
    )
