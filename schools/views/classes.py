"""Classes: creating one, its page, its join code and its how-to-join sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from schools.access import access_class, access_school
from schools.forms import SchoolClassForm
from schools.services.classes import (
    class_create,
    class_join_code_regenerate,
    class_join_code_set_open,
)
from schools.views.pages import class_page, join_details, school_page


@login_required
@require_POST
def class_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_school(slug, request.user)
    form = SchoolClassForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the class a name."))
        return school_page(request, school, status=400)
    school_class = class_create(
        school=school,
        teacher=request.user,
        name=form.cleaned_data["name"],
        year_group=form.cleaned_data["year_group"],
    )
    return redirect(school_class)


@login_required
@require_safe
def class_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return class_page(request, access_class(public_id, request.user))


@login_required
@require_safe
def class_join_sheet(request: HttpRequest, public_id: str) -> HttpResponse:
    """A page to print or project for the class: the code, the address, the QR
    code and three steps."""
    school_class = access_class(public_id, request.user)
    return render(
        request,
        "schools/join_sheet.html",
        {
            "school_class": school_class,
            "school": school_class.school,
            **join_details(request, school_class),
        },
    )


@login_required
@require_POST
def class_code(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = access_class(public_id, request.user)
    action = request.POST.get("action")
    if action == "regenerate":
        class_join_code_regenerate(actor=request.user, school_class=school_class)
        messages.success(
            request,
            _("New join code: %(code)s. The old one no longer works.")
            % {"code": school_class.join_code},
        )
    elif action == "open":
        class_join_code_set_open(
            actor=request.user, school_class=school_class, is_open=True
        )
        messages.success(request, _("Join code opened."))
    elif action == "close":
        class_join_code_set_open(
            actor=request.user, school_class=school_class, is_open=False
        )
        messages.success(
            request,
            _("Join code closed: nobody can join with it until you open it again."),
        )
    else:
        messages.error(request, _("Choose an action."))
        return class_page(request, school_class, status=400)
    return redirect(school_class)
