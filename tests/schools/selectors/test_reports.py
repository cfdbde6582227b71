"""The class report's cells: each assigned cell's status, label and lateness."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schools.models import Assignment
from schools.selectors.reports import NOT_ASSIGNED, STATUSES, class_report
from tests import factories
from tests.schools.report_helpers import progress

pytestmark = pytest.mark.django_db


def test_the_statuses_are_the_progress_statuses_and_overdue():
    assert STATUSES == ["not_started", "in_progress", "completed", "overdue"]


def test_each_cell_carries_its_shown_status_and_label(school_class, teacher, lesson):
    ann, ben = (
        factories.EnrolmentFactory(
            school_class=school_class, student__display_name=n
        ).student
        for n in ("Ann", "Ben")
    )
    factories.assign_lessons(school_class, [lesson], actor=teacher, students=[ann])
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    progress(ann, lesson, "in_progress", 40)
    report = class_report(school_class=school_class)
    cells = {row.student.display_name: row.cells[0] for row in report.rows}
    assert (cells["Ann"].shown_status, cells["Ann"].label) == ("overdue", "Overdue")
    assert (cells["Ben"].assigned, cells["Ben"].label) == (False, "Not assigned")
    assert (cells["Ann"].key, cells["Ben"].key) == ("overdue", NOT_ASSIGNED)
    assert report.completion == [0]


def _class_of(school_class, teacher, lessons, done: dict[str, int]):
    """Students named in `done`, each with that many of `lessons` completed."""
    for name, count in done.items():
        student = factories.EnrolmentFactory(
            school_class=school_class, student__display_name=name
        ).student
        for lesson in lessons[:count]:
            progress(student, lesson, "completed", 100)
    factories.assign_lessons(school_class, lessons, actor=teacher)


def test_rows_sort_by_name_or_by_lessons_completed_then_name(
    school_class, teacher, lesson
):
    _class_of(school_class, teacher, [lesson], {"Cy": 1, "Ann": 0, "Bo": 1, "Di": 0})
    by_name = class_report(school_class=school_class)
    by_progress = class_report(school_class=school_class, sort="progress")
    assert [r.student.display_name for r in by_name.rows] == ["Ann", "Bo", "Cy", "Di"]
    assert by_name.sort == "name"
    assert [r.student.display_name for r in by_progress.rows] == [
        "Bo",
        "Cy",
        "Ann",
        "Di",
    ]
    assert by_progress.sort == "progress"


def test_each_lesson_totals_completed_of_assigned_over_the_whole_class(
    school_class, teacher, lesson
):
    _class_of(school_class, teacher, [lesson], {"Ann": 1, "Bo": 0, "Cy": 1})
    report = class_report(school_class=school_class, status="not_started")
    assert [r.student.display_name for r in report.rows] == ["Bo"]  # filtered...
    total = report.totals[0]  # ...but the totals count the whole class
    assert (total.completed, total.assigned, total.percent) == (2, 3, 67)
    assert (report.completed_total, report.assigned_total) == (2, 3)
    assert report.completion == [67]
