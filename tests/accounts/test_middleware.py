"""The session cookie: a value Django could never have made is no session at all."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.middleware import SessionMiddleware

pytestmark = pytest.mark.django_db

# A NUL byte cannot be in PostgreSQL text: looked up, it failed the session query
# with a DataError, a 500 for anyone, signed in or not.
FORGED = ["abcdefghij\x00klm", "abcdefgh'; --", "ABCDEFGHIJKLMNOP", "é" * 32, "a" * 41]


@pytest.mark.parametrize("cookie", FORGED)
def test_a_session_cookie_outside_the_key_alphabet_is_no_session(cookie):
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = cookie
    middleware = SessionMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    assert request.session.session_key is None


@pytest.mark.parametrize("cookie", FORGED)
def test_a_forged_session_cookie_gets_the_page_and_is_cleared(client, cookie):
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_a_real_session_still_signs_in(client, adult):
    client.force_login(adult)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = key
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    assert request.session.session_key == key
    assert request.session["_auth_user_id"] == str(adult.pk)
