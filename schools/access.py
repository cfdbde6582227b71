"""Fetch what a user may act on, or raise one uniform 404.

Each `access_<thing>` fetches through the queryset twin of a permission
(schools.permissions), so a school, class or learner the user may not see is the
same 404 as one that does not exist: the answer gives no hint that it does.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import User
from core.compiled import CompiledQuery
from schools import permissions
from schools.models import ParentMembership, School, SchoolClass, StaffMembership

NOT_FOUND = "Not found"
M = TypeVar("M", bound=Model)


def _get_or_404(queryset: QuerySet[M], **lookup: object) -> M:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _school_by_slug(scope: Callable[[User], QuerySet[School]]) -> CompiledQuery:
    """`scope`'s school with a slug, for a user: built once per process (the
    dashboard and every page of a school's staff ask)."""
    return CompiledQuery(
        lambda user, slug: scope(User(pk=user)).filter(slug=slug), texts=1
    )


_ADMINISTERED = _school_by_slug(permissions.schools_administered_by)
_STAFFED = _school_by_slug(permissions.schools_staffed_by)


def access_school(slug: str, user: User, *, admin: bool = False) -> School:
    """A school the user is staff of (with `admin`, one they administer)."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    query = _ADMINISTERED if admin else _STAFFED
    school = query.first(user.pk, slug)
    if school is None:
        raise Http404(NOT_FOUND)
    return school


def access_platform(user: User) -> None:
    """Only platform admins see the platform's pages."""
    if not permissions.is_platform_admin(user):
        raise Http404(NOT_FOUND)


def access_platform_school(slug: str, user: User) -> School:
    """Any school, active or not, for a platform admin."""
    return _get_or_404(permissions.schools_overseen_by(user), slug=slug)


def access_class(public_id: str, user: User) -> SchoolClass:
    """A class the user teaches, or one of a school they administer."""
    classes = permissions.classes_visible_to(user).select_related("school", "teacher")
    return _get_or_404(classes, public_id=public_id)


def access_class_student(school_class: SchoolClass, public_id: str) -> User:
    """A student of a class the caller has already accessed (access_class)."""
    return _get_or_404(permissions.students_of_class(school_class), public_id=public_id)


def access_learner(school: School, public_id: str, user: User) -> User:
    """A student of the school, whose data the user (its admin) may export or erase."""
    learners = permissions.learners_managed_by(user, school)
    return _get_or_404(learners, public_id=public_id)


def access_staff_membership(school: School, membership_id: int) -> StaffMembership:
    """A member of staff of a school the caller administers (access_school)."""
    staff = StaffMembership.objects.select_related("user", "school").filter(
        school=school
    )
    return _get_or_404(staff, pk=membership_id)


def access_parent_membership(slug: str, user: User) -> ParentMembership:
    """The user's own place in a school's parent group."""
    memberships = permissions.parent_memberships_of(user).select_related("school")
    return _get_or_404(memberships, school__slug=slug)
