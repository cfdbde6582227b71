import re
import string

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts.forms import INVALID_LOGIN, TOO_MANY_SIGN_INS
from accounts.models import User
from core.site import site_name
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
RESET = reverse("account_reset_password")
SENT = reverse("account_email_verification_sent")
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


def rate_limit(action: str, per: str) -> int:
    """How many `action`s the settings allow `per` ip or key (e.g. "150/15m/ip")."""
    for part in django_settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _duration, *kind = part.split("/")
        if (kind or ["ip"])[0] == per:
            return int(amount)
    raise LookupError(action, per)


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Sam Taylor",
        "email": "sam@example.org",
        "password1": "a-good-long-passphrase-42",
        "password2": "a-good-long-passphrase-42",
    }
    data.update(overrides)
    return data


def confirm(client, message) -> None:
    """Follow the confirmation link of `message` and press Confirm."""
    link = CONFIRM_LINK.search(message.body)[1]
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302


def test_signup_creates_an_adult_who_must_confirm_their_address_first(client):
    assert not User.objects.filter(email="sam@example.org").exists()
    response = client.post(SIGNUP, signup_data(email="Sam@Example.org"))
    assert response.status_code == 302
    assert response["Location"] == SENT
    user = User.objects.get(email="sam@example.org")
    assert user.kind == User.Kind.ADULT
    assert user.display_name == "Sam Taylor"
    assert user.username == "sam@example.org"
    assert user.password.startswith("argon2")
    assert "_auth_user_id" not in client.session  # not until the address is confirmed
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (
        "sam@example.org",
        True,
        False,
    )
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert site_name() in message.body
    confirm(client, message)
    address.refresh_from_db()
    assert address.verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_unconfirmed_adult_cannot_sign_in_and_is_sent_a_new_link(client, password):
    adult = factories.AdultFactory(email_verified=False)
    response = client.post(LOGIN, {"login": adult.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    confirm(client, message)
    assert client.session["_auth_user_id"] == str(adult.pk)


def test_signup_with_a_taken_email_answers_as_for_a_new_one_and_tells_the_owner(
    client, adult
):
    """Finding 6: sign-up must not reveal who has an account."""
    count = User.objects.count()
    taken = client.post(SIGNUP, signup_data(email=adult.email.upper()))
    fresh = client.post(SIGNUP, signup_data(email="fresh@example.org"))
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == SENT
    assert User.objects.count() == count + 1  # only the new address made an account
    to_owner, to_new = mail.outbox
    assert to_owner.to == [adult.email]
    assert "already has one" in to_owner.body
    assert "/accounts/password/reset/" in to_owner.body
    assert CONFIRM_LINK.search(to_new.body)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short."),
        ("password123", "This password is too common."),
        ("84736251940", "This password is entirely numeric."),
        ("sam@example.org", "The password is too similar to the"),
    ],
)
def test_signup_with_a_weak_password_shows_why_and_saves_nothing(
    client, password, message
):
    response = client.post(SIGNUP, signup_data(password1=password, password2=password))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()
    assert mail.outbox == []


def test_signup_with_mismatched_passwords_shows_why(client):
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely"))
    assert response.status_code == 400
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_missing_fields_shows_each_one(client):
    response = client.post(SIGNUP, {})
    assert response.status_code == 400
    # Once in the summary at the top of the form and once by each of the 4 fields.
    assert response.content.decode().count("This field is required.") == 8
    assert not User.objects.exists()


def test_signup_with_a_blank_display_name_shows_why(client):
    response = client.post(SIGNUP, signup_data(display_name="   "))
    assert response.status_code == 400
    assert not User.objects.exists()


