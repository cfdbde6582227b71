"""Passwords are hashed with Argon2id at OWASP's recommended setting, and a hash
made with Django's heavier default is upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from accounts.models import User
from accounts.services import email_address_set
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def test_new_hashes_use_19_mib_2_passes_1_lane():
    encoded = make_password("a-long-family-passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_with_the_old_setting_still_signs_in_and_is_upgraded(client):
    old = Argon2PasswordHasher().encode("a-long-family-passphrase", "saltsaltsalt1234")
    assert "m=102400,t=2,p=8" in old
    user = User.objects.create(
        username="robin@example.org", email="robin@example.org", password=old
    )
    email_address_set(user=user, verified=True)
    assert sign_in(client, "robin@example.org", "a-long-family-passphrase")
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
