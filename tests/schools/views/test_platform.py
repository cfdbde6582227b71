"""The platform overview and switching a school off and on."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from lessons.models import Lesson, Track
from schools.models import AuditEntry
from schools.services.parents import parent_group_join
from schools.summaries import lesson_completed, schools_recount
from schools.views.platform import CONFIRM_MISMATCH
from tests import factories
from tests.auth import sign_in
from tests.schools.report_helpers import (
    count,
    make_class,
    miss_count,
    platform_rows,
    progress,
)

pytestmark = pytest.mark.django_db


def test_platform_overview_rows_totals_sorting_and_csv(
    client, platform_admin, school, other_school, assigned_class
):
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    response = client.get(url, {"order": "-learners"})
    rows = platform_rows(response)
    assert list(rows) == ["Hillside School", "Riverside School", "All schools"]
    hillside = rows["Hillside School"]
    assert (hillside["learners"], hillside["completion"]) == ("3", "33")
    assert rows["All schools"]["learners"] == "3"
    download = client.get(url, {"order": "name", "format": "csv"})
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0][:4] == [
        "School",
        "Students",
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
        other = factories.SchoolFactory()
        make_class(other, teacher, lesson, students=2)
        parent_and_staff_figures(other, factories.AdultFactory(), lesson)
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
    client.post(
        reverse("schools:school_active", args=[school.slug]),
        {"active": "0", "confirm": school.name},
    )
    school.refresh_from_db()
    assert school.is_active is False
    assert User.objects.filter(pk=class_student.pk).exists()  # nothing deleted
    home = student_browser.get(reverse("lessons:home"))
    assert not home.context["user"].is_authenticated
    assert not sign_in(Client(), class_student.username, password)
    assert not sign_in(Client(), teacher.email, password)
    client.post(reverse("schools:school_active", args=[school.slug]), {"active": "1"})
    assert sign_in(Client(), class_student.username, password)


def test_platform_overview_queries_kept_and_built(client, platform_admin, lesson):
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    teacher = factories.AdultFactory()
    for _ in range(3):
        make_class(factories.SchoolFactory(), teacher, lesson, students=2)
    parent_and_staff_figures(factories.SchoolFactory(), teacher, lesson)
    # Kept in the cache: session, user, the platform's stamp.
    assert count(client, url) == count(client, url + "?format=csv") == 3
    # Built: then students active lately, per school (one grouped query); the
    # schools with their summary figures and their parent and staff figures (grouped
    # subqueries); the platform's totals, with its active students, parents and
    # staff and their completed lessons (one aggregate of uncorrelated subqueries)
    assert miss_count(client, url) == miss_count(client, url + "?format=csv") == 6


def test_a_kept_overview_is_never_shown_once_its_rows_changed(
    client, platform_admin, school, teacher, assigned_class, lesson
):
    """The overview is kept under the platform's stamp: each kind of write to what
    it shows gives the next visit a new overview."""
    client.force_login(platform_admin)
    url = reverse("schools:platform")

    def hillside() -> dict[str, str]:
        return platform_rows(client.get(url))["Hillside School"]

    before = hillside()
    assert hillside() == before  # kept: the same
    progress(assigned_class["Cara"], lesson, "completed", 90)
    lesson_completed(learner=assigned_class["Cara"], lesson=lesson)
    assert hillside()["completion"] != before["completion"]
    newcomer = factories.StudentFactory()
    factories.EnrolmentFactory(
        school_class=assigned_class["Ann"].enrolments.get().school_class,
        student=newcomer,
    )
    schools_recount([school.pk])
    assert hillside()["learners"] == str(int(before["learners"]) + 1)
    assigned_class["Cara"].last_login = timezone.now()
    assigned_class["Cara"].save(update_fields=["last_login"])
    assert hillside()["active"] == str(int(before["active"]) + 1)
    parent = factories.AdultFactory()
    parent_group_join(school=school, parent=parent)
    assert hillside()["parent_count"] == "1"
    progress(parent, lesson, "completed", 100)
    assert hillside()["parent_lessons"] == "1"
    staff = staff_lesson()
    progress(teacher, staff, "completed")
    assert hillside()["staff_lessons"] == "1"
    teacher.staff_memberships.get(school=school).delete()
    assert hillside()["staff_lessons"] == "0"
    school.name = "Hillside Academy"
    school.save()
    assert "Hillside Academy" in platform_rows(client.get(url))


def staff_lesson() -> Lesson:
    track = Track.objects.create(
        slug="staff",
        title="For staff",
        audience=Track.Audience.STAFF,
        summary="",
        position=9,
    )
    return Lesson.objects.create(
        track=track,
        slug="staff-lesson",
        title="The staff lesson",
        summary="",
        minutes=5,
        position=1,
        section_count=1,
    )


def parent_and_staff_figures(school, staff_member, lesson):
    """Two parents in the school's group (one completed a lesson) and a member of
    staff who completed the staff lesson."""
    parents = factories.AdultFactory.create_batch(2)
    for parent in parents:
        parent_group_join(school=school, parent=parent)
    progress(parents[0], lesson, "completed", 100)
    if not staff_member.staff_memberships.filter(school=school).exists():
        factories.StaffMembershipFactory(
            school=school, user=staff_member, role="teacher"
        )
    staff = Lesson.objects.filter(slug="staff-lesson").first() or staff_lesson()
    if not staff_member.lesson_progress.filter(lesson=staff).exists():
        progress(staff_member, staff, "completed")


def test_the_overview_shows_parent_group_and_staff_training_beside_students(
    client, platform_admin, school, teacher, school_admin, other_school, lesson
):
    parents = factories.AdultFactory.create_batch(3)
    for parent in parents:
        parent_group_join(school=school, parent=parent)
    progress(parents[0], lesson, "completed", 100)
    progress(parents[1], lesson, "completed", 80)
    progress(parents[2], lesson, "in_progress")
    staff = staff_lesson()
    progress(teacher, staff, "completed")
    progress(school_admin, staff, "in_progress")
    progress(teacher, lesson, "completed")  # not a staff lesson: not staff training
    client.force_login(platform_admin)
    url = reverse("schools:platform")
    response = client.get(url)
    rows = platform_rows(response)
    figures = ("parent_count", "parent_lessons", "staff_count", "staff_lessons")
    assert [rows["Hillside School"][f] for f in figures] == ["3", "2", "2", "1"]
    assert [rows["Riverside School"][f] for f in figures] == ["0", "0", "0", "0"]
    assert [rows["All schools"][f] for f in figures] == ["3", "2", "2", "1"]
    assert '<th scope="col"><a href="?order=parent_count">Parents</a></th>' in (
        response.content.decode()
    )
    download = client.get(url, {"format": "csv"})
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0][4:8] == [
        "Parents",
        "Lessons completed by parents",
        "Staff",
        "Staff lessons completed",
    ]
    assert lines[1][:1] + lines[1][4:8] == ["Hillside School", "3", "2", "2", "1"]
    assert lines[-1][:1] + lines[-1][4:8] == ["All schools", "3", "2", "2", "1"]


def test_the_overview_sorts_by_staff_training(
    client, platform_admin, school, other_school, teacher
):
    other_teacher = factories.StaffMembershipFactory(school=other_school).user
    staff = staff_lesson()
    progress(other_teacher, staff, "completed")
    client.force_login(platform_admin)
    response = client.get(reverse("schools:platform"), {"order": "-staff_lessons"})
    assert list(platform_rows(response)) == [
        "Riverside School",
        "Hillside School",
        "All schools",
    ]


def test_a_person_in_two_schools_counts_once_in_the_platform_totals(
    client, platform_admin, school, other_school, teacher
):
    factories.StaffMembershipFactory(school=other_school, user=teacher, role="teacher")
    progress(teacher, staff_lesson(), "completed")
    client.force_login(platform_admin)
    response = client.get(reverse("schools:platform"))
    rows = platform_rows(response)
    assert [row["staff_lessons"] for row in rows.values()] == ["1", "1", "1"]
    assert rows["All schools"]["staff_count"] == "1"


def test_deactivate_on_the_overview_leads_to_a_page_that_says_what_happens(
    client, platform_admin, school, teacher, class_student
):
    parent_group_join(school=school, parent=factories.AdultFactory())
    schools_recount([school.pk])  # the factory's enrolment bypassed the summary
    client.force_login(platform_admin)
    url = reverse("schools:school_active", args=[school.slug])
    overview = client.get(reverse("schools:platform")).content.decode()
    assert f'href="{url}"' in overview  # a link to the page, not a form that posts
    response = client.get(url)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Deactivate Hillside School?" in page
    # the teacher of the class and its student
    assert "Its staff (1) and students (1) can no longer sign in" in page
    assert "signed out at their next request" in page
    assert "Parents in its parent group (1) keep their own accounts" in page
    assert "Nothing is deleted" in page
    assert "“Reactivate” on the platform overview" in page
    assert "type the school's name <strong>Hillside School</strong>" in page
    school.refresh_from_db()
    assert school.is_active is True  # looking changes nothing


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"active": "0"},
        {"active": "0", "confirm": ""},
        {"active": "0", "confirm": "   "},
        {"active": "0", "confirm": "Hillside"},
        {"active": "0", "confirm": "Riverside School"},
        {"active": "0", "confirm": "hillside-school"},
    ],
    ids=["empty", "no-name", "blank", "spaces", "part", "other-school", "slug"],
)
def test_deactivating_without_the_schools_name_changes_nothing(
    client, platform_admin, school, other_school, data
):
    client.force_login(platform_admin)
    response = client.post(reverse("schools:school_active", args=[school.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(str(CONFIRM_MISMATCH)) in page
    assert 'aria-invalid="true"' in page
    assert "Deactivate Hillside School?" in page
    school.refresh_from_db()
    assert school.is_active is True
    assert not AuditEntry.objects.exists()


def test_deactivating_with_the_name_typed_deactivates_in_one_audited_change(
    client, platform_admin, school
):
    client.force_login(platform_admin)
    response = client.post(
        reverse("schools:school_active", args=[school.slug]),
        {"active": "0", "confirm": "  hillside   SCHOOL "},  # case and spacing aside
        follow=True,
    )
    assert response.redirect_chain == [(reverse("schools:platform"), 302)]
    assert "Hillside School is deactivated" in response.content.decode()
    school.refresh_from_db()
    assert school.is_active is False
    assert list(AuditEntry.objects.values_list("action", "actor")) == [
        ("school_deactivate", platform_admin.pk)
    ]


def test_reactivating_is_one_click_on_the_overview_and_restores_sign_in(
    client, platform_admin, school, class_student, password
):
    from django.test import Client

    school.is_active = False
    school.save(update_fields=["is_active"])
    assert not sign_in(Client(), class_student.username, password)
    client.force_login(platform_admin)
    url = reverse("schools:school_active", args=[school.slug])
    overview = client.get(reverse("schools:platform")).content.decode()
    assert f'action="{url}"' in overview
    assert 'name="active" value="1"' in overview
    response = client.post(url, {"active": "1"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.is_active is True
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "school_activate"
    ]
    assert sign_in(Client(), class_student.username, password)


def test_the_page_of_a_deactivated_school_offers_to_reactivate_it(
    client, platform_admin, school
):
    school.is_active = False
    school.save(update_fields=["is_active"])
    client.force_login(platform_admin)
    page = client.get(reverse("schools:school_active", args=[school.slug]))
    html = page.content.decode()
    assert "Reactivate Hillside School?" in html
    assert 'name="active" value="1"' in html
    assert 'name="confirm"' not in html


def test_a_school_admin_cannot_see_the_confirmation_page_or_deactivate(
    client, school_admin, school
):
    client.force_login(school_admin)
    url = reverse("schools:school_active", args=[school.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"active": "0", "confirm": school.name}).status_code == 404
    school.refresh_from_db()
    assert school.is_active is True
