"""Reads about accounts."""

from allauth.account.models import EmailAddress

from accounts.models import User


def email_verified(user: User) -> bool:
    """Whether the user has confirmed their email address (by the link allauth sent,
    or by signing in with Google or Microsoft, which vouch for it). Read with the user
    when it was loaded for the request (accounts.backends.users_checked)."""
    known = getattr(user, "email_verified", None)
    if known is not None:
        return known
    return (
        bool(user.email)
        and EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    )
