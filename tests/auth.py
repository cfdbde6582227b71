"""Signing in through the real sign-in page, as a person does (and as django-axes
sees it, with a request), with the second step for those who have two-factor
sign-in on."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import TOTP_SECRET, totp_code


def sign_in(
    client: Client, username: str, password: str, *, totp_secret: str = TOTP_SECRET
) -> bool:
    response = client.post(
        reverse("account_login"), {"login": username, "password": password}
    )
    if response.status_code == 302 and response["Location"] == reverse(
        "mfa_authenticate"
    ):
        response = client.post(
            reverse("mfa_authenticate"), {"code": totp_code(totp_secret)}
        )
    # Signed in means sent on to a page of the site, not to an account step (such
    # as "confirm your email first").
    return response.status_code == 302 and not response["Location"].startswith(
        "/accounts/"
    )


CONFIRM_LINK = re.compile(
    r"https?://[^/\s]+(/(?:[a-z]{2}/)?accounts/confirm-email/[^/\s]+/)"
)


def sign_up(client: Client, name: str, email: str, password: str) -> None:
    """Sign up on the page, then follow the confirmation link emailed to `email`;
    allauth signs the new adult in once the address is confirmed."""
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": name,
            "email": email,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [message] = [m for m in mail.outbox if m.to == [email.lower()]][-1:]
    link = CONFIRM_LINK.search(message.body)[1]
    assert client.post(link).status_code == 302
    assert client.session.get("_auth_user_id")


def turn_on_two_factor(client: Client, password: str) -> str:
    """Set up an authenticator app on the two-factor page, as an admin must: confirm
    the password if asked, read the secret the page offers, and send the app's code.
    Returns the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page["Location"].startswith(
        reverse("account_reauthenticate")
    ):
        confirmed = client.post(page["Location"], {"password": password})
        assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret
