"""The platform, for its admins: every school at a glance, and switching one off
(only after typing its name) and on again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.csv_export import csv_text, csv_text_response
from core.fragment_cache import fragment
from schools import exports
from schools.access import access_platform, access_platform_school
from schools.models import School
from schools.selectors import platform as platform_selectors
from schools.selectors.stamps import kept_key
from schools.services.schools import school_set_active

# Kept overviews are shared by every platform admin: each request puts its own
# CSRF token where this stands (the reactivate forms).
CSRF_STAND_IN = "csrf-token-of-the-request"


@login_required
@require_safe
def platform_overview(request: HttpRequest) -> HttpResponse:
    """Every school's figures and the platform's totals, kept rendered under the
    platform's stamp (schools.selectors.platform.platform_stamp) until a row they
    show changes."""
    access_platform(request.user)
    order, descending = platform_selectors.platform_order(
        request.GET.get("order", "name")
    )
    csv = request.GET.get("format") == "csv"
    page_number = "" if csv else request.GET.get("page", "")
    stamp = platform_selectors.platform_stamp()
    parts = kept_key(*stamp.values(), order, descending, csv, page_number)

    def body() -> str:
        schools = platform_selectors.platform_overview(
            order=order, descending=descending
        )
        totals = platform_selectors.platform_totals()
        if csv:
            return csv_text(*exports.platform_table(schools, totals))
        context = {
            "page": Paginator(schools, 50).get_page(page_number),
            "totals": totals,
            "columns": platform_selectors.PLATFORM_COLUMNS,
            "order": order,
            "descending": descending,
            "page_query": f"order={'-' if descending else ''}{order}&",
            "csrf_token": CSRF_STAND_IN,
        }
        return render_to_string("schools/platform.html#overview-body", context)

    kept = fragment("platform", parts, body)
    if csv:
        return csv_text_response(f"platform-{timezone.localdate()}.csv", kept)
    context = {
        "body": mark_safe(kept.replace(CSRF_STAND_IN, get_token(request))),  # noqa: S308
        "school_count": stamp["schools"],
        "order": order,
        "descending": descending,
        "generated": timezone.now(),
    }
    return render(request, "schools/platform.html", context)


# A POST that would deactivate a school without its name typed changes nothing.
CONFIRM_MISMATCH = gettext_lazy(
    "Nothing was changed: type the school's name exactly as shown to deactivate it."
)


def _confirmed(typed: str, name: str) -> bool:
    """The typed name is the school's, whatever its case and spacing: those are not
    signs of the wrong school, while any other difference is."""

    def normal(value: str) -> str:
        return " ".join(value.split()).casefold()

    return bool(typed.strip()) and normal(typed) == normal(name)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_active(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what deactivating (or reactivating) the school means, and its form.
    POST `active=0` deactivates only with `confirm=<the school's name>`; POST
    `active=1` reactivates at once (it locks nobody out, and undoes a mistake)."""
    school = access_platform_school(slug, request.user)
    if request.method in ("GET", "HEAD"):
        return _confirmation(request, school)
    is_active = request.POST.get("active") == "1"
    if not is_active and not _confirmed(request.POST.get("confirm", ""), school.name):
        return _confirmation(request, school, error=CONFIRM_MISMATCH, status=400)
    school_set_active(actor=request.user, school=school, is_active=is_active)
    message = (
        _("%(school)s is active again: its staff and students can sign in.")
        if is_active
        else _(
            "%(school)s is deactivated: its staff and students cannot sign in. "
            "Nothing was deleted; reactivate it to undo this."
        )
    )
    messages.success(request, message % {"school": school.name})
    return redirect("schools:platform")


def _confirmation(
    request: HttpRequest, school: School, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "school": platform_selectors.platform_school(school=school),
        "error": error,
        "typed": request.POST.get("confirm", ""),
    }
    return render(request, "schools/school_active.html", context, status=status)
