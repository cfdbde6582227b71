"""Adults' accounts are django-allauth's (sign-up, sign-in, email confirmation,
password reset and change, two-factor sign-in, Google and Microsoft sign-in), at
/accounts/; students sign in at the same page with their username.

allauth's own URLs, with three of them replaced: sign-up runs in one transaction,
and the two links sent by email carry their keys through our converters (a key
outside its alphabet is a 404 before any view runs; core/converters.py). allauth's
deprecated /accounts/social/... redirects are left out."""

from allauth.account import urls as account_urls
from allauth.account import views as allauth_views
from allauth.urls import build_provider_urlpatterns
from django.db import transaction
from django.urls import include, path

import core.converters  # noqa: F401 (registers <signed_key:> and <base36:>)

REPLACED = {
    "account_signup",
    "account_confirm_email",
    "account_reset_password_from_key",
}

urlpatterns = [
    # Sign-up writes the user, their email address and its confirmation: all or none.
    path("signup/", transaction.atomic(allauth_views.signup), name="account_signup"),
    path(
        "confirm-email/<signed_key:key>/",
        allauth_views.confirm_email,
        name="account_confirm_email",
    ),
    path(
        "password/reset/key/<base36:uidb36>-<token:key>/",
        allauth_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    *[p for p in account_urls.urlpatterns if p.name not in REPLACED],
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    *build_provider_urlpatterns(),
]
