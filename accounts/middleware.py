import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

TOUCHED_KEY = "_touched_minute"


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
