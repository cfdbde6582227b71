from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.http import HttpRequest

from accounts.hooks import sign_in_refused, two_factor_required
from core.compiled import CompiledQuery


def _refused():
    """True for users another app keeps out (a deactivated school's members)."""
    return ExpressionWrapper(sign_in_refused(), output_field=BooleanField())


def _needs_two_factor():
    """True for users who must use two-factor sign-in and have not turned it on."""
    has_app = Exists(
        Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    )
    return ExpressionWrapper(
        two_factor_required() & ~has_app, output_field=BooleanField()
    )


def _email_verified():
    return Exists(
        EmailAddress.objects.filter(
            user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
        )
    )


def users_checked():
    """Users with what signing in must know, read in the one query that loads them:
    whether another app refuses them, whether they still owe a second factor, and
    whether they have confirmed their email address (accounts.selectors)."""
    return get_user_model()._default_manager.annotate(
        sign_in_refused=_refused(),
        needs_two_factor=_needs_two_factor(),
        email_verified=_email_verified(),
    )


CHECKS = ("sign_in_refused", "needs_two_factor", "email_verified")
# `users_checked()` for one user: the same SQL on every signed-in request.
_ONE_USER_CHECKED = CompiledQuery(lambda user_id: users_checked().filter(pk=user_id))


def user_checked(user_id: int) -> AbstractBaseUser | None:
    """The user with the id, read with `users_checked()`'s annotations (booleans
    whatever the database returns for them); None if there is no such user."""
    user = _ONE_USER_CHECKED.first(user_id)
    for check in CHECKS if user else ():
        setattr(user, check, bool(getattr(user, check)))
    return user


class EmailOrUsernameBackend(ModelBackend):
    """Adults sign in with their email address, students with their username.

    Users another app refuses (`accounts.hooks`: members of a deactivated school)
    cannot sign in, and a session they already have ends at their next request (the
    check rides on the query that loads the user)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        email: str | None = None,
        **kwargs: object,
    ) -> AbstractBaseUser | None:
        # django-allauth passes what was typed as `email` when it has an @ (and as
        # `username` too); Django's admin passes `username`.
        identifier = (email or username or "").strip()
        if not identifier or password is None:
            return None
        user_model = get_user_model()
        lookup = (
            {"email__iexact": identifier}
            if "@" in identifier
            else {"username__iexact": identifier}
        )
        try:
            user = users_checked().get(**lookup)
        except user_model.DoesNotExist:
            # Spend the same time hashing as for a real account, so timing does not
            # tell who has an account.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        user = user_checked(user_id)
        return user if user and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: AbstractBaseUser) -> bool:
        if getattr(user, "sign_in_refused", False) and not user.is_superuser:
            return False
        return super().user_can_authenticate(user)


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts failures under: as typed, trimmed, lower case, so
    'Sam@Example.org' and 'sam@example.org ' are one person. The sign-in form's box
    is `login` (django-allauth); the admin's is `username`."""
    for key in ("email", "username", "login"):
        if credentials and credentials.get(key):
            return str(credentials[key]).strip().lower()
    posted = request.POST.get("login") or request.POST.get("username") or ""
    return str(posted).strip().lower()
