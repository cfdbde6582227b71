"""Reports: the class grid and its CSV, the school dashboard; each report's
queries pinned."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lessons.models import (
    QuizAttempt,
)
from schools.services.parents import parent_group_join
from tests import factories
from tests.schools.report_helpers import count, make_class, progress, report_url

pytestmark = pytest.mark.django_db


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
