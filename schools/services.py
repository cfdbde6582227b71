"""Writes to schools: each one atomic."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from schools.models import (
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)


@transaction.atomic
def staff_membership_set(
    *, school: School, user: User, role: StaffMembership.Role
) -> StaffMembership:
    """Give a user a role in a school, or change the role they have."""
    membership, _ = StaffMembership.objects.update_or_create(
        school=school, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def enrolment_create(*, school_class: SchoolClass, student: User) -> Enrolment:
    """Put a student in a class (once; a second call changes nothing)."""
    enrolment, _ = Enrolment.objects.get_or_create(
        school_class=school_class, student=student
    )
    return enrolment


@transaction.atomic
def parent_membership_create(*, school: School, parent: User) -> ParentMembership:
    """Add a parent to a school's parent group after they consented on screen."""
    membership, _ = ParentMembership.objects.get_or_create(
        school=school, parent=parent, defaults={"consented_at": timezone.now()}
    )
    return membership
