"""The school dashboard: its figures, its CSV tables, who may see it, the report
kept until its rows change; its queries pinned."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.models import QuizAttempt
from schools.exports import dashboard_tables
from schools.models import LessonTaught
from schools.selectors.dashboard import dashboard
from schools.services.parents import parent_group_join
from schools.services.students import enrolment_create
from tests import factories
from tests.schools.report_helpers import (
    count,
    make_class,
    miss_count,
    progress,
)

pytestmark = pytest.mark.django_db


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
    tables = dashboard_tables(dashboard(school=school))
    assert tables["classes"][1] == [["9M", 3, 1, 33, 2]]
    assert tables["lessons"][1] == [["The first lesson", 3, 1, 33, 0]]
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
    one = count(client, url), miss_count(client, url)
    for _ in range(19):
        make_class(school, teacher, lesson, students=3)
    # Kept in the cache: session, user, school, the school's stamp. Built: then by
    # class, lesson, track; staff (with the staff lessons' count); parents, their
    # certificates; the school's learners, their knowledge gain.
    assert one == (count(client, url), miss_count(client, url)) == (4, 12)


def test_a_kept_dashboard_is_never_shown_once_its_rows_changed(
    client, school, school_admin, teacher, assigned_class, lesson
):
    client.force_login(school_admin)
    url = reverse("schools:dashboard", args=[school.slug])

    def cells() -> str:
        return " ".join(client.get(url).content.decode().split())

    assert '<th scope="row">9M</th> <td>3</td> <td>1</td> <td>33</td>' in cells()
    progress(assigned_class["Cara"], lesson, "completed", 80)
    assert '<th scope="row">9M</th> <td>3</td> <td>2</td> <td>67</td>' in cells()
    factories.StaffMembershipFactory(school=school, user__display_name="Nia New")
    assert "Nia New" in cells()
    # A student joins: the class's work is given to them (the school recounted).
    enrolment_create(
        school_class=assigned_class["Ann"].enrolments.get().school_class,
        student=factories.StudentFactory(),
    )
    assert '<th scope="row">9M</th> <td>4</td> <td>2</td> <td>50</td>' in cells()


def test_the_dashboard_counts_the_classes_a_lesson_was_taught_to(
    client, school, school_admin, school_class, assigned_class, lesson
):
    for day in (date(2026, 11, 20), date(2026, 11, 27)):  # twice to one class
        LessonTaught.objects.create(
            school_class=school_class, lesson=lesson, taught_on=day
        )
    client.force_login(school_admin)
    url = reverse("schools:dashboard", args=[school.slug])

    download = client.get(url + "?table=lessons")

    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Taught in class (classes)"
    assert rows[1] == ["The first lesson", "3", "1", "33", "1"]
