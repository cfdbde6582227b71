"""The LMS connections page: a school's admins register an LMS, see what to paste
into it, and approve or revoke the deployments it launched from."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from lti import selectors, services
from lti.forms import RegistrationForm
from lti.models import Registration
from lti.tool import canvas_configuration, tool_urls
from schools.access import NOT_FOUND, access_school
from schools.models import School
from schools.services import ServiceError


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def connections(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                school=school, actor=request.user, fields=form.cleaned_data
            )
        except ServiceError as error:  # registered a moment ago (a double click)
            form.add_error(None, str(error))
            return _connections_page(request, school, form)
        messages.success(
            request,
            _("%(name)s is registered. Now paste these addresses into it.")
            % {"name": registration.name},
        )
        return redirect(
            "lms:registration", slug=school.slug, public_id=registration.public_id
        )
    return _connections_page(request, school, form)


def _connections_page(
    request: HttpRequest, school: School, form: RegistrationForm
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "connections": selectors.connections(school=school),
        "not_delivered": selectors.scores_not_delivered(school=school),
        "lti_enabled": settings.LTI_ENABLED,
    }
    status = 400 if form.is_bound else 200
    return render(request, "lti/connections.html", context, status=status)


@login_required
@require_safe
def registration(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    found = selectors.school_registrations(school=school).filter(public_id=public_id)
    registration: Registration | None = found.first()
    if registration is None:
        raise Http404(NOT_FOUND)
    urls = tool_urls(request)
    canvas = json.dumps(canvas_configuration(urls), indent=2)
    deployments = selectors.deployments_visible(school=school).filter(
        issuer=registration.issuer, client_id=registration.client_id
    )
    context = {
        "school": school,
        "registration": registration,
        "urls": urls,
        "canvas": canvas,
        "deployments": deployments.order_by("created_at"),
    }
    return render(request, "lti/registration.html", context)


@login_required
@require_POST
def deployment_decide(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    decision = request.POST.get("decision")
    deployment = selectors.deployments_visible(school=school).filter(
        public_id=public_id
    )
    if not deployment.exists():
        raise Http404(NOT_FOUND)
    if decision not in ("approve", "revoke"):
        return render(
            request,
            "message.html",
            {
                "title": _("Nothing was changed"),
                "message": _("Choose to approve or to revoke the deployment."),
                "back": (reverse("lms:connections", args=[school.slug]), _("Back")),
            },
            status=400,
        )
    try:
        decided = services.deployment_decide(
            school=school,
            actor=request.user,
            deployment_public_id=public_id,
            approve=decision == "approve",
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("lms:connections", slug=school.slug)
    if decision == "approve":
        text = _("Deployment %(id)s is approved: its launches now open our lessons.")
    else:
        text = _("Deployment %(id)s is revoked: its launches are refused from now on.")
    messages.success(request, text % {"id": decided.deployment_id})
    return redirect("lms:connections", slug=school.slug)
