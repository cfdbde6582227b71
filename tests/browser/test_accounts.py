"""Accounts in a real browser: an adult confirms their email address before they
can sign in; a school admin turns on two-factor sign-in, needs it from then on, and
gets in with a recovery code when the phone is lost. (A student signs in with a
username alone: test_journeys.py.) Every request stays on the site."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from tests.browser.steps import (
    SIGN_UP_PASSWORD,
    activate_two_factor,
    app_code,
    confirmation_link,
    password_again_if_asked,
    path_of,
    sign_in,
    sign_out,
    submit,
)
from tests.factories import (
    PASSWORD,
    StaffMembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def header(page) -> str:
    return page.locator("header").inner_text()


def type_password(page, site: str, login: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    submit(page, "Sign in")


def test_a_parent_signs_in_only_after_confirming_their_email(new_page, site):
    page = new_page("phone")
    page.goto(f"{site}/accounts/signup/")
    page.fill("#id_display_name", "Robin Parent")
    page.fill("#id_email", "Robin@Example.org")
    page.fill("#id_password1", SIGN_UP_PASSWORD)
    page.fill("#id_password2", SIGN_UP_PASSWORD)
    submit(page, "Create account")

    # Not signed in: told to look for the email.
    assert path_of(page) == "/accounts/confirm-email/", page.url
    assert "sent an email" in page.locator("main").inner_text()
    assert "Signed in as" not in header(page)
    address = EmailAddress.objects.get(email="robin@example.org")
    assert address.verified is False
    assert address.user.display_name == "Robin Parent"

    # The right password is not enough before the address is confirmed.
    type_password(page, site, "robin@example.org", SIGN_UP_PASSWORD)
    assert path_of(page) == "/accounts/confirm-email/", page.url
    assert "Signed in as" not in header(page)
    page.goto(f"{site}/parents/")
    assert path_of(page) == "/accounts/login/", page.url

    # The link in the email, then "Confirm": confirmed and signed in.
    page.goto(confirmation_link(site, "robin@example.org"))
    assert "Signed in as" not in header(page)  # opening the link alone does nothing
    submit(page, "Confirm")
    assert path_of(page) == "/", page.url
    assert "Signed in as Robin Parent" in header(page)
    address.refresh_from_db()
    assert address.verified is True

    # From now on the password is enough.
    sign_out(page)
    sign_in(page, site, "robin@example.org", SIGN_UP_PASSWORD)
    assert "Signed in as Robin Parent" in header(page)
    assert page.requests.elsewhere == []


def test_a_school_admin_turns_on_two_factor_sign_in_and_needs_it_from_then_on(
    new_page, site
):
    membership = StaffMembershipFactory(
        role="admin",
        school__name="Oak Hill School",
        user__email="lee@oak.example",
        user__display_name="Lee Lead",
    )
    school_url = f"{site}/schools/{membership.school.slug}/"
    lee = membership.user
    Authenticator.objects.filter(user=lee).delete()  # not turned on yet

    # Signing in leads to setting up an authenticator app, and nothing else opens.
    page = new_page("desktop")
    setup = {"/accounts/2fa/totp/activate/", "/accounts/reauthenticate/"}
    sign_in(page, site, lee.email, PASSWORD, lands=setup)
    assert "needs two-factor sign-in" in page.locator("main").inner_text()
    page.goto(school_url)
    assert path_of(page) in setup, page.url

    # The secret shown, the code the app computes from it: on, with recovery codes.
    secret, codes = activate_two_factor(page, PASSWORD)
    assert len(secret) >= 16
    assert len(codes) == 10
    assert Authenticator.objects.filter(user=lee, type=Authenticator.Type.TOTP).exists()
    page.goto(school_url)
    assert path_of(page) == f"/schools/{membership.school.slug}/", page.url
    assert "Oak Hill School" in page.locator("main h1").inner_text()
    sign_out(page)

    # Next time the password leads to the code; a wrong one does not get in.
    type_password(page, site, lee.email, PASSWORD)
    assert path_of(page) == "/accounts/2fa/authenticate/", page.url
    right = app_code(secret)
    page.fill("#id_code", f"{(int(right) + 1) % 10**6:06d}")
    submit(page, "Sign In")
    assert path_of(page) == "/accounts/2fa/authenticate/", page.url
    assert "Incorrect code." in page.locator("main").inner_text()
    assert "Signed in as" not in header(page)
    elsewhere = page.context.new_page()  # the same browser, in another tab
    elsewhere.goto(school_url)  # sent back to finish signing in
    assert path_of(elsewhere) == "/accounts/2fa/authenticate/", elsewhere.url
    assert "Signed in as" not in header(elsewhere)
    elsewhere.close()

    # The code the app shows now gets in.
    page.fill("#id_code", app_code(secret))
    submit(page, "Sign In")
    assert path_of(page) == "/", page.url
    assert "Signed in as Lee Lead" in header(page)
    page.goto(school_url)
    assert "Oak Hill School" in page.locator("main h1").inner_text()
    sign_out(page)

    # Phone lost: a recovery code instead of the app's, good once.
    type_password(page, site, lee.email, PASSWORD)
    assert path_of(page) == "/accounts/2fa/authenticate/", page.url
    page.fill("#id_code", codes[3])
    submit(page, "Sign In")
    assert path_of(page) == "/", page.url
    assert "Signed in as Lee Lead" in header(page)
    page.goto(f"{site}/accounts/2fa/recovery-codes/")
    password_again_if_asked(page, PASSWORD)
    assert path_of(page) == "/accounts/2fa/recovery-codes/", page.url
    left = page.input_value("#recovery_codes").split()
    assert left == codes[:3] + codes[4:]
    sign_out(page)
    type_password(page, site, lee.email, PASSWORD)
    page.fill("#id_code", codes[3])
    submit(page, "Sign In")
    assert path_of(page) == "/accounts/2fa/authenticate/", page.url
    assert "Incorrect code." in page.locator("main").inner_text()
    assert page.requests.elsewhere == []
