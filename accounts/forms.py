"""Our forms for accounts. This module is django-allauth's ACCOUNT_SIGNUP_FORM_CLASS,
which allauth imports while building its own forms, so it must not import
allauth.account.forms (our subclasses of its forms are in accounts/allauth_forms.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User

INVALID_LOGIN = _(
    "That email or username and password do not match an account. Check them and "
    "try again."
)


class SignUpDetailsForm(forms.Form):
    """What allauth's sign-up form adds for us: the name shown on certificates (no
    surname, birth date or anything else)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name shown on your certificates, e.g. Sam Taylor."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Enter a display name."), code="required")
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth calls this after saving the user; the adapter's save_user has
        already set the display name in the same write, so nothing is left to do."""


TOO_MANY_SIGN_INS = _(
    "Too many sign-ins that did not work came from this connection. Please wait 15 "
    "minutes and try again, or ask your teacher to check your username."
)
