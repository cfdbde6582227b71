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
from schools.views.joining import (
    MAX_JOIN_ATTEMPTS,
    MAX_PARENT_CODE_ATTEMPTS,
    OTHER_SCHOOL,
    TOO_MANY_CODES,
    TOO_MANY_PARENT_CODES,
)
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


def test_a_taken_username_is_not_told_to_someone_without_a_valid_code(
    client, school_class
):
    factories.StudentFactory(username="sam.k")
    response = client.post(JOIN, join_data(school_class, code="ZZZZZZ"))
    html = response.content.decode()
    assert response.status_code == 400
    assert str(CODE_NOT_VALID) in html
    assert str(USERNAME_TAKEN) not in html


def test_once_an_address_is_limited_nothing_is_checked_or_revealed(
    client, school_class
):
    factories.StudentFactory(username="taken.name")
    for _ in range(MAX_JOIN_ATTEMPTS):
        client.post(JOIN, join_data(school_class, code="ZZZZZZ"))
    wrong_code = client.post(JOIN, join_data(school_class, code="ZZZZZZ"))
    taken = client.post(JOIN, join_data(school_class, username="taken.name"))
    right = client.post(JOIN, join_data(school_class))
    for response in (wrong_code, taken, right):
        html = response.content.decode()
        assert response.status_code == 429
        assert str(TOO_MANY_CODES) in html
        assert str(CODE_NOT_VALID) not in html and str(USERNAME_TAKEN) not in html
    assert User.objects.filter(kind="student").count() == 1


def test_every_code_sent_counts_right_or_wrong(client, school_class):
    factories.StudentFactory(username="taken.name")
    taken = join_data(school_class, username="taken.name")
    for _ in range(MAX_JOIN_ATTEMPTS):
        assert client.post(JOIN, taken).status_code == 400
    assert client.post(JOIN, taken).status_code == 429


def test_addresses_of_one_ipv6_64_share_a_limit(client, school_class):
    for n in range(MAX_JOIN_ATTEMPTS):
        client.post(
            JOIN,
            join_data(school_class, code="ZZZZZZ"),
            REMOTE_ADDR=f"2001:db8:7:7::{n + 1:x}",
        )
    elsewhere = client.post(
        JOIN, join_data(school_class, code="ZZZZZZ"), REMOTE_ADDR="2001:db8:7:8::1"
    )
    same_64 = client.post(
        JOIN, join_data(school_class), REMOTE_ADDR="2001:db8:7:7:ffff::1"
    )
    assert (elsewhere.status_code, same_64.status_code) == (400, 429)


def test_a_class_of_thirty_joining_from_one_address_is_not_blocked(
    client, school_class
):
    # Thirty pupils behind the school's one address, each mistyping the code once.
    for n in range(30):
        client.logout()
        data = join_data(school_class, username=f"pupil{n}", display_name=f"Pupil {n}")
        assert client.post(JOIN, {**data, "code": "ZZZZZZ"}).status_code == 400
        assert client.post(JOIN, data).status_code == 302
    assert school_class.enrolments.count() == 30


def test_a_student_cannot_join_a_class_of_another_school(
    client, class_student, other_school_class, other_school_admin
):
    client.force_login(class_student)
    response = client.post(JOIN, {"code": other_school_class.join_code})
    html = response.content.decode()
    assert response.status_code == 400
    assert str(OTHER_SCHOOL) in " ".join(html.split())
    assert other_school_class.school.name not in html
    assert other_school_class.name not in html
    assert not Enrolment.objects.filter(school_class=other_school_class).exists()
    # So the other school's staff can never reach the student.
    client.force_login(other_school_admin)
    reset = reverse(
        "schools:student_reset",
        args=[other_school_class.public_id, class_student.public_id],
    )
    assert client.post(reset).status_code == 404


def test_a_student_can_join_another_class_of_their_own_school(
    client, class_student, school, teacher
):
    second = factories.SchoolClassFactory(school=school, teacher=teacher)
    client.force_login(class_student)
    assert client.post(JOIN, {"code": second.join_code}).status_code == 302
    assert class_student.enrolments.count() == 2


def test_parent_codes_are_rate_limited_and_unchecked_once_limited(
    client, adult, school
):
    client.force_login(adult)
    url = reverse("schools:parent_join")
    for _ in range(MAX_PARENT_CODE_ATTEMPTS):
        assert client.post(url, {"code": "NOPE12"}).status_code == 400
    response = client.post(url, {"code": school.parent_code, "confirm": "yes"})
    assert response.status_code == 429
    assert str(TOO_MANY_PARENT_CODES) in response.content.decode()
    assert not ParentMembership.objects.exists()


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
