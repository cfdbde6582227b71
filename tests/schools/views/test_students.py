"""A class's students: accounts made in bulk, and new passwords shown once."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from schools.models import (
    AuditEntry,
)

pytestmark = pytest.mark.django_db


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
