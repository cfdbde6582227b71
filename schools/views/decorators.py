"""Refusals shared by several pages."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.refusals import for_adults_only
from accounts.selectors import email_verified


def adult_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages for staff and parents tell a signed-in student so (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_student:
            return for_adults_only(request)
        return view(request, *args, **kwargs)

    return wrapper


def email_unconfirmed(request: HttpRequest) -> HttpResponse:
    """The answer to an adult who has not yet confirmed their email address (403)."""
    return render(
        request,
        "message.html",
        {
            "title": _("Confirm your email address first"),
            "message": _(
                "Follow the link we emailed to %(email)s, then come back to this "
                "page. No email? Check your spam folder, or ask for a new link."
            )
            % {"email": request.user.email},
            "back": (reverse("account_email"), _("Send a new link")),
        },
        status=403,
    )


def verified_email_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Joining a parent group and registering a school need a confirmed email
    address (so does accepting a staff invitation: schools/views/staff.py)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not email_verified(request.user):
            return email_unconfirmed(request)
        return view(request, *args, **kwargs)

    return wrapper
