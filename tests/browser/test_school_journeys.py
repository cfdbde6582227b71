"""A school's journeys in a real browser: the admin registers it and invites a
teacher; the teacher makes a class that students join by code and by login card,
assigns a lesson and follows it; the admin reads the dashboard, exports a learner's
data and erases them. Each person has their own browser; every request stays on
the site."""

import csv
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from lessons.models import Lesson
from tests.browser.steps import (
    SIGN_UP_PASSWORD,
    activate_two_factor,
    answer_quiz,
    read_lesson,
    requests_elsewhere,
    sign_in,
    sign_up,
)
from tests.factories import two_factor_on

pytestmark = pytest.mark.django_db(transaction=True)


def student_joins(new_page, site: str, code: str, name: str, username: str):
    page = new_page("phone")
    page.goto(f"{site}/join/")
    page.fill("#id_code", code.lower())  # as a student might type it
    page.fill("#id_display_name", name)
    page.fill("#id_username", username)
    page.fill("#id_password", "green-lantern-77")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/")
    assert f"Signed in as {name}" in page.content()
    return page


def report_grid(page) -> dict[str, list[str]]:
    """The class report's rows: student name -> the cells after it (lessons
    completed, then one per lesson), each as a screen reader reads it."""
    rows = {}
    for row in page.locator("table.report-grid tbody tr").all():
        name = row.locator("th").inner_text()
        rows[name] = [
            " ".join(cell.text_content().split()) for cell in row.locator("td").all()
        ]
    return rows


def test_a_school_registers_teaches_a_class_and_follows_its_progress(
    new_page, site, tmp_path
):
    # The safeguarding lead registers the school and invites a teacher.
    admin = new_page("desktop")
    sign_up(admin, site, "Dana Lead", "dana@school.example")
    admin.goto(f"{site}/schools/register/")
    admin.fill("#id_name", "Elm Park School")
    admin.select_option("#id_country", "GB")
    admin.click("text=Register the school")
    # Now a school admin, she must turn on two-factor sign-in before going on.
    admin.wait_for_url(f"{site}/accounts/**")
    activate_two_factor(admin, SIGN_UP_PASSWORD)
    admin.goto(f"{site}/schools/elm-park-school/")
    admin.fill("#id_email", "theo@school.example")
    admin.select_option("#id_role", "teacher")
    admin.click("text=Send the invitation")
    assert "theo@school.example" in admin.locator("main").inner_text()
    invitation = [m for m in mail.outbox if "/invites/" in m.body]
    assert [m.to for m in invitation] == [["theo@school.example"]]
    link = re.search(r"https?://\S+/invites/\S+", invitation[0].body)[0]

    # The teacher signs up, accepts, and creates a class.
    teacher = new_page("desktop")
    sign_up(teacher, site, "Theo Teacher", "theo@school.example")
    teacher.goto(link)
    teacher.click("text=Accept the invitation")
    teacher.wait_for_url(f"{site}/schools/elm-park-school/")
    teacher.fill("#id_name", "Year 10 Elm")
    teacher.fill("#id_year_group", "Year 10")
    teacher.click("text=Create the class")
    teacher.wait_for_url(f"{site}/classes/**")
    class_url = teacher.url
    code = teacher.locator(".join-code").inner_text()

    # Two students join with the code, each on their own phone...
    students = {
        "Ana": student_joins(new_page, site, code, "Ana", "ana.j"),
        "Bo": student_joins(new_page, site, code, "Bo", "bo.k"),
    }
    # ...and a third gets an account from the teacher, on a printed login card.
    teacher.goto(class_url)
    teacher.fill("#id_names", "Cy")
    teacher.click("text=Create the accounts")
    card = teacher.locator(".login-card")
    assert card.locator(".login-card-name").inner_text() == "Cy"
    username, password = (d.inner_text() for d in card.locator("dd").all())
    students["Cy"] = new_page("phone")
    sign_in(students["Cy"], site, username, password)

    # The teacher assigns the first student lesson, due in a week.
    lesson = Lesson.objects.filter(track__slug="students").order_by("position")[0]
    due = timezone.localdate() + timedelta(days=7)
    teacher.goto(class_url)
    teacher.click("text=Assign lessons")
    teacher.select_option("#id_what", f"lesson:{lesson.slug}")
    teacher.fill("#id_due_date", due.isoformat())
    teacher.click("main button[type=submit]")
    teacher.wait_for_url(class_url)
    assert f"due {due.day} {due:%B %Y}" in teacher.locator("main").inner_text()

    # Ana and Cy find it under My assignments and complete it; Bo does not.
    for name in ("Ana", "Cy"):
        page = students[name]
        page.goto(f"{site}/")
        assignments = page.locator(".my-assignments").inner_text()
        assert lesson.title in assignments
        read_lesson(page, site, lesson.slug)
        answer_quiz(page, right=True)
        assert "You passed." in page.content()

    # The teacher's grid, and the same figures as a CSV file.
    teacher.goto(class_url)
    teacher.click("text=Class report")
    grid = report_grid(teacher)
    assert list(grid) == ["Ana", "Bo", "Cy"]
    assert grid["Ana"] == ["1 of 1", "Completed, best quiz score 100%"]
    assert grid["Bo"] == ["0 of 1", "Not started"]
    assert teacher.locator("table.report-grid tfoot").inner_text().split()[-1] == "67%"
    with teacher.expect_download() as download:
        teacher.click("text=Download CSV")
    path = tmp_path / "report.csv"
    download.value.save_as(path)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [row[0] for row in rows[1:4]] == ["Ana", "Bo", "Cy"]

    pages = [admin, teacher, *students.values()]
    assert requests_elsewhere(pages) == []


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)
    # DEBUG is off in tests: the demo admin is not exempt from two-factor sign-in.
    two_factor_on(User.objects.get(email="admin@demo.example"))


