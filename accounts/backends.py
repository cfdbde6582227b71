from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import BooleanField, ExpressionWrapper
from django.http import HttpRequest

from accounts.hooks import sign_in_refused


def _refused():
    """True for users another app keeps out (a deactivated school's members)."""
    return ExpressionWrapper(sign_in_refused(), output_field=BooleanField())


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
        **kwargs: object,
    ) -> AbstractBaseUser | None:
        if not username or password is None:
            return None
        user_model = get_user_model()
        identifier = username.strip()
        lookup = (
            {"email__iexact": identifier}
            if "@" in identifier
            else {"username__iexact": identifier}
        )
        try:
            user = user_model._default_manager.annotate(sign_in_refused=_refused()).get(
                **lookup
            )
        except user_model.DoesNotExist:
            # Spend the same time hashing as for a real account, so timing does not
            # tell who has an account.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.annotate(sign_in_refused=_refused()).get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: AbstractBaseUser) -> bool:
        if getattr(user, "sign_in_refused", False) and not user.is_superuser:
            return False
        return super().user_can_authenticate(user)


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts failures under: as typed, trimmed, lower case, so
    'Sam@Example.org' and 'sam@example.org ' are one person."""
    if credentials and credentials.get("username"):
        return str(credentials["username"]).strip().lower()
    return str(request.POST.get("username", "")).strip().lower()
