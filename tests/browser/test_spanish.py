"""The Spanish edition in a real browser, at a phone's width and a desktop's: a
visitor whose browser asks for Spanish reads a lesson and finds help, and a
student who reads in Spanish does an assignment that their teacher, reading in
English, then sees as done. Every page on the way has zero axe violations (the
tags of test_pages.py), no sideways scrolling, and no request to another host."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accounts.models import User
from tests.browser.steps import DEMO_PASSWORD, path_of, sign_in
from tests.browser.test_pages import page_problems
from tests.browser.test_school_journeys import report_grid
from tests.lessons.quiz_helpers import chosen, question_names

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = ["phone", "desktop"]


class Checked:
    """Each page visited, checked as test_pages.py checks a page type."""

    def __init__(self, page) -> None:
        self.page, self.axe, self.problems = page, Axe(), {}

    def __call__(self, *, language: str = "es") -> None:
        page = self.page
        found = []
        lang = page.evaluate("document.documentElement.lang")
        if lang != language:
            found.append(f"<html lang={lang!r}>, not {language!r}")
        found += page_problems(page, self.axe)
        if found:
            self.problems[path_of(page)] = found

    def assert_clean(self) -> None:
        assert self.problems == {}, json.dumps(self.problems, indent=1)


def go(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_spanish_visitor_reads_a_lesson_and_finds_help(new_page, site, viewport):
    page = new_page(viewport, locale="es-ES")
    check = Checked(page)
    page.goto(f"{site}/")
    assert path_of(page) == "/es/"  # the browser asked for Spanish
    check()
    go(page, "text=Soy estudiante")
    check()
    go(page, 'main a[href="/es/lessons/how-sextortion-works/"]')
    check()
    go(page, "main a.btn-primary")  # start the lesson
    sections = 1
    while page.locator("a[rel=next]").count():
        check()
        go(page, "a[rel=next]")
        sections += 1
    assert sections == 7
    check()
    # The lesson ends with the help lines of the reader's country, in Spanish.
    assert "Ayuda en España" in page.content()
    assert "ANAR" in page.content()
    go(page, "header >> text=Pide ayuda ahora")
    page.select_option("#country", "US")
    go(page, "text=Ver líneas de ayuda")
    check()
    assert "Ayuda en Estados Unidos" in page.content()
    assert "988" in page.content()

    # The switch opens the same page in English, and English stays chosen.
    go(page, "header >> text=English")
    assert path_of(page) == "/help/"
    check(language="en")
    page.goto(f"{site}/")
    assert path_of(page) == "/"
    check.assert_clean()


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)
    User.objects.filter(username="demo-student-1").update(language="es")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_student_reading_in_spanish_does_an_assignment_the_teacher_sees(
    new_page, site, demo, viewport
):
    page = new_page(viewport)  # an English browser: her profile says Spanish
    check = Checked(page)
    page.goto(f"{site}/es/accounts/login/")
    check()
    page.fill("#id_login", "demo-student-1")
    page.fill("#id_password", DEMO_PASSWORD)
    go(page, "main button[type=submit]")
    assert path_of(page) == "/es/"
    assert "Mis tareas" in page.content()
    check()
    go(page, ".my-assignments a")
    check()
    go(page, "main a.btn-primary")
    while page.locator("a[rel=next]").count():
        check()
        go(page, "a[rel=next]")
    check()
    go(page, 'nav a[href$="/quiz/"]')
    check()
    for name in question_names(page.content()):
        for value in chosen(name, right=True):
            page.check(f'input[name="{name}"][value="{value}"]')
    go(page, "form.quiz button[type=submit]")
    assert "Has aprobado." in page.content()
    check()
    check.assert_clean()

    # Her teacher reads the class report in English: her lesson is done.
    student = User.objects.get(username="demo-student-1")
    school_class = student.enrolments.get().school_class
    teacher = new_page(viewport)
    sign_in(teacher, site, school_class.teacher.email)
    teacher.goto(f"{site}/classes/{school_class.public_id}/report/")
    assert teacher.evaluate("document.documentElement.lang") == "en"
    cells = report_grid(teacher)[student.display_name]
    assert any("Completed" in cell for cell in cells), cells
