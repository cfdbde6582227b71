"""The platform, for its admins: every school at a glance, and switching one off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.csv_export import csv_response
from schools import exports
from schools.access import access_platform, access_platform_school
from schools.selectors import platform as platform_selectors
from schools.services.schools import school_set_active


@login_required
@require_safe
def platform_overview(request: HttpRequest) -> HttpResponse:
    access_platform(request.user)
    order, descending = platform_selectors.platform_order(
        request.GET.get("order", "name")
    )
    schools = platform_selectors.platform_overview(order=order, descending=descending)
    totals = platform_selectors.platform_totals()
    if request.GET.get("format") == "csv":
        filename = f"platform-{timezone.localdate()}.csv"
        return csv_response(filename, *exports.platform_table(schools, totals))
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "totals": totals,
        "columns": platform_selectors.PLATFORM_COLUMNS,
        "order": order,
        "descending": descending,
        "page_query": f"order={'-' if descending else ''}{order}&",
        "generated": timezone.now(),
    }
    return render(request, "schools/platform.html", context)


@login_required
@require_POST
def school_active(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_platform_school(slug, request.user)
    is_active = request.POST.get("active") == "1"
    school_set_active(actor=request.user, school=school, is_active=is_active)
    message = (
        _("%(school)s is active again.")
        if is_active
        else _(
            "%(school)s is deactivated: its staff and students cannot sign in. "
            "Nothing was deleted."
        )
    )
    messages.success(request, message % {"school": school.name})
    return redirect("schools:platform")
