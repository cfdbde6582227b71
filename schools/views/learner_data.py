"""A school's learners' data, for its admins: one learner's export and erasure, every
certificate as a ZIP, and the audit log of what staff did."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from schools import exports
from schools.access import access_learner, access_school
from schools.selectors.audit import audit_page
from schools.selectors.learner_data import school_certificates
from schools.services.learner_data import learner_erase, learner_export


def _download(
    content: str | bytes, *, filename: str, content_type: str
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_safe
def learner_export_view(
    request: HttpRequest, slug: str, public_id: str
) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    learner = access_learner(school, public_id, request.user)
    data = learner_export(actor=request.user, school=school, learner=learner)
    return _download(
        exports.learner_json(data),
        filename=f"learner-{learner.username}.json",
        content_type="application/json",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def learner_erase_view(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    learner = access_learner(school, public_id, request.user)
    context = {"school": school, "learner": learner}
    if request.method in ("GET", "HEAD"):
        return render(request, "schools/erase.html", context)
    if request.POST.get("confirm") != learner.username:
        context["error"] = _("Type the username exactly to confirm.")
        return render(request, "schools/erase.html", context, status=400)
    learner_erase(actor=request.user, school=school, learner=learner)
    messages.success(
        request, _("The learner's account and all their records are erased.")
    )
    return redirect("schools:school", slug=school.slug)


@login_required
@require_safe
def certificates_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """Every certificate issued to the school's learners, as PDFs in one ZIP."""
    school = access_school(slug, request.user, admin=True)
    archive = exports.certificates_zip(
        school_certificates(school=school),
        verify_url=request.build_absolute_uri(reverse("lessons:verify")),
    )
    return _download(
        archive,
        filename=f"{school.slug}-certificates-{timezone.localdate()}.zip",
        content_type="application/zip",
    )


@login_required
@require_safe
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    page = audit_page(school=school, number=request.GET.get("page"))
    return render(request, "schools/audit.html", {"school": school, "page": page})
