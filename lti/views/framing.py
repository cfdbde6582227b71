"""What every LTI page shares: LTI switched on, framing by the LMS's origins only,
and a refusal's page."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lti.refusals import Refused


def lti_on() -> None:
    if not settings.LTI_ENABLED:
        raise Http404("LTI is not enabled")


def framable(response: HttpResponse, origins: list[str]) -> HttpResponse:
    """Let the LMS's pages (and only them) show this response in a frame."""
    if origins:
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": origins}
    return response


def refused(
    request: HttpRequest, refusal: Refused, origins: list[str] | None = None
) -> HttpResponse:
    response = render(
        request,
        "message.html",
        {"title": refusal.title, "message": refusal.message},
        status=refusal.status,
    )
    return framable(response, origins or [])
