from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class EmailOrUsernameBackend(ModelBackend):
    """Adults sign in with their email address, students with their username."""

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
            user = user_model._default_manager.get(**lookup)
        except user_model.DoesNotExist:
            # Spend the same time hashing as for a real account, so timing does not
            # tell who has an account.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
