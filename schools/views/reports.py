"""Reports: the class grid, the school dashboard, the platform overview; learners'
data; the audit log."""

import io
import json
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from elearning.csv_export import csv_response
from lessons.certificates import certificate_pdf
from lessons.models import Certificate
from schools import permissions, selectors
from schools.models import School
from schools.services import learner_erase, learner_export, school_set_active
from schools.views.people import _administered_school, _visible_class

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "completed": gettext_lazy("Completed"),
    "overdue": gettext_lazy("Overdue"),
}


# The class report


def _class_table(report: selectors.ClassReport) -> tuple[list[str], list[list]]:
    """The grid as header and rows: exactly what the page shows, for the CSV."""
    header = [_("Student")]
    for assignment in report.assignments:
        header += [
            _("%(lesson)s: status") % {"lesson": assignment.lesson.title},
            _("%(lesson)s: best score (%%)") % {"lesson": assignment.lesson.title},
        ]
    header += [_("Completed"), _("Assigned")]
    rows = []
    for row in report.rows:
        line: list = [row.student.display_name]
        for cell in row.cells:
            if cell.assigned:
                line += [str(STATUS_LABELS[cell.shown_status]), cell.best_score]
            else:
                line += [_("Not assigned"), None]
        line += [row.completed, row.assigned]
        rows.append(line)
    return header, rows


@login_required
@require_safe
def class_report(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = _visible_class(request, public_id)
    status = request.GET.get("status", "")
    if status and status not in selectors.STATUSES:
        status = ""
        messages.error(request, _("Unknown filter: showing every student."))
    report = selectors.class_report(school_class=school_class, status=status)
    if request.GET.get("format") == "csv":
        header, rows = _class_table(report)
        completion = [_("Completion (%)")]
        for percent in report.completion:
            completion += [None, percent]
        return csv_response(
            f"class-{school_class.public_id}-{timezone.localdate()}.csv",
            header,
            [*rows, completion + [None, None]],
        )
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}
    for row in report.rows:  # each cell's label, looked up once here, not per cell
        for cell in row.cells:
            cell.label = labels[cell.shown_status]
    return render(
        request,
        "schools/class_report.html",
        {
            "school_class": school_class,
            "report": report,
            "status": status,
            "statuses": STATUS_LABELS,
            "generated": timezone.now(),
        },
    )


# The school dashboard

DASHBOARD_TABLES = ["classes", "lessons", "tracks", "staff", "parents", "gain"]


def _dashboard_tables(school: School) -> dict[str, tuple[list[str], list[list]]]:
    by_class = selectors.completion_by_class(school)
    by_lesson = selectors.completion_by_lesson(school)
    by_track = selectors.completion_by_track(school)
    staff = selectors.staff_training(school)
    parents = selectors.parent_engagement(school)
    gain = selectors.knowledge_gain(school)
    figure_header = [_("Assigned"), _("Completed"), _("Completion (%)")]
    return {
        "classes": (
            [_("Class"), *figure_header, _("Overdue")],
            [
                [f.label, f.assigned, f.completed, f.percent, f.extra["overdue"]]
                for f in by_class
            ],
        ),
        "lessons": (
            [_("Lesson"), *figure_header],
            [[f.label, f.assigned, f.completed, f.percent] for f in by_lesson],
        ),
        "tracks": (
            [_("Track"), *figure_header],
            [[f.label, f.assigned, f.completed, f.percent] for f in by_track],
        ),
        "staff": (
            [
                _("Member of staff"),
                _("Role"),
                _("Staff lessons"),
                _("Completed"),
                _("Completion (%)"),
            ],
            [
                [f.label, f.extra["role"], f.assigned, f.completed, f.percent]
                for f in staff
            ],
        ),
        "parents": (
            [
                _("Parents in the group"),
                _("Parents who completed a lesson"),
                _("Lessons completed"),
                _("Certificates"),
            ],
            [
                [
                    parents.parents,
                    parents.active,
                    parents.lessons_completed,
                    parents.certificates,
                ]
            ],
        ),
        "gain": (
            [
                _("Track"),
                _("Learners who took both checks"),
                _("Average before (%)"),
                _("Average after (%)"),
                _("Gain (points)"),
            ],
            [[g.track, g.learners, g.before, g.after, g.gain] for g in gain],
        ),
    }


