"""The writes of accounts.services, called directly: creating adults' and students'
accounts."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.services import user_create_adult, user_create_student

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-long-passphrase-42"


def test_user_create_adult_signs_in_with_the_email_lowercased():
    assert not User.objects.exists()

    user = user_create_adult(
        email="Sam@Example.ORG", display_name="Sam Taylor", password=PASSWORD
    )

    user.refresh_from_db()
    assert (user.username, user.email, user.display_name, user.kind) == (
        "sam@example.org",
        "sam@example.org",
        "Sam Taylor",
        User.Kind.ADULT,
    )


def test_user_create_adult_keeps_only_an_argon2_hash_of_the_password():
    user = user_create_adult(
        email="sam@example.org", display_name="Sam", password=PASSWORD
    )

    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_user_create_adult_with_a_taken_email_in_other_case_raises_and_saves_nothing(
    adult,
):
    count = User.objects.count()

    with pytest.raises(ValidationError) as raised:
        user_create_adult(
            email=adult.email.upper(), display_name="Copy", password=PASSWORD
        )

    # The username falls back to a generated one; the address itself is refused.
    assert "username" not in raised.value.error_dict
    assert "accounts_user_unique_email_ci" in str(raised.value.error_dict["__all__"])
    assert User.objects.count() == count


def test_user_create_student_has_a_lowercased_username_and_no_email():
    assert not User.objects.exists()

    user = user_create_student(username="Sam-7", display_name="Sam", password=PASSWORD)

    user.refresh_from_db()
    assert (user.username, user.email, user.display_name, user.kind) == (
        "sam-7",
        "",
        "Sam",
        User.Kind.STUDENT,
    )
    assert user.check_password(PASSWORD)


def test_user_create_student_with_a_taken_username_raises_and_saves_nothing(
    student,
):
    count = User.objects.count()

    with pytest.raises(ValidationError) as raised:
        user_create_student(
            username=student.username.upper(), display_name="Copy", password=PASSWORD
        )

    assert [e.code for e in raised.value.error_dict["username"]] == ["unique"]
    assert User.objects.count() == count


def test_user_create_student_with_spaces_in_the_username_raises_and_saves_nothing():
    with pytest.raises(ValidationError) as raised:
        user_create_student(username="two words", display_name="Sam", password=PASSWORD)

    assert [e.code for e in raised.value.error_dict["username"]] == ["invalid"]
    assert not User.objects.exists()
