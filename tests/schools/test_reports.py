"""Reports: the class grid and its CSV, the school dashboard, the platform overview,
learners' data and the audit log; each report's queries pinned."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lessons.models import (
    Certificate,
    Lesson,
    LessonProgress,
    QuizAttempt,
    SectionView,
)
from schools.models import Assignment, AssignmentTarget, AuditEntry
from schools.services import parent_group_join
from schools.summaries import schools_recount
from tests import factories
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def progress(student, lesson, status, best=None):
    return LessonProgress.objects.create(
        learner=student,
        lesson=lesson,
        status=status,
        best_score=best,
        sections_viewed=lesson.section_count if status == "completed" else 1,
        percent=100 if status == "completed" else 25,
        last_section="get-help",
    )


@pytest.fixture
def lesson(content):
    return Lesson.objects.get(slug="first-lesson")


@pytest.fixture
def assigned_class(school_class, teacher, lesson):
    """9M: Ann completed (90%), Ben in progress, Cara not started; due yesterday."""
    students = {}
    for name in ("Ann", "Ben", "Cara"):
        students[name] = factories.EnrolmentFactory(
            school_class=school_class, student__display_name=name
        ).student
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    progress(students["Ann"], lesson, "completed", 90)
    progress(students["Ben"], lesson, "in_progress", 40)
    schools_recount()  # the rows above were written directly, not by the services
    return students


def report_url(school_class, **query):
    url = reverse("schools:class_report", args=[school_class.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# The class report


def test_class_report_shows_each_students_status_and_best_score(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    response = client.get(report_url(school_class))
    report = response.context["report"]
    cells = {row.student.display_name: row.cells[0] for row in report.rows}
    assert (cells["Ann"].shown_status, cells["Ann"].best_score) == ("completed", 90)
    assert (cells["Ben"].shown_status, cells["Ben"].best_score) == ("overdue", 40)
    assert (cells["Cara"].shown_status, cells["Cara"].best_score) == ("overdue", None)
    assert report.completion == [33]
    assert report.overdue == 2
    html = response.content.decode()
    assert "2 assigned lessons are overdue." in html


def test_class_report_filters_by_status(client, school_class, teacher, assigned_class):
    client.force_login(teacher)
    report = client.get(report_url(school_class, status="completed")).context["report"]
    assert [row.student.display_name for row in report.rows] == ["Ann"]


def test_class_report_csv_matches_the_filtered_table_column_for_column(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    page = client.get(report_url(school_class, status="overdue"))
    download = client.get(report_url(school_class, status="overdue", format="csv"))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header, *body, footer = rows
    assert header == [
        "Student",
        "The first lesson: status",
        "The first lesson: best score (%)",
        "Completed",
        "Assigned",
    ]
    assert body == [
        ["Ben", "Overdue", "40", "0", "1"],
        ["Cara", "Overdue", "", "0", "1"],
    ]
    assert footer == ["Completion (%)", "", "33", "", ""]
    html = page.content.decode()
    # The page's table has the same columns: two per lesson, then the counts.
    assert html.count('scope="row"') == len(body) + 1
    for student, *_rest in body:
        assert f'<th scope="row">{student}</th>' in html


def test_teacher_of_another_class_and_students_get_404_for_the_report(
    client, school_class, other_teacher, class_student, other_school_admin
):
    for user in (other_teacher, class_student, other_school_admin):
        client.force_login(user)
        assert client.get(report_url(school_class)).status_code == 404


def make_class(school, teacher, lesson, students: int):
    school_class = factories.SchoolClassFactory(school=school, teacher=teacher)
    pupils = factories.StudentFactory.create_batch(students)
    from schools.models import Enrolment

    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=pupil) for pupil in pupils
    )
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    LessonProgress.objects.bulk_create(
        LessonProgress(
            learner=p,
            lesson=lesson,
            status="completed",
            best_score=80,
            sections_viewed=4,
            percent=100,
            last_section="get-help",
        )
        for p in pupils[::2]
    )
    schools_recount([school.pk])
    return school_class


def count(client, url: str) -> int:
    client.get(url)  # the first request after signing in renews the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_class_report_queries_do_not_grow_with_students(
    client, school, teacher, lesson
):
    client.force_login(teacher)
    small = make_class(school, teacher, lesson, students=5)
    large = make_class(school, teacher, lesson, students=100)
    # session, user, the class (with its school, through the permission filter),
    # assignments with lessons, students, their assignment targets, their progress
    assert count(client, report_url(small)) == count(client, report_url(large)) == 7
    csv_small = count(client, report_url(small, format="csv"))
    assert csv_small == count(client, report_url(large, format="csv")) == 7


# The school dashboard


def test_dashboard_shows_completion_staff_parents_and_gain(
    client, school, school_admin, teacher, school_class, assigned_class, lesson
):
    parent = factories.AdultFactory()
    parent_group_join(school=school, parent=parent)
    progress(parent, lesson, "completed", 100)
    for learner, before, after in ((assigned_class["Ann"], 40, 90), (parent, 60, 100)):
        quiz = lesson.track.knowledge_check
        for phase, score in (("pre", before), ("post", after)):
            QuizAttempt.objects.create(
                learner=learner,
                quiz=quiz,
                phase=phase,
                token=f"{learner.pk}{phase}",
                seed=1,
                submitted_at=timezone.now(),
                score=score,
                total=6,
                correct=0,
            )
    client.force_login(school_admin)
    response = client.get(reverse("schools:dashboard", args=[school.slug]))
    tables = response.context["tables"]
    assert tables["classes"][1] == [["9M", 3, 1, 33, 2]]
    assert tables["lessons"][1] == [["The first lesson", 3, 1, 33]]
    assert tables["tracks"][1] == [["For students", 3, 1, 33]]
    assert sorted(row[0] for row in tables["staff"][1]) == ["Ada Admin", "Tom Teacher"]
    assert tables["parents"][1] == [[1, 1, 1, 0]]
    assert tables["gain"][1] == [["For students", 2, 50.0, 95.0, 45.0]]
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Completion by class (%)" in html


def test_dashboard_csv_of_each_table(client, school, school_admin, assigned_class):
    client.force_login(school_admin)
    url = reverse("schools:dashboard", args=[school.slug])
    download = client.get(url, {"table": "classes"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows == [
        ["Class", "Assigned", "Completed", "Completion (%)", "Overdue"],
        ["9M", "3", "1", "33", "2"],
    ]
    assert client.get(url, {"table": "nope"}).status_code == 404


def test_only_the_schools_admins_see_its_dashboard(
    client, school, teacher, class_student, other_school_admin
):
    url = reverse("schools:dashboard", args=[school.slug])
    for user in (teacher, class_student, other_school_admin):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_dashboard_queries_do_not_grow_with_classes(
    client, school, school_admin, teacher, lesson
):
    client.force_login(school_admin)
    url = reverse("schools:dashboard", args=[school.slug])
    make_class(school, teacher, lesson, students=3)
    one = count(client, url)
    for _ in range(19):
        make_class(school, teacher, lesson, students=3)
    # session, user, school; by class, lesson, track; staff lessons count, staff;
    # parents, their certificates; the school's learners, their knowledge gain
    assert one == count(client, url) == 12


# The platform overview


def test_platform_overview_rows_totals_sorting_and_csv(
    client, platform_admin, school, other_school, assigned_class
):
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    response = client.get(url, {"order": "-learners"})
    rows = list(response.context["page"])
    assert [s.name for s in rows] == ["Hillside School", "Riverside School"]
    assert (rows[0].learners, rows[0].completion) == (3, 33)
    assert response.context["totals"]["learners"] == 3
    download = client.get(url, {"order": "name", "format": "csv"})
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0][:4] == [
        "School",
        "Learners",
        "Active in the last 30 days",
        "Completion (%)",
    ]
    assert lines[1][:4] == ["Hillside School", "3", "0", "33"]
    assert lines[-1][:2] == ["All schools", "3"]


def test_platform_overview_queries_do_not_grow_with_schools(
    client, platform_admin, lesson
):
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    teacher = factories.AdultFactory()
    make_class(factories.SchoolFactory(), teacher, lesson, students=2)
    few = count(client, url)
    for _ in range(10):
        make_class(factories.SchoolFactory(), teacher, lesson, students=2)
    assert few == count(client, url)


def test_only_platform_admins_see_the_overview(client, school_admin):
    client.force_login(school_admin)
    assert client.get(reverse("schools:platform")).status_code == 404


def test_deactivating_a_school_stops_its_members_signing_in(
    client, platform_admin, school, teacher, class_student, password
):
    from django.test import Client

    student_browser = Client()
    student_browser.force_login(class_student)
    client.force_login(platform_admin)
    client.post(reverse("schools:school_active", args=[school.slug]), {"active": "0"})
    school.refresh_from_db()
    assert school.is_active is False
    assert User.objects.filter(pk=class_student.pk).exists()  # nothing deleted
    home = student_browser.get(reverse("lessons:home"))
    assert not home.context["user"].is_authenticated
    assert not sign_in(Client(), class_student.username, password)
    assert not sign_in(Client(), teacher.email, password)
    client.post(reverse("schools:school_active", args=[school.slug]), {"active": "1"})
    assert sign_in(Client(), class_student.username, password)


# Learners' data and the audit log


def test_admin_exports_a_learners_data_as_json(
    client, school, school_admin, assigned_class
):
    ann = assigned_class["Ann"]
    client.force_login(school_admin)
    response = client.get(
        reverse("schools:learner_export", args=[school.slug, ann.public_id])
    )
    data = json.loads(response.content)
    assert data["account"]["display_name"] == "Ann"
    assert data["progress"][0]["best_score"] == 90
    assert AuditEntry.objects.get(action="export").subject_label.startswith("Ann")


def test_admin_erases_a_learner_from_every_report_at_once(
    client, school, school_admin, school_class, assigned_class, lesson
):
    ann = assigned_class["Ann"]
    client.force_login(school_admin)
    client.get(reverse("schools:learner_export", args=[school.slug, ann.public_id]))
    url = reverse("schools:learner_erase", args=[school.slug, ann.public_id])
    wrong = client.post(url, {"confirm": "not-the-username"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=ann.pk).exists()
    client.post(url, {"confirm": ann.username})
    assert not User.objects.filter(pk=ann.pk).exists()
    assert not LessonProgress.objects.filter(learner_id=ann.pk).exists()
    assert not AssignmentTarget.objects.filter(student_id=ann.pk).exists()
    assert not SectionView.objects.filter(learner_id=ann.pk).exists()
    report = client.get(report_url(school_class)).context["report"]
    assert [row.student.display_name for row in report.rows] == ["Ben", "Cara"]
    assert not AuditEntry.objects.filter(subject_label__contains=ann.username).exists()
    assert AuditEntry.objects.filter(action="erase").exists()


def test_a_teacher_cannot_export_or_erase(client, school, teacher, class_student):
    client.force_login(teacher)
    for name in ("schools:learner_export", "schools:learner_erase"):
        url = reverse(name, args=[school.slug, class_student.public_id])
        assert client.get(url).status_code == 404
    assert User.objects.filter(pk=class_student.pk).exists()


def test_audit_log_lists_the_schools_entries_for_its_admins(
    client, school, school_admin, teacher, other_school_admin
):
    AuditEntry.objects.create(
        school=school,
        actor=teacher,
        actor_label="Tom Teacher",
        action="password_reset",
        subject_label="Sam (sam.k)",
    )
    client.force_login(school_admin)
    html = client.get(reverse("schools:audit", args=[school.slug])).content.decode()
    assert "Tom Teacher" in html and "Sam (sam.k)" in html
    client.force_login(other_school_admin)
    assert client.get(reverse("schools:audit", args=[school.slug])).status_code == 404


def test_admin_downloads_every_certificate_of_the_school_as_a_zip(
    client, school, school_admin, assigned_class, lesson
):
    Certificate.objects.create(
        learner=assigned_class["Ann"],
        track=lesson.track,
        code="ACDE-FGHJ-KMNP",
        name="Ann",
    )
    outsider = factories.AdultFactory()
    Certificate.objects.create(
        learner=outsider, track=lesson.track, code="ACDE-FGHJ-KMNQ", name="Out"
    )
    client.force_login(school_admin)
    response = client.get(reverse("schools:certificates_zip", args=[school.slug]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 1 and names[0].endswith("ACDE-FGHJ-KMNP.pdf")
    assert archive.read(names[0]).startswith(b"%PDF")


def test_csv_cells_that_look_like_formulas_are_neutralised(
    client, school_class, teacher, assigned_class
):
    User.objects.filter(pk=assigned_class["Ann"].pk).update(
        display_name="=HYPERLINK(1)"
    )
    client.force_login(teacher)
    download = client.get(report_url(school_class, format="csv"))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["'=HYPERLINK(1)", "Completed", "90", "1", "1"] in rows
