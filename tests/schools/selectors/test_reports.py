"""The class report's cells: each assigned cell's status, label and lateness."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schools.models import Assignment
from schools.selectors.reports import STATUSES, class_report
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
    assert (cells["Ben"].assigned, cells["Ben"].label) == (False, "Not started")
    assert report.completion == [0]
