"""Steps both locustfiles share: signing in (with an authenticator app's code for the
accounts that must use two-factor sign-in), and opening and sending a quiz.

They run in the locust process, which does not load Django or django-allauth: the
two-factor code is computed here (RFC 6238) rather than with allauth's functions."""

import base64
import copy
import hashlib
import hmac
import re
import struct
import time
from urllib.parse import urlsplit

import gevent
from gevent.event import AsyncResult

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/2fa/authenticate/"
# allauth's pages: a sign-in that ends on one of them (confirm the email address, set
# up an authenticator app) has not let the person in.
ACCOUNT_PAGES = "/accounts/"
# An authenticator app's codes as allauth checks them (its defaults, which the site
# keeps: MFA_TOTP_PERIOD, MFA_TOTP_DIGITS, MFA_TOTP_TOLERANCE 0).
TOTP_PERIOD = 30
TOTP_DIGITS = 6


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows at `at` (now) for the base32 `secret`:
    RFC 6238, HMAC-SHA1 over the number of 30 s periods since the epoch."""
    counter = int((time.time() if at is None else at) // TOTP_PERIOD)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def _redirect(answer) -> str | None:
    """The path a 302 sends to, else None."""
    if answer.status_code != 302:
        return None
    return urlsplit((answer.headers or {}).get("Location") or "").path


def sign_in(
    user,
    username: str,
    password: str,
    headers: dict | None = None,
    totp_secret: str | None = None,
) -> bool:
    """Sign in with the form (`login`, `password`); when the site then asks for the
    second factor, send the code of an authenticator app holding `totp_secret`. Done
    when the site sends the person on to a page of the site, not of allauth's."""
    headers = headers or {}
    page = user.client.get(LOGIN, name="sign in (form)", headers=headers)
    token = CSRF.search(page.text or "")
    if not token:
        return False
    with user.client.post(
        LOGIN,
        data={
            "csrfmiddlewaretoken": token[1],
            "login": username,
            "password": password,
        },
        headers=headers,
        name="sign in",
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        place = _redirect(answer)
        if place == TWO_FACTOR and totp_secret:
            pass  # the password was right; the code follows
        elif place is None or place.startswith(ACCOUNT_PAGES):
            answer.failure(
                f"sign-in of {username} answered {answer.status_code} {place or ''}"
            )
            return False
        else:
            return True
    return _second_factor(user, username, totp_secret, headers)


def _second_factor(user, username: str, secret: str, headers: dict) -> bool:
    """The authenticator app's code, on the page the sign-in sent to. allauth takes a
    code once per account (it keeps used ones for a period), and only in the period
    it was made for: refused, the next period's code is sent, once."""
    for attempt in range(2):
        if TOTP_PERIOD - time.time() % TOTP_PERIOD < 1:
            gevent.sleep(1)  # the code would be out of date when it arrives
        with user.client.get(
            TWO_FACTOR,
            name="sign in (second factor form)",
            headers=headers,
            catch_response=True,
        ) as page:
            token = CSRF.search(page.text or "")
            if not token:
                page.failure(f"no second-factor form for {username}")
                return False
        with user.client.post(
            TWO_FACTOR,
            data={"csrfmiddlewaretoken": token[1], "code": totp_code(secret)},
            headers=headers,
            name="sign in (second factor)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            place = _redirect(answer)
            if place is not None and not place.startswith(ACCOUNT_PAGES):
                return True
            if attempt or answer.status_code != 400:
                answer.failure(
                    f"second factor of {username} answered {answer.status_code} "
                    f"{place or ''}"
                )
                return False
            answer.success()  # a used code: wait for the next one
        gevent.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.1)
    return False


_SIGNED_IN: dict[str, AsyncResult] = {}


def sign_in_once(
    user, username: str, password: str, totp_secret: str, timeout: float = 120
) -> bool:
    """sign_in, once per account in this locust process: the simulated people who use
    the same account take the session cookie of the first (as tabs of one browser do).
    For the accounts with a second factor: allauth takes each code once per account,
    so a second person signing in as the one platform admin would wait for the next
    code, 30 s, and fifty of them 25 minutes."""
    shared = _SIGNED_IN.get(username)
    if shared is None:
        shared = _SIGNED_IN[username] = AsyncResult()
        cookies = None
        try:
            if sign_in(user, username, password, totp_secret=totp_secret):
                cookies = list(user.client.cookiejar)
        finally:
            shared.set(cookies)
        return cookies is not None
    try:
        cookies = shared.get(timeout=timeout)
    except gevent.Timeout:
        return False
    if cookies is None:
        return False  # the first one's failure is the one counted
    for cookie in cookies:
        user.client.cookiejar.set_cookie(copy.copy(cookie))
    return True


def send_quiz(user, url: str, headers: dict | None = None, name: str = "quiz"):
    """Open a quiz and send an answer to each question (the first option)."""
    with user.client.get(
        url,
        name=f"{name} page",
        headers=headers or {},
        allow_redirects=False,
        catch_response=True,
    ) as page:
        html = page.text or ""
        attempt = re.search(r'name="attempt" value="([^"]+)"', html)
        token = CSRF.search(html)
        if page.status_code != 200 or not attempt or not token:
            page.failure(f"quiz page answered {page.status_code} without a form")
            return None
    data = {"csrfmiddlewaretoken": token[1], "attempt": attempt[1]}
    for question in dict.fromkeys(re.findall(r'name="(q\d+)"', html)):
        data[question] = re.search(rf'name="{question}" value="([^"]+)"', html)[1]
    with user.client.post(
        url,
        data=data,
        headers=headers or {},
        name=f"{name} submission",
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        if answer.status_code != 302:
            answer.failure(f"quiz answered {answer.status_code}")
        return answer