def _bar_chart(chart_id: str, title: str, values: list[tuple[str, int]]) -> dict:
    """Coordinates for a horizontal bar chart (SVG, no script, no library)."""
    bars = []
    for index, (label, percent) in enumerate(values):
        top = index * 40
        width = round(500 * percent / 100)
        bars.append(
            {
                "label": label,
                "percent": percent,
                "label_y": top + 14,
                "bar_y": top + 20,
                "width": width,
                "value_x": width + 6 if percent < 88 else 506,
                "value_y": top + 32,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "height": max(40, len(bars) * 40),
    }


@login_required
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    school = _administered_school(request, slug)
    tables = _dashboard_tables(school)
    table = request.GET.get("table")
    if table:
        if table not in tables:
            raise Http404("No such table")
        header, rows = tables[table]
        return csv_response(
            f"{school.slug}-{table}-{timezone.localdate()}.csv", header, rows
        )
    charts = {
        name: _bar_chart(
            f"chart-{name}", title, [(row[0], row[3]) for row in tables[name][1]]
        )
        for name, title in (
            ("classes", _("Completion by class (%)")),
            ("lessons", _("Completion by lesson (%)")),
            ("tracks", _("Completion by track (%)")),
        )
    }
    overdue = sum(row[4] for row in tables["classes"][1])
    return render(
        request,
        "schools/dashboard.html",
        {
            "school": school,
            "tables": tables,
            "charts": charts,
            "overdue": overdue,
            "generated": timezone.now(),
        },
    )


@login_required
@require_safe
def certificates_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """Every certificate issued to the school's learners, as PDFs in one ZIP."""
    school = _administered_school(request, slug)
    certificates = Certificate.objects.filter(
        learner__in=permissions.learners_of_school(school)
    ).select_related("track", "learner")
    verify_url = request.build_absolute_uri(reverse("lessons:verify"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            learner = certificate.learner.username
            name = f"{certificate.track.slug}-{learner}-{certificate.code}.pdf"
            archive.writestr(name, certificate_pdf(certificate, verify_url=verify_url))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{school.slug}-certificates-{timezone.localdate()}.zip"'
    )
    return response


@login_required
@require_safe
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    school = _administered_school(request, slug)
    page = Paginator(selectors.audit_entries(school), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "schools/audit.html", {"school": school, "page": page})


# A learner's data


def _managed_learner(request: HttpRequest, school: School, public_id: str):
    return get_object_or_404(
        permissions.students_of_school(school), public_id=public_id
    )


@login_required
@never_cache
@require_safe
def learner_export_view(
    request: HttpRequest, slug: str, public_id: str
) -> HttpResponse:
    school = _administered_school(request, slug)
    learner = _managed_learner(request, school, public_id)
    data = learner_export(actor=request.user, school=school, learner=learner)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="learner-{learner.username}.json"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def learner_erase_view(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    school = _administered_school(request, slug)
    learner = _managed_learner(request, school, public_id)
    if request.method == "POST":
        if request.POST.get("confirm") != learner.username:
            return render(
                request,
                "schools/erase.html",
                {
                    "school": school,
                    "learner": learner,
                    "error": _("Type the username exactly to confirm."),
                },
                status=400,
            )
        learner_erase(actor=request.user, school=school, learner=learner)
        messages.success(
            request, _("The learner's account and all their records are erased.")
        )
        return redirect("schools:school", slug=school.slug)
    return render(request, "schools/erase.html", {"school": school, "learner": learner})


# The platform


def _platform_admin_or_404(request: HttpRequest) -> None:
    if not permissions.is_platform_admin(request.user):
        raise Http404("Not found")


PLATFORM_COLUMNS = [
    ("name", gettext_lazy("School")),
    ("learners", gettext_lazy("Learners")),
    ("active", gettext_lazy("Active in the last 30 days")),
    ("completion", gettext_lazy("Completion (%)")),
    ("last_activity", gettext_lazy("Last activity")),
]


@login_required
@require_safe
def platform_overview(request: HttpRequest) -> HttpResponse:
    _platform_admin_or_404(request)
    order = request.GET.get("order", "name")
    descending = order.startswith("-")
    order = order.lstrip("-")
    if order not in selectors.PLATFORM_ORDER:
        order, descending = "name", False
    schools = selectors.platform_overview(order=order, descending=descending)
    totals = selectors.platform_totals()
    if request.GET.get("format") == "csv":
        rows = [
            [
                s.name,
                s.learners,
                s.active,
                s.completion,
                s.last_activity.isoformat() if s.last_activity else None,
                _("active") if s.is_active else _("deactivated"),
            ]
            for s in schools
        ]
        rows.append(
            [
                _("All schools"),
                totals["learners"],
                totals["active"],
                totals["completion"],
                totals["last_activity"].isoformat()
                if totals["last_activity"]
                else None,
                None,
            ]
        )
        return csv_response(
            f"platform-{timezone.localdate()}.csv",
            [label for _key, label in PLATFORM_COLUMNS] + [_("Status")],
            rows,
        )
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/platform.html",
        {
            "page": page,
            "totals": totals,
            "columns": PLATFORM_COLUMNS,
            "order": order,
            "descending": descending,
            "page_query": f"order={'-' if descending else ''}{order}&",
            "generated": timezone.now(),
        },
    )


@login_required
@require_POST
def school_active(request: HttpRequest, slug: str) -> HttpResponse:
    _platform_admin_or_404(request)
    school = get_object_or_404(School, slug=slug)
    is_active = request.POST.get("active") == "1"
    school_set_active(school=school, is_active=is_active)
    messages.success(
        request,
        (
            _("%(school)s is active again.")
            if is_active
            else _(
                "%(school)s is deactivated: its staff and students cannot sign in. "
                "Nothing was deleted."
            )
        )
        % {"school": school.name},
    )
    return redirect("schools:platform")
