"""Deep linking: inside the LMS, a teacher picks lessons (or a whole track); the
answer goes back to the LMS signed, posted by a static script or the Continue
button, and the lessons become the class's work."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lessons.models import Lesson, Track
from lti import handoff
from lti.arrival import SLUG, Pick
from lti.deep_linking import pick_answer
from lti.models import Registration
from lti.platform_http import https_parts
from lti.views.framing import framable, lti_on

NO_PICK = gettext_lazy("Choose a lesson (or a whole track) to add to the course.")
ONE_ONLY = gettext_lazy("This LMS takes one lesson at a time: choose one.")


def _tracks() -> list[Track]:
    lessons = Lesson.objects.filter(is_published=True).order_by("position")
    return list(
        Track.objects.order_by("position").prefetch_related(
            Prefetch("lessons", queryset=lessons, to_attr="published")
        )
    )


def picker(
    request: HttpRequest,
    pick: Pick,
    origins: list[str],
    *,
    token: str | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    if token is None:
        token = handoff.keep("pick", (pick, origins), handoff.PICK_SECONDS)
    context = {"tracks": _tracks(), "pick": pick, "token": token, "error": error}
    return framable(render(request, "lti/pick.html", context, status=status), origins)


def _chosen(request: HttpRequest) -> list[Lesson]:
    slugs = [s for s in request.POST.getlist("lesson") if SLUG.match(s)][:100]
    tracks = [s for s in request.POST.getlist("track") if SLUG.match(s)][:10]
    published = Lesson.objects.filter(is_published=True).select_related("track")
    chosen = list(
        published.filter(slug__in=slugs) | published.filter(track__slug__in=tracks)
    )
    chosen.sort(key=lambda lesson: (lesson.track.position, lesson.position))
    return chosen


@csrf_exempt
@never_cache
@require_POST
def pick_submit(request: HttpRequest, token: str) -> HttpResponse:
    """The teacher's choice. Its token (kept with the request, used once) stands in
    for the CSRF token, which a page in the LMS's frame cannot have."""
    lti_on()
    kept = handoff.peek("pick", token, tuple)
    if kept is None:
        return _gone(request)
    pick, origins = kept
    with translation.override(pick.language):
        return _pick_answered(request, token, pick, origins)


def _pick_answered(
    request: HttpRequest, token: str, pick: Pick, origins: list[str]
) -> HttpResponse:
    lessons = _chosen(request)
    error = ""
    if not lessons:
        error = NO_PICK
    elif len(lessons) > 1 and not pick.accept_multiple:
        error = ONE_ONLY
    if error:
        return picker(request, pick, origins, token=token, error=error, status=400)
    if handoff.take("pick", token, tuple) is None:  # sent twice at once
        return framable(
            render(request, "message.html", {"title": _("Already sent")}, status=409),
            origins,
        )
    registration = Registration.objects.filter(pk=pick.registration_pk).first()
    if registration is None:  # removed while the teacher was choosing
        return _gone(request)
    launch_url = request.build_absolute_uri(reverse("lti:launch"))
    answer = pick_answer(
        pick=pick, registration=registration, lessons=lessons, launch_url=launch_url
    )
    response = render(
        request,
        "lti/return.html",
        {"return_url": pick.return_url, "jwt": answer, "lessons": lessons},
    )
    framable(response, origins)
    response._csp_replace["form-action"] = ["'self'", _origin(pick.return_url)]
    return response


def _gone(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "message.html",
        {
            "title": _("This choice has expired or was already sent"),
            "message": _("Add the activity again from the course in the LMS."),
        },
        status=410,
    )


def _origin(url: str) -> str:
    parts = https_parts(url)  # checked when the request was kept (lti.arrival)
    return f"{parts.scheme}://{parts.netloc}"
