"""Schools, as their members and parents find them."""

from django.db.models import Q, QuerySet

from accounts.models import User
from core.compiled import CompiledQuery
from schools import permissions
from schools.models import (
    Enrolment,
    ParentMembership,
    School,
    StaffMembership,
)


def _school_of(user: int) -> QuerySet[School]:
    # Three lookups by the user's id (each indexed), not three outer joins over
    # every school's classes and members.
    return School.objects.filter(
        Q(pk__in=Enrolment.objects.filter(student=user).values("school_class__school"))
        | Q(pk__in=StaffMembership.objects.filter(user=user).values("school"))
        | Q(pk__in=ParentMembership.objects.filter(parent=user).values("school")),
        is_active=True,
    ).order_by("pk")[:1]


# Built once per process (core.compiled): every closing section of a lesson asks.
_SCHOOL_OF = CompiledQuery(_school_of)


def school_of_user(*, user: User) -> School | None:
    """The school a user belongs to (as student, staff or consenting parent), if any."""
    if not user.is_authenticated:
        return None
    return _SCHOOL_OF.first(user.pk)


def school_by_parent_code(*, code: str) -> School | None:
    """The active school whose parent group this code opens."""
    return School.objects.filter(parent_code=code, is_active=True).first()


def parent_groups_of(*, parent: User) -> QuerySet[ParentMembership]:
    """The parent groups a parent is in, with their schools."""
    return permissions.parent_memberships_of(parent).select_related("school")
