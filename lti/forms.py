"""The LMS connections page's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lti.models import Registration
from lti.platform_http import https_parts

HTTPS_ONLY = _("Use an https:// address.")
ALREADY_REGISTERED = _("This school has already registered this issuer and client ID.")
NOT_AN_ORIGIN = _(
    "Give each web origin on its own line as https://lms.example.org (no path): "
    "%(value)s is not one."
)


def https_url(value: str) -> str:
    if https_parts(value) is None:
        raise ValidationError(HTTPS_ONLY, code="https")
    return value


def web_origins(value: str) -> str:
    """One https origin per line, written back one per line without a slash."""
    origins = []
    for line in value.splitlines():
        line = line.strip().rstrip("/")
        if not line:
            continue
        parts = https_parts(line)
        if (
            parts is None
            or not line.isascii()  # it goes into a header: punycode for IDNs
            or parts.path
            or parts.query
            or parts.fragment
            or any(c in line for c in " ;,'\"*")
        ):
            raise ValidationError(NOT_AN_ORIGIN, code="origin", params={"value": line})
        origins.append(line)
    return "\n".join(dict.fromkeys(origins))


def _https_first(field, **kwargs):
    """URL fields assume https:// when a scheme is left out."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        formfield_callback = _https_first
        fields = [
            "name",
            "issuer",
            "client_id",
            "login_url",
            "token_url",
            "jwks_url",
            "token_audience",
            "frame_origins",
        ]
        widgets = {"frame_origins": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("How this page names it, such as “Moodle”."),
            "issuer": _("The LMS's issuer (platform ID), as the LMS shows it."),
            "client_id": _("The client ID the LMS gave our tool."),
            "login_url": _("Where the LMS authenticates a launch (OIDC auth URL)."),
            "token_url": _("Where we ask for a token to send scores (OAuth2 token)."),
            "jwks_url": _("The LMS's public keys (public keyset URL)."),
            "token_audience": _(
                "Leave empty, unless the LMS names one (Brightspace: its OAuth2 "
                "audience)."
            ),
            "frame_origins": _(
                "The addresses of the LMS's pages that show our lessons in a frame, "
                "one per line, such as https://moodle.example.org."
            ),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        for name in ("issuer", "login_url", "token_url", "jwks_url"):
            self.fields[name].validators.append(https_url)
            self.fields[name].widget.attrs["inputmode"] = "url"
        self.fields["frame_origins"].required = True

    def clean_issuer(self) -> str:
        return self.cleaned_data["issuer"].rstrip("/") or self.cleaned_data["issuer"]

    def clean_frame_origins(self) -> str:
        return web_origins(self.cleaned_data["frame_origins"])

    def clean(self):
        cleaned = super().clean()
        taken = Registration.objects.filter(
            school=self.school,
            issuer=cleaned.get("issuer"),
            client_id=cleaned.get("client_id"),
        )
        if taken.exists():
            raise ValidationError(ALREADY_REGISTERED)
        return cleaned
