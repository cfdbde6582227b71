"""The platform overview and switching a school off and on."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.auth import sign_in
from tests.schools.report_helpers import count, make_class

pytestmark = pytest.mark.django_db


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


def test_platform_overview_runs_six_queries(client, platform_admin, lesson):
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    teacher = factories.AdultFactory()
    for _ in range(3):
        make_class(factories.SchoolFactory(), teacher, lesson, students=2)
    # session, user; students active lately, per school (one grouped query); the
    # schools with their summary figures; the platform's totals; active learners
    assert count(client, url) == 6
    assert count(client, url + "?format=csv") == 6
