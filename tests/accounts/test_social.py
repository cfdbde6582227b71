"""Signing in with Google Workspace or Microsoft Entra ID, through django-allauth's
real views: only what leaves the machine is made up, the providers' answers over
HTTP (`requests.Session.request`, which allauth's token and profile calls go
through). Google's id_token comes from its token endpoint over TLS, so allauth
checks its issuer, audience and expiry but, as OpenID Connect allows, not its
signature: a token signed with any key stands for Google's."""

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

GOOGLE_CLIENT_ID = "staff-sign-in.apps.googleusercontent.com"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
MICROSOFT_CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
MICROSOFT_TOKEN_URL = (
    "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
)
MICROSOFT_ME_URL = "https://graph.microsoft.com/v1.0/me"
WORKSPACE = "school.example"
HOME = reverse("lessons:home")


def providers(*, google: bool = True, microsoft: bool = False, hd: str = "") -> dict:
    """SOCIALACCOUNT_PROVIDERS as elearning/settings.py builds it from the
    environment when the client ids are set."""
    built = {}
    if google:
        built["google"] = {
            "APPS": [
                {
                    "client_id": GOOGLE_CLIENT_ID,
                    "secret": "google-secret",
                    "settings": {"hd": hd},
                }
            ],
            "SCOPE": ["openid", "profile", "email"],
            "AUTH_PARAMS": {"prompt": "select_account"},
        }
    if microsoft:
        built["microsoft"] = {
            "APPS": [
                {
                    "client_id": MICROSOFT_CLIENT_ID,
                    "secret": "microsoft-secret",
                    "settings": {"tenant": "organizations"},
                }
            ],
        }
    return built


@contextmanager
def provider_answers(answers: dict[str, dict]) -> Iterator[list[tuple[str, str]]]:
    """Answer allauth's HTTP requests from `answers` (URL -> JSON body); a request to
    any other URL fails the test. Yields the (method, URL) of each request made."""
    made: list[tuple[str, str]] = []

    def answer(session, method, url, **kwargs):
        made.append((method.upper(), url))
        if url not in answers:
            raise AssertionError(f"unexpected request: {method} {url}")
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(answers[url]).encode()
        response.url = url
        return response

    with mock.patch.object(
        requests.Session, "request", autospec=True, side_effect=answer
    ):
        yield made


def google_id_token(**claims: object) -> str:
    now = int(time.time())
    payload = {
        "iss": "https://accounts.google.com",
        "aud": GOOGLE_CLIENT_ID,
        "azp": GOOGLE_CLIENT_ID,
        "iat": now,
        "exp": now + 3600,
        "sub": "110169484474386276334",
        "email": "sam.taylor@school.example",
        "email_verified": True,
        "name": "Sam Taylor",
        "given_name": "Samantha",
        "family_name": "Taylor",
        "hd": WORKSPACE,
    }
    payload.update(claims)
    payload = {key: value for key, value in payload.items() if value is not None}
    return jwt.encode(payload, "not-googles-key-but-long-enough-for-hs256", "HS256")


def start(client: Client, login_url_name: str, provider_host: str, **data: str) -> str:
    """Press "Sign in with ...": allauth sends the browser to the provider with a
    `state`, which the provider hands back to the callback."""
    response = client.post(reverse(login_url_name), data)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == provider_host
    return parse_qs(location.query)["state"][0]


def google_sign_in(client: Client, process: str = "login", **claims: object):
    state = start(client, "google_login", "accounts.google.com", process=process)
    token = {"access_token": "ya29.token", "id_token": google_id_token(**claims)}
    with provider_answers({GOOGLE_TOKEN_URL: token}) as made:
        response = client.get(
            reverse("google_callback"), {"code": "4/code", "state": state}
        )
    assert made == [("POST", GOOGLE_TOKEN_URL)]
    return response


