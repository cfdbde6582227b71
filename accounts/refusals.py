"""Pages that refuse someone, shared by accounts' middleware and the apps above."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def for_adults_only(request: HttpRequest) -> HttpResponse:
    """What a signed-in student gets from a page for staff and parents (403)."""
    return render(
        request,
        "message.html",
        {
            "title": _("For adults"),
            "message": _("This page is for school staff and parents."),
        },
        status=403,
    )
