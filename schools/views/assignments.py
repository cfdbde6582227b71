"""Assigning lessons to a class, or to some of its students."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schools.access import access_class
from schools.forms import AssignmentForm
from schools.services import ServiceError
from schools.services.assignments import assignments_create


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = access_class(public_id, request.user)
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, school_class=school_class
    )
    context = {"form": form, "school_class": school_class}
    if request.method in ("GET", "HEAD"):
        return render(request, "schools/assign.html", context)
    if form.is_valid():
        try:
            created, updated = assignments_create(
                actor=request.user,
                school_class=school_class,
                lessons=form.lessons(),
                due_date=form.cleaned_data["due_date"],
                reveal=form.cleaned_data["reveal"],
                students=list(form.cleaned_data["students"]),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Assigned: %(created)s new, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect(school_class)
    return render(request, "schools/assign.html", context, status=400)
