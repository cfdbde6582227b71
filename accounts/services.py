"""Writes to accounts: each one atomic."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.codes import public_id


@transaction.atomic
def user_create_adult(*, email: str, display_name: str, password: str) -> User:
    """Create an adult's account. Adults sign in with their email address."""
    email = User.objects.normalize_email(email).lower()
    user = User(
        # Adults sign in with their email; the username only has to be unique.
        username=email if len(email) <= 150 else f"adult-{public_id()}",
        email=email,
        display_name=display_name,
        kind=User.Kind.ADULT,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_create_student(*, username: str, display_name: str, password: str) -> User:
    """Create a student's account: a username and a display name, nothing else."""
    user = User(
        username=username.lower(),
        display_name=display_name,
        kind=User.Kind.STUDENT,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def students_inactive(*, days: int):
    """Students whose last sign-in (or, if never, whose account) is older than
    `days` days."""
    cutoff = timezone.now() - timedelta(days=days)
    return User.objects.filter(kind=User.Kind.STUDENT).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
