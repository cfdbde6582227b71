"""Refusals shared by several pages."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def adult_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages for staff and parents tell a signed-in student so (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_student:
            return render(
                request,
                "message.html",
                {
                    "title": _("For adults"),
                    "message": _("This page is for school staff and parents."),
                },
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper
