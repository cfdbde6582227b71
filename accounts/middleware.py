import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions import middleware as sessions_middleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

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
