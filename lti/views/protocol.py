"""The addresses an LMS calls: login initiation, launch, our public keys; and the
two a launch leads to: the "Open the lesson" hand-off and linking a teacher.

Login and launch are cross-site POSTs, so CSRF-exempt: the state (cookie and form
must agree, used once) and the nonce (used once) stand in for the CSRF token. Only
the pages an LMS shows in its frame may be framed, and only by that LMS's origins."""

from dataclasses import asdict
from http.cookies import Morsel

from django.contrib.auth import login as sign_in
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from lti import handoff, keys
from lti.arrival import Arrival, Handoff, deployment_for_launch, launch_accept
from lti.launch import (
    STATE_COOKIE,
    STATE_SECONDS,
    frame_origins_claimed,
    launch_registration,
    login_redirect,
    verify_launch,
)
from lti.refusals import Refused
from lti.views.deep_linking import picker
from lti.views.framing import framable, lti_on, refused

BACKEND = "accounts.backends.EmailOrUsernameBackend"
LINK_SESSION_KEY = "lti_link"


@require_safe
def jwks(request: HttpRequest) -> JsonResponse:
    """Our public keys: the current one and any still in its overlap."""
    lti_on()
    response = JsonResponse({"keys": keys.published_keys()})
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """OIDC login initiation: to the LMS's authorization URL, with a state and a
    nonce kept for five minutes."""
    lti_on()
    params = request.POST if request.method == "POST" else request.GET
    try:
        url, state = login_redirect(request, params)
    except Refused as refusal:
        return refused(request, refusal)
    response = redirect(url)
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=STATE_SECONDS,
        path="/lti/",
        secure=True,
        httponly=True,
        samesite="None",
    )
    _partitioned(response, STATE_COOKIE)
    return response


class _PartitionedMorsel(Morsel):
    """A cookie with the `Partitioned` attribute (CHIPS), which Python 3.11's
    http.cookies does not know."""

    _reserved = {**Morsel._reserved, "partitioned": "Partitioned"}
    _flags = {*Morsel._flags, "partitioned"}


def _partitioned(response: HttpResponse, name: str) -> None:
    """Mark the cookie Partitioned: a browser that blocks third-party cookies in a
    frame (incognito windows, Safari, Firefox) still keeps it for the LMS's pages,
    where the login and the launch both happen."""
    plain = response.cookies[name]
    morsel = _PartitionedMorsel()
    morsel.set(plain.key, plain.value, plain.coded_value)
    for attribute, value in plain.items():
        morsel[attribute] = value
    morsel["partitioned"] = True
    dict.__setitem__(response.cookies, name, morsel)


@csrf_exempt
@never_cache
@require_http_methods(["POST"])
def launch(request: HttpRequest) -> HttpResponse:
    lti_on()
    try:
        login_state, registration = launch_registration(request)
    except Refused as refusal:  # shown in the LMS's frame, if the token names one
        origins = frame_origins_claimed(request)
        return _forget_state(refused(request, refusal, origins))
    origins = registration.origins
    try:
        verified = verify_launch(request, login_state, registration)
    except Refused as refusal:
        return _forget_state(refused(request, refusal, origins))
    # In the language the LMS shows the course in (its launch's locale), when ours.
    with translation.override(verified.language):
        try:
            deployment = deployment_for_launch(verified)
            arrival = launch_accept(verified, deployment)
        except Refused as refusal:
            return _forget_state(refused(request, refusal, origins))
        return _forget_state(_arrive(request, arrival, verified, origins))


def _forget_state(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(STATE_COOKIE, path="/lti/", samesite="None")
    return response


def _arrive(request: HttpRequest, arrival: Arrival, verified, origins) -> HttpResponse:
    if arrival.pick is not None:
        return framable(picker(request, arrival.pick, origins), origins)
    token = handoff.keep("handoff", (arrival.handoff, origins), handoff.HANDOFF_SECONDS)
    presentation = verified.claim("launch_presentation", {})
    if presentation.get("document_target") == "window":
        return redirect("lti:go", token=token)
    response = render(request, "lti/open.html", {"token": token})
    return framable(response, origins)


@never_cache
@require_safe
def go(request: HttpRequest, token: str) -> HttpResponse:
    """The hand-off: used once, within a minute. A learner is signed in; a linked
    teacher signs in with our sign-in page (and second factor) unless already."""
    lti_on()
    kept = handoff.take("handoff", token, tuple)
    target = kept[0] if kept else None
    learner = None
    if isinstance(target, Handoff) and target.learner_pk is not None:
        learner = User.objects.filter(pk=target.learner_pk, is_active=True).first()
    if not isinstance(target, Handoff) or (target.learner_pk and learner is None):
        return render(
            request,
            "message.html",
            {
                "title": _("This link has expired or was already used"),
                "message": _(
                    "Each “Open the lesson” link works once, for a minute. Open the "
                    "lesson again from your course in the LMS."
                ),
            },
            status=410,
        )
    origins = kept[1]
    if learner is not None:
        sign_in(request, learner, backend=BACKEND)
        return framable(redirect(target.destination), origins)
    if target.link is not None:
        request.session[LINK_SESSION_KEY] = asdict(target.link)
        return framable(redirect("lti:link"), origins)
    if request.user.is_authenticated and request.user.pk != target.staff_pk:
        logout(request)
    if not request.user.is_authenticated:
        return framable(redirect_to_login(target.destination), origins)
    return framable(redirect(target.destination), origins)
