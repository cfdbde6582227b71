"""Reads about schools."""

from django.db.models import Q

from accounts.models import User
from schools.models import School


def school_of_user(*, user: User) -> School | None:
    """The school a user belongs to (as student, staff or consenting parent), if any."""
    if not user.is_authenticated:
        return None
    return (
        School.objects.filter(
            Q(classes__enrolments__student=user)
            | Q(staff__user=user)
            | Q(parents__parent=user),
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