def microsoft_sign_in(client: Client, **profile: object):
    state = start(client, "microsoft_login", "login.microsoftonline.com")
    me = {
        "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "displayName": "Alex Morgan",
        "givenName": "Alexandra",
        "surname": "Morgan",
        "mail": "Alex.Morgan@school.example",
        "userPrincipalName": "alex.morgan@school.example",
        "mailNickname": "alex.morgan",
    }
    me.update(profile)
    answers = {
        MICROSOFT_TOKEN_URL: {"access_token": "eyJ0.token", "token_type": "Bearer"},
        MICROSOFT_ME_URL: me,
    }
    with provider_answers(answers) as made:
        response = client.get(
            reverse("microsoft_callback"), {"code": "0.code", "state": state}
        )
    assert made == [("POST", MICROSOFT_TOKEN_URL), ("GET", MICROSOFT_ME_URL)]
    return response


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# --- Off by default ---------------------------------------------------------------


@override_settings(SOCIALACCOUNT_PROVIDERS={})
@pytest.mark.parametrize("url_name", ["google_login", "microsoft_login"])
def test_provider_without_a_client_id_is_404(client, url_name):
    assert client.post(reverse(url_name)).status_code == 404
    assert client.get(reverse(url_name)).status_code == 404


# --- Google -------------------------------------------------------------------------


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_google_sign_in_of_new_staff_member_makes_a_signed_in_adult(client):
    assert not User.objects.exists()

    response = google_sign_in(client, email="Sam.Taylor@School.example")

    user = User.objects.get()
    assert user.kind == User.Kind.ADULT
    assert user.email == "sam.taylor@school.example"
    assert user.username == "sam.taylor@school.example"
    assert user.display_name == "Sam Taylor"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(
        user=user, email="sam.taylor@school.example", verified=True, primary=True
    ).exists()
    assert SocialAccount.objects.filter(
        user=user, provider="google", uid="110169484474386276334"
    ).exists()
    assert signed_in_as(client) == str(user.pk)
    assert response.status_code == 302
    assert response["Location"] == HOME


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_google_sign_in_with_verified_email_of_existing_adult_signs_in_that_adult(
    client,
):
    teacher = factories.StaffMembershipFactory(
        user__email="sam.taylor@school.example"
    ).user
    assert User.objects.count() == 1

    response = google_sign_in(client, email="sam.taylor@school.example")

    assert User.objects.count() == 1
    assert signed_in_as(client) == str(teacher.pk)
    assert response["Location"] == HOME
    # Connected: the next time, Google's id for them finds them.
    assert SocialAccount.objects.get(provider="google").user == teacher


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_google_sign_in_with_unverified_email_does_not_take_over_existing_account(
    client,
):
    teacher = factories.StaffMembershipFactory(
        user__email="sam.taylor@school.example"
    ).user

    response = google_sign_in(
        client, email="sam.taylor@school.example", email_verified=False
    )

    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    teacher.refresh_from_db()
    assert teacher.has_usable_password()
    # As for a sign-up with a taken address: the page says an email was sent, and
    # the owner is told their account already exists.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["sam.taylor@school.example"], "Account Already Exists")
    ]


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_google_sign_in_of_school_admin_asks_for_the_authenticator_code(client):
    admin = factories.StaffMembershipFactory(
        user__email="sam.taylor@school.example", role="admin"
    ).user

    response = google_sign_in(client, email="sam.taylor@school.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    assert client.get(HOME).context["user"].is_anonymous

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert signed_in_as(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": factories.totp_code()})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert signed_in_as(client) == str(admin.pk)


# --- The Workspace domain ---------------------------------------------------------


@override_settings(SOCIALACCOUNT_PROVIDERS=providers(hd=WORKSPACE))
def test_google_account_of_the_workspace_domain_signs_in(client):
    response = google_sign_in(client, hd=WORKSPACE)

    user = User.objects.get()
    assert signed_in_as(client) == str(user.pk)
    assert response["Location"] == HOME


@override_settings(SOCIALACCOUNT_PROVIDERS=providers(hd=WORKSPACE))
@pytest.mark.parametrize(
    "claims",
    [
        {"email": "sam.taylor@gmail.com", "hd": None},  # a personal Google account
        {"email": "sam.taylor@other.example", "hd": "other.example"},
        # The address of the school, but an account of another Workspace.
        {"email": "sam.taylor@school.example", "hd": "other.example"},
    ],
    ids=["personal", "other-workspace", "school-address-other-workspace"],
)
def test_google_account_outside_the_workspace_domain_is_refused(client, claims):
    response = google_sign_in(client, **claims)

    assert response.status_code == 403
    assert response.templates[0].name == "message.html"
    assert response.context["title"] == "Not your school's Google account"
    assert response.context["message"] == f"Sign in with your {WORKSPACE} account."
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    assert signed_in_as(client) is None


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_google_id_token_for_another_client_is_refused(client):
    response = google_sign_in(client, aud="someone-elses.apps.googleusercontent.com")

    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not User.objects.exists()
    assert signed_in_as(client) is None


# --- Students ------------------------------------------------------------------------


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_student_with_a_google_account_connected_cannot_sign_in_with_it(client):
    student = factories.StudentFactory()
    SocialAccount.objects.create(
        user=student, provider="google", uid="110169484474386276334"
    )

    response = google_sign_in(client)

    assert response.status_code == 403
    assert response.context["title"] == "For adults"
    assert signed_in_as(client) is None


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_signed_in_student_cannot_connect_a_google_account(client, password):
    student = factories.StudentFactory()
    assert sign_in(client, student.username, password)

    # Refused before anything is sent to Google (accounts.middleware); the adapter
    # would refuse again at the callback.
    with provider_answers({}) as made:
        response = client.post(reverse("google_login"), {"process": "connect"})

    assert response.status_code == 403
    assert response.context["title"] == "For adults"
    assert made == []
    assert not SocialAccount.objects.exists()
    assert not User.objects.exclude(pk=student.pk).exists()


@override_settings(SOCIALACCOUNT_PROVIDERS=providers())
def test_staff_of_a_deactivated_school_is_refused_before_signing_in(client):
    factories.StaffMembershipFactory(
        user__email="sam.taylor@school.example", school__is_active=False
    )

    response = google_sign_in(client, email="sam.taylor@school.example")

    assert response.status_code == 403
    assert response.context["title"] == "You cannot sign in"
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()


# --- Microsoft ---------------------------------------------------------------------


@override_settings(SOCIALACCOUNT_PROVIDERS=providers(google=False, microsoft=True))
def test_microsoft_sign_in_of_new_staff_member_makes_an_adult_who_confirms_email(
    client,
):
    assert not User.objects.exists()

    response = microsoft_sign_in(client)

    user = User.objects.get()
    assert user.kind == User.Kind.ADULT
    assert user.email == "alex.morgan@school.example"
    assert user.username == "alex.morgan@school.example"
    assert user.display_name == "Alex Morgan"
    assert SocialAccount.objects.filter(user=user, provider="microsoft").exists()
    # Microsoft's `mail` is whatever the tenant's admin typed: not proof of the
    # address, so it is confirmed by email as for a sign-up with a password.
    assert EmailAddress.objects.filter(user=user, verified=False).exists()
    assert signed_in_as(client) is None
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["alex.morgan@school.example"]]


@override_settings(SOCIALACCOUNT_PROVIDERS=providers(google=False, microsoft=True))
def test_microsoft_sign_in_with_email_of_existing_adult_does_not_take_it_over(client):
    teacher = factories.StaffMembershipFactory(
        user__email="alex.morgan@school.example"
    ).user

    response = microsoft_sign_in(client)

    assert signed_in_as(client) is None
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()
    teacher.refresh_from_db()
    assert teacher.has_usable_password()
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alex.morgan@school.example"], "Account Already Exists")
    ]
