"""A staff invitation opened signed out: it says who invited whom to what, and both
ways in (a new account, or signing in) come back to it to accept it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.adapter import AccountAdapter
from schools.models import StaffInvite, StaffMembership
from tests import factories
from tests.auth import CONFIRM_LINK

pytestmark = pytest.mark.django_db

EMAIL = "theo@school.example"
PASSWORD = "a-long-teacher-passphrase"


@pytest.fixture
def invitation(school, school_admin):
    return StaffInvite.objects.create(
        school=school, email=EMAIL, role="teacher", invited_by=school_admin
    )


def sign_up_form(client: Client, next_url: str | None) -> object:
    data = {
        "display_name": "Theo Teacher",
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def confirmation_link() -> str:
    """The path and query of the link emailed to the new account."""
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    match = CONFIRM_LINK.search(message.body)
    rest = message.body[match.end() :].split()[0] if match else ""
    return match[1] + (rest if rest.startswith("?") else "")


def test_a_visitor_sees_who_invited_them_to_which_school_and_role(client, invitation):
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Ada Admin invited you to join the staff of Hillside School." in text
    assert "<dd>Hillside School</dd>" in text
    assert "<dd>Teacher</dd>" in text
    query = urlencode({"next": invitation.get_absolute_url()})
    assert f'href="{reverse("account_signup")}?{query}">Create an account' in text
    assert f'href="{reverse("account_login")}?{query}">Sign in' in text
    # Whoever holds the link is not told the address it was sent to.
    assert EMAIL not in text
    assert "Accept the invitation" not in text


def test_a_visitor_cannot_accept_without_signing_in(client, invitation):
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_tells_a_visitor_so(client, invitation):
    StaffInvite.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "Ada Admin" not in response.content.decode()


def test_signing_up_from_the_invitation_comes_back_to_it_to_accept(
    client, school, invitation
):
    page = client.get(invitation.get_absolute_url())
    client.get(page.context["signup_url"])
    sign_up_form(client, invitation.get_absolute_url())
    # The link is opened, in another tab of the same browser: confirmed, signed in,
    # and back on the invitation.
    confirmed = client.post(confirmation_link())
    assert confirmed.status_code == 302
    assert confirmed["Location"] == invitation.get_absolute_url()
    invite_page = client.get(confirmed["Location"])
    assert "Accept the invitation" in invite_page.content.decode()
    assert client.post(invitation.get_absolute_url()).status_code == 302
    teacher = StaffMembership.objects.get(school=school, user__email=EMAIL)
    assert teacher.role == "teacher"


def test_the_invitation_is_remembered_when_signing_up_from_elsewhere(
    client, invitation
):
    """The visitor opened the invitation, then used the header's "Create an
    account" (no `next`): the session brings them back."""
    client.get(invitation.get_absolute_url())
    sign_up_form(client, None)
    confirmed = client.post(confirmation_link())
    assert confirmed["Location"] == invitation.get_absolute_url()


def test_the_session_alone_brings_a_new_account_back_to_the_invitation(
    client, invitation
):
    """Even from a confirmation link that lost its `next` (copied without it)."""
    client.get(invitation.get_absolute_url())
    sign_up_form(client, None)
    confirmed = client.post(confirmation_link().partition("?")[0])
    assert confirmed["Location"] == invitation.get_absolute_url()
    assert client.session.get("_auth_user_id")


def test_confirming_in_another_browser_leads_to_the_invitation_then_sign_in(
    client, invitation
):
    client.get(invitation.get_absolute_url())
    sign_up_form(client, invitation.get_absolute_url())
    link = confirmation_link()
    assert f"?{urlencode({'next': invitation.get_absolute_url()})}" in link
    phone = Client()
    confirmed = phone.post(link)
    # Not signed in there (the sign-up was in the other browser): on to the
    # invitation, whose "Sign in" comes back to it.
    assert confirmed["Location"] == invitation.get_absolute_url()
    assert not phone.session.get("_auth_user_id")
    page = phone.get(confirmed["Location"])
    response = phone.post(
        page.context["login_url"], {"login": EMAIL, "password": PASSWORD}
    )
    assert response["Location"] == invitation.get_absolute_url()
    assert phone.post(invitation.get_absolute_url()).status_code == 302
    assert StaffMembership.objects.filter(user__email=EMAIL).exists()


def test_signing_in_from_the_invitation_comes_back_to_it(
    client, school, invitation, password
):
    invited = factories.AdultFactory(email=EMAIL)
    page = client.get(invitation.get_absolute_url())
    response = client.post(
        page.context["login_url"], {"login": EMAIL, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == invitation.get_absolute_url()
    assert client.post(invitation.get_absolute_url()).status_code == 302
    assert StaffMembership.objects.filter(school=school, user=invited).exists()


def test_signing_in_from_the_header_after_opening_the_invitation_comes_back(
    client, invitation, password
):
    factories.AdultFactory(email=EMAIL)
    client.get(invitation.get_absolute_url())
    assert client.session[AccountAdapter.RETURN_TO_SESSION_KEY] == (
        invitation.get_absolute_url()
    )
    response = client.post(
        reverse("account_login"), {"login": EMAIL, "password": password}
    )
    assert response["Location"] == invitation.get_absolute_url()
    # Used once: the next sign-in goes to the home page as usual.
    assert AccountAdapter.RETURN_TO_SESSION_KEY not in client.session


def test_the_remembered_path_is_forgotten_once_signed_in_on_the_invitation(
    client, invitation
):
    client.get(invitation.get_absolute_url())
    client.force_login(factories.AdultFactory(email=EMAIL))
    assert client.get(invitation.get_absolute_url()).status_code == 200
    assert AccountAdapter.RETURN_TO_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "stashed",
    ["//evil.example/", "https://evil.example/", "/\\evil.example/", "relative/", 7],
)
def test_only_a_path_of_this_site_is_returned_to(client, password, stashed):
    adult = factories.AdultFactory()
    session = client.session
    session[AccountAdapter.RETURN_TO_SESSION_KEY] = stashed
    session.save()
    response = client.post(
        reverse("account_login"), {"login": adult.email, "password": password}
    )
    assert response["Location"] == reverse("lessons:home")