def test_a_school_admin_reads_the_dashboard_exports_and_erases_a_learner(
    new_page, site, demo, tmp_path
):
    # A student completes a lesson first, so the figures are not all zero.
    student = new_page("phone")
    sign_in(student, site, "demo-student-1")
    lesson = Lesson.objects.filter(track__slug="students").order_by("position")[0]
    read_lesson(student, site, lesson.slug)
    answer_quiz(student, right=True)

    admin = new_page("desktop")
    sign_in(admin, site, "admin@demo.example")
    admin.goto(f"{site}/schools/demo-school/")
    admin.click("text=School dashboard")

    # A chart and a table for each figure; the chart is described for everyone.
    sections = admin.locator(".dashboard-section")
    assert sections.count() == 6
    charts = admin.locator("svg.bar-chart[role=img]")
    assert charts.count() >= 1
    assert charts.first.locator("title").text_content()
    by_class = admin.locator("section:has(#classes-title)")
    assert "Year 9 Maple" in by_class.locator("svg").text_content()
    row = by_class.locator("tbody tr").all_inner_texts()
    assert row == [
        "Year 9 Maple\t125\t66\t53\t22",
        "Year 9 Oak\t125\t47\t38\t17",
    ], row
    with admin.expect_download() as download:
        admin.click("section:has(#classes-title) >> text=Download CSV")
    assert download.value.suggested_filename.endswith(".csv")

    # One student's data, exported, then erased after a wrong confirmation.
    learner = User.objects.get(username="demo-student-2")
    admin.goto(f"{site}/schools/demo-school/")
    admin.click("main ul a")  # the class
    with admin.expect_download() as download:
        admin.click(f"tr:has-text('{learner.display_name}') >> text=Export data")
    path = tmp_path / "learner.json"
    download.value.save_as(path)
    exported = json.loads(path.read_text())
    assert exported["account"]["username"] == "demo-student-2"

    admin.click(f"tr:has-text('{learner.display_name}') >> text=Erase")
    admin.fill("#confirm", "demo-student-1")
    admin.click("text=Erase the learner")
    assert admin.locator("#confirm[aria-invalid=true]").count() == 1
    assert User.objects.filter(username="demo-student-2").exists()
    admin.fill("#confirm", "demo-student-2")
    admin.click("text=Erase the learner")
    admin.wait_for_url(f"{site}/schools/demo-school/")
    assert not User.objects.filter(username="demo-student-2").exists()

    admin.click("main ul a")
    assert learner.display_name not in admin.locator("main table").inner_text()
    admin.click("text=Class report")
    names = admin.locator("table.report-grid tbody th").all_inner_texts()
    assert learner.display_name not in names and len(names) == 24
    assert requests_elsewhere([student, admin]) == []
