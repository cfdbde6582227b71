import re
import string

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts.forms import EMAIL_TAKEN, INVALID_LOGIN
from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
RESET = reverse("accounts:password_reset")


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Sam Taylor",
        "email": "sam@example.org",
        "password1": "a-good-long-passphrase-42",
        "password2": "a-good-long-passphrase-42",
    }
    data.update(overrides)
    return data


def test_signup_creates_an_adult_and_signs_them_in(client):
    assert not User.objects.filter(email="sam@example.org").exists()
    response = client.post(SIGNUP, signup_data(email="Sam@Example.org"))
    assert response.status_code == 302
    user = User.objects.get(email="sam@example.org")
    assert user.kind == User.Kind.ADULT
    assert user.display_name == "Sam Taylor"
    assert user.password.startswith("argon2")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_a_taken_email_shows_why_and_saves_nothing(client, adult):
    count = User.objects.count()
    response = client.post(SIGNUP, signup_data(email=adult.email.upper()))
    assert response.status_code == 400
    assert str(EMAIL_TAKEN) in response.content.decode()
    assert User.objects.count() == count


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short."),
        ("password123", "This password is too common."),
        ("84736251940", "This password is entirely numeric."),
        ("sam@example.org", "The password is too similar to the email address."),
    ],
)
def test_signup_with_a_weak_password_shows_why_and_saves_nothing(
    client, password, message
):
    response = client.post(SIGNUP, signup_data(password1=password, password2=password))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


def test_signup_with_mismatched_passwords_shows_why(client):
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely"))
    assert response.status_code == 400
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_missing_fields_shows_each_one(client):
    response = client.post(SIGNUP, {})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 4
    assert not User.objects.exists()


def test_adult_signs_in_with_email_case_insensitively(client, adult, password):
    response = client.post(
        LOGIN, {"username": adult.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(adult.pk)


def test_student_signs_in_with_username(client, student, password):
    response = client.post(LOGIN, {"username": student.username, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(student.pk)


def test_wrong_password_is_a_400_with_a_message(client, adult):
    response = client.post(LOGIN, {"username": adult.email, "password": "wrong-one"})
    assert response.status_code == 400
    assert str(INVALID_LOGIN) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_account_answers_exactly_like_a_wrong_password(client, adult):
    wrong = client.post(LOGIN, {"username": adult.email, "password": "wrong-one"})
    unknown = client.post(
        LOGIN, {"username": "nobody@example.org", "password": "wrong-one"}
    )
    assert wrong.status_code == unknown.status_code == 400
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*@[^"]*"')
    assert strip.sub("", wrong.content.decode()) == strip.sub(
        "", unknown.content.decode()
    )


def test_inactive_account_cannot_sign_in(client, password):
    user = factories.AdultFactory(is_active=False)
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 400
    assert str(INVALID_LOGIN) in response.content.decode()


def test_logout_ends_the_session(client, adult):
    client.force_login(adult)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, adult):
    response = client.post(RESET, {"email": adult.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {
            "new_password1": "brand-new-passphrase-7",
            "new_password2": "brand-new-passphrase-7",
        },
    )
    assert response.status_code == 302
    adult.refresh_from_db()
    assert adult.check_password("brand-new-passphrase-7")


def test_password_reset_with_a_weak_password_is_a_400(client, adult, password):
    client.post(RESET, {"email": adult.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    adult.refresh_from_db()
    assert adult.check_password(password)


def test_password_reset_for_unknown_email_answers_the_same_and_sends_nothing(client):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_with_a_malformed_email_is_a_400(client):
    response = client.post(RESET, {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_a_used_reset_link_no_longer_works(client, adult):
    client.post(RESET, {"email": adult.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        set_url,
        {
            "new_password1": "brand-new-passphrase-7",
            "new_password2": "brand-new-passphrase-7",
        },
    )
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


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
    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == 302
    user = User.objects.get(email=email.lower())
    client.logout()
    assert (
        client.post(
            LOGIN, {"username": email, "password": signup_data()["password1"]}
        ).status_code
        == 302
    )
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
    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()


def test_one_address_cannot_try_a_password_against_any_number_of_accounts(client):
    from accounts.views import MAX_FAILED_SIGN_INS, TOO_MANY_SIGN_INS

    for n in range(MAX_FAILED_SIGN_INS):
        client.post(LOGIN, {"username": f"pupil{n}", "password": "Summer2026!"})
    victim = factories.StudentFactory(username="victim")
    response = client.post(
        LOGIN, {"username": "victim", "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert str(TOO_MANY_SIGN_INS) in response.content.decode()
    assert "_auth_user_id" not in client.session  # not even the right password
    assert victim.last_login is None


def test_a_class_of_thirty_mistyping_behind_one_address_still_signs_in(client):
    students = [factories.StudentFactory(username=f"pupil{n}") for n in range(30)]
    for student in students:
        for _ in range(4):  # four typos each: 120 failures from the address
            client.post(LOGIN, {"username": student.username, "password": "typo"})
        response = client.post(
            LOGIN, {"username": student.username, "password": factories.PASSWORD}
        )
        assert response.status_code == 302, student.username
        client.logout()


def test_reset_emails_are_limited_per_recipient_and_per_sender(client, adult):
    from accounts.views import MAX_RESETS_FROM, MAX_RESETS_TO

    for _ in range(MAX_RESETS_TO + 5):
        response = client.post(RESET, {"email": adult.email})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == MAX_RESETS_TO
    cache.clear()
    mail.outbox.clear()
    for other in [factories.AdultFactory() for _ in range(MAX_RESETS_FROM + 3)]:
        assert client.post(RESET, {"email": other.email}).status_code == 302
    assert len(mail.outbox) == MAX_RESETS_FROM
