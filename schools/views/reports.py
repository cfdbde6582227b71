"""Reports: a class's grid, and the school's dashboard; each as a page or CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.csv_export import csv_response
from schools import charts, exports
from schools.access import access_class, access_school
from schools.selectors import dashboard as dashboard_selectors
from schools.selectors import reports as report_selectors


@login_required
@require_safe
def class_report(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = access_class(public_id, request.user)
    status = request.GET.get("status", "")
    if status and status not in report_selectors.STATUSES:
        status = ""
        messages.error(request, _("Unknown filter: showing every student."))
    sort = request.GET.get("sort") or "name"
    if sort not in report_selectors.SORTS:
        sort = "name"
        messages.error(request, _("Unknown order: sorted by name."))
    report = report_selectors.class_report(
        school_class=school_class, status=status, sort=sort
    )
    if request.GET.get("format") == "csv":
        filename = f"class-{school_class.public_id}-{timezone.localdate()}.csv"
        return csv_response(filename, *exports.class_report_table(report))
    context = {
        "school_class": school_class,
        "report": report,
        "status": status,
        "statuses": report_selectors.STATUS_LABELS,
        "sort": sort,
        "sorts": report_selectors.SORTS,
        "generated": timezone.now(),
    }
    return render(request, "schools/class_report.html", context)


@login_required
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    figures = dashboard_selectors.dashboard(school=school)
    tables = exports.dashboard_tables(figures)
    if table := request.GET.get("table"):
        if table not in tables:
            raise Http404("No such table")
        filename = f"{school.slug}-{table}-{timezone.localdate()}.csv"
        return csv_response(filename, *tables[table])
    context = {
        "school": school,
        "tables": tables,
        "charts": charts.dashboard_charts(figures),
        "overdue": figures.overdue,
        "generated": timezone.now(),
    }
    return render(request, "schools/dashboard.html", context)
