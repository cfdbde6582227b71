"""Schools, staff, classes, students joining and parents: flows and bad input."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from schools.forms import CODE_NOT_VALID, USERNAME_TAKEN
from schools.models import (
    AuditEntry,
    Enrolment,
    ParentMembership,
    School,
    StaffInvite,
    StaffMembership,
)
from schools.services import LAST_ADMIN
from schools.views.people import TOO_MANY_CODES
from tests import factories

pytestmark = pytest.mark.django_db
JOIN = reverse("schools:join")


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


# Registering a school


def test_registering_a_school_makes_the_registrant_its_admin(client, adult, content):
    client.force_login(adult)
    response = client.post(
        reverse("schools:register"), {"name": "Oak Academy", "country": "GB"}
    )
    school = School.objects.get(name="Oak Academy")
    assert response["Location"] == reverse("schools:school", args=[school.slug])
    assert StaffMembership.objects.get(school=school).user == adult
    assert StaffMembership.objects.get(school=school).role == "admin"
    assert len(school.parent_code) == 6


def test_registering_without_a_name_or_country_is_a_400(client, adult, content):
    client.force_login(adult)
    response = client.post(reverse("schools:register"), {"name": " ", "country": "ZZ"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not School.objects.exists()


def test_a_student_cannot_register_a_school(client, student):
    client.force_login(student)
    assert client.get(reverse("schools:register")).status_code == 403


# Staff invitations


def invite(client, school_admin, school, email="new@example.org", role="teacher"):
    client.force_login(school_admin)
    client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": email, "role": role},
    )
    return StaffInvite.objects.get(email=email)


def test_an_invitation_is_emailed_and_makes_its_user_staff_once(
    client, school, school_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(client, school_admin, school)
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body
    newcomer = factories.AdultFactory(email="new@example.org")
    client.force_login(newcomer)
    url = invitation.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert StaffMembership.objects.get(school=school, user=newcomer).role == "teacher"
    # Used: it works no more, for anyone.
    someone = factories.AdultFactory()
    client.force_login(someone)
    assert client.post(url).status_code == 410
    assert not StaffMembership.objects.filter(user=someone).exists()


def test_an_expired_invitation_cannot_be_used(client, school, school_admin):
    invitation = invite(client, school_admin, school)
    StaffInvite.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    newcomer = factories.AdultFactory()
    client.force_login(newcomer)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "has expired, was already used" in response.content.decode()
    assert not StaffMembership.objects.filter(user=newcomer).exists()


def test_a_forged_invitation_is_a_404(client, adult):
    client.force_login(adult)
    response = client.post(reverse("schools:invite_accept", args=["forged-token"]))
    assert response.status_code == 404
    assert not StaffMembership.objects.filter(user=adult).exists()


def test_an_invitation_needs_a_signed_in_adult(client, school, school_admin, student):
    invitation = invite(client, school_admin, school)
    client.logout()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    client.force_login(student)
    assert client.post(invitation.get_absolute_url()).status_code == 400
    assert not StaffMembership.objects.filter(user=student).exists()


def test_a_teacher_cannot_invite(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 404
    assert not StaffInvite.objects.exists()


def test_an_invalid_invitation_form_is_a_400(client, school, school_admin):
    client.force_login(school_admin)
    response = client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": "nope", "role": "x"},
    )
    assert response.status_code == 400
    assert not StaffInvite.objects.exists()


# Staff roles


def staff_action(client, school, membership, action):
    return client.post(
        reverse("schools:staff_change", args=[school.slug, membership.pk]),
        {"action": action},
    )


def test_admin_makes_a_teacher_admin_and_removes_staff(
    client, school, school_admin, teacher
):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=teacher)
    assert staff_action(client, school, membership, "admin").status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert staff_action(client, school, membership, "remove").status_code == 302
    assert not StaffMembership.objects.filter(user=teacher).exists()
    assert AuditEntry.objects.filter(action="staff_remove").count() == 1


def test_the_last_admin_cannot_leave_or_step_down(client, school, school_admin):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=school_admin)
    for action in ("remove", "teacher"):
        response = staff_action(client, school, membership, action)
        assert response.status_code == 400
        assert str(LAST_ADMIN) in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_staff_of_another_school_is_a_404(
    client, school, school_admin, other_school_admin
):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=other_school_admin)
    assert staff_action(client, school, membership, "remove").status_code == 404
    assert StaffMembership.objects.filter(user=other_school_admin).exists()


# Classes


def test_a_teacher_creates_a_class_with_a_join_code(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("schools:class_create", args=[school.slug]),
        {"name": "Year 9 Oak", "year_group": "Year 9"},
    )
    school_class = teacher.taught_classes.get()
    assert response["Location"] == school_class.get_absolute_url()
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{6}", school_class.join_code)
    page = client.get(school_class.get_absolute_url()).content.decode()
    assert school_class.join_code in page


def test_join_code_can_be_regenerated_and_closed(client, school_class, teacher):
    client.force_login(teacher)
    url = reverse("schools:class_code", args=[school_class.public_id])
    old = school_class.join_code
    client.post(url, {"action": "regenerate"})
    school_class.refresh_from_db()
    assert school_class.join_code != old
    client.post(url, {"action": "close"})
    school_class.refresh_from_db()
    assert school_class.join_code_active is False


def test_another_teachers_class_is_a_404(client, school_class, other_teacher):
    client.force_login(other_teacher)
    assert client.get(school_class.get_absolute_url()).status_code == 404
    url = reverse("schools:class_code", args=[school_class.public_id])
    assert client.post(url, {"action": "close"}).status_code == 404
    school_class.refresh_from_db()
    assert school_class.join_code_active


def test_a_class_of_another_school_is_a_404_even_for_its_admin_elsewhere(
    client, school_class, other_school_admin
):
    client.force_login(other_school_admin)
    assert client.get(school_class.get_absolute_url()).status_code == 404


# Students joining


def join_data(school_class, **overrides):
    data = {
        "code": school_class.join_code.lower(),
        "display_name": "Sam",
        "username": "sam.k",
        "password": "purple-kite-42",
    }
    data.update(overrides)
    return data


def test_a_student_joins_with_the_code_and_no_email(client, school_class):
    response = client.post(JOIN, join_data(school_class))
    assert response.status_code == 302
    student = User.objects.get(username="sam.k")
    assert (student.kind, student.email, student.display_name) == ("student", "", "Sam")
    assert Enrolment.objects.filter(student=student, school_class=school_class).exists()
    assert client.session["_auth_user_id"] == str(student.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "ZZZZZZ"}, str(CODE_NOT_VALID)),
        ({"username": "a"}, "3 to 30 characters"),
        ({"username": "sam@example.org"}, "3 to 30 characters"),
        ({"password": "password"}, "This password is too common."),
        ({"password": "short"}, "This password is too short."),
        ({"display_name": "sam@example.org"}, "not an email address"),
    ],
)
def test_bad_join_input_is_a_400_and_creates_nothing(
    client, school_class, overrides, message
):
    response = client.post(JOIN, join_data(school_class, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(kind="student").exists()


def test_a_taken_username_is_a_400(client, school_class):
    factories.StudentFactory(username="sam.k")
    response = client.post(JOIN, join_data(school_class))
    assert response.status_code == 400
    assert str(USERNAME_TAKEN) in response.content.decode()
    assert User.objects.filter(kind="student").count() == 1


def test_a_closed_code_does_not_work(client, school_class):
    school_class.join_code_active = False
    school_class.save()
    response = client.post(JOIN, join_data(school_class))
    assert response.status_code == 400
    assert str(CODE_NOT_VALID) in response.content.decode()


def test_after_ten_wrong_codes_there_is_a_wait(client, school_class):
    for _ in range(10):
        assert (
            client.post(JOIN, join_data(school_class, code="ZZZZZZ")).status_code == 400
        )
    response = client.post(JOIN, join_data(school_class))
    assert response.status_code == 429
    assert str(TOO_MANY_CODES) in response.content.decode()
    assert not User.objects.filter(kind="student").exists()


def test_a_class_of_thirty_joining_from_one_address_is_not_blocked(
    client, school_class
):
    for n in range(30):
        client.logout()
        data = join_data(school_class, username=f"pupil{n}", display_name=f"Pupil {n}")
        assert client.post(JOIN, data).status_code == 302
    assert school_class.enrolments.count() == 30


# Bulk accounts and password resets


def test_bulk_creation_makes_accounts_and_shows_passwords_once(
    client, school_class, teacher
):
    client.force_login(teacher)
    url = reverse("schools:bulk_students", args=[school_class.public_id])
    response = client.post(url, {"names": "Ann\n\n  Ben  \nCara Lee\n"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    students = User.objects.filter(enrolments__school_class=school_class)
    assert sorted(students.values_list("display_name", flat=True)) == [
        "Ann",
        "Ben",
        "Cara Lee",
    ]
    for student in students:
        assert student.username in html
        password = re.search(
            rf"{re.escape(student.username)}</dd>\s*<dt>Password</dt><dd[^>]*>([^<]+)<",
            html,
        )[1]
        assert student.check_password(password)
        assert student.email == ""
    assert AuditEntry.objects.get(action="bulk_create").subject_label == (
        "3 students in 9M"
    )


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("", "This field is required."),
        ("\n \n", "This field is required."),
        ("\n".join(f"Pupil {n}" for n in range(500)), "That is 500 names; at most 40"),
        ("ann@example.org", "not an email address"),
    ],
)
def test_bad_bulk_lists_are_a_400_and_create_nothing(
    client, school_class, teacher, names, message
):
    client.force_login(teacher)
    url = reverse("schools:bulk_students", args=[school_class.public_id])
    response = client.post(url, {"names": names})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(kind="student").exists()


def test_resetting_a_password_shows_it_once_and_ends_the_students_sessions(
    client, school_class, class_student, teacher, password
):
    from django.test import Client

    student_browser = Client()
    student_browser.force_login(class_student)
    assert student_browser.get(reverse("lessons:home")).context["user"] == class_student
    client.force_login(teacher)
    url = reverse(
        "schools:student_reset", args=[school_class.public_id, class_student.public_id]
    )
    html = client.post(url).content.decode()
    new_password = re.search(r"Password</dt><dd[^>]*>([^<]+)<", html)[1]
    class_student.refresh_from_db()
    assert class_student.check_password(new_password)
    assert not class_student.check_password(password)
    assert (
        not student_browser.get(reverse("lessons:home"))
        .context["user"]
        .is_authenticated
    )
    assert AuditEntry.objects.get(action="password_reset").actor == teacher


def test_another_teacher_cannot_reset_a_students_password(
    client, school_class, class_student, other_teacher, password
):
    client.force_login(other_teacher)
    url = reverse(
        "schools:student_reset", args=[school_class.public_id, class_student.public_id]
    )
    assert client.post(url).status_code == 404
    class_student.refresh_from_db()
    assert class_student.check_password(password)


# Parents


def test_a_parent_sees_what_the_school_will_see_before_joining(client, school, adult):
    client.force_login(adult)
    url = reverse("schools:parent_join")
    consent = client.post(url, {"code": school.parent_code})
    html = consent.content.decode()
    assert "which lessons you have completed" in html
    assert "your quiz scores" in html
    assert not ParentMembership.objects.exists()
    client.post(url, {"code": school.parent_code, "confirm": "yes"})
    assert ParentMembership.objects.get(parent=adult).school == school
    client.post(reverse("schools:parent_leave", args=[school.slug]))
    assert not ParentMembership.objects.exists()


def test_a_wrong_parent_code_is_a_400(client, adult, school):
    client.force_login(adult)
    response = client.post(
        reverse("schools:parent_join"), {"code": "NOPE12", "confirm": "yes"}
    )
    assert response.status_code == 400
    assert not ParentMembership.objects.exists()
