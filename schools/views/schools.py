"""Registering a school, and its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from schools.access import access_school
from schools.forms import SchoolForm
from schools.services.schools import school_register
from schools.views.decorators import adult_required, verified_email_required
from schools.views.pages import school_page


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@adult_required
@verified_email_required
def school_register_view(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST if request.method == "POST" else None)
    if request.method in ("GET", "HEAD"):
        return render(request, "schools/register.html", {"form": form})
    if not form.is_valid():
        return render(request, "schools/register.html", {"form": form}, status=400)
    school = school_register(
        user=request.user,
        name=form.cleaned_data["name"],
        country=form.cleaned_data["country"],
    )
    messages.success(request, _("Your school is registered. You are its admin."))
    return redirect("schools:school", slug=school.slug)


@login_required
@require_safe
def school_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return school_page(request, access_school(slug, request.user))
