"""Teachers: linked once by signing in (never by email), their course a class of the
school, their resource-link launch making the lesson the class's work."""

import pytest
from django.urls import reverse

from lti.models import Course, Identity, Placement
from schools.models import Assignment, AuditEntry, SchoolClass
from tests import factories
from tests.lti.conftest import INSTRUCTOR, MEMBERSHIP, handoff_link, launch
from tests.lti.simulator import CLAIM

pytestmark = pytest.mark.django_db

LESSON = {CLAIM + "custom": {"lesson": "first-lesson"}}


def link(client, simulator, user, *, sub="teacher-1"):
    """A first launch, then linking in a new window where `user` signed in."""
    response = launch(client, simulator, sub=sub, roles=INSTRUCTOR, **LESSON)
    window = type(client)()
    window.force_login(user)
    assert window.get(handoff_link(response))["Location"] == reverse("lti:link")
    page = window.get(reverse("lti:link"))
    assert user.email in page.content.decode()
    return window.post(reverse("lti:link"))


def test_an_unlinked_teacher_creates_nothing_until_they_sign_in_and_link(
    client, content, approved, simulator, lms_school
):
    _school, _admin, teacher = lms_school
    # Same email in the LMS as here: never used to link.
    response = launch(
        client,
        simulator,
        sub="teacher-1",
        roles=INSTRUCTOR,
        email=teacher.email,
        **LESSON,
    )
    assert response.status_code == 200
    assert not Identity.objects.exists() and not SchoolClass.objects.exists()
    window = type(client)()
    followed = window.get(handoff_link(response))
    # Not signed in: the linking page asks them to sign in first.
    assert window.get(followed["Location"])["Location"].startswith(
        reverse("account_login")
    )
    assert not Identity.objects.exists()


def test_linking_then_a_launch_makes_the_class_placement_and_assignment(
    client, content, approved, simulator, lms_school
):
    school, _admin, teacher = lms_school
    assert link(client, simulator, teacher).status_code == 302
    assert Identity.objects.get().user == teacher
    assert AuditEntry.objects.filter(school=school, action="lms_link").exists()
    response = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR, **LESSON)
    assert response.status_code == 200
    school_class = Course.objects.get().school_class
    assert (school_class.school, school_class.teacher) == (school, teacher)
    assert Placement.objects.get().lesson.slug == "first-lesson"
    assert Assignment.objects.get().school_class == school_class
    # The hand-off: a teacher signs in with our sign-in page (second factor and all).
    window = type(client)()
    followed = window.get(handoff_link(response))
    assert followed["Location"].startswith(reverse("account_login"))
    # Signed in already as them, it goes straight to the lesson.
    again = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR, **LESSON)
    window.force_login(teacher)
    assert window.get(handoff_link(again))["Location"] == "/lessons/first-lesson/"
    assert SchoolClass.objects.count() == 1  # the same course, the same class


def test_someone_not_staff_of_the_school_cannot_link(
    client, content, approved, simulator
):
    outsider = factories.StaffMembershipFactory(role="teacher").user  # another school
    response = link(client, simulator, outsider)
    assert response.status_code == 403
    assert not Identity.objects.exists()


def test_a_student_account_cannot_link(client, content, approved, simulator):
    student = factories.StudentFactory()
    response = launch(client, simulator, sub="t", roles=INSTRUCTOR, **LESSON)
    window = type(client)()
    window.force_login(student)
    window.get(handoff_link(response))
    assert window.post(reverse("lti:link")).status_code in (403, 404)
    assert not Identity.objects.exists()


@pytest.mark.parametrize(
    "roles",
    [
        [MEMBERSHIP + "Mentor"],
        [MEMBERSHIP + "Member"],
        ["http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin"],
        [],
    ],
)
def test_roles_we_do_not_serve_get_a_polite_403(
    client, content, course, simulator, roles
):
    response = launch(client, simulator, roles=roles, **LESSON)
    assert response.status_code == 403
    assert "Parents and mentors can use the site" in response.content.decode()


def test_a_lesson_added_again_keeps_its_due_date(
    client, content, approved, simulator, lms_school
):
    import re
    from datetime import timedelta

    from django.utils import timezone

    _school, _admin, teacher = lms_school
    link(client, simulator, teacher)
    dl = simulator.deep_linking_claims()
    picker = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR, **dl)
    due = timezone.localdate() + timedelta(days=7)
    school_class = Course.objects.get().school_class
    factories.assign_lessons(school_class, [_first_lesson()], actor=teacher)
    Assignment.objects.update(due_date=due)
    action = re.search(r'action="(/lti/pick/[^"]+/)"', picker.content.decode())[1]
    assert (
        client.post(action, {"lesson": "first-lesson"}, secure=True).status_code == 200
    )
    assert Assignment.objects.get().due_date == due


def _first_lesson():
    from lessons.models import Lesson

    return Lesson.objects.get(slug="first-lesson")


def test_a_learner_of_another_schools_classes_is_told_so(
    client, content, course, simulator
):
    from lti.models import Identity

    other_class = factories.SchoolClassFactory()
    learner = factories.StudentFactory(username="lms.elsewhere")
    factories.EnrolmentFactory(school_class=other_class, student=learner)
    Identity.objects.create(issuer=simulator.issuer, subject="moved", user=learner)
    response = launch(client, simulator, sub="moved", **LESSON)
    assert response.status_code == 403
    assert "in another school" in response.content.decode()


def test_a_pick_of_nothing_or_of_nonsense_is_400_and_assigns_nothing(
    client, content, approved, simulator, lms_school
):
    import re

    link(client, simulator, lms_school[2])
    dl = simulator.deep_linking_claims()
    picker = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR, **dl)
    action = re.search(r'action="(/lti/pick/[^"]+/)"', picker.content.decode())[1]
    for data in ({}, {"lesson": "a\x00b"}, {"lesson": "no-such-lesson", "track": "x"}):
        response = client.post(action, data, secure=True)
        assert response.status_code == 400
        assert "Choose a lesson" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_launch_in_spanish_is_answered_in_spanish(
    client, content, approved, simulator, lms_school
):
    """The LMS's locale (es-MX) decides the language of the frame's pages and of
    the lesson the hand-off leads to."""
    import re

    link(client, simulator, lms_school[2])
    spanish = {CLAIM + "launch_presentation": {"locale": "es-MX"}}
    dl = {**simulator.deep_linking_claims(), **spanish}
    picker = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR, **dl)
    assert '<html lang="es"' in picker.content.decode()
    action = re.search(r'action="(/lti/pick/[^"]+/)"', picker.content.decode())[1]
    response = client.post(action, {}, secure=True)
    assert "Elige una lección" in response.content.decode()
    opened = launch(
        client, simulator, sub="teacher-1", roles=INSTRUCTOR, **LESSON, **spanish
    )
    assert "Abre la lección" in opened.content.decode()
    window = type(client)()
    window.force_login(lms_school[2])
    assert window.get(handoff_link(opened))["Location"] == "/es/lessons/first-lesson/"
