"""django-allauth's sign-in and sign-up forms, in our words and order (settings:
ACCOUNT_FORMS). Labels name each box; allauth's placeholders are dropped, as a
placeholder that repeats the label only adds clutter and is gone once typing starts."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


def _without_placeholders(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    """Adults type their email, students their username, in the same box."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        _without_placeholders(self)
        login = self.fields["login"]
        login.label = _("Email or username")
        login.widget.attrs.update({"autofocus": True, "autocomplete": "username"})


class SignupForm(allauth_forms.SignupForm):
    """A display name, an email address and a password (accounts.forms adds the
    name; allauth confirms the address)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        _without_placeholders(self)
        self.fields["email"].label = _("Email address")
        self.order_fields(["display_name", "email", "password1", "password2"])
