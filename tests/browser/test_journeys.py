"""Journeys in a real browser: a visitor, a parent, and a student with the keyboard
alone and again without JavaScript. Every request stays on the site."""

import io
import re

import pytest
from django.core.management import call_command

from lessons.models import Lesson
from tests.browser.steps import (
    DEMO_PASSWORD,
    answer_quiz,
    read_lesson,
    requests_elsewhere,
    sign_up,
)
from tests.lessons.quiz_helpers import chosen, question_names

pytestmark = pytest.mark.django_db(transaction=True)

NEUTRAL = "https://www.google.com/search?q=weather+forecast"
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      || style.boxShadow !== 'none';
}"""


def neutral_site(route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")


def tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus, checking at
    that point that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_visitor_reads_a_lesson_finds_help_and_leaves_quickly(new_page, site):
    page = new_page("phone")
    page.route("https://www.google.com/**", neutral_site)
    page.goto(f"{site}/")
    page.click("text=I'm a student")
    page.click("text=How sextortion works")
    # Each click opens a new page: wait for it before looking at it (a section with
    # a diagram takes longer to arrive than the click takes to return).
    with page.expect_navigation():
        page.click("text=Start the lesson")
    titles = []
    while page.locator("a[rel=next]").count():
        titles.append(page.locator("article h1").inner_text())
        with page.expect_navigation():
            page.click("a[rel=next]")
    assert len(titles) == 6  # seven parts: six "Next" clicks
    assert "Help in" in page.content()  # the helplines under the last part
    with page.expect_navigation():
        page.click("header >> text=Get help now")
    page.select_option("#country", "AU")
    with page.expect_navigation():
        page.click("text=Show helplines")
    assert "Help in Australia" in page.content()
    assert page.requests.elsewhere == []

    # "Leave this site" replaces the page; Back does not return to it.
    page.goto(f"{site}/lessons/how-sextortion-works/")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert "/lessons/how-sextortion-works/" not in page.url

    # So does Esc pressed twice.
    page.goto(f"{site}/help/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_a_parent_studies_the_track_and_gets_a_verifiable_certificate(
    new_page, site, tmp_path
):
    from pypdf import PdfReader

    page = new_page("desktop")
    sign_up(page, site, "Robin Parent", "robin@example.org")
    page.click("text=I'm a parent or carer")
    track_url = page.url

    # The check before the track: not a test, so answering wrongly is fine.
    page.click("text=Take the check before the track")
    answer_quiz(page, right=False)
    assert "0%" in page.locator("main").inner_text()

    lessons = Lesson.objects.filter(track__slug="parents", is_published=True)
    played = 0
    for number, slug in enumerate(lessons.values_list("slug", flat=True)):
        played += read_lesson(page, site, slug)
        if number == 0:  # the first quiz failed once, then passed
            answer_quiz(page, right=False)
            assert "Not passed yet" in page.content()
            page.goto(f"{site}/lessons/{slug}/quiz/")
        answer_quiz(page, right=True)
        assert "You passed." in page.content()
    chats = sum(
        "scenario" in block
        for lesson in lessons.prefetch_related("sections")
        for section in lesson.sections.all()
        for block in section.blocks
    )
    assert played == chats == 3  # every chat of the track, played to its debrief

    # The same check after the track, then the certificate.
    page.goto(track_url)
    assert f"You have completed {len(lessons)} of {len(lessons)}." in page.content()
    page.click("text=Take the check again now")
    answer_quiz(page, right=True)
    page.goto(track_url)
    assert "Before the track: 0%. After: 100%." in page.content()
    page.click("text=See your certificate")
    assert "Robin Parent" in page.locator(".certificate").inner_text()
    with page.expect_download() as download:
        page.click("text=Download the PDF")
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    text = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    code = re.search(r"Verification code:\s*([A-Z0-9-]+)", text)[1]

    # Anyone, signed out, can check the code printed on the PDF.
    checker = new_page("phone")
    checker.goto(f"{site}/certificates/verify/")
    checker.fill("#code", code.lower())
    checker.click("main button[type=submit]")
    result = checker.locator("main").inner_text()
    assert "This certificate is genuine." in result
    assert "Robin Parent" in result
    assert requests_elsewhere([page, checker]) == []


def student_journey(
    page, site: str, *, keyboard: bool, javascript: bool = True
) -> None:
    """Sign in, open the first assignment, read it with its chat and cards, pass
    its quiz; with the keyboard alone, or by clicking."""

    def press(selector: str, key: str = "Enter", *, navigates: bool = True) -> None:
        """Activate a link or button, and wait for the page (or htmx) to answer."""
        if navigates:
            with page.expect_navigation():
                if keyboard:
                    tab_to(page, selector)
                    page.keyboard.press(key)
                else:
                    page.click(selector)
        else:  # htmx swaps the part holding the control: wait until it has gone
            control = page.locator(selector).first.element_handle()
            if keyboard:
                tab_to(page, selector)
                page.keyboard.press(key)
            else:
                control.click()
            control.wait_for_element_state("hidden")

    page.goto(f"{site}/accounts/login/")
    if keyboard:
        tab_to(page, "#id_password")
        page.keyboard.press("Shift+Tab")  # back to the field before it
        assert page.evaluate("document.activeElement.id") == "id_login"
        assert page.evaluate(FOCUS_VISIBLE)
        page.keyboard.type("demo-student-1")
        page.keyboard.press("Tab")
        page.keyboard.type(DEMO_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.fill("#id_login", "demo-student-1")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/")
    assert "My assignments" in page.content()
    press(".my-assignments a")
    press("a.btn-primary")  # Start the lesson
    while page.locator("a[rel=next]").count():
        if page.locator(".scenario button[name=choice]").count():
            # With JavaScript, htmx swaps the chat in place; without, the form posts.
            press(".scenario button[name=choice]", "Space", navigates=not javascript)
            assert (
                "Where this led" in page.content()
                or page.locator(".scenario button[name=choice]").count()
            )
        press("a[rel=next]")
    press('nav a[href$="/quiz/"]')
    assert "/quiz/" in page.url
    for name in question_names(page.content()):
        correct = set(chosen(name, right=True))
        inputs = page.locator(f'input[name="{name}"]')
        values = [inputs.nth(i).get_attribute("value") for i in range(inputs.count())]
        kind = inputs.first.get_attribute("type")
        if not keyboard:
            for value in correct:
                page.check(f'input[name="{name}"][value="{value}"]')
        elif kind == "radio":
            # Tab enters the group; the arrow keys move, and choose, within it.
            tab_to(page, f'input[name="{name}"]')
            target = f'input[name="{name}"][value="{next(iter(correct))}"]'
            for _ in values:
                if page.evaluate("(s) => document.activeElement.matches(s)", target):
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        else:
            for value in values:  # each checkbox in turn, ticking the right ones
                tab_to(page, f'input[name="{name}"][value="{value}"]')
                if value in correct:
                    page.keyboard.press("Space")
    press("form.quiz button[type=submit]")
    assert "You passed." in page.content()
    assert page.requests.elsewhere == []


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)


def test_the_student_journey_with_the_keyboard_alone(new_page, site, demo):
    page = new_page("desktop")
    student_journey(page, site, keyboard=True)


def test_the_student_journey_without_javascript(new_page, site, demo):
    page = new_page("phone", javascript=False)
    student_journey(page, site, keyboard=False, javascript=False)
