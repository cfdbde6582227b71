"""Writes to accounts: each one atomic."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.codes import public_id


def adult_username(email: str) -> str:
    """Adults sign in with their email; the username only has to be unique: the
    address, unless it is too long or is still the username of someone who has since
    changed their address."""
    if len(email) <= 150 and not User.objects.filter(username__iexact=email).exists():
        return email
    return f"adult-{public_id()}"


@transaction.atomic
def user_create_adult(
    *, email: str, display_name: str, password: str, email_verified: bool = False
) -> User:
    """Create an adult's account, and its email address as django-allauth keeps it:
    confirmed only when the caller knows it is (demo accounts, tests); otherwise the
    first sign-in emails a link to confirm it."""
    email = User.objects.normalize_email(email).lower()
    user = User(
        username=adult_username(email),
        email=email,
        display_name=display_name,
        kind=User.Kind.ADULT,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    email_address_set(user=user, verified=email_verified)
    return user


@transaction.atomic
def email_address_set(*, user: User, verified: bool) -> EmailAddress:
    """The user's email address as their primary, confirmed or not."""
    address, _ = EmailAddress.objects.update_or_create(
        user=user,
        email=user.email.lower(),
        defaults={"verified": verified, "primary": True},
    )
    return address


@transaction.atomic
def user_create_student(
    *, username: str, display_name: str, password: str | None
) -> User:
    """Create a student's account: a username and a display name, nothing else.
    Without a password (an LMS's learner), the account has an unusable one."""
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
