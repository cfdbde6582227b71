"""A school's whole journey through the pages, as the README walks a newcomer."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lessons.models import Lesson
from schools.models import School
from tests import auth
from tests.auth import sign_in
from tests.lessons.quiz_helpers import pass_lesson_quiz
from tests.schools.report_helpers import grid_completion, grid_names

pytestmark = pytest.mark.django_db


def sign_up(name: str, email: str) -> Client:
    """A new adult signs up and confirms their email address."""
    browser = Client()
    auth.sign_up(browser, name, email, "a-long-school-passphrase")
    return browser


def complete_lesson(browser: Client, lesson: Lesson) -> None:
    for section in lesson.sections.all():
        assert browser.get(section.get_absolute_url()).status_code == 200
    pass_lesson_quiz(browser, lesson.slug)


def test_register_invite_teach_assign_report_and_erase(
    content, django_capture_on_commit_callbacks
):
    from django.core import mail

    # The safeguarding lead registers the school.
    admin = sign_up("Dana Lead", "dana@school.example")
    admin.post(
        reverse("schools:register"), {"name": "Elm Park School", "country": "GB"}
    )
    school = School.objects.get(name="Elm Park School")
    # As its admin she must turn on two-factor sign-in before anything else.
    response = admin.get(reverse("schools:school", args=[school.slug]))
    assert response["Location"] == reverse("mfa_activate_totp")
    auth.turn_on_two_factor(admin, "a-long-school-passphrase")

    # ...and invites a teacher, who signs up and accepts.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("schools:staff_invite", args=[school.slug]),
            {"email": "theo@school.example", "role": "teacher"},
        )
    link = re.search(r"http://testserver(/invites/\S+)", mail.outbox[-1].body)[1]
    teacher = sign_up("Theo Teacher", "theo@school.example")
    assert teacher.post(link).status_code == 302

    # The teacher creates a class; two students join with its code.
    teacher.post(
        reverse("schools:class_create", args=[school.slug]),
        {"name": "Year 10 Elm", "year_group": "Year 10"},
    )
    school_class = school.classes.get()
    students = {}
    for name, username in (("Ana", "ana.j"), ("Bo", "bo.k")):
        browser = Client()
        response = browser.post(
            reverse("schools:join"),
            {
                "code": school_class.join_code,
                "display_name": name,
                "username": username,
                "password": "green-lantern-77",
            },
        )
        assert response.status_code == 302
        students[name] = browser

    # ...and a third gets an account from the teacher's list, with a login card.
    cards = teacher.post(
        reverse("schools:bulk_students", args=[school_class.public_id]), {"names": "Cy"}
    ).content.decode()
    username = re.search(r"Username</dt><dd[^>]*>([^<]+)<", cards)[1]
    card_password = re.search(r"Password</dt><dd[^>]*>([^<]+)<", cards)[1]
    cy = Client()
    assert sign_in(cy, username, card_password)
    students["Cy"] = cy

    # The teacher assigns the student track, due in a week.
    due = timezone.localdate() + timedelta(days=7)
    teacher.post(
        reverse("schools:assign", args=[school_class.public_id]),
        {"what": "track:students", "due_date": due.isoformat(), "reveal": "at_once"},
    )
    lesson = Lesson.objects.get(slug="first-lesson")
    home = students["Ana"].get(reverse("lessons:home")).content.decode()
    assert "My assignments" in home and "0 of 1 assigned lessons completed." in home

    # Two students complete it; the teacher sees the grid and downloads the CSV.
    complete_lesson(students["Ana"], lesson)
    complete_lesson(students["Cy"], lesson)
    report_url = reverse("schools:class_report", args=[school_class.public_id])
    assert grid_completion(teacher.get(report_url)) == [67]
    rows = list(
        csv.reader(
            io.StringIO(
                teacher.get(report_url + "?format=csv").content.decode("utf-8-sig")
            )
        )
    )
    assert [r[0] for r in rows[1:-1]] == ["Ana", "Bo", "Cy"]

    # The teacher does the staff training too (the staff track is not in this small
    # content, so the dashboard shows them with 0 of 0); a parent joins with consent.
    parent = sign_up("Pat Parent", "pat@home.example")
    parent.post(
        reverse("schools:parent_join"), {"code": school.parent_code, "confirm": "yes"}
    )

    # The admin sees the dashboard with the students, the staff and the parent.
    url = reverse("schools:dashboard", args=[school.slug])
    assert "Year 10 Elm" in admin.get(url).content.decode()

    def table(name: str) -> list[list[str]]:
        download = admin.get(url, {"table": name}).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(download)))[1:]

    assert table("classes") == [["Year 10 Elm", "3", "2", "67", "0"]]
    assert sorted(r[0] for r in table("staff")) == ["Dana Lead", "Theo Teacher"]
    assert table("parents")[0][0] == "1"

    # ...exports one learner's data, then erases them.
    bo = User.objects.get(username="bo.k")
    export = admin.get(
        reverse("schools:learner_export", args=[school.slug, bo.public_id])
    )
    assert json.loads(export.content)["account"]["username"] == "bo.k"
    admin.post(
        reverse("schools:learner_erase", args=[school.slug, bo.public_id]),
        {"confirm": "bo.k"},
    )
    assert not User.objects.filter(username="bo.k").exists()
    page = teacher.get(report_url)  # not the page kept before Bo was erased
    assert (grid_names(page), grid_completion(page)) == (["Ana", "Cy"], [100])