def test_adult_signs_in_with_email_case_insensitively(client, adult, password):
    response = client.post(LOGIN, {"login": adult.email.upper(), "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(adult.pk)


def test_student_signs_in_with_username_and_no_email_step(client, student, password):
    response = client.post(LOGIN, {"login": student.username, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("lessons:home")
    assert client.session["_auth_user_id"] == str(student.pk)
    assert mail.outbox == []


def test_wrong_password_is_a_400_with_a_message(client, adult):
    response = client.post(LOGIN, {"login": adult.email, "password": "wrong-one"})
    assert response.status_code == 400
    assert str(INVALID_LOGIN) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_account_answers_exactly_like_a_wrong_password(client, adult):
    wrong = client.post(LOGIN, {"login": adult.email, "password": "wrong-one"})
    unknown = client.post(LOGIN, {"login": "nobody@example.org", "password": "x-1"})
    assert wrong.status_code == unknown.status_code == 400
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*@[^"]*"')
    assert strip.sub("", wrong.content.decode()) == strip.sub(
        "", unknown.content.decode()
    )


def test_inactive_account_cannot_sign_in(client, password):
    user = factories.AdultFactory(is_active=False)
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 400
    assert str(INVALID_LOGIN) in response.content.decode()


def test_logout_ends_the_session(client, adult):
    client.force_login(adult)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_tampered_csrf_token_is_a_403_with_a_message_and_saves_nothing():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get(SIGNUP)
    data = signup_data(csrfmiddlewaretoken="x" * 64)
    response = client.post(SIGNUP, data)
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not User.objects.exists()


def test_student_accounts_cannot_hold_an_email(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            username="kid1", display_name="Kid", kind=User.Kind.STUDENT, email="k@x.org"
        )


@pytest.mark.parametrize(
    "email",
    [
        "o'brien@x.example",
        "a/b/c@x.example",
        "a=b@x.example",
        "a{b}@x.example",
        '"quoted"@x.example',
        "x" * 140 + "@" + "d" * 40 + ".example",  # longer than a username may be
    ],
)
def test_any_address_djangos_validator_accepts_can_sign_up(client, email):
    """Finding 8: these gave a 500."""
    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == 302
    user = User.objects.get(email=email.lower())
    confirm(client, mail.outbox[-1])
    client.logout()
    response = client.post(
        LOGIN, {"login": email, "password": signup_data()["password1"]}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.kind == User.Kind.ADULT


LOCAL_PART = st.text(
    alphabet=string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~.-",
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(local=LOCAL_PART)
def test_signing_up_with_any_valid_address_is_never_a_500(client, local):
    email = f"{local}@school.example"
    try:
        validate_email(email)
    except ValidationError:
        assume(False)
    User.objects.filter(email__iexact=email).delete()
    cache.clear()  # sign-ups are limited per address (20 a minute)
    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()


def test_one_address_cannot_try_a_password_against_any_number_of_accounts(client):
    for n in range(rate_limit("login_failed", "ip")):
        client.post(LOGIN, {"login": f"pupil{n}", "password": "Summer2026!"})
    victim = factories.StudentFactory(username="victim")
    response = client.post(LOGIN, {"login": "victim", "password": factories.PASSWORD})
    assert response.status_code == 400
    assert str(TOO_MANY_SIGN_INS) in response.content.decode()
    assert "_auth_user_id" not in client.session  # not even the right password
    assert victim.last_login is None


def test_a_class_of_thirty_mistyping_behind_one_address_still_signs_in(client):
    students = [factories.StudentFactory(username=f"pupil{n}") for n in range(30)]
    for student in students:
        for _ in range(4):  # four typos each: 120 failures from the address
            client.post(LOGIN, {"login": student.username, "password": "typo"})
        response = client.post(
            LOGIN, {"login": student.username, "password": factories.PASSWORD}
        )
        assert response.status_code == 302, student.username
        client.logout()


def test_a_changed_address_can_be_signed_up_with_by_someone_else(client, password):
    """The username of an adult stays their first address; a new account with that
    address gets another username instead of a 500."""
    first = factories.AdultFactory(email="old@example.org")
    User.objects.filter(pk=first.pk).update(email="new@example.org")
    EmailAddress.objects.filter(user=first).update(email="new@example.org")
    response = client.post(SIGNUP, signup_data(email="old@example.org"))
    assert response.status_code == 302
    second = User.objects.get(email="old@example.org")
    assert second.username.startswith("adult-")
