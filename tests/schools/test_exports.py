"""The tables behind the CSV downloads, built from the reports' rows."""

import io
import json
import zipfile
from datetime import UTC, date, datetime
from types import SimpleNamespace

from schools.exports import (
    Table,
    certificate_filename,
    certificates_zip,
    class_report_table,
    dashboard_tables,
    learner_json,
    platform_table,
)
from schools.selectors.dashboard import (
    ClassFigure,
    Dashboard,
    Figure,
    Gain,
    LessonFigure,
    ParentEngagement,
    StaffFigure,
)
from schools.selectors.reports import Cell, ClassReport, ReportRow


def test_the_class_table_has_three_columns_per_lesson_and_a_completion_row():
    lesson = SimpleNamespace(title="First")
    report = ClassReport(
        school_class=None,
        assignments=[SimpleNamespace(lesson=lesson)],
        rows=[
            ReportRow(
                SimpleNamespace(display_name="Ann"),
                [Cell(True, "completed", 90, label="Completed")],
            ),
            ReportRow(SimpleNamespace(display_name="Ben"), [Cell(False)]),
        ],
        completion=[100],
        taught=[date(2026, 11, 20)],
    )
    assert class_report_table(report) == Table(
        [
            "Student",
            "First: status",
            "First: best score (%)",
            "First: taught in class",
            "Completed",
            "Assigned",
        ],
        [
            ["Ann", "Completed", 90, "2026-11-20", 1, 1],
            ["Ben", "Not assigned", None, "2026-11-20", 0, 0],
            ["Completion (%)", None, 100, None, None, None],
        ],
    )


def test_each_dashboard_table_reads_its_typed_rows():
    tables = dashboard_tables(
        Dashboard(
            classes=[ClassFigure("9M", 4, 1, overdue=2)],
            lessons=[LessonFigure("First", 4, 2, taught=1)],
            tracks=[Figure("Students", 0, 0)],
            staff=[StaffFigure("Tom", 5, 5, role="Teacher")],
            parents=ParentEngagement(
                parents=3, active=2, lessons_completed=4, certificates=1
            ),
            gain=[Gain("Students", 2, 50.0, 95.0)],
        )
    )
    assert list(tables) == ["classes", "lessons", "tracks", "staff", "parents", "gain"]
    assert tables["classes"].header[-1] == "Overdue"
    assert tables["classes"].rows == [["9M", 4, 1, 25, 2]]
    assert tables["lessons"].rows == [["First", 4, 2, 50, 1]]
    assert tables["tracks"].rows == [["Students", 0, 0, 0]]
    assert tables["staff"].rows == [["Tom", "Teacher", 5, 5, 100]]
    assert tables["parents"].rows == [[3, 2, 4, 1]]
    assert tables["gain"].rows == [["Students", 2, 50.0, 95.0, 45.0]]


def test_the_platform_table_ends_with_the_totals():
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    schools = [
        SimpleNamespace(
            name="Oak",
            learners=3,
            active=1,
            completion=50,
            parent_count=4,
            parent_lessons=6,
            staff_count=2,
            staff_lessons=5,
            last_activity=when,
            is_active=True,
        ),
        SimpleNamespace(
            name="Elm",
            learners=0,
            active=0,
            completion=0,
            parent_count=0,
            parent_lessons=0,
            staff_count=0,
            staff_lessons=0,
            last_activity=None,
            is_active=False,
        ),
    ]
    totals = {
        "learners": 3,
        "active": 1,
        "completion": 50,
        "parent_count": 4,
        "parent_lessons": 6,
        "staff_count": 2,
        "staff_lessons": 5,
        "last_activity": when,
    }
    table = platform_table(schools, totals)
    assert table.header == [
        "School",
        "Students",
        "Active in the last 30 days",
        "Completion (%)",
        "Parents",
        "Lessons completed by parents",
        "Staff",
        "Staff lessons completed",
        "Last activity",
        "Status",
    ]
    assert table.rows == [
        ["Oak", 3, 1, 50, 4, 6, 2, 5, "2026-01-02T03:04:00+00:00", "active"],
        ["Elm", 0, 0, 0, 0, 0, 0, 0, None, "deactivated"],
        ["All schools", 3, 1, 50, 4, 6, 2, 5, "2026-01-02T03:04:00+00:00", None],
    ]


def test_a_learners_data_keeps_its_letters_readable():
    assert json.loads(learner_json({"name": "Zoë"})) == {"name": "Zoë"}
    assert "Zoë" in learner_json({"name": "Zoë"})


def test_no_certificates_make_an_empty_zip():
    archive = zipfile.ZipFile(io.BytesIO(certificates_zip([], verify_url="/v/")))
    assert archive.namelist() == []


def test_a_certificate_file_is_named_by_name_and_code_safely():
    def named(name):
        return certificate_filename(SimpleNamespace(name=name, code="ACDE-FGHJ-KMNP"))

    assert named("Zoë Ng") == "Zoë-Ng-ACDE-FGHJ-KMNP.pdf"
    assert named("../../etc/passwd") == "etc-passwd-ACDE-FGHJ-KMNP.pdf"
    assert named("jo@example.org") == "certificate-ACDE-FGHJ-KMNP.pdf"
    assert named("") == "certificate-ACDE-FGHJ-KMNP.pdf"
    assert len(named("A" * 200)) == len("-ACDE-FGHJ-KMNP.pdf") + 60
