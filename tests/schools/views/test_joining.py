"""Students joining a class with its code, parents joining a parent group: flows
and bad input."""

import pytest
from django.urls import reverse

from accounts.models import User
from schools.forms import CODE_NOT_VALID, USERNAME_TAKEN
from schools.models import (
    Enrolment,
    ParentMembership,
)
from schools.views.joining import TOO_MANY_CODES
from tests import factories

pytestmark = pytest.mark.django_db


JOIN = reverse("schools:join")


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
