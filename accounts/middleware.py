import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions import middleware as sessions_middleware
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from accounts.refusals import for_adults_only

TOUCHED_KEY = "_touched_minute"

# What Django's session keys are made of (SessionBase: 32 of VALID_KEY_CHARS), up
# to the django_session column's max_length of 40.
SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class SessionMiddleware(sessions_middleware.SessionMiddleware):
    """Django's, except that a session cookie Django could not have made is taken as
    no cookie (and so cleared): a NUL byte in it would fail the session query on
    PostgreSQL, a 500 for anyone, signed in or not."""

    def process_request(self, request: HttpRequest) -> None:
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not SESSION_KEY.fullmatch(key):
            key = None
        request.session = self.SessionStore(key)


class SessionPolicyMiddleware:
    """For signed-in people: end the session after a while without activity (30
    minutes for students, 12 hours for adults; each request restarts the clock), and
    never let a browser or a proxy keep a copy of a page: classroom computers are
    shared."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:  # also just after signing in
            idle = (
                settings.STUDENT_SESSION_IDLE
                if user.is_student
                else settings.ADULT_SESSION_IDLE
            )
            # Renew the session's life at most once a minute, not on every request,
            # so that reading a lesson does not write the session each time.
            minute = int(time.time() // 60)
            if (
                request.session.get(TOUCHED_KEY) != minute
                or request.session.get_expiry_age() != idle
            ):
                request.session[TOUCHED_KEY] = minute
                request.session.set_expiry(idle)
            response["Cache-Control"] = "no-store, private, max-age=0"
        patch_vary_headers(response, ["Cookie"])
        return response


# What someone who owes a second factor may still open: the pages that turn it on,
# and signing out (static files are served before this runs).
TWO_FACTOR_SETUP_URLS = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
}
# django-allauth's pages that only adults use: a student has no email address, no
# second factor and no Google or Microsoft sign-in (their teacher resets a password).
ADULTS_ONLY_URLS = {
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "socialaccount_connections",
    "socialaccount_signup",
    "google_login",
    "microsoft_login",
    "mfa_deactivate_totp",
} | {name for name in TWO_FACTOR_SETUP_URLS if name.startswith("mfa_")}
ACCOUNT_URLS_PREFIX = "/accounts/"
ACCOUNT_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
DEMO_DOMAIN = "@demo.example"


def two_factor_exempt(user) -> bool:
    """The demo accounts `seed_demo` makes, while MFA_DEMO_EXEMPT is on, and only with
    DEBUG on (check --deploy fails if the setting is on: accounts/checks.py)."""
    return (
        settings.DEBUG
        and settings.MFA_DEMO_EXEMPT
        and user.email.lower().endswith(DEMO_DOMAIN)
    )


class AccountPolicyMiddleware:
    """Two rules about signed-in people that allauth's views do not know:

    - platform admins and school admins must turn on two-factor sign-in before they
      can use the site: every other page sends them to set up an authenticator app
      (whether they owe it was read with the user: accounts.backends.users_checked);
    - students cannot open allauth's pages for adults (email, second factor, Google or
      Microsoft): 403, as every page for adults answers them.

    And allauth's pages take GET, HEAD and POST only, like ours (its form views would
    take a PUT as a post)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ACCOUNT_METHODS and request.path_info.startswith(
            ACCOUNT_URLS_PREFIX
        ):
            return HttpResponseNotAllowed(sorted(ACCOUNT_METHODS - {"OPTIONS"}))
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.is_student:
            if _url_name(request, ACCOUNT_URLS_PREFIX) in ADULTS_ONLY_URLS:
                return for_adults_only(request)
        elif (
            getattr(user, "needs_two_factor", False)
            and not two_factor_exempt(user)
            and _url_name(request) not in TWO_FACTOR_SETUP_URLS
        ):
            messages.info(
                request,
                _(
                    "Your role lets you see children's names and work, so your "
                    "account needs two-factor sign-in. Set up an authenticator app "
                    "to go on."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _url_name(request: HttpRequest, prefix: str = "/") -> str | None:
    if not request.path_info.startswith(prefix):
        return None
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class InvalidFormIs400Middleware:
    """A form posted with errors answers 400, not 200, for the views we take from
    django-allauth as for our own: their pages are TemplateResponses whose context
    holds the form, so the rule is applied here once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        form = (getattr(response, "context_data", None) or {}).get("form")
        if (
            request.method in ("POST", "PUT")  # Django's form views take a PUT too
            and response.status_code == 200
            and form is not None
            and form.is_bound
            and form.errors
        ):
            response.status_code = 400
        return response
