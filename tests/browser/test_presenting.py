"""Presenter mode in a real browser: a teacher presents a lesson to the class with
the keyboard alone (the arrows, Home, End and Esc; Tab and Enter for the form),
marks it taught, and sees it in the class report; each slide passes axe."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from schools.models import LessonTaught, SchoolClass
from tests.browser.steps import path_of, sign_in
from tests.browser.test_journeys import tab_to
from tests.browser.test_pages import page_problems

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)


def slide_number(page) -> str:
    return page.locator(".presenter-bar > span").inner_text().split(" · ")[1]


def press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_teacher_presents_a_lesson_with_the_keyboard_and_marks_it_taught(
    new_page, site, demo, viewport
):
    school_class = SchoolClass.objects.get(name="Year 9 Maple")
    # A lesson assigned to the class, so that its report has a column for it.
    lesson = school_class.assignments.select_related("lesson").first().lesson
    count = lesson.section_count
    page = new_page(viewport)
    axe, problems = Axe(), {}
    sign_in(page, site, "teacher@demo.example")
    page.goto(f"{site}/classes/{school_class.public_id}/")

    # The list of lessons to present is folded away: open it, then the lesson.
    tab_to(page, "details summary")
    page.keyboard.press("Enter")
    tab_to(page, f'a[href$="/present/{lesson.slug}/"]')
    press(page, "Enter")
    assert slide_number(page) == f"Slide 1 of {count}"
    assert "Before the lesson" in page.content()  # the notes to prepare
    problems["first slide"] = page_problems(page, axe)

    for number in range(2, count + 1):
        press(page, "ArrowRight")
        assert slide_number(page) == f"Slide {number} of {count}"
        if page.locator(".present-scenario").count():
            # The class talks it over; the teacher reveals an outcome.
            page.locator(".present-scenario summary").first.click()
            problems["scenario slide"] = page_problems(page, axe)
    press(page, "Home")
    assert slide_number(page) == f"Slide 1 of {count}"
    press(page, "End")
    assert slide_number(page) == f"Slide {count} of {count}"
    press(page, "ArrowLeft")
    assert slide_number(page) == f"Slide {count - 1} of {count}"
    press(page, "End")
    problems["last slide"] = page_problems(page, axe)

    # Mark it taught (the day is filled in: today), with Tab and Enter.
    tab_to(page, "#id_taught_on")
    tab_to(page, ".taught button[type=submit]")
    press(page, "Enter")
    assert "Marked as taught to Year 9 Maple" in page.content()
    assert LessonTaught.objects.filter(
        school_class=school_class, lesson=lesson
    ).exists()

    # Esc leaves presenter mode, back to the class.
    press(page, "Escape")
    assert path_of(page) == f"/classes/{school_class.public_id}/"
    page.goto(f"{site}/classes/{school_class.public_id}/report/")
    header = page.locator("table.report-grid thead").inner_text()
    assert "taught in class" in header
    assert {k: v for k, v in problems.items() if v} == {}, json.dumps(
        problems, indent=1
    )
