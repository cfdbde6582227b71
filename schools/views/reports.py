"""Reports: a class's grid, and the school's dashboard; each as a page or CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.csv_export import csv_response, csv_text, csv_text_response
from core.fragment_cache import fragment
from schools import charts, exports
from schools.access import access_class, access_school
from schools.selectors import dashboard as dashboard_selectors
from schools.selectors import reports as report_selectors
from schools.selectors.stamps import kept_key


@login_required
@require_safe
def class_report(request: HttpRequest, public_id: str) -> HttpResponse:
    """The grid, or its CSV. Both are kept in the cache under the class's stamp
    (one small query), so a teacher refreshing an unchanged report costs the same
    whatever the class's size, and any write to its rows (a learner's progress, an
    enrolment, an assignment) gives a new key."""
    school_class = access_class(public_id, request.user)
    status = request.GET.get("status", "")
    if status and status not in report_selectors.STATUSES:
        status = ""
        messages.error(request, _("Unknown filter: showing every student."))
    sort = request.GET.get("sort") or "name"
    if sort not in report_selectors.SORTS:
        sort = "name"
        messages.error(request, _("Unknown order: sorted by name."))
    csv = request.GET.get("format") == "csv"
    parts = kept_key(
        school_class.pk,
        *report_selectors.class_report_stamp(school_class=school_class),
        school_class.updated_at,
        school_class.school.updated_at,
        status,
        sort,
        csv,
    )
    context = {
        "school_class": school_class,
        "status": status,
        "statuses": report_selectors.STATUS_LABELS,
        "sort": sort,
        "sorts": report_selectors.SORTS,
    }

    def body() -> str:
        report = report_selectors.class_report(
            school_class=school_class, status=status, sort=sort
        )
        if csv:
            return csv_text(*exports.class_report_table(report))
        return render_to_string(
            "schools/class_report.html#report-body",
            {**context, "report": report, "grid_rows": _grid_rows(report)},
            request,
        )

    kept = fragment("class-report", parts, body)
    if csv:
        filename = f"class-{school_class.public_id}-{timezone.localdate()}.csv"
        return csv_text_response(filename, kept)
    context |= {"body": mark_safe(kept), "generated": timezone.now()}  # noqa: S308
    return render(request, "schools/class_report.html", context)


def _grid_rows(report: report_selectors.ClassReport) -> SafeString:
    """The grid's rows, from the Jinja2 template (its escaping on): the part of the
    page that grows with the class, at a fraction of the Django engine's cost."""
    rows = render_to_string(
        "schools/report_rows.html",
        {
            "rows": report.rows,
            "best": _("best quiz score"),
            "columns": len(report.assignments) + 2,
        },
        using="jinja2",
    )
    return mark_safe(rows)  # noqa: S308 - Jinja2 escaped every value


@login_required
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The school's figures, or one table as CSV. The page's figures are kept in
    the cache under the school's stamp, as the class report's are."""
    school = access_school(slug, request.user, admin=True)
    if table := request.GET.get("table"):
        tables = exports.dashboard_tables(dashboard_selectors.dashboard(school=school))
        if table not in tables:
            raise Http404("No such table")
        filename = f"{school.slug}-{table}-{timezone.localdate()}.csv"
        return csv_response(filename, *tables[table])
    parts = kept_key(
        school.pk,
        *dashboard_selectors.dashboard_stamp(school=school),
        school.updated_at,
    )

    def body() -> str:
        figures = dashboard_selectors.dashboard(school=school)
        context = {
            "school": school,
            "tables": exports.dashboard_tables(figures),
            "charts": charts.dashboard_charts(figures),
            "overdue": figures.overdue,
        }
        return render_to_string(
            "schools/dashboard.html#dashboard-body", context, request
        )

    context = {
        "school": school,
        "body": mark_safe(fragment("dashboard", parts, body)),  # noqa: S308
        "generated": timezone.now(),
    }
    return render(request, "schools/dashboard.html", context)
