"""Downloads built from the reports: each table as its page shows it, for the CSVs,
and the school's certificates as one ZIP."""

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import NamedTuple

from django.utils.translation import gettext as _

from lessons.certificates import certificate_pdf
from lessons.models import Certificate
from schools.models import School
from schools.selectors.dashboard import Dashboard, Figure
from schools.selectors.learner_data import isoformat
from schools.selectors.platform import PLATFORM_COLUMNS
from schools.selectors.reports import ClassReport


class Table(NamedTuple):
    header: list[str]
    rows: list[list]


def class_report_table(report: ClassReport) -> Table:
    """The grid exactly as the page shows it (its filtered rows), then the
    completion of each lesson."""
    header = [_("Student")]
    for assignment in report.assignments:
        title = assignment.lesson.title
        header += [
            _("%(lesson)s: status") % {"lesson": title},
            _("%(lesson)s: best score (%%)") % {"lesson": title},
            _("%(lesson)s: taught in class") % {"lesson": title},
        ]
    header += [_("Completed"), _("Assigned")]
    rows = []
    for row in report.rows:
        line: list = [row.student.display_name]
        for cell, taught in zip(row.cells, report.taught, strict=True):
            line += (
                [cell.label, cell.best_score]
                if cell.assigned
                else [_("Not assigned"), None]
            )
            line.append(taught.isoformat() if taught else None)
        rows.append([*line, row.completed, row.assigned])
    completion: list = [_("Completion (%)")]
    for percent in report.completion:
        completion += [None, percent, None]
    return Table(header, [*rows, [*completion, None, None]])


def _figures(figures: Iterable[Figure]) -> list[list]:
    return [[f.label, f.assigned, f.completed, f.percent] for f in figures]


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    """Each table of the dashboard, by the name its CSV is asked for by."""
    figure_header = [_("Assigned"), _("Completed"), _("Completion (%)")]
    parents = dashboard.parents
    return {
        "classes": Table(
            [_("Class"), *figure_header, _("Overdue")],
            [
                [f.label, f.assigned, f.completed, f.percent, f.overdue]
                for f in dashboard.classes
            ],
        ),
        "lessons": Table(
            [_("Lesson"), *figure_header, _("Taught in class (classes)")],
            [
                [*row, f.taught]
                for row, f in zip(
                    _figures(dashboard.lessons), dashboard.lessons, strict=True
                )
            ],
        ),
        "tracks": Table([_("Track"), *figure_header], _figures(dashboard.tracks)),
        "staff": Table(
            [
                _("Member of staff"),
                _("Role"),
                _("Staff lessons"),
                _("Completed"),
                _("Completion (%)"),
            ],
            [
                [f.label, f.role, f.assigned, f.completed, f.percent]
                for f in dashboard.staff
            ],
        ),
        "parents": Table(
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
        "gain": Table(
            [
                _("Track"),
                _("Learners who took both checks"),
                _("Average before (%)"),
                _("Average after (%)"),
                _("Gain (points)"),
            ],
            [[g.track, g.learners, g.before, g.after, g.gain] for g in dashboard.gain],
        ),
    }


def platform_table(schools: Iterable[School], totals: dict) -> Table:
    """The overview's rows (as sorted), then the platform's totals."""

    rows = [
        [
            s.name,
            s.learners,
            s.active,
            s.completion,
            s.parent_count,
            s.parent_lessons,
            s.staff_count,
            s.staff_lessons,
            isoformat(s.last_activity),
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
            totals["parent_count"],
            totals["parent_lessons"],
            totals["staff_count"],
            totals["staff_lessons"],
            isoformat(totals["last_activity"]),
            None,
        ]
    )
    return Table([str(label) for _key, label in PLATFORM_COLUMNS] + [_("Status")], rows)


def learner_json(data: dict) -> str:
    """A learner's data (selectors.learner_data), readable as it is."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def certificate_filename(certificate: Certificate) -> str:
    """A certificate's file in the ZIP: the name on it and its code, which is unique,
    so two learners of one name never overwrite each other. Only letters, digits and
    hyphens, so it is safe on any system; and never an email address (an adult's
    username): a school is promised it will not see a parent's."""
    name = unicodedata.normalize("NFKC", certificate.name)
    stem = "" if "@" in name else re.sub(r"[\W_]+", "-", name).strip("-")[:60]
    return f"{stem.strip('-') or 'certificate'}-{certificate.code}.pdf"


def certificates_zip(certificates: Iterable[Certificate], *, verify_url: str) -> bytes:
    """Each certificate as a PDF named by certificate_filename, in one ZIP, in its
    learner's language (`learner_language`, selectors.school_certificates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(
                certificate_filename(certificate),
                certificate_pdf(
                    certificate,
                    verify_url=verify_url,
                    language=getattr(certificate, "learner_language", ""),
                ),
            )
    return buffer.getvalue()
