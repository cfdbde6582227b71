from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User

EMAIL_TAKEN = _(
    "An account with this email address already exists. Sign in, or reset your "
    "password if you have forgotten it."
)
INVALID_LOGIN = _(
    "That email or username and password do not match an account. Check them and "
    "try again."
)


class SignUpForm(auth_forms.SetPasswordMixin, forms.ModelForm):
    """Sign-up for adults: a display name, an email address and a password."""

    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()

    class Meta:
        model = User
        fields = ["display_name", "email"]
        help_texts = {
            "display_name": _("The name shown on your certificates, e.g. Sam Taylor."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Enter a display name."), code="required")
        return name

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        self.validate_passwords()
        # Validate against the would-be user so that a password like the email fails.
        password = self.cleaned_data.get("password2")
        if password:
            candidate = User(
                email=cleaned.get("email", ""),
                display_name=cleaned.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password2", error)
        return cleaned


class LoginForm(auth_forms.AuthenticationForm):
    """Adults type their email, students their username, in the same box."""

    username = forms.CharField(
        label=_("Email or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }
