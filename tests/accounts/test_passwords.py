"""Passwords: reset by email (its links, limits and answers) and change."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tests.accounts.test_views import RESET, RESET_LINK, rate_limit

pytestmark = pytest.mark.django_db


def reset_form_url(client, message) -> str:
    """Open the emailed reset link; allauth moves the key out of the address."""
    link = RESET_LINK.search(message.body)[1]
    page = client.get(link, follow=True)
    assert page.status_code == 200
    return page.redirect_chain[-1][0]


def test_password_reset_sends_a_link_that_sets_a_new_password(client, adult):
    response = client.post(RESET, {"email": adult.email})
    assert response.status_code == 302
    [message] = mail.outbox
    set_url = reset_form_url(client, message)
    response = client.post(
        set_url,
        {"password1": "brand-new-passphrase-7", "password2": "brand-new-passphrase-7"},
    )
    assert response.status_code == 302
    adult.refresh_from_db()
    assert adult.check_password("brand-new-passphrase-7")


def test_password_reset_with_a_weak_password_is_a_400(client, adult, password):
    client.post(RESET, {"email": adult.email})
    set_url = reset_form_url(client, mail.outbox[0])
    response = client.post(set_url, {"password1": "abc", "password2": "abc"})
    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    adult.refresh_from_db()
    assert adult.check_password(password)


def test_password_reset_for_unknown_email_answers_the_same_and_sends_nothing(client):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []


def test_password_reset_with_a_malformed_email_is_a_400(client):
    response = client.post(RESET, {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_a_used_reset_link_no_longer_works(client, adult):
    client.post(RESET, {"email": adult.email})
    link = RESET_LINK.search(mail.outbox[0].body)[1]
    set_url = reset_form_url(client, mail.outbox[0])
    client.post(
        set_url,
        {"password1": "brand-new-passphrase-7", "password2": "brand-new-passphrase-7"},
    )
    response = client.get(link, follow=True)
    assert "Bad Token" in response.content.decode() or "invalid" in (
        response.content.decode()
    )
    assert 'name="password1"' not in response.content.decode()


def test_reset_emails_are_limited_per_recipient_and_per_sender(client, adult):
    per_recipient = rate_limit("reset_password", "key")
    answers = [
        client.post(RESET, {"email": adult.email}).status_code
        for _ in range(per_recipient + 5)
    ]
    assert answers == [302] * per_recipient + [429] * 5
    assert len(mail.outbox) == per_recipient
    # A limited address answers the same whether or not it has an account.
    for _ in range(per_recipient):
        client.post(RESET, {"email": "nobody@example.org"})
    assert client.post(RESET, {"email": "nobody@example.org"}).status_code == 429
    cache.clear()
    mail.outbox.clear()
    per_sender = rate_limit("reset_password", "ip")
    others = [factories.AdultFactory() for _ in range(per_sender + 3)]
    answers = [client.post(RESET, {"email": o.email}).status_code for o in others]
    assert answers == [302] * per_sender + [429] * 3
    assert len(mail.outbox) == per_sender


def test_an_adult_changes_their_password(client, adult, password):
    client.force_login(adult)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "another-long-passphrase-8",
            "password2": "another-long-passphrase-8",
        },
    )
    assert response.status_code == 302
    adult.refresh_from_db()
    assert adult.check_password("another-long-passphrase-8")
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": "x-1", "password2": "x-1"},
    )
    assert wrong.status_code == 400
