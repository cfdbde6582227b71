"""A teacher links their LMS account to their staff account, once, by signing in."""

from dataclasses import fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lti.arrival import PendingLink
from lti.services import identity_link
from lti.views.protocol import LINK_SESSION_KEY
from schools.services import ServiceError


def _pending(request: HttpRequest) -> PendingLink | None:
    kept = request.session.get(LINK_SESSION_KEY)
    names = {f.name for f in fields(PendingLink)}
    if not isinstance(kept, dict) or set(kept) != names:
        return None
    return PendingLink(**kept)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return render(
            request,
            "message.html",
            {
                "title": _("Nothing to link"),
                "message": _(
                    "Open a lesson from your course in the LMS: the first time, it "
                    "brings you here to link your LMS account to this one."
                ),
            },
            status=404,
        )
    if request.method == "POST":
        try:
            identity_link(user=request.user, pending=pending)
        except ServiceError as error:
            return render(
                request,
                "message.html",
                {"title": _("Your LMS account was not linked"), "message": str(error)},
                status=403,
            )
        del request.session[LINK_SESSION_KEY]
        messages.success(
            request,
            _(
                "Your %(lms)s account is linked to this one. Go back to the course "
                "and open the lesson again: from now on it opens here."
            )
            % {"lms": pending.lms_name},
        )
        return redirect("lessons:home")
    return render(request, "lti/link.html", {"pending": pending})
